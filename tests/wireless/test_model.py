"""The wireless model: SSID consistency, MAC addresses, radio and catalogue checks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from campusctl.inventory.model.wireless import (
    RadioPolicy,
    Security,
    Ssid,
    WirelessSettings,
    normalize_mac,
)

STAFF: dict[str, Any] = {
    "id": "staff",
    "ssid": "GDEDU-Staff",
    "zone": "office",
    "auth": "dot1x",
    "security": "wpa2-enterprise",
}


def _ssid(**changes: Any) -> Ssid:
    return Ssid.model_validate({**STAFF, **changes})


def test_staff_ssid_valid() -> None:
    ssid = _ssid()
    assert ssid.security is Security.WPA2_ENTERPRISE
    assert ssid.hidden is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"security": "wpa2-psk", "psk_secret": "k"}, "needs security wpa2-enterprise"),
        ({"auth": "portal"}, "needs auth dot1x"),
        ({"auth": "psk", "security": "open"}, "needs security wpa2-psk or wpa3-sae"),
        ({"auth": "psk", "security": "wpa2-psk"}, "names no psk_secret"),
        ({"psk_secret": "k"}, "takes no key"),
        ({"auth": "mac", "security": "wpa2-psk"}, "names no psk_secret"),
        ({"zone": "management"}, "takes no wireless users"),
        ({"zone": "servers"}, "takes no wireless users"),
        ({"bands": []}, "offered on no band"),
        ({"ssid": "广东省教育网络教职工无线网络"}, "802.11 allows at most 32"),
        ({"id": "Staff"}, "pattern"),
    ],
)
def test_inconsistent_ssid_rejected(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _ssid(**changes)
    assert message in str(raised.value)


def test_open_ssid_needs_admission() -> None:
    with pytest.raises(ValidationError) as raised:
        Ssid.model_validate(
            {"id": "open", "ssid": "Open", "zone": "guest", "auth": "psk", "security": "open"}
        )
    assert "needs security wpa2-psk" in str(raised.value)
    portal = Ssid.model_validate(
        {"id": "guest", "ssid": "Guest", "zone": "guest", "auth": "portal", "security": "open"}
    )
    assert portal.security is Security.OPEN


def test_wep_and_tkip_not_representable() -> None:
    for security in ("wep", "wpa-tkip", "wpa2-tkip"):
        with pytest.raises(ValidationError):
            _ssid(security=security)


@pytest.mark.parametrize(
    "text", ["00:E0:FC:12:34:56", "00e0-fc12-3456", "00e0.fc12.3456", "00-e0-fc-12-34-56"]
)
def test_mac_normalized(text: str) -> None:
    assert normalize_mac(text) == "00:e0:fc:12:34:56"


@pytest.mark.parametrize("text", ["00:e0:fc:12:34", "00:e0:fc:12:34:5g", "", "00e0fc1234567"])
def test_invalid_mac_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="invalid MAC address"):
        normalize_mac(text)


def test_radio_widths_checked() -> None:
    with pytest.raises(ValidationError, match=r"2\.4 GHz channel width"):
        RadioPolicy(width_24ghz_mhz=80)
    with pytest.raises(ValidationError, match="5 GHz channel width"):
        RadioPolicy(width_5ghz_mhz=30)
    with pytest.raises(ValidationError):
        RadioPolicy.model_validate({"channels_24ghz": [14]})


def test_catalogue_ids_unique() -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        WirelessSettings.model_validate({"ssids": [STAFF, {**STAFF, "ssid": "Other"}]})
    with pytest.raises(ValidationError, match="appears twice"):
        WirelessSettings.model_validate({"ssids": [STAFF, {**STAFF, "id": "other"}]})


def test_portal_ssid_needs_portal_server() -> None:
    guest = {"id": "guest", "ssid": "Guest", "zone": "guest", "auth": "portal", "security": "open"}
    with pytest.raises(ValidationError, match="no portal server"):
        WirelessSettings.model_validate({"ssids": [guest]})
    settings = WirelessSettings.model_validate(
        {"ssids": [guest], "portal": {"address": "198.18.255.31", "url": "http://p.example/"}}
    )
    assert settings.portal is not None


def test_per_band_counts() -> None:
    iot = {**STAFF, "id": "iot", "ssid": "IoT", "bands": ["2.4ghz"]}
    settings = WirelessSettings.model_validate({"ssids": [STAFF, iot]})
    per_band = {band.value: [s.id for s in ssids] for band, ssids in settings.per_band().items()}
    assert per_band["2.4ghz"] == ["staff", "iot"]
    assert per_band["5ghz"] == ["staff"]
