"""The live state of one emulated device inside the lab server.

A device keeps its running configuration in memory and its saved
configuration, checkpoint files and host key in its folder of the lab state
folder (``devices/<name>/``), so a restart of the lab finds the device as a
reboot would: running equals saved, files in flash are still there.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from campusctl.lab.configtree import Node, parse, render
from campusctl.lab.devices import LabDevice
from campusctl.lab.faults import Faults

if TYPE_CHECKING:
    from campusctl.lab.wlan_clients import WlanClient

log = logging.getLogger(__name__)

SAVED_NAME = "saved.cfg"


@dataclass(slots=True)
class Commit:
    """One entry of a two-stage-commit device's commit list, or an archive."""

    ident: str
    label: str
    when: float
    config: Node


@dataclass(slots=True)
class DeviceRuntime:
    """A device as the server runs it."""

    spec: LabDevice
    folder: Path | None
    password: str
    enable_password: str
    running: Node
    saved_text: str | None = None
    faults: Faults = field(default_factory=Faults)
    commits: list[Commit] = field(default_factory=list)
    booted: float = field(default_factory=time.time)
    sessions: int = 0
    config_changed: float = field(default_factory=time.time)
    wlan_clients: list[WlanClient] = field(default_factory=list)
    """Stations that associated to an 802.1X SSID, with their RADIUS outcome."""

    @property
    def name(self) -> str:
        """The device name (also the factory hostname)."""
        return self.spec.name

    def flash(self) -> Path | None:
        """Return the folder that stands for the device's flash file system."""
        if self.folder is None:
            return None
        path = self.folder / "flash"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def flash_files(self) -> dict[str, bytes]:
        """Return the files in flash by name (the saved configuration included)."""
        files: dict[str, bytes] = {}
        flash = self.flash()
        if flash is not None:
            for path in sorted(flash.iterdir()):
                if path.is_file():
                    files[path.name] = path.read_bytes()
        return files

    def write_flash(self, name: str, text: str) -> None:
        """Write a file to flash, atomically."""
        flash = self.flash()
        if flash is None:
            return
        target = flash / name
        temporary = target.with_suffix(target.suffix + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)

    def read_flash(self, name: str) -> str | None:
        """Return a flash file's text, or None when it does not exist."""
        flash = self.flash()
        if flash is None:
            return None
        path = flash / name
        if not path.is_file() or "/" in name:
            return None
        return path.read_text(encoding="utf-8")

    def delete_flash(self, name: str) -> bool:
        """Delete a flash file; return whether it existed."""
        flash = self.flash()
        if flash is None:
            return False
        path = flash / name
        if path.is_file() and "/" not in name:
            path.unlink()
            return True
        return False

    def save(self, lines: list[str], name: str = SAVED_NAME) -> None:
        """Store the running configuration as the startup configuration."""
        text = "\n".join(lines) + "\n"
        if name == SAVED_NAME:
            self.saved_text = text
        if self.folder is not None:
            self.write_flash(name, text)
        log.debug("device %s: configuration saved to %s", self.name, name)


def load_saved(folder: Path | None) -> str | None:
    """Return the saved configuration text kept in ``folder``, if any."""
    if folder is None:
        return None
    path = folder / "flash" / SAVED_NAME
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return None


__all__ = ["Commit", "DeviceRuntime", "load_saved", "parse", "render"]
