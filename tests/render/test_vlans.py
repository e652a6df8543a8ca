"""Allowed-VLAN and VLAN-list lines as the templates write them, per platform."""

from __future__ import annotations

import pytest

from campusctl.netkit.vlans import VlanSet, expand_vlan_list, parse_allowed_vlan_config
from campusctl.render.environment import trunk_allowed_lines, vlan_commands

PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]
LONG_LIST = VlanSet.of(range(100, 4000, 7))


def test_huawei_trunk_drops_default_vlan() -> None:
    lines = trunk_allowed_lines(VlanSet.of([10, 20, 30, 31, 32]), "huawei_vrp")
    assert lines == [
        "undo port trunk allow-pass vlan 1",
        "port trunk allow-pass vlan 10 20 30 to 32",
    ]


def test_h3c_trunk_uses_permit() -> None:
    lines = trunk_allowed_lines(VlanSet.of([10, 20]), "h3c_comware")
    assert lines == ["undo port trunk permit vlan 1", "port trunk permit vlan 10 20"]


def test_ruijie_trunk_starts_with_only() -> None:
    lines = trunk_allowed_lines(LONG_LIST, "ruijie_rgos")
    assert lines[0].startswith("switchport trunk allowed vlan only ")
    assert all(line.startswith("switchport trunk allowed vlan add ") for line in lines[1:])


def test_cisco_trunk_continues_with_add() -> None:
    lines = trunk_allowed_lines(LONG_LIST, "cisco_ios")
    assert lines[0].startswith("switchport trunk allowed vlan 100,107,")
    assert all(line.startswith("switchport trunk allowed vlan add ") for line in lines[1:])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_trunk_lines_give_back_the_set(platform: str) -> None:
    # Applied in order from the platform's default list, as the device does.
    lines = trunk_allowed_lines(LONG_LIST, platform)
    assert parse_allowed_vlan_config(lines, platform) == LONG_LIST


@pytest.mark.parametrize("platform", ["cisco_ios", "ruijie_rgos"])
def test_cisco_style_lines_stay_within_80(platform: str) -> None:
    lines = trunk_allowed_lines(LONG_LIST, platform)
    assert len(lines) > 1
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("platform", ["huawei_vrp", "h3c_comware"])
def test_vrp_style_lines_hold_ten_items(platform: str) -> None:
    # `{ vlan-id1 [ to vlan-id2 ] }&<1-10>` in both command references.
    lines = trunk_allowed_lines(LONG_LIST, platform)[1:]
    items = [expand_vlan_list(line.rsplit("vlan ", 1)[1]) for line in lines]
    assert [len(chunk) for chunk in items[:-1]] == [10] * (len(items) - 1)
    assert len(items[-1]) <= 10


def test_vlan_batch_counts_a_range_as_one_item() -> None:
    ids = [*range(2, 5), *range(10, 200, 10)]
    lines = vlan_commands(ids, "vlan batch", "huawei_vrp")
    assert lines[0] == "vlan batch 2 to 4 10 20 30 40 50 60 70 80 90"
    assert len(lines) == 2
    assert set().union(
        *(expand_vlan_list(line.removeprefix("vlan batch ")) for line in lines)
    ) == set(ids)


def test_snooping_list_repeats_the_command() -> None:
    ids = list(range(100, 4000, 7))
    lines = vlan_commands(ids, "ip dhcp snooping vlan", "cisco_ios")
    assert len(lines) > 1
    assert all(line.startswith("ip dhcp snooping vlan ") for line in lines)
    assert max(len(line) for line in lines) <= 80
    found = set().union(*(expand_vlan_list(line.rsplit(" ", 1)[1]) for line in lines))
    assert found == set(ids)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_empty_list_gives_no_line(platform: str) -> None:
    assert vlan_commands([], "vlan batch", platform) == []
