"""LLDP and interface tables as VRP and RGOS print them, read by the campus drivers' parsers.

The tables are written from the layouts the vendors' command references and
field captures show (column order, short local names, a port ID with a
space from RGOS neighbours), not copied from a device.
"""

from __future__ import annotations

import re

import pytest

from campusctl.drivers.parsers.rgos import parse_interfaces, parse_lldp_neighbors
from campusctl.drivers.parsers.vrp import parse_lldp_neighbor_brief

# S-series layout; the neighbour without a system name prints "-", an IP
# phone sends its MAC address as port ID, rows end in blanks, and a blank
# line follows the header on some releases.
VRP_S_SERIES = (
    "Local Intf       Neighbor Dev             Neighbor Intf             Exptime(s)\n"
    "   \n"
    "MEth0/0/1        OOB-Mgmt-SW              GE0/0/20                  102    \n"
    "XGE0/0/1         sqxx_jxl_1F              Ten-GigabitEthernet1/0/49 110    \n"
    "XGE0/0/6         SYL-S2910                TenGigabitEthernet 0/25   117    \n"
    "GE0/0/7          -                        d8a4-91c2-0b37            2759   \n"
    "MultiGE0/0/2     A2-AP-101                MultiGE0/0/0              96"
)

# CloudEngine layout: device last, with a dash rule; rows need not line up
# with the header.
VRP_CLOUDENGINE = (
    "Local Interface         Exptime(s) Neighbor Interface      Neighbor Device\n"
    "-------------------------------------------------------------------------------\n"
    "10GE1/0/1                      97  10GE1/0/18              DC-CORE-1\n"
    "100GE1/0/2                 19           100GE1/0/2          DC-CORE-2\n"
    "10GE1/0/3                     105  TenGigabitEthernet 0/49 SYL-S5750\n"
    "-------------------------------------------------------------------------------\n"
)


def test_vrp_s_series_reads_every_row() -> None:
    table = parse_lldp_neighbor_brief(VRP_S_SERIES)
    assert sorted(table) == [
        "GigabitEthernet0/0/7",
        "MEth0/0/1",
        "MultiGE0/0/2",
        "XGigabitEthernet0/0/1",
        "XGigabitEthernet0/0/6",
    ]


def test_vrp_port_with_space_stays_whole() -> None:
    table = parse_lldp_neighbor_brief(VRP_S_SERIES)
    assert table["XGigabitEthernet0/0/6"] == [
        {"hostname": "SYL-S2910", "port": "TenGigabitEthernet 0/25"}
    ]
    assert table["XGigabitEthernet0/0/1"] == [
        {"hostname": "sqxx_jxl_1F", "port": "Ten-GigabitEthernet1/0/49"}
    ]


def test_vrp_neighbour_without_name_and_mac_port() -> None:
    table = parse_lldp_neighbor_brief(VRP_S_SERIES)
    assert table["GigabitEthernet0/0/7"] == [{"hostname": "", "port": "d8a4-91c2-0b37"}]
    # The last row has no trailing blank or newline.
    assert table["MultiGE0/0/2"] == [{"hostname": "A2-AP-101", "port": "MultiGE0/0/0"}]


def test_vrp_name_wider_than_its_column() -> None:
    text = (
        "Local Intf       Neighbor Dev             Neighbor Intf             Exptime(s)\n"
        "XGE0/0/2         PY-ShiQiao-Experimental-Building-2F TenGigabitEthernet 0/26 118\n"
    )
    table = parse_lldp_neighbor_brief(text)
    assert table["XGigabitEthernet0/0/2"] == [
        {"hostname": "PY-ShiQiao-Experimental-Building-2F", "port": "TenGigabitEthernet 0/26"}
    ]


def test_vrp_cloudengine_column_order() -> None:
    table = parse_lldp_neighbor_brief(VRP_CLOUDENGINE)
    assert table["10GE1/0/1"] == [{"hostname": "DC-CORE-1", "port": "10GE1/0/18"}]
    assert table["100GE1/0/2"] == [{"hostname": "DC-CORE-2", "port": "100GE1/0/2"}]
    assert table["10GE1/0/3"] == [{"hostname": "SYL-S5750", "port": "TenGigabitEthernet 0/49"}]
    assert len(table) == 3


