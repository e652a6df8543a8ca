"""Admission and accounting rules on a controller that lacks SSIDs of the catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from campusctl.inventory import load_inventory
from campusctl.inventory.model import Device, School
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import load_profile
from campusctl.standard.results import Finding, Status
from tests.conftest import SAMPLE

RUIJIE_WLC = "SQZX-WLC-01"
RUIJIE_SCHOOL = "2440113001"

# Only the staff SSID, with 802.1X and a start-stop accounting list. The
# student and guest SSIDs that the school offers are missing, and it has no IoT VLAN.
STAFF_ONLY = """\
hostname SQZX-WLC-01
aaa accounting network campus-acct start-stop group radius
wlan-config 1 campus-staff GDEDU-Staff
 ssid-code utf-8
wlansec 1
 security rsn enable
 dot1x authentication campus-auth
 dot1x accounting campus-acct
"""


class OneConfig:
    """The configuration source of one device."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        return (self.text, Path(f"{device.name}.cfg")) if device.name == self.name else None


def _findings(rule: str) -> list[Finding]:
    inventory = load_inventory(SAMPLE)
    run = Run(
        inventory,
        load_profile("gd-digital-campus"),
        configs=OneConfig(RUIJIE_WLC, STAFF_ONLY),
        check_inventory=False,
        today=date(2026, 12, 4),
    )
    result = run_checks(run, [inventory.schools[RUIJIE_SCHOOL]], {RUIJIE_WLC})
    return [f for f in result.findings if f.rule == rule and f.device == RUIJIE_WLC]


MISSING = [
    "SSID GDEDU-Student of the catalogue is not configured",
    "SSID GDEDU-Guest of the catalogue is not configured",
]


def test_admission_lists_missing_ssids(english: None) -> None:
    findings = _findings("GD-L2-05")
    assert [f.message for f in findings] == MISSING
    assert all(f.status is Status.FAIL for f in findings)
    assert all(f.evidence for f in findings)


def test_accounting_lists_missing_ssids(english: None) -> None:
    findings = _findings("GD-L2-06")
    assert [f.message for f in findings] == MISSING
    assert all(f.status is Status.FAIL for f in findings)


def test_accounting_judges_present_ssid(english: None) -> None:
    broken = STAFF_ONLY.replace(" dot1x accounting campus-acct\n", "")
    inventory = load_inventory(SAMPLE)
    run = Run(
        inventory,
        load_profile("gd-digital-campus"),
        configs=OneConfig(RUIJIE_WLC, broken),
        check_inventory=False,
        today=date(2026, 12, 4),
    )
    result = run_checks(run, [inventory.schools[RUIJIE_SCHOOL]], {RUIJIE_WLC})
    messages = [f.message for f in result.findings if f.rule == "GD-L2-06"]
    assert messages[0] == "SSID GDEDU-Staff sends no RADIUS accounting for its users' sessions"
    assert messages[1:] == MISSING
