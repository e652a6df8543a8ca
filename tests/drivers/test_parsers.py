"""Show/display parsers, on transcripts written from the vendors' documented formats."""

from __future__ import annotations

import pytest

from campusctl.drivers.cisco_ios import check_archive_diff, ensure_end
from campusctl.drivers.errors import ConfigDiffFailed
from campusctl.drivers.parsers import rgos, vrp

VRP_INTERFACE = """\
GigabitEthernet0/0/1 current state : UP
Line protocol current state : UP
Description:
Switch Port, PVID :   10, TPID : 8100(Hex), The Maximum Frame Length is 9216
IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is 3c8c-f801-0001
Last physical up time   : 2026-12-01 09:00:00 UTC+08:00
Current BW : 1000Mbps
GigabitEthernet0/0/2 current state : Administratively DOWN
Line protocol current state : DOWN
Description:uplink to 教学楼-3F
Switch Port, PVID :    1, TPID : 8100(Hex), The Maximum Frame Length is 9216
Current BW : 10Gbps
"""


def test_vrp_empty_description_stays_empty() -> None:
    interfaces = vrp.parse_display_interface(VRP_INTERFACE)
    assert interfaces["GigabitEthernet0/0/1"]["description"] == ""


def test_vrp_description_with_chinese_text() -> None:
    interfaces = vrp.parse_display_interface(VRP_INTERFACE)
    assert interfaces["GigabitEthernet0/0/2"]["description"] == "uplink to 教学楼-3F"


def test_vrp_interface_state_speed_mac_mtu() -> None:
    first, second = (
        vrp.parse_display_interface(VRP_INTERFACE)[n]
        for n in (
            "GigabitEthernet0/0/1",
            "GigabitEthernet0/0/2",
        )
    )
    assert first["is_up"] is True
    assert first["is_enabled"] is True
    assert first["speed"] == 1000.0
    assert first["mtu"] == 9216
    assert first["mac_address"] == "3C:8C:F8:01:00:01"
    assert second["is_enabled"] is False
    assert second["is_up"] is False
    assert second["speed"] == 10000.0


VRP_VLAN = """\
The total number of vlans is : 3
--------------------------------------------------------------------------------
U: Up;         D: Down;         TG: Tagged;         UT: Untagged;
MP: Vlan-mapping;               ST: Vlan-stacking;
#: ProtocolTransparent-vlan;    *: Management-vlan;
--------------------------------------------------------------------------------

VID  Type    Ports
--------------------------------------------------------------------------------
1    common  UT:GE0/0/3(D)      GE0/0/4(D)      GE0/0/5(D)      GE0/0/6(D)
                GE0/0/7(D)
10   common  UT:GE0/0/1(U)
             TG:XGE0/0/1(U)
99   common  TG:XGE0/0/1(U)

VID  Status  Property      MAC-LRN Statistics Description
--------------------------------------------------------------------------------
1    enable  default       enable  disable    VLAN 0001
10   enable  default       enable  disable    teaching
99   enable  default       enable  disable    management
"""


def test_vrp_vlans_with_members_and_names() -> None:
    vlans = vrp.parse_display_vlan(VRP_VLAN)
    assert sorted(vlans, key=int) == ["1", "10", "99"]
    assert vlans["10"] == {
        "name": "teaching",
        "interfaces": ["GigabitEthernet0/0/1", "XGigabitEthernet0/0/1"],
    }
    assert vlans["1"]["interfaces"][-1] == "GigabitEthernet0/0/7"
    assert len(vlans["1"]["interfaces"]) == 5
    assert vlans["99"]["name"] == "management"


VRP_IPV4 = """\
Vlanif10 current state : UP
Line protocol current state : UP
The Maximum Transmit Unit : 1500 bytes
Internet Address is 198.18.10.1/24
Broadcast address : 198.18.10.255
Vlanif20 current state : UP
Line protocol current state : UP
Internet protocol processing : disabled
"""

VRP_IPV6 = """\
Vlanif10 current state : UP
IPv6 protocol current state : UP
IPv6 is enabled, link-local address is FE80::3E8C:F8FF:FE01:2
  Global unicast address(es):
    2001:DB8:10:20::1, subnet is 2001:DB8:10:20::/64
  Joined group address(es):
    FF02::1:FF00:1
Vlanif20 current state : UP
IPv6 protocol current state : UP
IPv6 is enabled, link-local address is FE80::3E8C:F8FF:FE01:3
  Global unicast address(es):
    2001:DB8:10:21::1, subnet is 2001:DB8:10:21::/64
"""


