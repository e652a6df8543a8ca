"""Stack configuration files (``Pulumi.<env>.yaml``) read without the Pulumi CLI.

The CLI hands a program its configuration as strings: objects and lists
JSON-encoded, booleans ``true``/``false``, every key namespaced as
``<namespace>:<key>``. :func:`load_stack_config` builds the same mapping from
the files, so the program reads it through ``pulumi.Config`` exactly as in a
real run. Encrypted ``secure:`` values cannot be decrypted offline; they and the
project's declared secret keys are replaced by a placeholder and marked secret.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError, StackNotFoundError

#: The value a secret key gets when a program runs offline.
SECRET_PLACEHOLDER = "offline-placeholder-secret"

#: Key names that hold credentials (by their last word, so passwordPolicy is not one);
#: a plaintext value under such a key is a violation.
SECRET_KEY_PATTERN = re.compile(
    r"(password|passphrase|secret|token|private[-_]?key|api[-_]?key|credentials?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PlaintextSecret:
    """A configuration key that names a credential but has a plaintext value."""

    file: Path
    key: str


@dataclass(slots=True)
class StackConfig:
    """The configuration of one stack as the Pulumi CLI would pass it to the program."""

    project: str
    stack: str
    project_dir: Path
    values: dict[str, str] = field(default_factory=dict)
    secret_keys: set[str] = field(default_factory=set)
    plaintext_secrets: list[PlaintextSecret] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        """Return the value of the namespaced ``key``, or None when it is unset."""
        return self.values.get(key)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise StackNotFoundError(
            _("{path} does not exist: create it or choose another stack.").format(path=path)
        ) from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise StackConfigError(
            _("{path} is not valid YAML: {error}").format(path=path, error=err)
        ) from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StackConfigError(
            _("{path} must hold a YAML mapping at the top level.").format(path=path)
        )
    return data


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _namespaced(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def project_name(project_dir: Path) -> str:
    """Return the ``name`` of the Pulumi project in ``project_dir``."""
    return _project(project_dir)[0]


def _project(project_dir: Path) -> tuple[str, dict[str, Any]]:
    """Return the project name and the ``default`` of each key declared in ``Pulumi.yaml``."""
    path = project_dir / "Pulumi.yaml"
    data = _read_yaml(path)
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise StackConfigError(_("{path} has no project name.").format(path=path))
    declared = data.get("config") or {}
    if not isinstance(declared, dict):
        raise StackConfigError(_("{path}: 'config' must be a mapping.").format(path=path))
    defaults = {
        _namespaced(name, str(key)): spec["default"]
        for key, spec in declared.items()
        if isinstance(spec, dict) and "default" in spec
    }
    return name, defaults


def load_stack_config(
    project_dir: Path,
    stack: str,
    secret_keys: tuple[str, ...] = (),
    config_file: Path | None = None,
) -> StackConfig:
    """Read ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` of ``project_dir``.

    Keys the stack file leaves unset take the ``default`` that ``Pulumi.yaml``
    declares for them, as the Pulumi CLI does.

    Args:
        project_dir: the Pulumi project folder.
        stack: the stack (environment) name, e.g. ``dev`` or ``prod``.
        secret_keys: namespaced keys the program needs as secrets; each gets
            the placeholder unless the file sets it.
        config_file: a stack file to read in place of ``Pulumi.<stack>.yaml``.

    Raises:
        StackNotFoundError: a file is missing.
        StackConfigError: a file is invalid.
    """
    project, defaults = _project(project_dir)
    path = config_file or project_dir / f"Pulumi.{stack}.yaml"
    data = _read_yaml(path)
    raw = data.get("config") or {}
    if not isinstance(raw, dict):
        raise StackConfigError(_("{path}: 'config' must be a mapping.").format(path=path))

    config = StackConfig(project=project, stack=stack, project_dir=project_dir)
    for key, value in raw.items():
        name = _namespaced(project, str(key))
        if isinstance(value, dict) and set(value) == {"secure"}:
            config.values[name] = SECRET_PLACEHOLDER
            config.secret_keys.add(name)
            continue
        if SECRET_KEY_PATTERN.search(name.split(":", 1)[1]):
            config.plaintext_secrets.append(PlaintextSecret(file=path, key=name))
        config.values[name] = _encode(value)
    for name, value in defaults.items():
        config.values.setdefault(name, _encode(value))
    for name in secret_keys:
        if name not in config.values:
            config.values[name] = SECRET_PLACEHOLDER
            config.secret_keys.add(name)
    return config
