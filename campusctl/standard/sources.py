"""Sources of configurations and running state.

Rendered configurations are files under ``build/configs/`` (``<device>.cfg``,
flat or in one folder per school). The drivers read running state from a live
device or the lab. A capture of it (one JSON file per device with the
getters' return values and the ``running`` config) lets the same checks run
offline and in tests::

    {"get_interfaces": {...}, "get_interfaces_ip": {...},
     "get_lldp_neighbors": {...}, "get_vlans": {"10": {...}}, "running": "..."}
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Protocol

from campusctl.errors import ComplianceError
from campusctl.i18n import _
from campusctl.inventory.model import Device, School
from campusctl.standard.state.model import DeviceState

log = logging.getLogger(__name__)
CONFIG_SUFFIXES = (".cfg", ".conf", ".txt")


class ConfigSource(Protocol):
    """Returns the configuration text of a device, or None when there is none."""

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        """Return the configuration text and the file it came from."""


class StateSource(Protocol):
    """Returns the running state of a device, or None when it was not read."""

    def state(self, school: School, device: Device) -> DeviceState | None:
        """Return the getters' data of ``device``."""


class ConfigDirectory:
    """Configurations stored as ``<device>.cfg`` in a folder or its per-school subfolders."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, school: School, device: Device) -> Path | None:
        """Return the file holding the configuration of ``device``, if there is one."""
        for folder in (self.root / school.code, self.root):
            for suffix in CONFIG_SUFFIXES:
                candidate = folder / f"{device.name}{suffix}"
                if candidate.is_file():
                    return candidate
        return None

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        """Return the configuration text of ``device`` and its file."""
        path = self.path(school, device)
        if path is None:
            return None
        return path.read_text(encoding="utf-8"), path


class CapturedState:
    """Getter data captured as ``<device>.json``, with intended configs from a folder."""

    def __init__(self, root: Path, intended: ConfigSource | None = None) -> None:
        self.root = root
        self.intended = intended

    def state(self, school: School, device: Device) -> DeviceState | None:
        """Return the captured state of ``device`` (None when it was not captured)."""
        path = next(
            (
                p
                for p in (
                    self.root / school.code / f"{device.name}.json",
                    self.root / f"{device.name}.json",
                )
                if p.is_file()
            ),
            None,
        )
        if path is None:
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ComplianceError(
                _("cannot read captured state {path}: {error}; capture it again").format(
                    path=path, error=err
                )
            ) from err
        intended = self.intended.config(school, device) if self.intended else None
        return state_from_getters(data, intended[0] if intended else None)


def state_from_getters(data: dict[str, Any], intended: str | None = None) -> DeviceState:
    """Build a :class:`DeviceState` from getter results keyed by getter name.

    JSON turns get_vlans' integer keys into strings; they are made integers again.
    """
    vlans = data.get("get_vlans")
    return DeviceState(
        interfaces=data.get("get_interfaces"),
        interfaces_ip=data.get("get_interfaces_ip"),
        lldp_neighbors=data.get("get_lldp_neighbors"),
        vlans={int(k): v for k, v in vlans.items()} if isinstance(vlans, dict) else None,
        running_config=data.get("running") or (data.get("get_config") or {}).get("running"),
        intended_config=intended,
        errors=dict(data.get("errors", {})),
    )