def test_vrp_link_local_prefix_is_64() -> None:
    result = vrp.parse_ip_interfaces(VRP_IPV4, VRP_IPV6)
    assert result["Vlanif10"]["ipv6"]["fe80::3e8c:f8ff:fe01:2"] == {"prefix_length": 64}
    assert result["Vlanif10"]["ipv6"]["2001:db8:10:20::1"] == {"prefix_length": 64}
    assert result["Vlanif10"]["ipv4"]["198.18.10.1"] == {"prefix_length": 24}


def test_vrp_ipv6_only_interface_has_only_ipv6_key() -> None:
    result = vrp.parse_ip_interfaces(VRP_IPV4, VRP_IPV6)
    assert set(result["Vlanif20"]) == {"ipv6"}
    assert result["Vlanif20"]["ipv6"]["2001:db8:10:21::1"]["prefix_length"] == 64


def test_vrp_without_ipv6_gives_no_fake_interfaces() -> None:
    reply = "              ^\nError: Unrecognized command found at '^' position."
    result = vrp.parse_ip_interfaces(VRP_IPV4, reply)
    assert set(result) == {"Vlanif10"}
    assert "ipv6" not in result["Vlanif10"]


RGOS_VLAN = """\
VLAN Name                             Status    Ports
---- -------------------------------- --------- -----------------------------------
   1 VLAN0001                         STATIC    Gi0/3, Gi0/4, Gi0/5
  10 teaching                         STATIC    Gi0/1, Te0/49
  20 office                           STATIC    Gi0/2, Gi0/6, Gi0/7, Gi0/8
                                                Te0/49
"""


def test_rgos_vlans_with_continuation() -> None:
    vlans = rgos.parse_show_vlan(RGOS_VLAN)
    assert vlans["10"] == {
        "name": "teaching",
        "interfaces": ["GigabitEthernet 0/1", "TenGigabitEthernet 0/49"],
    }
    assert vlans["20"]["interfaces"][-1] == "TenGigabitEthernet 0/49"
    assert len(vlans["20"]["interfaces"]) == 5


RGOS_STATUS = """\
Interface                                Status    Vlan   Duplex   Speed     Type
---------------------------------------- --------  ----   -------  --------- ------
GigabitEthernet 0/1                      up        10     Full     1000M     copper
GigabitEthernet 0/2                      down      20     Unknown  Unknown   copper
TenGigabitEthernet 0/49                  up        Trunk  Full     10G       fiber
"""
RGOS_DESCRIPTION = """\
Interface                      Status         Administrative Description
------------------------------ -------------- -------------- -----------
Gi0/1                          up             up             401-classroom
Gi0/2                          down           down
Te0/49                         up             up             uplink to 教学楼
"""


def test_rgos_interfaces() -> None:
    interfaces = rgos.parse_interfaces(RGOS_STATUS, RGOS_DESCRIPTION)
    assert interfaces["GigabitEthernet 0/1"]["description"] == "401-classroom"
    assert interfaces["GigabitEthernet 0/1"]["speed"] == 1000.0
    assert interfaces["GigabitEthernet 0/2"]["is_enabled"] is False
    assert interfaces["GigabitEthernet 0/2"]["description"] == ""
    assert interfaces["TenGigabitEthernet 0/49"]["speed"] == 10000.0
    assert interfaces["TenGigabitEthernet 0/49"]["description"] == "uplink to 教学楼"


RGOS_IPV4_BRIEF = (
    "Interface                        IP-Address(Pri)      IP-Address(Sec)      "
    "Status                 Protocol\n"
    "VLAN 99                          198.18.99.14/24      no address           up"
    "                     up\n"
    "VLAN 10                          no address           no address           up"
    "                     up\n"
)
CISCO_STYLE_IPV4 = """\
VLAN 99 is up, line protocol is up
  Internet address is 198.18.99.14/24
  Secondary address 198.18.98.14/24
VLAN 10 is up, line protocol is up
  Internet protocol processing disabled
"""
RGOS_IPV6 = """\
VLAN 99 is up, line protocol is up
  IPv6 is enabled, link-local address is FE80::1234:5678:9ABC:DEF0
  Global unicast address(es):
    2001:DB8:99::14, subnet is 2001:DB8:99::/64
VLAN 10 is up, line protocol is up
  IPv6 is enabled, link-local address is FE80::1234:5678:9ABC:DEF1
    2001:DB8:10::1/64
"""


