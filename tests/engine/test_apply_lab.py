"""The engine against the lab: plan, apply, idempotence, and injected faults."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from campusctl.engine.audit import AuditLog
from campusctl.engine.backup import BackupStore
from tests.conftest import REPO, SAMPLE
from tests.engine.conftest import (
    DEVICES,
    FAULT_MARKER,
    MARKER,
    PATTERN,
    EngineLab,
    apply,
    plan,
    running,
)

pytestmark = pytest.mark.lab

FAULTED = "CNXX-A1-ACC-01"
LOCKED_OUT = "PYZJ-A1-ACC-01"


def fault(lab: EngineLab, device: str, kind: str, value: str | None = None) -> None:
    result = lab.campusctl("lab", "fault", device, kind, *([value] if value else []))
    assert result.returncode == 0, result.stdout + result.stderr


def test_small_change_plan_lists_description(engine_lab: EngineLab) -> None:
    planned = plan(engine_lab, engine_lab.small)
    for device, entry in planned.items():
        assert any(MARKER in line for line in entry["commands"]), device


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("auth-failure", None),
        ("reject-command", "description"),
        ("drop-session", "1"),
        ("save-failure", None),
    ],
)
def test_fault_leaves_device_as_before(engine_lab: EngineLab, kind: str, value: str | None) -> None:
    before = running(engine_lab, FAULTED)
    fault(engine_lab, FAULTED, kind, value)
    try:
        code, output = apply(engine_lab, engine_lab.faulty, FAULTED)
    finally:
        fault(engine_lab, FAULTED, "clear")
    assert code == 1, output
    assert f"{FAULTED}: failed:" in output or f"{FAULTED}: rolled back:" in output, output
    assert "ROLLBACK FAILED" not in output, output
    assert running(engine_lab, FAULTED) == before
    assert not BackupStore(engine_lab.state).change_unfinished(FAULTED)


def test_small_change_converges_after_faults(engine_lab: EngineLab) -> None:
    code, output = apply(engine_lab, engine_lab.small)
    assert code == 0, output
    for device, entry in plan(engine_lab, engine_lab.small).items():
        assert entry["commands"] == [], f"{device}: {entry['commands'][:5]}"
        assert entry["management_commands"] == [], device
    for device in DEVICES:
        assert f"description {MARKER}" in running(engine_lab, device), device
        assert not BackupStore(engine_lab.state).change_unfinished(device), device


def test_audit_log_records_rollback_without_secrets(engine_lab: EngineLab) -> None:
    fault(engine_lab, FAULTED, "reject-command", "description")
    try:
        code, output = apply(engine_lab, engine_lab.faulty, FAULTED)
    finally:
        fault(engine_lab, FAULTED, "clear")
    assert code == 1, output
    records = list(AuditLog(engine_lab.state).records())
    assert "rolled_back" in {r["result"] for r in records}
    assert all(r["operator"] == "pytest" for r in records)
    text = (engine_lab.state / "audit" / "changes.jsonl").read_text(encoding="utf-8")
    secrets_file = engine_lab.state / "lab" / "credentials.yml"
    for line in secrets_file.read_text(encoding="utf-8").splitlines():
        secret = line.split(":", 1)[1].strip()
        assert secret not in text


def test_lockout_reverts_by_itself(engine_lab: EngineLab, tmp_path: Path) -> None:
    """A VTY ACL that denies the engine is pushed under the revert timer and undone by it.

    This waits one timer period (a minute): the IOS timer counts whole minutes.
    """
    before = running(engine_lab, LOCKED_OUT)
    locked = before.replace(
        "line vty 0 4\n",
        "ip access-list standard ENGINE-LOCK\n 10 deny any\n!\n"
        "line vty 0 4\n access-class ENGINE-LOCK in\n",
    )
    assert locked != before
    (tmp_path / f"{LOCKED_OUT}.cfg").write_text(locked, encoding="utf-8")
    planned = plan(engine_lab, tmp_path, LOCKED_OUT)[LOCKED_OUT]
    assert any("access-class" in line for line in planned["management_commands"])

    code, output = apply(engine_lab, tmp_path, LOCKED_OUT)
    assert code == 1, output
    assert "management path" in output, output
    assert "ROLLBACK FAILED" not in output, output
    assert running(engine_lab, LOCKED_OUT) == before


def test_vrp8_lockout_reverts_by_trial_commit(engine_lab: EngineLab, tmp_path: Path) -> None:
    """On VRP8 the management change goes in as a trial commit, which reverts by itself.

    This waits the shortest trial the device takes (a minute).
    """
    device = "PYZJ-S-AGG-01"
    before = running(engine_lab, device)
    locked = before.replace(
        "user-interface vty 0 4\n",
        "acl number 2999\n rule 5 deny\n#\nuser-interface vty 0 4\n acl 2999 inbound\n",
    )
    assert locked != before
    (tmp_path / f"{device}.cfg").write_text(locked, encoding="utf-8")
    planned = plan(engine_lab, tmp_path, device)[device]
    assert any("acl 2999 inbound" in line for line in planned["management_commands"])

    code, output = apply(engine_lab, tmp_path, device)
    assert code == 1, output
    assert "management path" in output, output
    assert "ROLLBACK FAILED" not in output, output
    assert running(engine_lab, device) == before


def test_slow_device_fails_past_its_timeout(engine_lab: EngineLab) -> None:
    before = running(engine_lab, FAULTED)
    fault(engine_lab, FAULTED, "slow", "3")
    try:
        code, output = apply(engine_lab, engine_lab.faulty, PATTERN, "--timeout", "1")
    finally:
        fault(engine_lab, FAULTED, "clear")
    assert code == 1, output
    assert f"{FAULTED}: failed" in output, output
    assert "timed out" in output.lower() or "timeout" in output.lower(), output
    assert running(engine_lab, FAULTED) == before
    for device in DEVICES:
        if device != FAULTED:
            assert f"description {FAULT_MARKER}" in running(engine_lab, device), device


def test_plan_same_with_two_workers(engine_lab: EngineLab) -> None:
    plans = {}
    for workers in ("1", "2"):
        out = engine_lab.state / f"plan-workers-{workers}.json"
        result = engine_lab.campusctl(
            "plan",
            PATTERN,
            "--inventory",
            str(SAMPLE),
            "--configs",
            str(engine_lab.small),
            "--out",
            str(out),
            "--workers",
            workers,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        devices = json.loads(out.read_text(encoding="utf-8"))["devices"]
        plans[workers] = {d["device"]: d for d in devices}
    assert sorted(plans["2"]) == sorted(DEVICES)
    for device in DEVICES:
        one, two = plans["1"][device], plans["2"][device]
        assert two["error"] is None, two["error"]
        assert two["commands"] == one["commands"], device
        assert two["management_commands"] == one["management_commands"], device
        assert two["running_hash"] == one["running_hash"], device


def _children(pid: int) -> list[int]:
    """Return the ids of the direct child processes of ``pid`` (the apply's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except OSError:  # the process ended meanwhile
            continue
        # The command name in brackets may hold spaces; the parent id follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def _records_since(lab: EngineLab, first: int, device: str) -> list[dict[str, object]]:
    """Return the device's audit records from the ``first``-th record of the log on."""
    records = list(AuditLog(lab.state).records())[first:]
    return [r for r in records if r["device"] == device]


def test_killed_worker_device_rolled_back(engine_lab: EngineLab) -> None:
    other = "YCSY-A1-ACC-01"
    before = running(engine_lab, FAULTED)
    first = len(list(AuditLog(engine_lab.state).records()))
    fault(engine_lab, FAULTED, "slow", "0.3")

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "campusctl",
            "apply",
            f"{FAULTED}:{other}",
            "--inventory",
            str(SAMPLE),
            "--configs",
            str(engine_lab.faulty),
            "--canary",
            "0",
            "--max-fail-percent",
            "100",
            "--workers",
            "2",
        ],
        cwd=REPO,
        env=engine_lab.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(r["result"] == "started" for r in _records_since(engine_lab, first, FAULTED)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slowed device's change never started"
            time.sleep(0.05)
        workers = _children(process.pid)
        assert workers, "the apply started no worker process"
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        output, _err = process.communicate(timeout=300)
    finally:
        fault(engine_lab, FAULTED, "clear")
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 1, output
    assert f"{FAULTED}: rolled back:" in output, output
    assert "exited with code -9" in output, output
    assert running(engine_lab, FAULTED) == before

    results = [r["result"] for r in _records_since(engine_lab, first, FAULTED)]
    assert results == ["started", "rolled_back"]
    final = _records_since(engine_lab, first, FAULTED)[-1]
    assert "exited with code -9" in str(final["error"])
