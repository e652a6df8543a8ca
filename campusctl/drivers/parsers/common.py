"""Shapes and helpers shared by the vendor parsers."""

from __future__ import annotations

import re
from typing import TypedDict

from campusctl.netkit.errors import InterfaceNameError
from campusctl.netkit.interfaces import canonical_interface
from campusctl.netkit.ipv6 import ipv6_entry
from campusctl.netkit.replies import classify_reply
from campusctl.platforms import PlatformId


class VlanEntry(TypedDict):
    """One VLAN as NAPALM's get_vlans returns it."""

    name: str
    interfaces: list[str]


class InterfaceEntry(TypedDict):
    """One interface as NAPALM's get_interfaces returns it."""

    is_up: bool
    is_enabled: bool
    description: str
    last_flapped: float
    speed: float
    mtu: int
    mac_address: str


class PrefixEntry(TypedDict):
    """An address's prefix length, as get_interfaces_ip nests it."""

    prefix_length: int


AddressFamilies = dict[str, dict[str, PrefixEntry]]


def canonical_or_raw(name: str, platform: PlatformId) -> str:
    """Canonicalise ``name`` for ``platform``; keep it as printed when the type is unknown."""
    try:
        return canonical_interface(name, platform)
    except InterfaceNameError:
        return name


def add_ipv6(
    result: dict[str, AddressFamilies], interface: str, text: str, length: str | None
) -> None:
    """Add one IPv6 address line to a get_interfaces_ip result (link-local gets /64)."""
    entry = ipv6_entry(text, length)
    family = result.setdefault(interface, {}).setdefault("ipv6", {})
    family[str(entry.address)] = {"prefix_length": entry.prefix_length}


def unsupported(reply: str, platform: PlatformId) -> bool:
    """True when ``reply`` is the device saying it does not know the command."""
    return classify_reply(reply, platform) is not None


MAC_RE = re.compile(r"([0-9a-fA-F]{4})[.\-]([0-9a-fA-F]{4})[.\-]([0-9a-fA-F]{4})")


def mac(text: str) -> str:
    """Return a MAC address in NAPALM's ``AA:BB:CC:DD:EE:FF`` form ('' when absent)."""
    match = MAC_RE.search(text)
    if match is None:
        return ""
    digits = "".join(match.groups()).upper()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
