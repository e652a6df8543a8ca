"""The WL rules on the controllers' rendered configs, intact and with one fault each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Finding, Status

LAB_SECRETS = Path(__file__).resolve().parents[1] / "render" / "data" / "lab-secrets.yml"
TODAY = date(2026, 12, 4)
CONTROLLERS = {
    "YCSY-WLC-01": "2440106001",
    "HYXX-WLC-01": "2440106002",
    "SQZX-WLC-01": "2440113001",
    "PYZJ-WLC-01": "2440113002",
}
PSK = "Lab-IoT-psk-0000"


class Configs:
    """Controller configurations by device name, as the standard engine reads them."""

    def __init__(self, configs: dict[str, str]) -> None:
        self.configs = configs

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        text = self.configs.get(device.name)
        return (text, Path(f"{device.name}.cfg")) if text is not None else None


def _wl_findings(
    sample: Inventory, profile: Profile, name: str, text: str, rule: str
) -> list[Finding]:
    run = Run(sample, profile, configs=Configs({name: text}), check_inventory=False, today=TODAY)
    result = run_checks(run, [sample.schools[CONTROLLERS[name]]])
    return [f for f in result.findings if f.rule == rule and f.device == name]


@pytest.mark.parametrize("name", sorted(CONTROLLERS))
@pytest.mark.parametrize("rule", ["GD-WL-03", "GD-WL-04", "GD-WL-05", "GD-WL-06"])
def test_rendered_controller_passes(
    sample: Inventory, profile: Profile, rendered: dict[str, str], name: str, rule: str
) -> None:
    findings = _wl_findings(sample, profile, name, rendered[name], rule)
    assert [f.status for f in findings] == [Status.PASS], [f.message for f in findings]


@pytest.mark.parametrize(
    ("name", "rule", "old", "new", "expected"),
    [
        (
            "YCSY-WLC-01",
            "GD-WL-06",
            " ap auth-mode mac-auth",
            " ap auth-mode no-auth",
            "admits APs that are not on its whitelist",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-06",
            " ap-id 5 ap-mac 0000-5e00-5305",
            " ap-id 5 ap-mac 0000-5e00-53ff",
            "1 AP(s) of the inventory are not whitelisted: YCSY-AP-A105",
        ),
        (
            "HYXX-WLC-01",
            "GD-WL-06",
            "wlan global-configuration",
            "wlan auto-ap enable\n#\nwlan global-configuration",
            "admits APs that are not on its whitelist",
        ),
        (
            "PYZJ-WLC-01",
            "GD-WL-06",
            "ap auth-list authorize-mac\n",
            "",
            "admits APs that are not on its whitelist",
        ),
        (
            "SQZX-WLC-01",
            "GD-WL-06",
            " ap-auth mac",
            " ap-auth none",
            "admits APs that are not on its whitelist",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-04",
            f"pass-phrase {PSK} aes",
            "pass-phrase {PSK} tkip",
            "WEP or TKIP is configured",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-04",
            f"pass-phrase {PSK} aes",
            "pass-phrase short7 aes",
            "a pre-shared key has 6 characters",
        ),
        (
            "HYXX-WLC-01",
            "GD-WL-04",
            "wlan service-template campus-staff\n ssid GDEDU-Staff\n",
            "wlan service-template campus-staff\n ssid GDEDU-Staff\n cipher-suite wep40\n",
            "WEP or TKIP is configured",
        ),
        (
            "PYZJ-WLC-01",
            "GD-WL-04",
            f"set-key ascii 0 {PSK}",
            "set-key ascii 0 1234567",
            "a pre-shared key has 7 characters",
        ),
        (
            "SQZX-WLC-01",
            "GD-WL-04",
            " security rsn ciphers aes enable\n security rsn akm 802.1x enable\n dot1x authentication campus-wlan\n dot1x accounting campus-wlan\n!\nwlan-config 2",
            " security rsn ciphers tkip enable\n security rsn akm 802.1x enable\n dot1x authentication campus-wlan\n dot1x accounting campus-wlan\n!\nwlan-config 2",
            "WEP or TKIP is configured",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-05",
            "   wids contain enable\n",
            "",
            "requires rogue AP containment",
        ),
        (
            "PYZJ-WLC-01",
            "GD-WL-05",
            "wireless wps rogue ap notify-min-rssi -90\n",
            "",
            "rogue AP and attack detection is off",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-03",
            " traffic-profile name campus-student\n  user-isolate l2\n",
            " traffic-profile name campus-student\n",
            "SSID GDEDU-Student of zone student_wifi has no client isolation",
        ),
        (
            "YCSY-WLC-01",
            "GD-WL-03",
            "  ssid GDEDU-Staff\n  ssid-hide enable\n",
            "  ssid GDEDU-Staff\n",
            "internal SSID GDEDU-Staff of zone office is broadcast",
        ),
        (
            "HYXX-WLC-01",
            "GD-WL-03",
            " portal apply web-server campus-wlan\n user-isolation enable\n",
            " portal apply web-server campus-wlan\n",
            "SSID GDEDU-Guest of zone guest has no client isolation",
        ),
        (
            "PYZJ-WLC-01",
            "GD-WL-03",
            "wlan campus-staff 1 GDEDU-Staff\n no broadcast-ssid\n",
            "wlan campus-staff 1 GDEDU-Staff\n",
            "internal SSID GDEDU-Staff of zone office is broadcast",
        ),
        (
            "SQZX-WLC-01",
            "GD-WL-03",
            "wlan-config 2 campus-student GDEDU-Student\n ssid-code utf-8\n band-select enable\n sta-isolation enable\n",
            "wlan-config 2 campus-student GDEDU-Student\n ssid-code utf-8\n band-select enable\n",
            "SSID GDEDU-Student of zone student_wifi has no client isolation",
        ),
        (
            "PYZJ-WLC-01",
            "GD-WL-03",
            "wlan campus-guest 3 GDEDU-Guest\n",
            "wlan campus-guest 3 GDEDU-Visitor\n",
            "SSID GDEDU-Guest of the catalogue is not configured",
        ),
        # A level-2 school: containment is not required, detection is.
        (
            "HYXX-WLC-01",
            "GD-WL-05",
            " attack-detect-policy campus\n",
            "",
            "rogue AP and attack detection is off",
        ),
    ],
)
def test_broken_controller_config_fails(
    sample: Inventory,
    profile: Profile,
    rendered: dict[str, str],
    name: str,
    rule: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    text = rendered[name]
    assert old in text
    broken = text.replace(old, new)
    failed = [
        f for f in _wl_findings(sample, profile, name, broken, rule) if f.status is Status.FAIL
    ]
    assert failed, f"{rule} passed"
    assert any(expected in f.message for f in failed), [f.message for f in failed]
    assert all(f.evidence for f in failed)
    assert all(PSK not in e.text for f in failed for e in f.evidence)
