"""Offline parts of discovery: LLDP table parsing, platform hints, ranges."""

from __future__ import annotations

from ipaddress import IPv4Network

from campusctl.discover.crawl import hinted_platforms, in_range, parse_vrp_lldp_brief
from campusctl.platforms import PlatformId

BRIEF = """\
Local Intf       Neighbor Dev             Neighbor Intf             Exptime(s)
XGE0/0/1         sqxx_jxl_1F              Ten-GigabitEthernet1/0/49 110
XGE0/0/6         SYL-S2910                TenGigabitEthernet 0/25   110
GE0/0/3          AP-A101                  GE0/0/0                   98
"""


def test_vrp_brief_keeps_ports_with_spaces() -> None:
    parsed = parse_vrp_lldp_brief(BRIEF)
    assert parsed["XGE0/0/6"] == [{"hostname": "SYL-S2910", "port": "TenGigabitEthernet 0/25"}]
    assert parsed["XGE0/0/1"] == [{"hostname": "sqxx_jxl_1F", "port": "Ten-GigabitEthernet1/0/49"}]
    assert len(parsed) == 3


def test_vrp_brief_without_header_is_empty() -> None:
    assert parse_vrp_lldp_brief("Error: Unrecognized command found at '^' position.") == {}


def test_hints_put_the_named_vendor_first() -> None:
    assert hinted_platforms("Ruijie Full Layer 3 Switch")[0] is PlatformId.RUIJIE_RGOS
    assert hinted_platforms("H3C Comware Platform Software")[0] is PlatformId.H3C_COMWARE
    assert sorted(hinted_platforms(None)) == sorted(PlatformId)


def test_range_check() -> None:
    ranges = [IPv4Network("198.18.36.0/22")]
    assert in_range("198.18.39.10", ranges)
    assert not in_range("198.19.13.2", ranges)
    assert not in_range(None, ranges)
    assert in_range(None, [])
