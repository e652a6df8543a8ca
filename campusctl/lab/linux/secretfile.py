"""Add a random value to the lab secrets file for a secret that no source contains yet."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import yaml

from campusctl.i18n import _
from campusctl.lab.linux.errors import LabHostError


def add_lab_secret(path: Path, name: str) -> str:
    """Give ``name`` a random value in the lab secrets file ``path`` and return it.

    The file is the plain YAML mapping that ``campusctl lab up`` writes (mode
    0600); values already in it are kept, and an existing ``name`` wins.
    """
    values: dict[str, str] = {}
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            # The parser's message would quote secret values; name the file only.
            raise LabHostError(
                _(
                    "The lab secrets file {path} is not valid YAML; remove it and run lab up again."
                ).format(path=path)
            ) from None
        if not isinstance(data, dict):
            raise LabHostError(
                _("The lab secrets file {path} must map secret names to values.").format(path=path)
            )
        values = {str(k): str(v) for k, v in data.items() if v is not None}
    value = values.setdefault(name, "Lab-" + secrets.token_urlsafe(15))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump(values, sort_keys=True))
    os.chmod(path, 0o600)
    return value