def test_rgos_ip_interfaces() -> None:
    result = rgos.parse_ip_interfaces(RGOS_IPV4_BRIEF, RGOS_IPV6)
    assert result["VLAN 99"]["ipv4"] == {"198.18.99.14": {"prefix_length": 24}}
    assert result["VLAN 99"]["ipv6"]["fe80::1234:5678:9abc:def0"] == {"prefix_length": 64}
    assert result["VLAN 99"]["ipv6"]["2001:db8:99::14"] == {"prefix_length": 64}
    assert set(result["VLAN 10"]) == {"ipv6"}
    assert result["VLAN 10"]["ipv6"]["2001:db8:10::1"] == {"prefix_length": 64}


def test_rgos_ipv4_from_detailed_output() -> None:
    result = rgos.parse_ip_interfaces(CISCO_STYLE_IPV4, "")
    assert result == {
        "VLAN 99": {
            "ipv4": {
                "198.18.99.14": {"prefix_length": 24},
                "198.18.98.14": {"prefix_length": 24},
            }
        }
    }


def test_rgos_ipv6_unsupported_reply() -> None:
    result = rgos.parse_ip_interfaces(RGOS_IPV4_BRIEF, "% Invalid input detected at '^' marker.")
    assert set(result) == {"VLAN 99"}


RGOS_VERSION = """\
System description      : Ruijie 10G Ethernet Switch(S5750-48GT4XS-E) By Ruijie Networks
System start time       : 2026-12-01 09:00:00
System uptime           : 3:10:00:05
System hardware version : 1.00
System software version : S5750_RGOS 11.4(1)B12P25
System serial number    : G1LQ10X000001
"""


def test_rgos_version() -> None:
    facts = rgos.parse_show_version(RGOS_VERSION)
    assert facts == {
        "model": "S5750-48GT4XS-E",
        "os_version": "S5750_RGOS 11.4(1)B12P25",
        "serial_number": "G1LQ10X000001",
        "uptime": float(((3 * 24 + 10) * 60) * 60 + 5),
    }


RGOS_LLDP = """\
Capability codes:
    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
System Name          Local Intf           Port ID              Capability Aging-time
SW-CORE-01           Te0/49               TenGigabitEthernet 0/1  B,R       102
"""


CISCO_STYLE_STATUS = """\
Port      Name               Status       Vlan       Duplex  Speed Type
Gi0/1     401-classroom      connected    10         a-full a-1000 10/100/1000BaseTX
Gi0/2                        notconnect   20         a-full a-1000 10/100/1000BaseTX
"""


def test_rgos_cisco_style_status_table() -> None:
    interfaces = rgos.parse_interfaces(CISCO_STYLE_STATUS, "")
    assert interfaces["GigabitEthernet 0/1"]["is_up"] is True
    assert interfaces["GigabitEthernet 0/1"]["speed"] == 1000.0
    assert interfaces["GigabitEthernet 0/2"]["is_up"] is False
    assert interfaces["GigabitEthernet 0/2"]["is_enabled"] is True


CISCO_STYLE_LLDP = """\
Device ID           Local Intf     Hold-time  Capability      Port ID
SW-CORE-01          Te0/49         120        B,R             Te0/1

Total entries displayed: 1
"""


def test_rgos_cisco_style_lldp_table() -> None:
    # The neighbour's port stays as sent; only the local port is canonical.
    assert rgos.parse_lldp_neighbors(CISCO_STYLE_LLDP) == {
        "TenGigabitEthernet 0/49": [{"hostname": "SW-CORE-01", "port": "Te0/1"}]
    }


def test_rgos_lldp_neighbors() -> None:
    assert rgos.parse_lldp_neighbors(RGOS_LLDP) == {
        "TenGigabitEthernet 0/49": [{"hostname": "SW-CORE-01", "port": "TenGigabitEthernet 0/1"}]
    }


def test_ios_candidate_gets_end() -> None:
    merge = "ntp server 192.0.2.10\nlogging host 192.0.2.20\n"
    assert ensure_end(merge).splitlines() == [
        "ntp server 192.0.2.10",
        "logging host 192.0.2.20",
        "end",
    ]
    assert ensure_end(merge + "end\n") == ensure_end(merge)


def test_ios_archive_diff_error_raises() -> None:
    with pytest.raises(ConfigDiffFailed):
        check_archive_diff("!Error: cfgdiff returned error 5\n", device="SW-ACC-02")


def test_ios_archive_diff_empty_with_end() -> None:
    assert check_archive_diff("!List of Commands:\nend\n") == []
    assert check_archive_diff("!List of Commands:\nntp server 192.0.2.10\nend\n") == [
        "ntp server 192.0.2.10"
    ]
