"""Offline parts of discovery: platform hints and management ranges."""

from __future__ import annotations

from ipaddress import IPv4Network

from campusctl.discover.crawl import hinted_platforms, in_range
from campusctl.platforms import PlatformId


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
