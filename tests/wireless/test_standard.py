"""The WL rules on the sample (all pass) and on broken variants (each fails with evidence)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile, load_profile
from campusctl.standard.results import Finding, Status
from tests.wireless.conftest import HUAWEI_SCHOOL, Edit

TODAY = date(2026, 12, 4)
WL_RULES = {"GD-WL-02", "GD-WL-03", "GD-WL-04", "GD-WL-05", "GD-WL-06"}
STUDENT = (
    "{id: student, ssid: GDEDU-Student, zone: student_wifi, auth: dot1x, "
    "security: wpa2-enterprise, isolation: true}"
)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("gd-digital-campus")


def _findings(inventory: Inventory, profile: Profile) -> list[Finding]:
    run = Run(inventory, profile, today=TODAY)
    schools = [inventory.schools[code] for code in sorted(inventory.schools)]
    return [f for f in run_checks(run, schools).findings if f.rule in WL_RULES]


def test_wl_rules_are_checked_not_manual(profile: Profile) -> None:
    for rule in profile.rules:
        if rule.id in WL_RULES:
            assert not rule.manual, rule.id


def test_sample_passes_wl_rules(sample: Inventory, profile: Profile) -> None:
    findings = _findings(sample, profile)
    failed = [(f.school, f.rule, f.message) for f in findings if f.status is Status.FAIL]
    assert failed == []
    passed = {(f.school, f.rule) for f in findings if f.status is Status.PASS}
    assert ("2440106001", "GD-WL-06") in passed
    # The two Shaoguan schools have standalone APs and no controller.
    skipped = {f.school for f in findings if f.status is Status.NOT_APPLICABLE}
    assert skipped == {"2440281001", "2440281002"}


@pytest.mark.parametrize(
    ("rule", "edit", "expected"),
    [
        (
            "GD-WL-03",
            ("province.yml", STUDENT, STUDENT.replace("isolation: true", "isolation: false")),
            "SSID GDEDU-Student of zone student_wifi has no client isolation",
        ),
        (
            "GD-WL-03",
            ("province.yml", ", rate_limit_kbps: 4096}", "}"),
            "guest SSID GDEDU-Guest has no per-client rate limit",
        ),
        (
            "GD-WL-03",
            (
                "province.yml",
                "zone: iot, auth: mac, security: wpa2-psk",
                "zone: iot, auth: psk, security: wpa2-psk",
            ),
            "SSID GDEDU-IoT of zone iot admits users by psk",
        ),
        (
            "GD-WL-04",
            (
                "province.yml",
                "zone: iot, auth: mac, security: wpa2-psk",
                "zone: iot, auth: psk, security: wpa2-psk",
            ),
            "internal SSID GDEDU-IoT at MLPS level 3 must authenticate against RADIUS",
        ),
        (
            "GD-WL-05",
            (
                "province.yml",
                "wids: {rogue_detection: true, containment: true}",
                "wids: {rogue_detection: true, containment: false}",
            ),
            "MLPS level 3 requires rogue AP containment",
        ),
        (
            "GD-WL-05",
            ("province.yml", "wids: {rogue_detection: true,", "wids: {rogue_detection: false,"),
            "rogue AP and attack detection is off",
        ),
        (
            "GD-WL-05",
            (
                "province.yml",
                "security: wpa2-enterprise, hidden: true}",
                "security: wpa2-enterprise, hidden: false}",
            ),
            "internal SSID GDEDU-Staff of zone office is broadcast",
        ),
        (
            "GD-WL-02",
            (
                "province.yml",
                "radio: {channels_24ghz: [1, 6, 11]",
                "radio: {channels_24ghz: [1, 3, 6, 11]",
            ),
            "2.4 GHz channels 3 overlap",
        ),
        (
            "GD-WL-02",
            ("province.yml", "width_24ghz_mhz: 20", "width_24ghz_mhz: 40"),
            "2.4 GHz channels are 40 MHz wide",
        ),
        (
            "GD-WL-02",
            ("province.yml", "band_steering: true", "band_steering: false"),
            "band steering is off",
        ),
        (
            "GD-WL-06",
            ("province.yml", "rrm: true", "rrm: false"),
            "radio resource management is off",
        ),
    ],
)
def test_broken_variant_fails(
    edited: Callable[[list[Edit]], Path],
    profile: Profile,
    rule: str,
    edit: Edit,
    expected: str,
) -> None:
    root = edited([edit])
    inventory = load_inventory(root)
    failed = [
        f
        for f in _findings(inventory, profile)
        if f.status is Status.FAIL and f.rule == rule and f.school == "2440106001"
    ]
    assert failed, f"{rule} did not fail"
    assert any(expected in f.message for f in failed), [f.message for f in failed]
    assert all(f.evidence for f in failed)


def test_missing_ap_mac_makes_whitelist_manual(
    edited: Callable[[list[Edit]], Path], profile: Profile
) -> None:
    root = edited([(HUAWEI_SCHOOL, '  mac: "00:00:5e:00:53:05"\n', "")])
    inventory = load_inventory(root)
    findings = [
        f
        for f in _findings(inventory, profile)
        if f.rule == "GD-WL-06" and f.school == "2440106001"
    ]
    assert [f.status for f in findings] == [Status.MANUAL]
    assert "1 of 38 AP(s) have no mac yet" in findings[0].message
    assert findings[0].evidence[0].line == 178  # the "- name: YCSY-AP-A105" line
