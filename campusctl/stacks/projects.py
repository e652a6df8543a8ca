"""The stack projects and the plan of one stack: program, policies and stack-file checks."""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError, StackNotFoundError
from campusctl.stacks.plan import Plan, run_program
from campusctl.stacks.policies.runner import PolicyResult, check_config_secrets, run_policies
from campusctl.stacks.sites import ProvinceSite, load_sites
from campusctl.stacks.stackconfig import StackConfig, load_stack_config

log = logging.getLogger(__name__)

#: The ``stacks/`` folder of the source checkout this package was loaded from.
PACKAGE_STACKS_DIR = Path(__file__).resolve().parents[2] / "stacks"

#: Folder of the policy pack inside the stacks folder.
POLICY_PACK = "policy"


@dataclass(frozen=True, slots=True)
class StackProject:
    """A stack project: its folder, program module and the secrets it needs."""

    name: str
    module: str
    secret_keys: tuple[str, ...]
    inventory_key: str

    def build(self) -> Callable[[ProvinceSite | None], Mapping[str, Any]]:
        """Import the program module and return its ``build`` function."""
        module = importlib.import_module(self.module)
        build: Callable[[ProvinceSite | None], Mapping[str, Any]] = module.build
        return build


#: Every stack project, keyed by folder name. ``secret_keys`` are the keys the
#: README sets with ``pulumi config set --secret``; offline they get a placeholder.
PROJECTS: dict[str, StackProject] = {
    "yuejiaoyun": StackProject(
        "yuejiaoyun",
        "campusctl.stacks.yuejiaoyun.program",
        ("openstack:password",),
        "yuejiaoyun:inventory",
    ),
    "edu-ca": StackProject("edu-ca", "campusctl.stacks.educa.program", (), "edu-ca:inventory"),
    "identity": StackProject(
        "identity",
        "campusctl.stacks.identity.program",
        ("keycloak:clientSecret",),
        "identity:inventory",
    ),
}


@dataclass(slots=True)
class StackPlan:
    """A plan with its policy results: what ``campusctl stack plan`` reports."""

    plan: Plan
    policies: list[PolicyResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every policy passed."""
        return all(result.passed for result in self.policies)

    def to_json(self) -> dict[str, Any]:
        """Return the plan and the policy results as JSON data."""
        data = self.plan.to_json()
        data["policies"] = [result.to_json() for result in self.policies]
        data["passed"] = self.passed
        return data


def default_stacks_dir(cwd: Path | None = None) -> Path:
    """Return ``stacks/`` of the working directory when it contains the projects, else the checkout's.

    An installed (non-editable) package has no ``stacks/`` beside it, so a
    command run from the repository root finds the projects there.
    """
    local = (cwd or Path.cwd()) / "stacks"
    if all((local / name / "Pulumi.yaml").exists() for name in PROJECTS):
        return local
    return PACKAGE_STACKS_DIR


def get_project(name: str) -> StackProject:
    """Return the project called ``name``.

    Raises:
        StackNotFoundError: there is no such project.
    """
    try:
        return PROJECTS[name]
    except KeyError:
        raise StackNotFoundError(
            _("There is no stack project {name}: choose one of {names}.").format(
                name=name, names=", ".join(sorted(PROJECTS))
            )
        ) from None


def environments(stacks_dir: Path, name: str) -> list[str]:
    """Return the environments that have a ``Pulumi.<env>.yaml`` in project ``name``."""
    return sorted(p.name.split(".")[1] for p in (stacks_dir / name).glob("Pulumi.*.yaml"))


def load_policy_config(stacks_dir: Path, env: str) -> dict[str, dict[str, Any]]:
    """Read the policy pack's ``policy-config.<env>.json``; an absent file means the defaults.

    Raises:
        StackConfigError: the file is not a JSON object.
    """
    path = stacks_dir / POLICY_PACK / f"policy-config.{env}.json"
    if not path.exists():
        log.info("no policy config %s, using the policies' defaults", path)
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise StackConfigError(
            _("{path} is not valid JSON: {error}").format(path=path, error=err)
        ) from err
    if not isinstance(data, dict):
        raise StackConfigError(_("{path} must hold a JSON object.").format(path=path))
    # An entry is either an enforcement level ("mandatory") or an object of settings.
    return {
        name: {k: v for k, v in value.items() if k != "enforcementLevel"}
        for name, value in data.items()
        if isinstance(value, dict)
    }


def inventory_path(config: StackConfig, project: StackProject) -> Path:
    """Return the inventory folder the stack config names, relative to the project folder."""
    raw = config.get(project.inventory_key) or "../../inventory"
    path = Path(raw)
    return path if path.is_absolute() else (config.project_dir / path).resolve()


def plan_stack(
    name: str,
    env: str,
    *,
    stacks_dir: Path | None = None,
    inventory: Path | None = None,
    province: ProvinceSite | None = None,
    config_file: Path | None = None,
) -> StackPlan:
    """Plan stack ``name`` for environment ``env`` offline and run the policies on it.

    Args:
        name: the project folder name, e.g. ``yuejiaoyun``.
        env: the stack (environment), e.g. ``prod``.
        stacks_dir: the folder of the projects and the policy pack;
            :func:`default_stacks_dir` when None.
        inventory: the inventory folder; by default the one the stack config names.
        province: sites to use instead of loading an inventory (tests).
        config_file: a stack file to read instead of ``Pulumi.<env>.yaml``.

    Raises:
        StackNotFoundError: the project or environment does not exist.
        StackConfigError: the stack configuration is invalid.
        StackInventoryError: the inventory cannot be loaded.
        StackProgramError: the program failed.
    """
    project = get_project(name)
    stacks_dir = stacks_dir or default_stacks_dir()
    project_dir = stacks_dir / name
    if config_file is None and not (project_dir / f"Pulumi.{env}.yaml").exists():
        raise StackNotFoundError(
            _("Stack {name} has no environment {env}: choose one of {envs}.").format(
                name=name, env=env, envs=", ".join(environments(stacks_dir, name)) or "-"
            )
        )
    config = load_stack_config(project_dir, env, project.secret_keys, config_file=config_file)
    if province is None:
        province = load_sites(inventory or inventory_path(config, project))
    build = project.build()
    sites = province
    plan = run_program(config, lambda: build(sites))
    results = run_policies(plan, config=load_policy_config(stacks_dir, env))
    results.append(check_config_secrets(config))
    return StackPlan(plan, results)
