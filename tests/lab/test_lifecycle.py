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
    deadline = time.monotonic() + 10
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
