"""``check --running`` on devices that cannot be reached: their own status, no failed rules."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from campusctl.inventory import load_inventory
from campusctl.inventory.model import Device, School
from campusctl.standard.aggregate import roll_up
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.jsonout import to_document
from campusctl.standard.profile import load_profile
from campusctl.standard.results import Status, Unreachable
from campusctl.standard.running import RunningFacts
from campusctl.standard.state.model import DeviceState
from tests.conftest import REPO, SAMPLE, campusctl_env

SCHOOL = "2440281002"  # a teaching point whose only switch is the Ruijie SPJD-CORE-01
DEVICE = "SPJD-CORE-01"


class NoState:
    """A state source that could reach no device."""

    def state(self, school: School, device: Device) -> DeviceState:
        unreached = Unreachable(
            school.code, device.name, "127.0.0.1:9", "E3201: connection refused"
        )
        return DeviceState(errors={"get_config": unreached.error}, unreachable=unreached)


def _document() -> dict[str, object]:
    inventory = load_inventory(SAMPLE)
    profile = load_profile("gd-digital-campus")
    states = NoState()
    run = Run(inventory, profile, states=states, check_inventory=False, today=date(2026, 12, 4))
    run.facts = RunningFacts(states)
    schools = [inventory.schools[SCHOOL]]
    result = run_checks(run, schools)
    summaries, rollups = roll_up(inventory, result, schools)
    return to_document(profile, result, summaries, rollups)


def test_unreachable_device_fails_no_rule() -> None:
    document = _document()
    findings = [f for f in document["findings"] if f["device"] == DEVICE]  # type: ignore[attr-defined]
    assert findings
    assert {f["status"] for f in findings} == {Status.UNREACHABLE.value}


def test_unreachable_device_listed_once() -> None:
    document = _document()
    assert document["unreachable"] == [
        {
            "school": SCHOOL,
            "device": DEVICE,
            "address": "127.0.0.1:9",
            "error": "E3201: connection refused",
        }
    ]
    assert document["passed"] is False


def test_school_with_unreachable_not_compliant() -> None:
    (school,) = _document()["schools"]  # type: ignore[misc]
    assert school["unreachable"] == [DEVICE]
    assert school["compliant"] is False
    assert school["counts"]["fail"] == 0
    assert school["counts"]["unreachable"] > 0


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _overlay(state: Path, port: int) -> None:
    """Write a lab overlay that sends every sample device to a closed loopback port."""
    lab = state / "lab"
    lab.mkdir(parents=True)
    inventory = load_inventory(SAMPLE)
    lines = ["version: 1", "lab_id: unreachable-test", "devices:"]
    for _school, device in inventory.devices():
        lines.append(
            f"  {device.name}: {{host: 127.0.0.1, port: {port}, username: campus-lab, "
            f"credentials_file: {lab / 'credentials.yml'}}}"
        )
    (lab / "overlay.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    passwords = {device.name: "Lab-pass-0000" for _school, device in inventory.devices()}
    (lab / "credentials.yml").write_text(json.dumps(passwords) + "\n", encoding="utf-8")


def _check(tmp_path: Path, lang: str = "C.UTF-8") -> tuple[subprocess.CompletedProcess[str], Path]:
    results = tmp_path / "results.json"
    env = dict(campusctl_env(lang), CAMPUSCTL_STATE=str(tmp_path / "state"))
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "campusctl", "check", "--running"),
            *("-i", str(SAMPLE), "-l", f"school_{SCHOOL}", "--json", str(results)),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=120,
    )
    return completed, results


def test_closed_port_reported_unreachable(tmp_path: Path) -> None:
    port = _closed_port()
    _overlay(tmp_path / "state", port)
    completed, results = _check(tmp_path)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "E5006" in completed.stderr
    assert f"{DEVICE} (127.0.0.1:{port})" in completed.stderr
    assert "campusctl lab status" in completed.stderr
    assert "Devices not reached" in completed.stdout
    document = json.loads(results.read_text(encoding="utf-8"))
    assert [u["device"] for u in document["unreachable"]] == [DEVICE]
    assert document["unreachable"][0]["address"] == f"127.0.0.1:{port}"
    assert not [f for f in document["findings"] if f["status"] == "fail"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("C.UTF-8", "could not be reached"), ("zh_CN.UTF-8", "无法连接")],
)
def test_no_lab_reported_unreachable(tmp_path: Path, lang: str, expected: str) -> None:
    # Without a lab, sample addresses are never contacted, so nothing is reached.
    completed, results = _check(tmp_path, lang)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert expected in completed.stderr
    document = json.loads(results.read_text(encoding="utf-8"))
    assert [u["device"] for u in document["unreachable"]] == [DEVICE]
    assert {f["status"] for f in document["findings"] if f["device"] == DEVICE} == {"unreachable"}


def test_report_shows_unreachable_outcome(tmp_path: Path) -> None:
    from campusctl.diagram.overview import ComplianceState
    from campusctl.report.results import Outcome, read_results

    path = tmp_path / "results.json"
    path.write_text(json.dumps(_document()), encoding="utf-8")
    results = read_results(path)
    outcomes = {r.result for r in results.by_school()[SCHOOL]}
    assert Outcome.UNREACHABLE in outcomes
    assert Outcome.FAIL not in outcomes
    assert results.tallies()[SCHOOL].state is ComplianceState.UNVERIFIED
