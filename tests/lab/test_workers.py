"""A lab served by several worker processes behind one control socket."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from netmiko import ConnectHandler

from campusctl.inventory.overlay import load_overlay
from campusctl.lab.server import control_request
from campusctl.lab.state import LabState, process_alive
from campusctl.lab.supervisor import (
    WORKER_THRESHOLD,
    default_workers,
    parse_worker,
    worker_share,
)
from tests.lab.conftest import lab_devices
from tests.lab.test_lifecycle import _listening, _run

# Worker 0 serves THSY-ACC-01, THSY-AGG-01 and THSY-ACC-03; worker 1 serves
# THSY-CORE-08 and THSY-ACC-02 (every second device of lab_devices()).
ACC_01_UPLINK = "GigabitEthernet0/0/24"
ACC_02_PORT = "GigabitEthernet1/0/3"


def _start(state: LabState, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "campusctl.lab.server",
            str(state.folder),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while state.running_pid() != process.pid:
        assert process.poll() is None, "lab server exited at start"
        assert time.monotonic() < deadline, "lab server did not become ready"
        time.sleep(0.05)
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(30)


def _kill_workers(pids: list[int]) -> None:
    """SIGKILL the workers a failed test left behind (by PID; they are this test's)."""
    for pid in pids:
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)


