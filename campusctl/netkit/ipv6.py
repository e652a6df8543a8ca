"""IPv6 address helpers for getters and validators.

Link-local unicast is fe80::/64 (RFC 4291 section 2.5.6), inside the
reserved block fe80::/10. Devices print link-local addresses without a
prefix length, and getters must still return an int, so it is 64.
Python's ``is_link_local`` tests fe80::/10: an address such as
``fe80:0:0:1::1`` passes it although it lies outside fe80::/64, which the
validator reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv6Address, IPv6Network, ip_interface

from campusctl.i18n import _

LINK_LOCAL_BLOCK = IPv6Network("fe80::/10")
LINK_LOCAL_SUBNET = IPv6Network("fe80::/64")
LINK_LOCAL_PREFIX_LENGTH = 64


class IPv6Scope(StrEnum):
    """The scope of an IPv6 address."""

    UNSPECIFIED = "unspecified"
    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    UNIQUE_LOCAL = "unique-local"
    MULTICAST = "multicast"
    GLOBAL = "global"


def ipv6_scope(address: str | IPv6Address) -> IPv6Scope:
    """Return the scope of ``address``; fe80::/10 is link-local scope."""
    addr = IPv6Address(str(address).split("%", 1)[0])
    if addr.is_unspecified:
        return IPv6Scope.UNSPECIFIED
    if addr.is_loopback:
        return IPv6Scope.LOOPBACK
    if addr in LINK_LOCAL_BLOCK:
        return IPv6Scope.LINK_LOCAL
    if addr.is_multicast:
        return IPv6Scope.MULTICAST
    if addr in IPv6Network("fc00::/7"):
        return IPv6Scope.UNIQUE_LOCAL
    return IPv6Scope.GLOBAL


def outside_link_local_subnet(address: str | IPv6Address) -> bool:
    """True for a link-local-scope address outside fe80::/64 (worth a warning)."""
    addr = IPv6Address(str(address).split("%", 1)[0])
    return addr in LINK_LOCAL_BLOCK and addr not in LINK_LOCAL_SUBNET


@dataclass(frozen=True, slots=True)
class IPv6Entry:
    """One IPv6 address of an interface as a NAPALM getter reports it."""

    address: IPv6Address
    prefix_length: int

    @property
    def scope(self) -> IPv6Scope:
        """The address scope."""
        return ipv6_scope(self.address)


def ipv6_entry(text: str, prefix_length: int | str | None = None) -> IPv6Entry:
    """Parse ``2001:db8::1/64``, ``2001:db8::1`` plus a length, or a link-local address.

    A link-local address gets prefix length 64 whatever the device printed
    (``N/A``, nothing, or a ``[VALID]`` marker). A global address without a
    length raises ValueError: guessing one would hide a parser fault.
    """
    cleaned = text.strip().split()[0].rstrip(",")
    cleaned = cleaned.split("%", 1)[0]
    if "/" in cleaned:
        iface = ip_interface(cleaned)
        address = IPv6Address(iface.ip)
        length = iface.network.prefixlen
    else:
        address = IPv6Address(cleaned)
        reported = str(prefix_length or "").strip()
        length = int(reported) if reported.isdigit() else -1
    if ipv6_scope(address) is IPv6Scope.LINK_LOCAL:
        return IPv6Entry(address, LINK_LOCAL_PREFIX_LENGTH)
    if length < 0:
        raise ValueError(
            _("IPv6 address {address!r} has no prefix length.").format(address=cleaned)
        )
    return IPv6Entry(address, length)
