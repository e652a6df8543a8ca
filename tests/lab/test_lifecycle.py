"""The background lab server: start, overlay, state across restarts, clean stop."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import paramiko
import yaml

from campusctl.inventory.overlay import load_overlay
from campusctl.lab.server import control_request
from campusctl.lab.state import LabState
from tests.conftest import REPO, campusctl_env
from tests.lab.conftest import lab_devices


def _start(state: LabState) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "campusctl.lab.server", str(state.folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while state.running_pid() != process.pid:
        assert process.poll() is None, "lab server exited at start"
        assert time.monotonic() < deadline, "lab server did not become ready"
        time.sleep(0.05)
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGTERM)
    process.wait(15)


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _run(host: str, port: int, username: str, password: str, lines: list[str]) -> str:
    """Type lines into a shell, waiting for the saved-configuration message at the end."""
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, port, username, password, allow_agent=False, look_for_keys=False)
    channel = client.invoke_shell()
    channel.send(("\n".join(lines) + "\n").encode())
    output = b""
    deadline = time.monotonic() + 30
    while b"successfully" not in output and time.monotonic() < deadline:
        if channel.recv_ready():
            output += channel.recv(65536)
        else:
            time.sleep(0.01)
    client.close()
    return output.decode()


def test_server_lifecycle(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    devices = lab_devices()[:1]
    state.assign(devices)
    process = _start(state)
    try:
        overlay = load_overlay(path=state.overlay_file)
        assert overlay is not None
        endpoint = overlay.devices["THSY-ACC-01"]
        assert oct(state.overlay_file.stat().st_mode & 0o777) == "0o600"
        assert oct(state.credentials_file.stat().st_mode & 0o777) == "0o600"
        password = yaml.safe_load(state.credentials_file.read_text())["THSY-ACC-01"]
        first_key = endpoint.host_key
        _run(
            endpoint.host,
            endpoint.port,
            endpoint.username,
            password,
            ["n", "system-view", "vlan batch 42", "return", "save", "y"],
        )
        reply = asyncio.run(control_request(state.folder, {"op": "status"}))
        assert reply["devices"]["THSY-ACC-01"]["saved"] is True
    finally:
        _stop(process)

    assert not state.pid_file.exists()
    assert not state.overlay_file.exists()
    assert not (state.folder / "control.sock").exists()
    assert not _listening(endpoint.port)

    state.assign(lab_devices()[:1])
    process = _start(state)
    try:
        overlay = load_overlay(path=state.overlay_file)
        assert overlay is not None
        again = overlay.devices["THSY-ACC-01"]
        assert again.port == endpoint.port
        assert again.host_key == first_key
        reply = asyncio.run(control_request(state.folder, {"op": "status"}))
        assert reply["devices"]["THSY-ACC-01"]["saved"] is True
        saved = (state.folder / "devices" / "THSY-ACC-01" / "flash" / "saved.cfg").read_text()
        assert " vlan batch 42 100" in saved
    finally:
        _stop(process)

    state.reset()
    assert not (state.folder / "devices").exists()


def test_overlay_keeps_hosts_section(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    state.assign(lab_devices()[:1])
    state.write_overlay_section(
        "hosts", {"THSY-T-A101": {"host": "198.18.16.10", "port": 22, "username": "root"}}
    )
    process = _start(state)
    try:
        overlay = load_overlay(path=state.overlay_file)
        assert overlay is not None
        assert set(overlay.devices) == {"THSY-ACC-01"}
        assert set(overlay.hosts) == {"THSY-T-A101"}
    finally:
        _stop(process)
    overlay = load_overlay(path=state.overlay_file)
    assert overlay is not None
    assert overlay.devices == {}
    assert set(overlay.hosts) == {"THSY-T-A101"}


def test_per_device_addresses_and_fault_status(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    devices = lab_devices()[:2]
    state.assign(devices, per_device_addresses=True)
    process = _start(state)
    try:
        overlay = load_overlay(path=state.overlay_file)
        assert overlay is not None
        hosts = {name: endpoint.host for name, endpoint in overlay.devices.items()}
        assert hosts == {"THSY-ACC-01": "127.0.1.1", "THSY-CORE-08": "127.0.1.2"}
        password = yaml.safe_load(state.credentials_file.read_text())["THSY-ACC-01"]
        endpoint = overlay.devices["THSY-ACC-01"]
        output = _run(endpoint.host, endpoint.port, endpoint.username, password, ["n", "save", "y"])
        assert "Save the configuration successfully." in output
        request = {"op": "fault", "device": "THSY-ACC-01", "kind": "slow", "value": "0.2"}
        assert asyncio.run(control_request(state.folder, request))["ok"] is True
        reply = asyncio.run(control_request(state.folder, {"op": "status"}))
        assert reply["devices"]["THSY-ACC-01"]["faults"] == ["slow=0.2"]
        assert reply["devices"]["THSY-CORE-08"]["faults"] == []
        bad = asyncio.run(
            control_request(state.folder, {"op": "fault", "device": "NOPE", "kind": "slow"})
        )
        assert bad["ok"] is False
        _check_fault_cli(tmp_path)
    finally:
        _stop(process)


def _fault_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(campusctl_env(), CAMPUSCTL_STATE=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "campusctl", "lab", "fault", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=60,
    )


def _check_fault_cli(tmp_path: Path) -> None:
    """The fault command names an unknown device or a bad value instead of a Python error."""
    unknown = _fault_cli(tmp_path, "NOPE", "slow", "1")
    assert unknown.returncode == 1
    assert "Device NOPE is not in the running lab" in unknown.stderr
    word = _fault_cli(tmp_path, "THSY-ACC-01", "slow", "abc")
    assert word.returncode == 1
    assert "takes a non-negative number (seconds), not 'abc'" in word.stderr
    cleared = _fault_cli(tmp_path, "THSY-ACC-01", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert "Faults cleared on THSY-ACC-01." in cleared.stdout


def test_busy_port_moves_device(tmp_path: Path) -> None:
    import socket

    state = LabState(tmp_path / "lab")
    first = lab_devices()[:1]
    state.assign(first)
    taken = first[0].port
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", taken))
        squatter.listen(1)
        again = lab_devices()[:1]
        state.assign(again)
    assert again[0].port != taken


def test_server_moves_off_port_taken_after_assign(tmp_path: Path) -> None:
    import socket

    state = LabState(tmp_path / "lab")
    state.assign(lab_devices()[:1])
    planned = state.read_devices()[0].port
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", planned))
        squatter.listen(1)
        process = _start(state)
        try:
            overlay = load_overlay(path=state.overlay_file)
            assert overlay is not None
            assert overlay.devices["THSY-ACC-01"].port != planned
            assert _listening(overlay.devices["THSY-ACC-01"].port)
        finally:
            _stop(process)
