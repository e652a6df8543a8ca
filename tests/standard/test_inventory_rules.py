"""Inventory rules: the sample province, and declared broken variants of a test school."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.inventory.locate import forget_files
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Finding, Status
from tests.standard.conftest import DATA, TODAY
from tests.standard.edits import apply_case

SAMPLE = Path(__file__).parents[2] / "inventory"
SCHOOL = "schools/440100/440106/2440106101.yml"
SAMPLE_SCHOOL = "schools/440100/440106/2440106001.yml"


def _inventory_findings(inventory: Inventory, profile: Profile) -> list[Finding]:
    run = Run(inventory, profile, today=TODAY)
    return run_checks(run, [inventory.schools[c] for c in sorted(inventory.schools)]).findings


def _edited(tmp_path: Path, source: Path, school_file: str, case: dict[str, Any]) -> Inventory:
    root = tmp_path / "inventory"
    shutil.copytree(source, root)
    path = root / school_file
    path.write_text(apply_case(path.read_text(encoding="utf-8"), case), encoding="utf-8")
    forget_files()
    return load_inventory(root)


def test_sample_inventory_passes_inventory_rules(
    sample_inventory: Inventory, profile: Profile
) -> None:
    failed = {
        (f.school, f.rule)
        for f in _inventory_findings(sample_inventory, profile)
        if f.status is Status.FAIL
    }
    assert failed == set()


def test_test_inventory_passes_inventory_rules(test_inventory: Inventory, profile: Profile) -> None:
    findings = _inventory_findings(test_inventory, profile)
    assert [f.message for f in findings if f.status is Status.FAIL] == []
    assert {f.rule for f in findings if f.status is Status.PASS} >= {
        "GD-BW-01",
        "GD-BW-02",
        "GD-BW-06",
        "GD-V6-01",
        "GD-V6-03",
        "GD-SEG-01",
        "GD-SEG-05",
        "GD-WL-01",
        "GD-CLS-01",
        "GD-PLT-01",
        "GD-PLT-03",
    }


BROKEN_SCHOOL = [
    (
        "bandwidth below 20 Mbps",
        {"replace": {"committed_mbps: 100": "committed_mbps: 10"}},
        {"GD-BW-02"},
    ),
    (
        "one outlet in a classroom",
        {
            "replace": {
                "name: 初一(2)班, multimedia: true, interactive: true, outlets: 2": "name: 初一(2)班, multimedia: true, interactive: true, outlets: 1"
            }
        },
        {"GD-BW-06"},
    ),
    (
        "classroom without multimedia",
        {"replace": {"name: 初一(2)班, multimedia: true": "name: 初一(2)班, multimedia: false"}},
        {"GD-CLS-01"},
    ),
    (
        "interactive share 50 %",
        {
            "replace": {
                "name: 初一(2)班, multimedia: true, interactive: true": "name: 初一(2)班, multimedia: true, interactive: false"
            }
        },
        {"GD-CLS-01"},
    ),
    (
        "interactive classroom without ap",
        {"replace": {"outlets: 2, ap: HW-AP-A102}": "outlets: 2}"}},
        {"GD-WL-01"},
    ),
    (
        "routed vlan without ipv6",
        {"replace": {", ipv6: '2001:db8:4406:11e::/64', gateway": ", gateway"}},
        {"GD-V6-01"},
    ),
    (
        "uplink without ipv6",
        {"replace": {", ipv6: '2001:db8:4406:ff01::2/126'}": "}"}},
        {"GD-V6-01"},
    ),
    (
        "school ipv6 block too small",
        {"replace": {"ipv6: '2001:db8:4406:100::/56'}": "ipv6: '2001:db8:4406:100::/57'}"}},
        {"GD-V6-03"},
    ),
    (
        "terminal of a classroom in the office zone",
        {
            "replace": {
                "GigabitEthernet0/0/1, profile: terminal, vlan: 20": "GigabitEthernet0/0/1, profile: terminal, vlan: 30"
            }
        },
        {"GD-SEG-01"},
    ),
    (
        "smart campus at level 2",
        {"replace": {"tier: demo_school": "tier: smart_campus", "mlps_level: 3": "mlps_level: 2"}},
        {"GD-PLT-03"},
    ),
]


@pytest.mark.parametrize(
    ("case", "fails"), [pytest.param(c, f, id=n.replace(" ", "_")) for n, c, f in BROKEN_SCHOOL]
)
def test_broken_school_fails_declared_rules(
    tmp_path: Path, profile: Profile, case: dict[str, Any], fails: set[str]
) -> None:
    inventory = _edited(tmp_path, DATA / "inventory", SCHOOL, case)
    findings = [f for f in _inventory_findings(inventory, profile) if f.school == "2440106101"]
    failed = [f for f in findings if f.status is Status.FAIL]
    assert {f.rule for f in failed} == fails
    for finding in failed:
        assert any(e.file is not None and e.line for e in finding.evidence), finding


def test_slow_core_link_fails_backbone(tmp_path: Path, profile: Profile) -> None:
    old = (
        "b: {device: YCSY-CORE-01, port: XGigabitEthernet0/0/1, lag: Eth-Trunk1}, speed_mbps: 10000"
    )
    case = {"replace": {old: old.replace("10000", "1000")}}
    inventory = _edited(tmp_path, SAMPLE, SAMPLE_SCHOOL, case)
    failed = [
        f
        for f in _inventory_findings(inventory, profile)
        if f.school == "2440106001" and f.status is Status.FAIL
    ]
    assert {f.rule for f in failed} == {"GD-BW-05"}
    (finding,) = failed
    assert finding.measured == 1000
    assert finding.threshold == 10000
    (evidence,) = finding.evidence
    text = (tmp_path / "inventory" / SAMPLE_SCHOOL).read_text(encoding="utf-8").splitlines()
    assert evidence.line is not None
    assert "speed_mbps: 1000," in text[evidence.line - 1]


def test_evidence_line_points_at_the_value(tmp_path: Path, profile: Profile) -> None:
    inventory = _edited(
        tmp_path,
        DATA / "inventory",
        SCHOOL,
        {"replace": {"committed_mbps: 100": "committed_mbps: 10"}},
    )
    (finding,) = [
        f
        for f in _inventory_findings(inventory, profile)
        if f.rule == "GD-BW-02" and f.school == "2440106101"
    ]
    (evidence,) = finding.evidence
    lines = (tmp_path / "inventory" / SCHOOL).read_text(encoding="utf-8").splitlines()
    assert evidence.line is not None
    assert "committed_mbps: 10" in lines[evidence.line - 1]
    assert str(evidence.file).endswith("2440106101.yml")
