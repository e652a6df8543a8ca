"""Reading each platform's configuration into device facts."""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv6Interface

from campusctl.discover.facts import PortMode
from campusctl.discover.readers import read_config
from campusctl.discover.source import SavedConfig, read_saved_config
from campusctl.inventory.model import Charset
from campusctl.platforms import PlatformId

from .conftest import SCHOOL


def _read(name: str):  # type: ignore[no-untyped-def]
    return read_config(read_saved_config(SCHOOL / name))


def test_huawei_reads_identity_vlans_and_svis() -> None:
    core = _read("core-huawei.cfg")
    assert core.hostname == "PY-ShiQiao-Core"
    assert core.os_version == "V200R019C10SPC500"
    assert core.model is None
    assert core.telnet
    assert set(core.vlans) == {10, 20, 30, 40, 50, 60, 99}
    assert core.vlans[10].description == "网管"
    vlanif20 = core.interfaces["Vlanif20"]
    assert vlanif20.ipv4 == [IPv4Interface("198.18.37.1/25")]
    # The link-local address is not a global address of the SVI.
    assert vlanif20.ipv6 == [IPv6Interface("2001:db8:4413:314::1/64")]
    assert vlanif20.dhcp == "relay"
    assert core.interfaces["Vlanif50"].dhcp is None


def test_huawei_trunk_without_undo_keeps_vlan_1() -> None:
    core = _read("core-huawei.cfg")
    assert core.interfaces["XGigabitEthernet0/0/3"].trunk_vlans.expand() == [1, 10, 20, 40]  # type: ignore[union-attr]
    assert core.interfaces["Eth-Trunk1"].trunk_vlans.expand() == [10, 20, 40, 60]  # type: ignore[union-attr]
    assert [m.name for m in core.members("Eth-Trunk1")] == [
        "XGigabitEthernet0/0/1",
        "XGigabitEthernet0/0/2",
    ]


def test_h3c_reads_lag_members_and_default_vlan() -> None:
    access = _read("jxl-1f-h3c.cfg")
    assert access.os_version == "7.1.070 Release 6328P03"
    assert access.charset is Charset.GBK
    assert access.interfaces["Ten-GigabitEthernet1/0/49"].lag == "Bridge-Aggregation1"
    teacher = access.interfaces["GigabitEthernet1/0/6"]
    assert (teacher.description, teacher.mode, teacher.access_vlan) == (
        "老师电脑",
        PortMode.ACCESS,
        1,
    )
    ap = access.interfaces["GigabitEthernet1/0/2"]
    assert ap.native_vlan == 10
    assert ap.trunk_vlans.expand() == [10, 60]  # type: ignore[union-attr]


def test_ruijie_keeps_spaced_names_and_vlan_1_management() -> None:
    access = _read("syl-ruijie.cfg")
    assert access.os_version == "11.4(1)B12P1"
    assert "TenGigabitEthernet 0/25" in access.interfaces
    assert access.interfaces["VLAN 1"].vlan_id == 1
    assert access.interfaces["VLAN 1"].ipv4 == [IPv4Interface("198.18.39.10/24")]
    assert access.telnet


def test_cisco_reads_model_from_provision_and_merges_add_lines() -> None:
    access = _read("bgl-cisco.cfg")
    assert access.model == "C9200L-48P-4X"
    assert access.os_version == "17.9"
    uplink = access.interfaces["TenGigabitEthernet1/1/1"]
    assert uplink.trunk_vlans.expand() == [10, 30, 40, 50]  # type: ignore[union-attr]
    assert access.telnet


def test_ios_allowed_list_over_several_add_lines() -> None:
    text = "\n".join(
        [
            "version 15.2",
            "hostname S1",
            "interface GigabitEthernet1/0/48",
            " switchport mode trunk",
            " switchport trunk allowed vlan 10,20,30-32",
            " switchport trunk allowed vlan add 40,50-51",
            " switchport trunk allowed vlan add 60",
            " switchport trunk allowed vlan add 100-101,4000",
        ]
    )
    facts = read_config(SavedConfig("t", text, PlatformId.CISCO_IOS, Charset.UTF8))
    vlans = facts.interfaces["GigabitEthernet1/0/48"].trunk_vlans
    assert vlans is not None
    assert vlans.compress() == "10,20,30-32,40,50-51,60,100-101,4000"


def test_ipv6_only_svi_and_eui64_template() -> None:
    text = "\n".join(
        [
            "!Software Version V200R021C10SPC600",
            "sysname S1",
            "interface Vlanif20",
            " ipv6 enable",
            " ipv6 address 2001:DB8:10:20::1/64",
            " ipv6 address 2001:DB8:10:21::/64 eui-64",
            " ipv6 address FE80::1 link-local",
        ]
    )
    facts = read_config(SavedConfig("t", text, PlatformId.HUAWEI_VRP, Charset.UTF8))
    svi = facts.interfaces["Vlanif20"]
    assert svi.ipv4 == []
    assert svi.ipv6 == [IPv6Interface("2001:db8:10:20::1/64")]
    assert svi.ipv6[0].network.prefixlen == 64
