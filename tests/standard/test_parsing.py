"""Config parsing details: VLAN lists, trunk add lines, line numbers, interface names."""

from __future__ import annotations

import pytest

from campusctl.platforms import PlatformId
from campusctl.standard.config.device import read_facts
from campusctl.standard.config.facts import compress_vlans, parse_vlan_list
from campusctl.standard.config.parse import parse_config
from campusctl.standard.ifnames import canonical_interface, interface_key

IOS_TRUNK = """interface GigabitEthernet1/0/48
 switchport mode trunk
 switchport trunk allowed vlan 10,20,30-32
 switchport trunk allowed vlan add 40,50-51
 switchport trunk allowed vlan add 60
 switchport trunk allowed vlan add 100-101,4000
!
interface GigabitEthernet1/0/49
 switchport access vlan 10
 switchport mode access
"""
NAP06_SET = {10, 20, 30, 31, 32, 40, 50, 51, 60, 100, 101, 4000}


def test_trunk_add_lines_merge() -> None:
    facts = read_facts(parse_config("sw", PlatformId.CISCO_IOS, IOS_TRUNK))
    trunk = facts.interfaces["GigabitEthernet1/0/48"]
    assert trunk.trunk_vlans == NAP06_SET
    assert compress_vlans(trunk.trunk_vlans) == "10,20,30-32,40,50-51,60,100-101,4000"
    assert facts.interfaces["GigabitEthernet1/0/49"].access_vlan == 10


def test_ruijie_trunk_remove_and_only() -> None:
    text = "interface GigabitEthernet 0/1\n switchport mode trunk\n switchport trunk allowed vlan only 1,10-12\n switchport trunk allowed vlan remove 1\n"
    facts = read_facts(parse_config("sw", PlatformId.RUIJIE_RGOS, text))
    assert facts.interfaces["GigabitEthernet 0/1"].trunk_vlans == {10, 11, 12}


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (
            PlatformId.HUAWEI_VRP,
            "interface Eth-Trunk1\n port link-type trunk\n port trunk allow-pass vlan 10 20 to 22\n",
            {1, 10, 20, 21, 22},
        ),
        (
            PlatformId.HUAWEI_VRP,
            "interface Eth-Trunk1\n port link-type trunk\n undo port trunk allow-pass vlan 1\n port trunk allow-pass vlan 10 20 to 22\n",
            {10, 20, 21, 22},
        ),
        (
            PlatformId.H3C_COMWARE,
            "#\ninterface Bridge-Aggregation1\n port link-type trunk\n undo port trunk permit vlan 1\n port trunk permit vlan 10 20 to 22\n#\n",
            {10, 20, 21, 22},
        ),
    ],
)
def test_vrp_trunk_keeps_vlan_1_until_undo(
    platform: PlatformId, text: str, expected: set[int]
) -> None:
    facts = read_facts(parse_config("sw", platform, text))
    (interface,) = facts.interfaces.values()
    assert interface.trunk_vlans == expected


def test_vlan_list_forms() -> None:
    assert parse_vlan_list("10 20 30 to 32", range_word="to") == {10, 20, 30, 31, 32}
    assert parse_vlan_list("10,20,30-32") == {10, 20, 30, 31, 32}


def test_comware_global_lines_indented_one_space() -> None:
    text = "#\n version 7.1.070\n#\n sysname A\n ssh server enable\n#\ninterface GigabitEthernet1/0/1\n port access vlan 20\n#\nreturn\n"
    parsed = parse_config("A", PlatformId.H3C_COMWARE, text)
    facts = read_facts(parsed)
    assert facts.ssh_server is not None
    assert facts.ssh_server.line == 5
    assert facts.interfaces["GigabitEthernet1/0/1"].access_vlan == 20
    assert facts.interfaces["GigabitEthernet1/0/1"].evidence.line == 7


def test_link_local_is_not_a_global_address() -> None:
    text = "interface Vlan20\n ip address 198.18.18.1 255.255.255.0\n ipv6 address FE80::1 link-local\n ipv6 address fe80:0:0:1::1/64\n"
    facts = read_facts(parse_config("sw", PlatformId.CISCO_IOS, text))
    svi = facts.interfaces["Vlan20"]
    assert svi.svi_vlan == 20
    assert svi.ipv6 == []
    assert len(svi.ipv6_link_local) == 2


def test_duplicate_section_is_unreadable() -> None:
    from campusctl.standard.config.parse import ConfigUnreadable

    with pytest.raises(ConfigUnreadable, match="sw"):
        parse_config(
            "sw",
            PlatformId.HUAWEI_VRP,
            "interface GigabitEthernet0/0/1\n shutdown\n#\ninterface GigabitEthernet0/0/1\n shutdown\n",
        )


@pytest.mark.parametrize(
    ("platform", "raw", "canonical"),
    [
        ("h3c_comware", "GE1/0/6", "GigabitEthernet1/0/6"),
        ("h3c_comware", "XGE1/0/25", "Ten-GigabitEthernet1/0/25"),
        ("h3c_comware", "BAGG1", "Bridge-Aggregation1"),
        ("huawei_vrp", "XGE0/0/1", "XGigabitEthernet0/0/1"),
        ("huawei_vrp", "GE0/0/1", "GigabitEthernet0/0/1"),
        ("cisco_ios", "Po1", "Port-channel1"),
        ("cisco_ios", "Fi1/0/1", "FiveGigabitEthernet1/0/1"),
        ("cisco_ios", "Tw1/0/1", "TwoGigabitEthernet1/0/1"),
        ("cisco_ios", "Te1/1/1", "TenGigabitEthernet1/1/1"),
        ("ruijie_rgos", "Gi0/1", "GigabitEthernet 0/1"),
        ("ruijie_rgos", "GigabitEthernet0/1", "GigabitEthernet 0/1"),
        ("cisco_ios", "gigabitethernet1/0/2", "GigabitEthernet1/0/2"),
    ],
)
def test_interface_names_canonical(platform: str, raw: str, canonical: str) -> None:
    assert canonical_interface(raw, platform) == canonical


def test_abbreviation_without_platform_rejected() -> None:
    with pytest.raises(ValueError, match="platform"):
        canonical_interface("XGE0/0/1", None)
    assert canonical_interface("Bridge-Aggregation1", None) == "Bridge-Aggregation1"


def test_interface_key_joins_spellings() -> None:
    assert interface_key("Gi 0/1", "ruijie_rgos") == interface_key(
        "GigabitEthernet 0/1", "ruijie_rgos"
    )
    assert interface_key("XGE0/0/1", "huawei_vrp") != interface_key("XGE0/0/1", "h3c_comware")
