"""The lab built from the sample inventory, started and stopped through the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from campusctl.inventory import load_inventory
from campusctl.inventory.overlay import load_overlay
from campusctl.lab.inventory import EMULATED_ROLES, lab_devices
from campusctl.lab.state import process_alive

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventory"


def _campusctl(state: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CAMPUSCTL_STATE": str(state), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "campusctl", "lab", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_every_switch_and_controller_is_emulated() -> None:
    inventory = load_inventory(INVENTORY)
    expected = {
        device.name for _, device in inventory.devices() if str(device.role.value) in EMULATED_ROLES
    }
    devices = {device.name: device for device in lab_devices(INVENTORY)}
    assert set(devices) == expected
    for device in devices.values():
        assert device.interfaces, device.name
        for neighbor in device.neighbors:
            assert neighbor.local_port in device.interfaces, (device.name, neighbor)
            far = devices.get(neighbor.device)
            if far is not None:
                assert any(
                    n.device == device.name and n.port == neighbor.local_port for n in far.neighbors
                ), (device.name, neighbor)


def test_limit_selects_schools() -> None:
    inventory = load_inventory(INVENTORY)
    school = sorted(inventory.schools)[0]
    names = {
        d.name
        for s, d in inventory.devices()
        if s.code == school and str(d.role.value) in EMULATED_ROLES
    }
    assert {device.name for device in lab_devices(INVENTORY, school)} == names
    two = sorted(inventory.schools)[:2]
    both = {
        d.name
        for s, d in inventory.devices()
        if s.code in two and str(d.role.value) in EMULATED_ROLES
    }
    assert {device.name for device in lab_devices(INVENTORY, ",".join(two))} == both


def test_cli_up_down_leaves_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state"
    started = _campusctl(state, "up", "--inventory", str(INVENTORY), "--no-hosts")
    assert started.returncode == 0, started.stderr
    lab = state / "lab"
    pid = int((lab / "server.pid").read_text())
    try:
        overlay = load_overlay(path=lab / "overlay.yml")
        assert overlay is not None
        ports = [endpoint.port for endpoint in overlay.devices.values()]
        assert all(_listening(port) for port in ports)
        assert all(
            endpoint.host_key and endpoint.host_key.startswith("ssh-ed25519 ")
            for endpoint in overlay.devices.values()
        )
        status = _campusctl(state, "status")
        assert status.returncode == 0, status.stderr
        assert len(status.stdout.strip().splitlines()) == len(ports) + 1
    finally:
        stopped = _campusctl(state, "down")
    assert stopped.returncode == 0, stopped.stderr
    assert not process_alive(pid)
    assert not any(_listening(port) for port in ports)
    for name in ("server.pid", "overlay.yml", "control.sock"):
        assert not (lab / name).exists(), name
