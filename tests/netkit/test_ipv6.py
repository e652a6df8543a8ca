"""IPv6 scope and getter entries."""

from __future__ import annotations

import pytest

from campusctl.netkit.ipv6 import IPv6Scope, ipv6_entry, ipv6_scope, outside_link_local_subnet


@pytest.mark.parametrize(
    ("address", "scope"),
    [
        ("fe80::1", IPv6Scope.LINK_LOCAL),
        ("fe80:0:0:1::1", IPv6Scope.LINK_LOCAL),
        ("febf::1", IPv6Scope.LINK_LOCAL),
        ("fec0::1", IPv6Scope.GLOBAL),
        ("fd00::1", IPv6Scope.UNIQUE_LOCAL),
        ("ff02::1", IPv6Scope.MULTICAST),
        ("::1", IPv6Scope.LOOPBACK),
        ("::", IPv6Scope.UNSPECIFIED),
        ("2001:db8:10:20::1", IPv6Scope.GLOBAL),
        ("fe80::1%Vlanif10", IPv6Scope.LINK_LOCAL),
    ],
)
def test_scope(address: str, scope: IPv6Scope) -> None:
    assert ipv6_scope(address) is scope


def test_link_local_outside_fe80_64_flagged() -> None:
    assert outside_link_local_subnet("fe80:0:0:1::1")
    assert not outside_link_local_subnet("fe80::1")
    assert not outside_link_local_subnet("2001:db8::1")


@pytest.mark.parametrize("reported", [None, "N/A", "10", 128])
def test_link_local_prefix_is_always_64(reported: int | str | None) -> None:
    entry = ipv6_entry("FE80::3E8C:F8FF:FE01:2", reported)
    assert entry.prefix_length == 64
    assert isinstance(entry.prefix_length, int)
    assert entry.scope is IPv6Scope.LINK_LOCAL


def test_link_local_with_valid_marker_text() -> None:
    assert ipv6_entry("FE80::1 [VALID]").prefix_length == 64


def test_global_address_keeps_its_length() -> None:
    entry = ipv6_entry("2001:db8:10:20::1/64")
    assert str(entry.address) == "2001:db8:10:20::1"
    assert entry.prefix_length == 64
    assert ipv6_entry("2001:DB8:10:20::1", "56").prefix_length == 56


def test_global_address_without_length_raises() -> None:
    with pytest.raises(ValueError, match="prefix length"):
        ipv6_entry("2001:db8::1")
