"""GD-L2-05 (admission) and GD-L2-06 (real-name accounting) on rendered configurations."""

from __future__ import annotations

import pytest

from campusctl.inventory import Inventory
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Finding, Status
from tests.wireless.test_config_rules import CONTROLLERS, TODAY, Configs


def _findings(
    sample: Inventory, profile: Profile, name: str, text: str, rule: str
) -> list[Finding]:
    run = Run(sample, profile, configs=Configs({name: text}), check_inventory=False, today=TODAY)
    result = run_checks(run, [sample.schools[CONTROLLERS[name]]])
    return [f for f in result.findings if f.rule == rule and f.device == name]


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new)


@pytest.mark.parametrize("name", sorted(CONTROLLERS))
def test_admission_passes(
    sample: Inventory, profile: Profile, rendered: dict[str, str], name: str
) -> None:
    findings = _findings(sample, profile, name, rendered[name], "GD-L2-05")
    assert [f.status for f in findings] == [Status.PASS], [f.message for f in findings]


@pytest.mark.parametrize("name", sorted(CONTROLLERS))
def test_accounting_passes_guest_manual(
    sample: Inventory, profile: Profile, rendered: dict[str, str], name: str
) -> None:
    findings = _findings(sample, profile, name, rendered[name], "GD-L2-06")
    statuses = [f.status for f in findings]
    assert statuses[0] is Status.PASS, [f.message for f in findings]
    # Every sample school offers a guest SSID, whose account verification needs a person.
    assert statuses[1:] == [Status.MANUAL]
    assert "GDEDU-Guest" in findings[1].message


@pytest.mark.parametrize(
    ("name", "rule", "old", "new", "expected"),
    [
        ("HYXX-WLC-01", "GD-L2-05", " portal enable method direct\n", "", "GDEDU-Guest"),
        (
            "HYXX-WLC-01",
            "GD-L2-05",
            " akm mode dot1x\n cipher-suite ccmp\n security-ie rsn\n"
            " client-security authentication-mode dot1x\n",
            " akm mode psk\n cipher-suite ccmp\n security-ie rsn\n",
            "GDEDU-Staff",
        ),
        (
            "YCSY-WLC-01",
            "GD-L2-05",
            " dot1x-access-profile campus-wlan\n",
            "",
            "GDEDU-Staff",
        ),
        ("PYZJ-WLC-01", "GD-L2-05", " mac-filtering campus-wlan\n", "", "GDEDU-IoT"),
        ("SQZX-WLC-01", "GD-L2-05", " dot1x authentication campus-wlan\n", "", "GDEDU-Staff"),
        (
            "HYXX-WLC-01",
            "GD-L2-06",
            " accounting lan-access radius-scheme campus-wlan\n",
            "",
            "GDEDU-Staff",
        ),
        ("YCSY-WLC-01", "GD-L2-06", "  accounting-mode radius\n", "", "GDEDU-Staff"),
        ("PYZJ-WLC-01", "GD-L2-06", " accounting-list campus-wlan\n", "", "GDEDU-Staff"),
        ("SQZX-WLC-01", "GD-L2-06", " dot1x accounting campus-wlan\n", "", "GDEDU-Staff"),
    ],
)
def test_broken_variant_fails(
    sample: Inventory,
    profile: Profile,
    rendered: dict[str, str],
    name: str,
    rule: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    text = _edit(rendered[name], old, new)
    failed = [f for f in _findings(sample, profile, name, text, rule) if f.status is Status.FAIL]
    assert failed, f"{rule} passed with {old.strip()!r} removed"
    assert any(expected in f.message for f in failed), [f.message for f in failed]
    assert all(f.evidence for f in failed)


def test_wired_ports_with_dot1x_pass(sample: Inventory, profile: Profile) -> None:
    school = sample.schools["2440106001"]
    switch = next(d for d in school.devices if d.role.value == "access")
    ports = [
        name
        for port in switch.ports
        if port.profile is not None and port.profile.value in ("terminal", "printer")
        for name in port.names()
    ]
    assert ports
    guarded = "".join(f"interface {p}\n dot1x enable\n#\n" for p in ports)
    run = Run(
        sample,
        profile,
        configs=Configs({switch.name: "#\n" + guarded + "return\n"}),
        check_inventory=False,
        today=TODAY,
    )
    findings = [
        f
        for f in run_checks(run, [school]).findings
        if f.rule == "GD-L2-05" and f.device == switch.name
    ]
    assert [f.status for f in findings] == [Status.PASS], [f.message for f in findings]

    bare = "#\n" + "".join(f"interface {p}\n#\n" for p in ports) + "return\n"
    run = Run(
        sample, profile, configs=Configs({switch.name: bare}), check_inventory=False, today=TODAY
    )
    findings = [
        f
        for f in run_checks(run, [school]).findings
        if f.rule == "GD-L2-05" and f.device == switch.name
    ]
    assert [f.status for f in findings] == [Status.MANUAL]
    assert ports[0] in findings[0].message
