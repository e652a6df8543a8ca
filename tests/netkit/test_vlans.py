"""VLAN sets, vendor list grammars, and allowed-VLAN parsing."""

from __future__ import annotations

import pytest

from campusctl.netkit.errors import VlanListError
from campusctl.netkit.vlans import (
    VlanSet,
    VlanSetState,
    allowed_vlan_lines,
    compress_vlans,
    default_trunk_vlans,
    expand_vlan_list,
    parse_allowed_vlan_config,
    parse_h3c_vlan_passing,
    parse_show_switchport,
)

TRUNK_SET = {10, 20, 30, 31, 32, 40, 50, 51, 60, 100, 101, 4000}

IOS_TRUNK_CONFIG = """\
interface GigabitEthernet1/0/48
 switchport mode trunk
 switchport trunk allowed vlan 10,20,30-32
 switchport trunk allowed vlan add 40,50-51
 switchport trunk allowed vlan add 60
 switchport trunk allowed vlan add 100-101,4000
"""

IOS_SHOW_SWITCHPORT = """\
Name: Gi1/0/48
Administrative Mode: trunk
Trunking VLANs Enabled: 10,20,30-32,40,50,51,60,100,101,
     4000
Pruning VLANs Enabled: 2-1001
Name: Gi1/0/49
Administrative Mode: static access
Access Mode VLAN: 10 (STAFF)
"""


def test_three_states_are_distinct() -> None:
    assert VlanSet.all().state is VlanSetState.ALL
    assert VlanSet.none().state is VlanSetState.NONE
    assert VlanSet.of([]) == VlanSet.none()
    assert VlanSet.of(range(1, 4095)) != VlanSet.all()
    assert VlanSet.of(range(1, 4095)).same_members(VlanSet.all())


def test_parse_all_and_none_keywords() -> None:
    assert VlanSet.parse("all") == VlanSet.all()
    assert VlanSet.parse(" ALL ") == VlanSet.all()
    assert VlanSet.parse("none") == VlanSet.none()


def test_compress_ios_trunk_set() -> None:
    assert compress_vlans(TRUNK_SET) == "10,20,30-32,40,50-51,60,100-101,4000"


def test_compress_states() -> None:
    assert VlanSet.all().compress() == "all"
    assert VlanSet.none().compress() == "none"


@pytest.mark.parametrize(
    "text",
    [
        "10,20,30-32,40,50-51,60,100-101,4000",
        "10 20 30 to 32 40 50 to 51 60 100 to 101 4000",
        "10, 20, 30-32, 40, 50-51, 60, 100-101, 4000",
    ],
)
def test_expand_both_grammars(text: str) -> None:
    assert set(expand_vlan_list(text)) == TRUNK_SET


def test_expand_drops_vendor_annotations() -> None:
    assert expand_vlan_list("1(default vlan), 10, 20-22") == [1, 10, 20, 21, 22]


@pytest.mark.parametrize("text", ["0", "4095", "10-5", "10,abc", "10 to", "1-2-3"])
def test_expand_rejects_invalid(text: str) -> None:
    with pytest.raises(VlanListError):
        expand_vlan_list(text)


def test_set_operations() -> None:
    a = VlanSet.of([10, 20])
    assert (a | VlanSet.of([30])).ids == {10, 20, 30}
    assert (a - VlanSet.of([10])).ids == {20}
    assert a - VlanSet.all() == VlanSet.none()
    assert (a | VlanSet.all()) == VlanSet.all()
    assert len(VlanSet.all() - VlanSet.of([1])) == 4093
    assert 4094 in VlanSet.all()
    assert 4095 not in VlanSet.all()


def test_parse_ios_config_merges_every_add_line() -> None:
    result = parse_allowed_vlan_config(IOS_TRUNK_CONFIG.splitlines(), "cisco_ios")
    assert result == VlanSet.of(TRUNK_SET)


def test_parse_ios_config_remove_except_none() -> None:
    lines = ["switchport trunk allowed vlan 10-20", "switchport trunk allowed vlan remove 15"]
    assert parse_allowed_vlan_config(lines, "cisco_ios").ids == set(range(10, 21)) - {15}
    assert parse_allowed_vlan_config(
        ["switchport trunk allowed vlan except 1-4093"], "cisco_ios"
    ) == (VlanSet.of([4094]))
    assert parse_allowed_vlan_config(["switchport trunk allowed vlan none"], "cisco_ios") == (
        VlanSet.none()
    )


def test_parse_without_line_gives_platform_default() -> None:
    assert parse_allowed_vlan_config([], "cisco_ios") == VlanSet.all()
    assert parse_allowed_vlan_config([], "huawei") == VlanSet.of([1])
    assert default_trunk_vlans("hp_comware") == VlanSet.of([1])


