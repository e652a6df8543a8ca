"""``campusctl check --running`` against the lab: cabling faults and hand changes.

The lab emulates two schools of the sample inventory (see
:mod:`tests.standard.labkit`); the devices keep their factory configuration
here. Each test reads the JSON results that the command writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.standard.labkit import (
    SCHOOL,
    CheckLab,
    change_by_hand,
    failed,
    running_config,
    start_lab,
)

pytestmark = pytest.mark.lab

CORE = "CNXX-CORE-01"
ACCESS = "CNXX-A1-ACC-01"
OTHER_ACCESS = "CNXX-B1-ACC-01"
UPLINK = "Ten-GigabitEthernet1/0/49"  # every access switch's fiber uplink
CORE_PORT_A1 = "Ten-GigabitEthernet1/0/49"
CORE_PORT_B1 = "Ten-GigabitEthernet1/0/51"
LLDP_RULE = "CC-VER-04"
IDLE_TIMEOUT_RULE = "GD-MGT-04"
DRIFT_RULE = "GD-OPS-01"


@pytest.fixture(scope="module")
def check_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckLab]:
    yield from start_lab(tmp_path_factory)


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
