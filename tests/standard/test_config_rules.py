"""Configuration rules on the four platforms: passing configs and declared broken variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from campusctl.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Source, Status
from tests.standard.conftest import CONFIGS, DATA, DEVICES, TODAY
from tests.standard.edits import apply_case

BROKEN = DATA / "broken"
CONFIG_RULES = {
    "GD-V6-01",
    "GD-V6-02",
    "GD-V6-04",
    "GD-SEG-04",
    "GD-SEG-05",
    "GD-L2-01",
    "GD-L2-02",
    "GD-L2-03",
    "GD-L2-04",
    "GD-MGT-01",
    "GD-MGT-03",
    "GD-MGT-04",
    "GD-MGT-05",
    "GD-MGT-06",
    "GD-MGT-09",
    "GD-LOG-01",
}


class TextConfigs:
    """A config source serving one device's text from memory."""

    def __init__(self, device: str, text: str) -> None:
        self.device = device
        self.text = text

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        if device.name != self.device:
            return None
        return self.text, Path(f"{device.name}.cfg")


def _school_of(inventory: Inventory, device: str) -> School:
    return next(s for s in inventory.schools.values() if s.device(device))


def _config_findings(inventory: Inventory, profile: Profile, device: str, text: str) -> list[Any]:
    run = Run(
        inventory, profile, configs=TextConfigs(device, text), check_inventory=False, today=TODAY
    )
    result = run_checks(run, [_school_of(inventory, device)], {device})
    return [f for f in result.findings if f.device == device]


def _cases() -> list[Any]:
    params = []
    for path in sorted(BROKEN.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(
                pytest.param(
                    data["device"], case, id=f"{path.stem}-{case['name'].replace(' ', '_')}"
                )
            )
    return params


@pytest.mark.parametrize("platform", sorted(DEVICES))
def test_passing_config_passes_every_rule(
    test_inventory: Inventory, profile: Profile, platform: str
) -> None:
    device = DEVICES[platform]
    text = (CONFIGS / f"{device}.cfg").read_text(encoding="utf-8")
    findings = _config_findings(test_inventory, profile, device, text)
    failed = [(f.rule, f.message) for f in findings if f.status is Status.FAIL]
    assert failed == []
    assert {f.rule for f in findings if f.status is Status.PASS} == CONFIG_RULES


def test_every_platform_has_broken_cases_for_every_rule() -> None:
    for platform, device in DEVICES.items():
        data = yaml.safe_load((BROKEN / f"{platform}.yml").read_text(encoding="utf-8"))
        assert data["device"] == device
        covered = {rule for case in data["cases"] for rule in case["fails"]}
        assert covered == CONFIG_RULES, f"{platform} misses {CONFIG_RULES - covered}"


@pytest.mark.parametrize(("device", "case"), _cases())
def test_broken_config_fails_declared_rules(
    test_inventory: Inventory, profile: Profile, device: str, case: dict[str, Any]
) -> None:
    text = apply_case((CONFIGS / f"{device}.cfg").read_text(encoding="utf-8"), case)
    findings = _config_findings(test_inventory, profile, device, text)
    failed = {f.rule for f in findings if f.status is Status.FAIL}
    assert failed == set(case["fails"])
    for finding in (f for f in findings if f.status is Status.FAIL):
        assert finding.device == device
        assert finding.evidence, f"{finding.rule}: no evidence"
        assert all(e.device == device for e in finding.evidence)


def test_evidence_names_line_and_text(test_inventory: Inventory, profile: Profile) -> None:
    case = {"replace": {"telnet server disable": "telnet server enable"}}
    text = apply_case((CONFIGS / "HW-ACC-01.cfg").read_text(encoding="utf-8"), case)
    findings = _config_findings(test_inventory, profile, "HW-ACC-01", text)
    (telnet,) = [f for f in findings if f.rule == "GD-MGT-05" and f.status is Status.FAIL]
    (evidence,) = telnet.evidence
    assert evidence.text == "telnet server enable"
    assert evidence.line == text.splitlines().index("telnet server enable") + 1


def test_missing_config_fails_with_message(test_inventory: Inventory, profile: Profile) -> None:
    findings = _config_findings(test_inventory, profile, "HW-ACC-01", "")
    assert findings
    assert all(f.status is Status.FAIL for f in findings if f.rule in {"GD-MGT-05", "GD-SEG-05"})


def test_sources_of_config_run(test_inventory: Inventory, profile: Profile) -> None:
    run = Run(
        test_inventory, profile, configs=TextConfigs("x", ""), check_inventory=False, today=TODAY
    )
    result = run_checks(run, [], None)
    assert result.sources == (Source.CONFIG,)
