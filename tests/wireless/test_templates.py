"""The controllers' rendered WLAN configuration, per vendor, against the inventory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.inventory.model import DeviceRole
from campusctl.render.engine import Renderer
from campusctl.render.intent import device_intent
from campusctl.render.wlan import WlanIntent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore

LAB_SECRETS = Path(__file__).resolve().parents[1] / "render" / "data" / "lab-secrets.yml"
CONTROLLERS = {
    "YCSY-WLC-01": "2440106001",  # Huawei AC6508, own RADIUS server
    "HYXX-WLC-01": "2440106002",  # H3C WX3510X, district RADIUS
    "SQZX-WLC-01": "2440113001",  # Ruijie RG-WS6008
    "PYZJ-WLC-01": "2440113002",  # Cisco C9800, own RADIUS server
}
PSK = "Lab-IoT-psk-0000"


@pytest.fixture(scope="module")
def rendered(sample: Inventory) -> dict[str, tuple[WlanIntent, str]]:
    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    result = {}
    for name, code in CONTROLLERS.items():
        school = sample.schools[code]
        device = school.device(name)
        assert device is not None
        intent = device_intent(sample, school, device)
        assert intent.wlan is not None
        result[name] = (intent.wlan, renderer.render(intent, "0" * 64))
    return result


def test_ap_without_mac_left_out(sample: Inventory) -> None:
    school = sample.schools["2440106001"]
    device = school.device("YCSY-WLC-01")
    assert device is not None
    ap = school.device("YCSY-AP-A101")
    assert ap is not None
    edited = school.model_copy(
        update={
            "devices": [
                d.model_copy(update={"mac": None}) if d.name == ap.name else d
                for d in school.devices
            ]
        }
    )
    wlan = device_intent(sample, edited, device).wlan
    assert wlan is not None
    assert "YCSY-AP-A101" not in [a.name for a in wlan.aps]
    assert "YCSY-AP-A101" not in wlan.groups[0].aps
    assert len(wlan.aps) == 37


def test_only_controllers_get_wlan(sample: Inventory) -> None:
    for school in sample.schools.values():
        for device in school.devices:
            if device.role in (DeviceRole.CORE, DeviceRole.ACCESS):
                assert device_intent(sample, school, device).wlan is None


WHITELIST_LINE = {
    "YCSY-WLC-01": " ap-id {id} ap-mac {dashed}\n",
    "HYXX-WLC-01": " mac-address {dashed}\n",
    "SQZX-WLC-01": " ap-mac {dotted}\n",
    "PYZJ-WLC-01": "username {bare} mac description {name}\n",
}


@pytest.mark.parametrize("name", sorted(CONTROLLERS))
def test_every_ap_whitelisted_once(
    name: str, rendered: dict[str, tuple[WlanIntent, str]], sample: Inventory
) -> None:
    wlan, config = rendered[name]
    school = sample.schools[CONTROLLERS[name]]
    aps = [d for d in school.devices if d.role is DeviceRole.AP]
    assert [ap.name for ap in wlan.aps] == [ap.name for ap in aps]
    for ap in wlan.aps:
        line = WHITELIST_LINE[name].format(
            id=ap.id,
            dashed=ap.mac_dashed,
            dotted=ap.mac_dotted,
            bare=ap.mac_dashed.replace("-", ""),
            name=ap.name,
        )
        assert config.count(line) == 1, line


@pytest.mark.parametrize("name", sorted(CONTROLLERS))
def test_no_weak_security(name: str, rendered: dict[str, tuple[WlanIntent, str]]) -> None:
    _wlan, config = rendered[name]
    assert re.search(r"\bwep\b", config, re.IGNORECASE) is None
    assert re.search(r"\btkip\b", config, re.IGNORECASE) is None


def test_huawei_vap_profiles(rendered: dict[str, tuple[WlanIntent, str]]) -> None:
    _wlan, config = rendered["YCSY-WLC-01"]
    assert " ap auth-mode mac-auth" in config
    assert " ap-id 1 ap-mac 0000-5e00-5301\n  ap-name YCSY-AP-A101\n  ap-group A\n" in config
    assert (
        " vap-profile name campus-student\n  forward-mode tunnel\n  service-vlan vlan-id 50\n"
        in config
    )
    assert (
        " traffic-profile name campus-guest\n  user-isolate l2\n  rate-limit client up 4096\n"
        in config
    )
    assert " ssid-profile name campus-staff\n  ssid GDEDU-Staff\n  ssid-hide enable\n" in config
    assert " ssid-profile name campus-student\n  ssid GDEDU-Student\n traffic-profile" in config
    assert f"  security wpa2 psk pass-phrase {PSK} aes\n" in config
    assert "  security wpa2 dot1x aes\n" in config
    assert "  vap-profile campus-iot wlan 4 radio 0\n" in config
    assert "  dca-channel 2.4g channel-set 1,6,11\n" in config
    assert "   wids contain enable\n" in config
    # The school's own server (the host of kind server) is the RADIUS server.
    assert " radius-server authentication 198.18.20.138 1812\n" in config
    assert " radius-server accounting 198.18.20.138 1813\n" in config
    assert "  accounting-mode radius\n" in config


def test_h3c_service_templates(rendered: dict[str, tuple[WlanIntent, str]]) -> None:
    wlan, config = rendered["HYXX-WLC-01"]
    # No school server here, so the district's (inherited provincial) RADIUS is used.
    assert wlan.radius_source == "inherited"
    assert " primary authentication 198.18.255.21 1812 key simple " in config
    assert " primary accounting 198.18.255.21 1813 key simple " in config
    assert "wlan service-template campus-staff\n ssid GDEDU-Staff\n vlan 30\n" in config
    assert " beacon ssid-hide\n akm mode dot1x\n cipher-suite ccmp\n security-ie rsn\n" in config
    assert "wlan service-template campus-guest" in config
    assert " portal apply web-server campus-wlan\n user-isolation enable\n" in config
    assert "wlan ap HYXX-AP-A101 model WA6320\n mac-address " in config
    assert "wlan auto-ap enable" not in config
    assert " countermeasure rogue-ap\n" in config
    assert "campus-iot" not in config


def test_cisco_wlans(rendered: dict[str, tuple[WlanIntent, str]]) -> None:
    _wlan, config = rendered["PYZJ-WLC-01"]
    assert "ap auth-list authorize-mac\n" in config
    assert "wlan campus-staff 1 GDEDU-Staff\n no broadcast-ssid\n" in config
    assert "wlan campus-student 2 GDEDU-Student\n band-select\n peer-blocking drop\n" in config
    assert f" security wpa psk set-key ascii 0 {PSK}\n" in config
    assert (
        "wireless profile policy campus-guest\n aaa-override\n accounting-list campus-wlan\n central switching\n vlan 60\n"
        in config
    )
    assert "ap dot11 24ghz rrm channel dca remove 6\n" not in config
    assert "ap dot11 24ghz rrm channel dca remove 2\n" in config


def test_ruijie_wlans(rendered: dict[str, tuple[WlanIntent, str]]) -> None:
    _wlan, config = rendered["SQZX-WLC-01"]
    assert (
        "wlan-config 1 campus-staff GDEDU-Staff\n ssid-code utf-8\n no enable-broad-ssid\n"
        in config
    )
    assert (
        "wlansec 1\n security rsn enable\n security rsn ciphers aes enable\n security rsn akm 802.1x enable\n"
        in config
    )
    assert " interface-mapping 2 50 ap-wlan-id 2 radio all\n" in config
    assert "ap-config SQZX-AP-A101\n ap-mac " in config