def test_parse_vrp_and_comware_lines() -> None:
    huawei = [
        " port link-type trunk",
        " undo port trunk allow-pass vlan 1",
        " port trunk allow-pass vlan 10 20 30 to 32",
        " port trunk allow-pass vlan 40",
    ]
    assert parse_allowed_vlan_config(huawei, "huawei").ids == {10, 20, 30, 31, 32, 40}
    comware = [" port trunk permit vlan 1 10 20 to 22"]
    assert parse_allowed_vlan_config(comware, "hp_comware").ids == {1, 10, 20, 21, 22}
    assert parse_allowed_vlan_config([" port trunk permit vlan all"], "hp_comware") == (
        VlanSet.all()
    )


def test_parse_ruijie_only_keyword() -> None:
    lines = [" switchport trunk allowed vlan only 10,20", " switchport trunk allowed vlan add 30"]
    assert parse_allowed_vlan_config(lines, "ruijie_os").ids == {10, 20, 30}


def test_show_switchport_joins_wrapped_list() -> None:
    ports = parse_show_switchport(IOS_SHOW_SWITCHPORT)
    assert [p.name for p in ports] == ["Gi1/0/48", "Gi1/0/49"]
    assert ports[0].trunk_vlans == VlanSet.of(TRUNK_SET)
    assert ports[0].mode == "trunk"


def test_show_switchport_parses_port_after_wrapped_list() -> None:
    second = parse_show_switchport(IOS_SHOW_SWITCHPORT)[1]
    assert second.mode == "static access"
    assert second.access_vlan == 10


def test_h3c_vlan_passing_drops_annotation() -> None:
    text = " Port link-type: Trunk\n VLAN Passing:   1(default vlan), 10, 20-22\n"
    assert parse_h3c_vlan_passing(text) == VlanSet.of([1, 10, 20, 21, 22])


def test_h3c_vlan_permitted_and_wrapped() -> None:
    text = (
        " VLAN Permitted: 1(default vlan), 10, 20-22, 30, 40,\n"
        "                 50-52\n"
        " Trunk port encapsulation: IEEE 802.1q\n"
    )
    assert parse_h3c_vlan_passing(text, field="Permitted").ids == {
        1,
        10,
        20,
        21,
        22,
        30,
        40,
        50,
        51,
        52,
    }


def test_h3c_vlan_passing_none_and_missing() -> None:
    assert parse_h3c_vlan_passing(" VLAN Passing:   none\n") == VlanSet.none()
    with pytest.raises(VlanListError):
        parse_h3c_vlan_passing(" Port link-type: Access\n")


ROUND_TRIP_SETS = [
    VlanSet.of(TRUNK_SET),
    VlanSet.of(range(2, 4095, 3)),
    VlanSet.of([1, 10]),
    VlanSet.of([4094]),
    VlanSet.all(),
    VlanSet.none(),
]


@pytest.mark.parametrize("platform", ["huawei", "hp_comware", "cisco_ios", "ruijie_os"])
@pytest.mark.parametrize("vlans", ROUND_TRIP_SETS, ids=lambda v: f"{v.state}-{len(v)}")
def test_rendered_lines_parse_back(platform: str, vlans: VlanSet) -> None:
    lines = allowed_vlan_lines(platform, vlans)
    assert parse_allowed_vlan_config(lines, platform) == vlans


@pytest.mark.parametrize("platform", ["huawei", "hp_comware"])
def test_vrp_lines_hold_at_most_ten_items(platform: str) -> None:
    lines = allowed_vlan_lines(platform, VlanSet.of(range(2, 4095, 3)))
    for line in lines:
        items = line.split(" vlan ", 1)[1].replace(" to ", "~").split()
        assert len(items) <= 10, line


@pytest.mark.parametrize("platform", ["cisco_ios", "ruijie_os"])
def test_cisco_lines_fit_eighty_columns(platform: str) -> None:
    lines = allowed_vlan_lines(platform, VlanSet.of(range(2, 4095, 3)))
    assert len(lines) > 1
    assert all(len(line) <= 80 for line in lines)
    assert all(" add " in line for line in lines[1:])


def test_vrp_lines_remove_default_vlan_one() -> None:
    assert allowed_vlan_lines("huawei", VlanSet.of([10, 20, 21])) == [
        "undo port trunk allow-pass vlan 1",
        "port trunk allow-pass vlan 10 20 to 21",
    ]
    assert allowed_vlan_lines("hp_comware", VlanSet.none()) == ["undo port trunk permit vlan 1"]


def test_cisco_lines_for_states() -> None:
    assert allowed_vlan_lines("cisco_ios", VlanSet.none()) == ["switchport trunk allowed vlan none"]
    assert allowed_vlan_lines("cisco_ios", VlanSet.all()) == ["switchport trunk allowed vlan all"]
    assert allowed_vlan_lines("ruijie_os", VlanSet.of([10])) == [
        "switchport trunk allowed vlan only 10"
    ]
