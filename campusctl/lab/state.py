"""The lab state folder: devices, credentials, port map, PID file, overlay.

``<state>/lab/`` (``$CAMPUSCTL_STATE/lab`` or ``state/lab`` beside the
inventory folder) keeps what survives ``lab down`` and ``lab up``. That is each
device's flash (saved configuration, checkpoints) and host key under
``devices/<name>/``, the port map, and the lab credentials (mode 0600). The
PID file and control socket exist only while the server runs, and so does the
overlay's ``devices`` section.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from campusctl.inventory.overlay import KNOWN_HOSTS_FILE
from campusctl.inventory.yamlstrict import StrictDumper
from campusctl.lab.devices import LabDevice, load_devices, save_devices
from campusctl.state import lab_dir

log = logging.getLogger(__name__)

LAB_USERNAME = "campus-lab"
FIRST_PORT = 20001


def state_root(inventory_root: Path | None = None) -> Path:
    """Return the lab state folder (``$CAMPUSCTL_STATE/lab`` or ``state/lab``)."""
    return lab_dir(inventory_root)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The address, port and host key of one emulated device's SSH server."""

    address: str
    port: int
    host_key: str  # an OpenSSH public key line: "ssh-ed25519 AAAA..."

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"address": self.address, "port": self.port, "host_key": self.host_key}


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(path.suffix + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _port_free(address: str, port: int) -> bool:
    """Return whether nothing listens on ``address:port`` now."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def process_alive(pid: int) -> bool:
    """Return whether ``pid`` runs (a zombie waiting to be reaped counts as stopped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


class LabState:
    """Files of one lab state folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def pid_file(self) -> Path:
        """The server's PID file."""
        return self.folder / "server.pid"

    @property
    def overlay_file(self) -> Path:
        """The inventory overlay written while the lab runs."""
        return self.folder / "overlay.yml"

    @property
    def credentials_file(self) -> Path:
        """Lab passwords by device name (mode 0600)."""
        return self.folder / "credentials.yml"

    def username(self) -> str:
        """Return the lab login name."""
        return LAB_USERNAME

    def assign(self, devices: list[LabDevice], per_device_addresses: bool = False) -> None:
        """Give each device its address, port and password, and store them.

        A device keeps its port from earlier runs unless another program now
        listens there.
        """
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        ports_path = self.folder / "ports.json"
        ports: dict[str, int] = json.loads(ports_path.read_text()) if ports_path.exists() else {}
        used = set(ports.values())
        next_port = max(used, default=FIRST_PORT - 1) + 1
        for index, device in enumerate(devices):
            if per_device_addresses:
                device.address = f"127.0.{1 + index // 254}.{1 + index % 254}"
            kept = ports.get(device.name)
            if kept is not None and not _port_free(device.address, kept):
                log.warning(
                    "device %s: port %d is taken by another program; moving the device",
                    device.name,
                    kept,
                )
                kept = None
            if kept is None:
                while next_port in used or not _port_free(device.address, next_port):
                    next_port += 1
                kept = next_port
                used.add(kept)
            ports[device.name] = kept
            device.port = kept
        ports_path.write_text(json.dumps(ports, indent=1, sort_keys=True))
        passwords = self.read_passwords() if self.credentials_file.exists() else {}
        for device in devices:
            passwords.setdefault(device.name, "Lab-" + secrets.token_urlsafe(12))
        _write_private(
            self.credentials_file, yaml.dump(passwords, Dumper=StrictDumper, sort_keys=True)
        )
        (self.folder / "devices.json").write_text(save_devices(devices), encoding="utf-8")

    def read_devices(self) -> list[LabDevice]:
        """Return the devices stored by :meth:`assign`."""
        return load_devices((self.folder / "devices.json").read_text(encoding="utf-8"))

    def read_passwords(self) -> dict[str, str]:
        """Return the lab passwords by device name."""
        data = yaml.safe_load(self.credentials_file.read_text(encoding="utf-8")) or {}
        return {str(k): str(v) for k, v in data.items()}

    def write_ready(self, endpoints: Mapping[str, Endpoint]) -> None:
        """Write the port map, the overlay and the PID file once every listener is open."""
        ports_path = self.folder / "ports.json"
        ports: dict[str, int] = json.loads(ports_path.read_text()) if ports_path.exists() else {}
        ports.update({name: endpoint.port for name, endpoint in endpoints.items()})
        ports_path.write_text(json.dumps(ports, indent=1, sort_keys=True))
        devices: dict[str, Any] = {}
        for name, endpoint in endpoints.items():
            devices[name] = {
                "host": endpoint.address,
                "port": endpoint.port,
                "username": self.username(),
                "credentials_file": str(self.credentials_file),
                "host_key": endpoint.host_key,
            }
        self.write_overlay_section("devices", devices)
        self.pid_file.write_text(f"{os.getpid()}\n")

    def write_overlay_section(self, section: str, entries: dict[str, Any]) -> None:
        """Replace one section (``devices`` or ``hosts``) of the overlay, keeping the other.

        The device server and the Linux-host lab write their own sections of the
        same file, so neither may drop what the other wrote.
        """
        overlay: dict[str, Any] = {
            "version": 1,
            "lab_id": self.lab_id(),
            "devices": {},
            "hosts": {},
        }
        if self.overlay_file.exists():
            current = yaml.safe_load(self.overlay_file.read_text(encoding="utf-8")) or {}
            for key in ("devices", "hosts"):
                overlay[key] = current.get(key) or {}
        overlay[section] = entries
        _write_private(self.overlay_file, yaml.dump(overlay, Dumper=StrictDumper, sort_keys=False))
        _write_private(self.folder / KNOWN_HOSTS_FILE, _known_hosts(overlay))

    def lab_id(self) -> str:
        """Return the lab's id, which changes on ``lab reset``."""
        path = self.folder / "lab_id"
        if not path.exists():
            path.write_text(secrets.token_hex(8))
        return path.read_text().strip()

    def clear_runtime_files(self) -> None:
        """Remove the files that exist only while the server runs.

        The overlay loses its ``devices`` section and is deleted once no
        section is left.
        """
        for path in (self.pid_file, self.folder / "control.sock"):
            path.unlink(missing_ok=True)
        if not self.overlay_file.exists():
            return
        current = yaml.safe_load(self.overlay_file.read_text(encoding="utf-8")) or {}
        if current.get("hosts"):
            self.write_overlay_section("devices", {})
        else:
            self.overlay_file.unlink()

    def running_pid(self) -> int | None:
        """Return the PID of a live lab server, or None."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if process_alive(pid) else None

    def reset(self) -> None:
        """Return every device to factory state: drop flash, keys and the lab id."""
        import shutil

        shutil.rmtree(self.folder / "devices", ignore_errors=True)
        (self.folder / "lab_id").unlink(missing_ok=True)


def _known_hosts(overlay: dict[str, Any]) -> str:
    """Return a known_hosts line for each endpoint of ``overlay`` with a host key."""
    lines = []
    for section in ("devices", "hosts"):
        for entry in (overlay.get(section) or {}).values():
            key = entry.get("host_key")
            if not key:
                continue
            host, port = entry["host"], int(entry["port"])
            name = host if port == 22 else f"[{host}]:{port}"
            lines.append(f"{name} {key}")
    return "".join(f"{line}\n" for line in lines)
