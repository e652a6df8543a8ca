"""The helpers both configuration fact readers share."""

from __future__ import annotations

from ipaddress import IPv6Interface

import pytest

from campusctl.standard.config.facts import Interface, prefix_length, wildcard_prefix_length
from campusctl.standard.results import Evidence


@pytest.mark.parametrize(
    ("mask", "length"),
    [("255.255.255.0", 24), ("255.255.255.252", 30), ("0.0.0.0", 0), ("255.255.255.255", 32)],
)
def test_netmask_prefix_length(mask: str, length: int) -> None:
    assert prefix_length(mask) == length


@pytest.mark.parametrize(
    ("wildcard", "length"),
    [("0.0.0.255", 24), ("0.0.0.3", 30), ("0.0.0.0", 32), ("255.255.255.255", 0)],
)
def test_wildcard_prefix_length(wildcard: str, length: int) -> None:
    assert wildcard_prefix_length(wildcard) == length


def test_ipv6_link_local_kept_apart() -> None:
    port = Interface(name="Vlanif10", evidence=Evidence(text="interface Vlanif10"))
    link_local = Evidence(text="ipv6 address FE80::1 link-local")
    global_line = Evidence(text="ipv6 address 2001:DB8:10::1/64")
    port.add_ipv6(IPv6Interface("fe80::1/64"), link_local)
    port.add_ipv6(IPv6Interface("2001:db8:10::1/64"), global_line)
    assert port.ipv6_link_local == [link_local]
    assert port.ipv6 == [(IPv6Interface("2001:db8:10::1/64"), global_line)]
