"""``campusctl check --running`` against the lab: cabling faults, hand changes, full apply.

The lab emulates two schools of the sample inventory: an H3C school with a
core and three access switches (cabled by fiber uplinks) and a teaching point
with one Ruijie core. Each test reads the JSON results that the command writes.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.lab

SCHOOL = "2440281001"  # H3C: CNXX-CORE-01 and three access switches
TEACHING_POINT = "2440281002"  # Ruijie: SPJD-CORE-01 only
CORE = "CNXX-CORE-01"
ACCESS = "CNXX-A1-ACC-01"
OTHER_ACCESS = "CNXX-B1-ACC-01"
UPLINK = "Ten-GigabitEthernet1/0/49"  # every access switch's fiber uplink
CORE_PORT_A1 = "Ten-GigabitEthernet1/0/49"
CORE_PORT_B1 = "Ten-GigabitEthernet1/0/51"
LLDP_RULE = "CC-VER-04"
IDLE_TIMEOUT_RULE = "GD-MGT-04"
DRIFT_RULE = "GD-OPS-01"


@dataclass(frozen=True)
class CheckLab:
    """The running lab, its state folder and the environment of campusctl."""

    base: Path
    env: dict[str, str]

    def campusctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=self.env,
            check=False,
        )

    def check_running(self, scope: str, configs: Path, name: str) -> list[dict[str, Any]]:
        """Run ``check --running`` on ``scope`` and return its findings."""
        out = self.base / f"{name}.json"
        result = self.campusctl(
            "check",
            "--running",
            scope,
            "--inventory",
            str(SAMPLE),
            "--configs",
            str(configs),
            "--json",
            str(out),
        )
        assert result.returncode in (0, 1), result.stdout + result.stderr
        findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
        return findings

    def fault(self, device: str, kind: str, value: str = "") -> None:
        result = self.campusctl("lab", "fault", device, kind, value)
        assert result.returncode == 0, result.stdout + result.stderr


def access(lab: CheckLab, device: str) -> Any:
    """Return the engine's access details of a lab device (address, port, credentials)."""
    from campusctl.engine.access import device_access
    from campusctl.inventory import load_inventory
    from campusctl.inventory.overlay import load_overlay

    inventory = load_inventory(SAMPLE)
    school, found = next((s, d) for s, d in inventory.devices() if d.name == device)
    overlay = load_overlay(path=lab.base / "state" / "lab" / "overlay.yml")
    return device_access(inventory, school, found, overlay, lab.base / "state")


def running_config(lab: CheckLab, device: str) -> str:
    """Return the device's running configuration, read through campusctl's driver."""
    from campusctl.engine.session import session

    with session(access(lab, device)) as driver:
        return str(driver.get_config(retrieve="running")["running"])


def change_by_hand(lab: CheckLab, device: str, lines: list[str]) -> None:
    """Change a Comware device's running config over SSH, as an operator at the CLI would."""
    from netmiko import ConnectHandler

    details = access(lab, device)
    connection = ConnectHandler(
        device_type="hp_comware",
        host=details.host,
        port=details.port,
        username=details.username,
        password=details.password,
        encoding=details.charset,
    )
    try:
        output = connection.send_config_set(lines)
    finally:
        connection.disconnect()
    assert "Unrecognized" not in output and "Wrong parameter" not in output, output