def test_vrp_two_neighbours_on_one_port() -> None:
    text = (
        "Local Intf       Neighbor Dev             Neighbor Intf             Exptime(s)\n"
        "XGE0/0/24        SERVER-A                 eth0                      120\n"
        "XGE0/0/24        SERVER-A                 eth1                      120\n"
    )
    assert parse_lldp_neighbor_brief(text)["XGigabitEthernet0/0/24"] == [
        {"hostname": "SERVER-A", "port": "eth0"},
        {"hostname": "SERVER-A", "port": "eth1"},
    ]


@pytest.mark.parametrize(
    "text",
    ["", "Error: Unrecognized command found at '^' position.", "Info: LLDP is not enabled."],
)
def test_vrp_without_table_is_empty(text: str) -> None:
    assert parse_lldp_neighbor_brief(text) == {}


def test_community_getter_misreads_spaced_port() -> None:
    """The regular expression napalm-huawei-vrp 1.2.0 applies: the reason for the override."""
    from pathlib import Path

    from napalm_huawei_vrp import huawei_vrp

    source = Path(huawei_vrp.__file__).read_text(encoding="utf-8")
    pattern = re.search(r're_lldp = r"(.+)"', source)
    assert pattern is not None
    rows = re.findall(pattern[1], VRP_S_SERIES + "\n", re.M)
    community = {local: (host, port) for local, host, port in rows}
    assert community.get("XGE0/0/6") != ("SYL-S2910", "TenGigabitEthernet 0/25")


# RGOS layout: system name first, then the local port (short form), then the
# neighbour's port ID, capabilities and the time left.
RGOS = (
    "Capability codes:\n"
    "    (R) Router, (B) Bridge, (C) DOCSIS Cable Device, (T) Telephone\n"
    "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other\n"
    "System Name                      Local Intf                   Port ID               "
    "Capability      Aging-time\n"
    "PY-ShiQiao-Core                  Te0/25                       XGigabitEthernet0/0/6 "
    "B,R             1min 47sec\n"
    "Lab AP 3                         Gi0/3                        GE0/0/0               "
    "W               1min 52sec\n"
    "\n"
    "Total entries displayed: 2\n"
)


def test_rgos_columns_in_rgos_order() -> None:
    table = parse_lldp_neighbors(RGOS)
    assert table["TenGigabitEthernet 0/25"] == [
        {"hostname": "PY-ShiQiao-Core", "port": "XGigabitEthernet0/0/6"}
    ]
    # A system name with spaces, and the neighbour's port as it sent it.
    assert table["GigabitEthernet 0/3"] == [{"hostname": "Lab AP 3", "port": "GE0/0/0"}]
    assert len(table) == 2


RGOS_STATUS = (
    "Interface                        Status    Vlan  Duplex   Speed     Type\n"
    "GigabitEthernet 0/1              down      20    Unknown  Unknown   copper\n"
    "GigabitEthernet 0/2              up        20    Full     1000M     copper\n"
    "GigabitEthernet 0/4              disabled  1     Unknown  Unknown   copper\n"
)


@pytest.mark.parametrize(
    "description",
    [
        # RGOS: the third column is the administrative state.
        "Interface                        Status    Administrative Description\n"
        "GigabitEthernet 0/1              down      up             实验楼2楼201\n"
        "GigabitEthernet 0/2              up        up             B202\n"
        "GigabitEthernet 0/4              down      down\n",
        # IOS layout: the third column is the line protocol.
        "Interface                      Status         Protocol Description\n"
        "Gi0/1                          down           down     实验楼2楼201\n"
        "Gi0/2                          up             up       B202\n"
        "Gi0/4                          administratively down down\n",
    ],
)
def test_rgos_port_without_link_stays_enabled(description: str) -> None:
    table = parse_interfaces(RGOS_STATUS, description)
    assert table["GigabitEthernet 0/1"]["is_enabled"] is True
    assert table["GigabitEthernet 0/1"]["is_up"] is False
    assert table["GigabitEthernet 0/1"]["description"] == "实验楼2楼201"
    assert table["GigabitEthernet 0/2"]["is_up"] is True
    assert table["GigabitEthernet 0/4"]["is_enabled"] is False
    assert table["GigabitEthernet 0/4"]["description"] == ""