def _wait_gone(pids: list[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while any(process_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _show(state: LabState, name: str, device_type: str, command: str) -> str:
    """Run one show command on a running lab's device with netmiko; return its output."""
    overlay = load_overlay(path=state.overlay_file)
    assert overlay is not None
    endpoint = overlay.devices[name]
    password = str(yaml.safe_load(state.credentials_file.read_text())[name])
    connection = ConnectHandler(
        device_type=device_type,
        host=endpoint.host,
        port=endpoint.port,
        username=endpoint.username,
        password=password,
        secret=password,
        fast_cli=True,
        conn_timeout=30,
    )
    try:
        output: str = connection.send_command(command)
    finally:
        connection.disconnect()
    return output


def _request(state: LabState, request: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(control_request(state.folder, request))


def test_default_workers_by_device_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert default_workers(1) == 1
    assert default_workers(WORKER_THRESHOLD) == 1
    assert default_workers(WORKER_THRESHOLD + 1) == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert default_workers(1000) == 1


def test_worker_shares_cover_each_device_once() -> None:
    devices = lab_devices()
    shares = [worker_share(devices, index, 2) for index in range(2)]
    names = [device.name for share in shares for device in share]
    assert sorted(names) == sorted(device.name for device in devices)
    assert [d.name for d in shares[1]] == ["THSY-CORE-08", "THSY-ACC-02"]


def test_parse_worker_rejects_bad_index() -> None:
    assert parse_worker("1/2") == (1, 2)
    with pytest.raises(ValueError, match="0 <= I < N"):
        parse_worker("2/2")
    with pytest.raises(ValueError):
        parse_worker("x")


def test_two_workers_serve_control_and_state(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    state.assign(lab_devices())
    process = _start(state, 2)
    workers: list[int] = []
    try:
        status = _request(state, {"op": "status"})
        workers = status["workers"]
        assert status["pid"] == process.pid
        assert len(workers) == 2
        assert all(process_alive(pid) for pid in workers)
        assert list(status["devices"]) == [d.name for d in lab_devices()]

        overlay = load_overlay(path=state.overlay_file)
        assert overlay is not None
        assert set(overlay.devices) == set(status["devices"])
        for name, endpoint in overlay.devices.items():
            assert endpoint.host_key == status["devices"][name]["host_key"], name
            assert _listening(endpoint.port), name

        # A change saved on a device of the second worker.
        password = yaml.safe_load(state.credentials_file.read_text())["THSY-CORE-08"]
        endpoint = overlay.devices["THSY-CORE-08"]
        output = _run(
            endpoint.host,
            endpoint.port,
            endpoint.username,
            password,
            ["n", "system-view", "vlan batch 42", "commit", "return", "save", "y"],
        )
        assert "successfully" in output

        # Faults go to the worker that serves the device.
        request = {"op": "fault", "device": "THSY-ACC-02", "kind": "slow", "value": "0.2"}
        assert _request(state, request)["ok"] is True
        faults = {n: d["faults"] for n, d in _request(state, {"op": "status"})["devices"].items()}
        assert faults["THSY-ACC-02"] == ["slow=0.2"]
        assert faults["THSY-ACC-01"] == []
        bad = _request(state, {"op": "fault", "device": "NOPE", "kind": "slow"})
        assert bad["ok"] is False
        request = {"op": "fault", "device": "THSY-CORE-08", "kind": "host-key-changed"}
        changed = _request(state, request)
        assert changed["ok"] is True
        assert changed["host_key"] != overlay.devices["THSY-CORE-08"].host_key
        status = _request(state, {"op": "status"})
        assert status["devices"]["THSY-CORE-08"]["host_key"] == changed["host_key"]

        # A cable moved between devices of different workers changes both ends.
        value = f"{ACC_01_UPLINK}=THSY-ACC-02:{ACC_02_PORT}"
        request = {"op": "fault", "device": "THSY-ACC-01", "kind": "miscabled", "value": value}
        assert _request(state, request)["ok"] is True
        faults = {n: d["faults"] for n, d in _request(state, {"op": "status"})["devices"].items()}
        assert faults["THSY-ACC-01"] == [f"miscabled={ACC_01_UPLINK}:THSY-ACC-02:{ACC_02_PORT}"]
        assert f"miscabled={ACC_02_PORT}:THSY-ACC-01:{ACC_01_UPLINK}" in faults["THSY-ACC-02"]
        neighbors = _show(state, "THSY-ACC-02", "cisco_ios", "show lldp neighbors")
        assert "THSY-ACC-01" in neighbors
        neighbors = _show(state, "THSY-ACC-01", "huawei", "display lldp neighbor brief")
        assert "THSY-ACC-02" in neighbors
        assert "THSY-CORE-01" not in neighbors

        # Clearing the far end puts the cable back on both.
        assert _request(state, {"op": "clear", "device": "THSY-ACC-02"})["ok"] is True
        faults = {n: d["faults"] for n, d in _request(state, {"op": "status"})["devices"].items()}
        assert faults["THSY-ACC-01"] == []
        assert faults["THSY-ACC-02"] == []
    finally:
        _stop(process)
        _kill_workers(workers)

    assert process.returncode == 0
    assert _wait_gone(workers)
    for name in ("server.pid", "overlay.yml", "control.sock", "worker-0.sock", "worker-1.sock"):
        assert not (state.folder / name).exists(), name

    # The saved change survives a restart, with one process this time.
    process = _start(state, 1)
    try:
        status = _request(state, {"op": "status"})
        assert "workers" not in status
        assert status["devices"]["THSY-CORE-08"]["saved"] is True
    finally:
        _stop(process)
    saved = (state.folder / "devices" / "THSY-CORE-08" / "flash" / "saved.cfg").read_text()
    assert "vlan batch 42" in saved


def test_killed_supervisor_takes_workers_down(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    state.assign(lab_devices()[:2])
    process = _start(state, 2)
    workers: list[int] = []
    try:
        workers = _request(state, {"op": "status"})["workers"]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        # Each worker stops by itself when its standard input closes.
        assert _wait_gone(workers)
    finally:
        _stop(process)
        _kill_workers(workers)


def test_dead_worker_stops_the_lab(tmp_path: Path) -> None:
    state = LabState(tmp_path / "lab")
    state.assign(lab_devices()[:2])
    process = _start(state, 2)
    workers: list[int] = []
    try:
        workers = _request(state, {"op": "status"})["workers"]
        os.kill(workers[0], signal.SIGKILL)
        assert process.wait(30) == 1
        assert _wait_gone(workers)
        assert not state.pid_file.exists()
        assert not (state.folder / "control.sock").exists()
    finally:
        _stop(process)
        _kill_workers(workers)


def test_cli_workers_up_status_down(tmp_path: Path) -> None:
    from tests.lab.test_inventory_lab import INVENTORY, _campusctl

    state = tmp_path / "state"
    started = _campusctl(state, "up", "--inventory", str(INVENTORY), "--no-hosts", "--workers", "2")
    assert started.returncode == 0, started.stderr
    lab = LabState(state / "lab")
    workers: list[int] = []
    try:
        workers = _request(lab, {"op": "status"})["workers"]
        assert len(workers) == 2
        status = _campusctl(state, "status")
        assert status.returncode == 0, status.stderr
        assert f"{workers[0]}, {workers[1]}" in status.stdout
    finally:
        stopped = _campusctl(state, "down")
        _kill_workers(workers)
    assert stopped.returncode == 0, stopped.stderr
    assert _wait_gone(workers, seconds=1)
    assert not lab.pid_file.exists()


def test_cli_workers_capped_at_devices(tmp_path: Path) -> None:
    from tests.lab.test_inventory_lab import INVENTORY, _campusctl

    state = tmp_path / "state"
    started = _campusctl(
        state, "up", "--inventory", str(INVENTORY), "--no-hosts", "--workers", "500"
    )
    assert started.returncode == 0, started.stderr
    lab = LabState(state / "lab")
    workers: list[int] = []
    try:
        reply = _request(lab, {"op": "status"})
        workers = reply["workers"]
        assert len(workers) == len(reply["devices"])
        assert f"--workers 500 is more than the {len(workers)} devices" in started.stderr
    finally:
        stopped = _campusctl(state, "down")
        _kill_workers(workers)
    assert stopped.returncode == 0, stopped.stderr
    assert _wait_gone(workers, seconds=1)
