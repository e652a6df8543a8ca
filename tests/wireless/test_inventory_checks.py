"""Located inventory errors of the wireless part: AP identity, AP groups, SSID VLANs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, InventoryInvalid, load_inventory
from campusctl.inventory.model.wireless import ap_groups
from campusctl.inventory.wireless_checks import offered_ssids
from tests.wireless.conftest import HUAWEI_SCHOOL, Edit

AP_A101 = '  mac: "00:00:5e:00:53:01"\n'
AP_A101_PLACE = (
    '  mac: "00:00:5e:00:53:01"\n'
    "  management: {vlan: 10, ipv4: 198.18.19.132/26, ipv6: '2001:db8:4406:10a::4/64'}\n"
    "  building: A\n"
)


def _problems(make: Callable[[list[Edit]], Path], edits: list[Edit]) -> list[str]:
    root = make(edits)
    with pytest.raises(InventoryInvalid) as raised:
        load_inventory(root)
    return [p.render() for p in raised.value.problems]


def test_sample_offers_catalogue_per_school(sample: Inventory) -> None:
    offered = {
        code: [s.id for s in offered_ssids(school)] for code, school in sample.schools.items()
    }
    assert offered["2440106001"] == ["staff", "student", "guest", "iot"]
    # No IoT VLAN in this school, so the IoT SSID is not offered there.
    assert offered["2440106002"] == ["staff", "student", "guest"]


def test_ap_groups_per_building(sample: Inventory) -> None:
    groups = ap_groups(sample.schools["2440106001"])
    assert sorted(groups) == ["A", "B", "D"]
    assert len(groups["A"]) == 24
    assert sum(len(members) for members in groups.values()) == 38


def test_ap_without_mac_loads(edited: Callable[[list[Edit]], Path]) -> None:
    # An AP not yet delivered has no MAC; the school still loads and the AP is not whitelisted.
    root = edited([(HUAWEI_SCHOOL, AP_A101, "")])
    school = load_inventory(root).schools["2440106001"]
    device = school.device("YCSY-AP-A101")
    assert device is not None
    assert device.mac is None


def test_duplicate_ap_mac_located(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(
        edited, [(HUAWEI_SCHOOL, '  mac: "00:00:5e:00:53:02"', '  mac: "00:00:5e:00:53:01"')]
    )
    assert len(problems) == 1
    assert "2440106001.yml:154" in problems[0]
    assert "is also used by YCSY-AP-A101" in problems[0]


def test_mac_written_with_dashes_accepted(edited: Callable[[list[Edit]], Path]) -> None:
    root = edited([(HUAWEI_SCHOOL, AP_A101, '  mac: "0000-5E00-5301"\n')])
    school = load_inventory(root).schools["2440106001"]
    assert school.device("YCSY-AP-A101") is not None
    assert school.device("YCSY-AP-A101").mac == "00:00:5e:00:53:01"  # type: ignore[union-attr]


def test_ap_in_unknown_building(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(
        edited,
        [(HUAWEI_SCHOOL, AP_A101_PLACE, AP_A101_PLACE.replace("building: A", "building: Z"))],
    )
    assert len(problems) == 1
    assert "2440106001.yml:146" in problems[0]
    assert "unknown building Z" in problems[0]


def test_controller_missing_ssid_vlans(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(
        edited,
        [
            (
                HUAWEI_SCHOOL,
                "profile: uplink, vlans: [10, 30, 50, 60, 90], description: uplink YCSY-CORE-01",
                "profile: uplink, vlans: [10, 50, 60], description: uplink YCSY-CORE-01",
            )
        ],
    )
    assert len(problems) == 1
    assert "SSID VLAN(s) 30, 90 on none of its ports" in problems[0]


def test_invalid_mac_located(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(edited, [(HUAWEI_SCHOOL, AP_A101, '  mac: "00:00:5e:00:53"\n')])
    assert len(problems) == 1
    assert "2440106001.yml:144" in problems[0]
    assert "invalid MAC address" in problems[0]


def test_bad_catalogue_located_in_province(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(
        edited,
        [
            (
                "province.yml",
                "zone: guest, auth: portal, security: open,",
                "zone: guest, auth: psk, security: open,",
            )
        ],
    )
    assert any("province.yml:" in p and "GDEDU-Guest" in p for p in problems)


def test_too_many_ssids_per_radio(edited: Callable[[list[Edit]], Path]) -> None:
    problems = _problems(
        edited,
        [("province.yml", "max_ssids_per_radio: 4}", "max_ssids_per_radio: 3}")],
    )
    assert any("4 SSIDs on the 2.4ghz radio exceed the limit of 3" in p for p in problems)