def statuses(findings: list[dict[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """Return (rule, device) -> the set of statuses its findings have."""
    result: dict[tuple[str, str], set[str]] = {}
    for finding in findings:
        key = (finding["rule"], finding["device"] or finding["subject"])
        result.setdefault(key, set()).add(finding["status"])
    return result


def failed(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {key for key, found in statuses(findings).items() if "fail" in found}


@pytest.fixture(scope="module")
def check_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckLab]:
    """Start the lab for two schools of the sample inventory; stop it afterwards."""
    base = tmp_path_factory.mktemp("check-running")
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(base / "state"),
        LANG="C.UTF-8",
        COLUMNS="200",
        CAMPUSCTL_OPERATOR="pytest",
    )
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    lab = CheckLab(base=base, env=env)
    # 'lab up' picks free ports before the server binds them, so labs that
    # start at once in parallel test workers take turns.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = lab.campusctl(
            "lab",
            "up",
            "--inventory",
            str(SAMPLE),
            "--limit",
            f"{SCHOOL},{TEACHING_POINT}",
            "--no-hosts",
        )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def lldp_failures(findings: list[dict[str, Any]]) -> dict[str, str]:
    """Return subject -> message of the failed LLDP findings."""
    return {
        f["subject"]: f["message"]
        for f in findings
        if f["rule"] == LLDP_RULE and f["status"] == "fail"
    }


def test_cabling_passes_lldp_before_fault(check_lab: CheckLab, tmp_path: Path) -> None:
    findings = check_lab.check_running(SCHOOL, tmp_path, "lldp-clean")
    assert lldp_failures(findings) == {}
    passed = {f["device"] for f in findings if f["rule"] == LLDP_RULE and f["status"] == "pass"}
    assert passed == {CORE, ACCESS, "CNXX-A2-ACC-01", OTHER_ACCESS}


def test_miscabled_uplink_names_both_ends(check_lab: CheckLab, tmp_path: Path) -> None:
    # The A1 uplink fiber is patched into the core port that belongs to B1.
    check_lab.fault(ACCESS, "miscabled", f"{UPLINK}={CORE}:{CORE_PORT_B1}")
    try:
        findings = check_lab.check_running(SCHOOL, tmp_path, "lldp-miscabled")
    finally:
        check_lab.fault(ACCESS, "clear")

    failures = lldp_failures(findings)
    assert set(failures) == {
        f"{ACCESS} {UPLINK}",
        f"{CORE} {CORE_PORT_A1}",
        f"{CORE} {CORE_PORT_B1}",
        f"{OTHER_ACCESS} {UPLINK}",
    }
    # The moved end: where the inventory cables it, and what LLDP sees instead.
    assert failures[f"{ACCESS} {UPLINK}"] == (
        f"{ACCESS} {UPLINK}: cabled to {CORE} {CORE_PORT_A1} in the inventory, "
        f"LLDP sees {CORE} {CORE_PORT_B1}"
    )
    assert failures[f"{CORE} {CORE_PORT_B1}"] == (
        f"{CORE} {CORE_PORT_B1}: cabled to {OTHER_ACCESS} {UPLINK} in the inventory, "
        f"LLDP sees {ACCESS} {UPLINK}"
    )
    # The ends the cables left see no one, and their links are down.
    assert failures[f"{CORE} {CORE_PORT_A1}"].endswith("LLDP sees no neighbour")
    assert failures[f"{OTHER_ACCESS} {UPLINK}"].endswith("LLDP sees no neighbour")
    down = {
        f["subject"] for f in findings if f["rule"] == "CC-VER-01" and "is down" in f["message"]
    }
    assert {f"{CORE} {CORE_PORT_A1}", f"{OTHER_ACCESS} {UPLINK}"} <= down
    evidence = next(
        f["evidence"]
        for f in findings
        if f["subject"] == f"{ACCESS} {UPLINK}" and f["rule"] == LLDP_RULE
    )
    assert evidence[0]["file"].endswith(f"{SCHOOL}.yml")
    assert evidence[0]["line"] is not None
    assert evidence[1] == {
        "text": f"{UPLINK}: {CORE} {CORE_PORT_B1}",
        "file": None,
        "device": ACCESS,
        "line": None,
        "command": "get_lldp_neighbors",
    }


def test_uplink_in_uncabled_port_is_named(check_lab: CheckLab, tmp_path: Path) -> None:
    # The A1 uplink lands in a core copper port that the inventory leaves free.
    free_port = "GigabitEthernet1/0/10"
    check_lab.fault(ACCESS, "miscabled", f"{UPLINK}={CORE}:{free_port}")
    try:
        findings = check_lab.check_running(SCHOOL, tmp_path, "lldp-stray")
    finally:
        check_lab.fault(ACCESS, "clear")

    failures = lldp_failures(findings)
    assert failures[f"{CORE} {free_port}"] == (
        f"{CORE} {free_port}: LLDP sees {ACCESS} {UPLINK}, which the inventory cables to "
        f"{CORE} {CORE_PORT_A1}"
    )
    assert set(failures) == {f"{ACCESS} {UPLINK}", f"{CORE} {CORE_PORT_A1}", f"{CORE} {free_port}"}


def test_hand_change_fails_only_its_rules(check_lab: CheckLab, tmp_path: Path) -> None:
    # The intended configs are the devices' current ones, so drift passes before the change.
    intended = tmp_path / "intended"
    intended.mkdir()
    for device in (CORE, ACCESS):
        (intended / f"{device}.cfg").write_text(running_config(check_lab, device), "utf-8")
    scope = f"{CORE}:{ACCESS}"
    before = check_lab.check_running(scope, intended, "hand-before")
    assert (DRIFT_RULE, ACCESS) not in failed(before)
    assert (IDLE_TIMEOUT_RULE, ACCESS) not in failed(before)

    change_by_hand(check_lab, ACCESS, ["line vty 0 63", "idle-timeout 30 0"])
    after = check_lab.check_running(scope, intended, "hand-after")

    assert failed(after) - failed(before) == {(IDLE_TIMEOUT_RULE, ACCESS), (DRIFT_RULE, ACCESS)}
    assert failed(before) - failed(after) == set()
    timeout = next(f for f in after if f["rule"] == IDLE_TIMEOUT_RULE and f["status"] == "fail")
    assert timeout["device"] == ACCESS
    assert any("idle-timeout 30 0" in e["text"] for e in timeout["evidence"])
    drift = next(f for f in after if f["rule"] == DRIFT_RULE and f["status"] == "fail")
    texts = [e["text"] for e in drift["evidence"]]
    assert any("idle-timeout 30 0" in t and t.startswith("unexpected") for t in texts), texts
