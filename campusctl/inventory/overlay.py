"""The lab overlay: addresses, ports and pinned host keys of the embedded lab.

``campusctl lab up`` writes ``<state>/lab/overlay.yml``; everything that reads
the inventory applies it, so the same inventory drives the lab and
production and is never edited. Format::

    version: 1
    lab_id: "3f2a…"
    devices:
      YCSY-CORE-01: {host: 127.0.0.1, port: 20001, username: campus-lab,
                     credentials_file: state/lab/credentials.yml,
                     host_key: "ssh-ed25519 AAAA…"}
    hosts:
      YCSY-T-A101: {host: 198.18.16.139, port: 22, username: root,
                    private_key: state/lab/ssh/id_ed25519, host_key: "ssh-ed25519 AAAA…"}
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from campusctl.errors import InventoryError
from campusctl.i18n import _
from campusctl.inventory.model.base import StrictModel, Text
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.state import lab_dir

OVERLAY_FILE = "overlay.yml"


class Endpoint(StrictModel):
    """The address, port, login and host key of one lab device or host."""

    host: Text
    port: Annotated[int, Field(strict=True, ge=1, le=65535)]
    username: Text
    credentials_file: Text | None = None
    private_key: Text | None = None
    host_key: Text | None = None


class Overlay(StrictModel):
    """The whole overlay file."""

    version: Annotated[int, Field(strict=True, ge=1, le=1)] = 1
    lab_id: Text
    devices: dict[str, Endpoint] = {}
    hosts: dict[str, Endpoint] = {}


KNOWN_HOSTS_FILE = "known_hosts"
"""The lab's OpenSSH known_hosts beside the overlay, for clients such as Ansible's ssh."""


def known_hosts_path(inventory_root: Path | None = None) -> Path:
    """Return where the lab writes the known_hosts of its endpoints."""
    return lab_dir(inventory_root) / KNOWN_HOSTS_FILE


def overlay_path(inventory_root: Path | None = None) -> Path:
    """Return where the lab writes its overlay."""
    return lab_dir(inventory_root) / OVERLAY_FILE


def load_overlay(inventory_root: Path | None = None, path: Path | None = None) -> Overlay | None:
    """Return the lab overlay, or None when no lab is running.

    :raise InventoryError: when the overlay exists but is unreadable or invalid.
    """
    file = path or overlay_path(inventory_root)
    if not file.is_file():
        return None
    problems = ProblemCollector()
    raw = load_yaml(file, problems)
    if problems:
        raise InventoryError("\n".join(p.render() for p in problems.problems))
    try:
        return Overlay.model_validate(raw)
    except ValidationError as err:
        raise InventoryError(
            _(
                "the lab overlay {path} is invalid: {error}; run `campusctl lab down` and `lab up` again"
            ).format(path=file, error=err)
        ) from err
