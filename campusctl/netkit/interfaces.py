"""Interface-name canonicalisation per platform, and the LAG/SVI role maps.

The same short form means different ports on different vendors: H3C prints
``XGE1/0/25`` for ``Ten-GigabitEthernet1/0/25`` while Huawei prints
``XGE0/0/1`` for ``XGigabitEthernet0/0/1``; on a Catalyst 9300 ``Fi1/0/1`` is
``FiveGigabitEthernet1/0/1``, where netutils 1.19 answers
``FiftyGigabitEthernet``. So each platform has its own table, and netutils is
consulted only for Cisco names that table does not list. A name given without
a platform is canonicalised only when every platform agrees on its meaning.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from netutils.interface import canonical_interface_name as _netutils_canonical

from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import AmbiguousInterfaceName, InterfaceNameError
from campusctl.platforms import PlatformId


class InterfaceRole(StrEnum):
    """The kind of an interface, independent of the vendor's spelling."""

    PHYSICAL = "physical"
    LAG = "lag"
    SVI = "svi"
    LOOPBACK = "loopback"
    MANAGEMENT = "management"
    NULL = "null"
    TUNNEL = "tunnel"


@dataclass(frozen=True, slots=True)
class InterfaceType:
    """One interface type of a platform: its long name, role and short forms."""

    name: str
    role: InterfaceRole
    abbreviations: tuple[str, ...]
    speed_mbps: int | None = None


_P = InterfaceRole.PHYSICAL

# Long names as each vendor prints them in its running configuration, with
# the short forms its show commands and LLDP use.
_TYPES: dict[PlatformId, tuple[InterfaceType, ...]] = {
    PlatformId.HUAWEI_VRP: (
        InterfaceType("Ethernet", _P, ("Eth",), 100),
        InterfaceType("GigabitEthernet", _P, ("GE", "Gi"), 1_000),
        InterfaceType("MultiGE", _P, ("MGE", "MultiGE"), 2_500),
        InterfaceType("XGigabitEthernet", _P, ("XGE", "XGi"), 10_000),
        InterfaceType("10GE", _P, (), 10_000),
        InterfaceType("25GE", _P, (), 25_000),
        InterfaceType("40GE", _P, (), 40_000),
        InterfaceType("100GE", _P, (), 100_000),
        InterfaceType("Eth-Trunk", InterfaceRole.LAG, ("Eth-Trunk",)),
        InterfaceType("Vlanif", InterfaceRole.SVI, ("Vlanif",)),
        InterfaceType("LoopBack", InterfaceRole.LOOPBACK, ("Loop", "Lo")),
        InterfaceType("MEth", InterfaceRole.MANAGEMENT, ("MEth",)),
        InterfaceType("NULL", InterfaceRole.NULL, ("NULL",)),
        InterfaceType("Tunnel", InterfaceRole.TUNNEL, ("Tun",)),
    ),
    PlatformId.H3C_COMWARE: (
        InterfaceType("GigabitEthernet", _P, ("GE", "Gi"), 1_000),
        InterfaceType("M-GigabitEthernet", InterfaceRole.MANAGEMENT, ("MGE",), 1_000),
        InterfaceType("Ten-GigabitEthernet", _P, ("XGE", "Ten-Gi"), 10_000),
        InterfaceType("Twenty-FiveGigE", _P, ("WGE",), 25_000),
        InterfaceType("FortyGigE", _P, ("FGE",), 40_000),
        InterfaceType("HundredGigE", _P, ("HGE",), 100_000),
        InterfaceType("Bridge-Aggregation", InterfaceRole.LAG, ("BAGG", "BAgg")),
        InterfaceType("Route-Aggregation", InterfaceRole.LAG, ("RAGG", "RAgg")),
        InterfaceType("Vlan-interface", InterfaceRole.SVI, ("Vlan-int", "Vlan")),
        InterfaceType("LoopBack", InterfaceRole.LOOPBACK, ("Loop", "Lo")),
        InterfaceType("NULL", InterfaceRole.NULL, ("NULL",)),
        InterfaceType("Tunnel", InterfaceRole.TUNNEL, ("Tun",)),
    ),
    PlatformId.RUIJIE_RGOS: (
        InterfaceType("FastEthernet", _P, ("Fa",), 100),
        InterfaceType("GigabitEthernet", _P, ("Gi", "GE"), 1_000),
        InterfaceType("TenGigabitEthernet", _P, ("Te", "TE"), 10_000),
        # NOTE: RGOS 11 names 25G ports TFGigabitEthernet (short form TF); the
        # spelling is taken from device output, not from a command reference.
        InterfaceType("TFGigabitEthernet", _P, ("TF",), 25_000),
        InterfaceType("FortyGigabitEthernet", _P, ("Fo",), 40_000),
        InterfaceType("HundredGigabitEthernet", _P, ("Hu",), 100_000),
        InterfaceType("AggregatePort", InterfaceRole.LAG, ("Ag", "AP")),
        InterfaceType("VLAN", InterfaceRole.SVI, ("Vl", "Vlan")),
        InterfaceType("Loopback", InterfaceRole.LOOPBACK, ("Lo",)),
        InterfaceType("Mgmt", InterfaceRole.MANAGEMENT, ("Mg",)),
        InterfaceType("Null", InterfaceRole.NULL, ("Nu",)),
        InterfaceType("Tunnel", InterfaceRole.TUNNEL, ("Tu",)),
    ),
    PlatformId.CISCO_IOS: (
        InterfaceType("FastEthernet", _P, ("Fa",), 100),
        InterfaceType("GigabitEthernet", _P, ("Gi", "GE"), 1_000),
        InterfaceType("TwoGigabitEthernet", _P, ("Tw",), 2_500),
        # Catalyst 9300 mGig ports: "Fi" is FiveGigabitEthernet there.
        InterfaceType("FiveGigabitEthernet", _P, ("Fi",), 5_000),
        InterfaceType("TenGigabitEthernet", _P, ("Te",), 10_000),
        InterfaceType("TwentyFiveGigE", _P, ("Twe", "Tf"), 25_000),
        InterfaceType("FortyGigabitEthernet", _P, ("Fo",), 40_000),
        InterfaceType("HundredGigE", _P, ("Hu",), 100_000),
        InterfaceType("AppGigabitEthernet", _P, ("Ap",), 1_000),
        InterfaceType("Port-channel", InterfaceRole.LAG, ("Po",)),
        InterfaceType("Vlan", InterfaceRole.SVI, ("Vl",)),
        InterfaceType("Loopback", InterfaceRole.LOOPBACK, ("Lo",)),
        InterfaceType("Null", InterfaceRole.NULL, ("Nu",)),
        InterfaceType("Tunnel", InterfaceRole.TUNNEL, ("Tu",)),
    ),
}

# Cisco names without a vendor-specific meaning go to netutils, minus the
# ones it gets wrong for campus platforms ("Fi" above).
_NETUTILS_PLATFORMS = frozenset({PlatformId.CISCO_IOS})

# Ruijie writes a space between the type and the number.
_SPACED = frozenset({PlatformId.RUIJIE_RGOS})

_NAME_RE = re.compile(
    r"^\s*(?P<prefix>\d*[A-Za-z][A-Za-z\-]*?)\s*(?P<number>\d+(?:[/:]\d+)*(?:\.\d+)?)\s*$"
)


@dataclass(frozen=True, slots=True)
class InterfaceName:
    """A canonical interface name split into its type and number."""

    platform: PlatformId
    type: InterfaceType
    number: str

    @property
    def role(self) -> InterfaceRole:
        """The interface role (physical, LAG, SVI, ...)."""
        return self.type.role

    def __str__(self) -> str:
        separator = " " if self.platform in _SPACED else ""
        return f"{self.type.name}{separator}{self.number}"


def _split(raw: str) -> tuple[str, str]:
    match = _NAME_RE.match(raw)
    if match is None:
        raise InterfaceNameError(
            _("Invalid interface name {name!r}: expected a type followed by a number.").format(
                name=raw
            )
        )
    return match["prefix"], match["number"]


def _lookup(platform: PlatformId, prefix: str) -> InterfaceType | None:
    folded = prefix.casefold()
    types = _TYPES[platform]
    for itype in types:
        if folded == itype.name.casefold():
            return itype
    for itype in types:
        if any(folded == short.casefold() for short in itype.abbreviations):
            return itype
    # The CLI accepts any unique leading part of a type name ("Gig", "Ten-Gi").
    candidates = [itype for itype in types if itype.name.casefold().startswith(folded)]
    if len(candidates) == 1:
        return candidates[0]
    return None


def _netutils_type(prefix: str, number: str) -> InterfaceType | None:
    try:
        long_name = _netutils_canonical(f"{prefix}{number}", verify=True)
    except ValueError:
        return None
    # netutils also maps other vendors' long names to Cisco ones
    # (Bridge-Aggregation to Port-channel); only a true abbreviation of the
    # long name counts.
    if not _abbreviates(prefix, long_name.removesuffix(number)):
        return None
    return InterfaceType(long_name.removesuffix(number), InterfaceRole.PHYSICAL, (prefix,))


def _abbreviates(short: str, long_name: str) -> bool:
    """True when ``short`` starts like ``long_name`` and its letters occur in order in it."""
    short, long_name = short.casefold(), long_name.casefold()
    if not short or short[0] != long_name[0]:
        return False
    position = 0
    for char in short:
        position = long_name.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def parse_interface(raw: str, platform: str | PlatformId) -> InterfaceName:
    """Parse ``raw`` (long or short form, any case) as an interface of ``platform``.

    :raise InterfaceNameError: when the type is not one ``platform`` has.
    """
    platform_id = resolve_platform(platform)
    prefix, number = _split(raw)
    itype = _lookup(platform_id, prefix)
    if itype is None and platform_id in _NETUTILS_PLATFORMS:
        itype = _netutils_type(prefix, number)
    if itype is None:
        known = ", ".join(t.name for t in _TYPES[platform_id])
        raise InterfaceNameError(
            _(
                "Unknown interface type {prefix!r} in {name!r} on {platform}; known types: {known}."
            ).format(prefix=prefix, name=raw, platform=platform_id.value, known=known)
        )
    return InterfaceName(platform_id, itype, number)


def canonical_interface(raw: str, platform: str | PlatformId | None = None) -> str:
    """Return the long name of ``raw`` as ``platform`` writes it in its configuration.

    Without a platform, ``raw`` is canonicalised only when every platform that
    knows the short form agrees on its long name (``GE1/0/1`` is always
    GigabitEthernet1/0/1).

    >>> canonical_interface("XGE1/0/25", "hp_comware")
    'Ten-GigabitEthernet1/0/25'
    >>> canonical_interface("Gi0/1", "ruijie_os")
    'GigabitEthernet 0/1'

    :raise AmbiguousInterfaceName: when no platform is given and the platforms disagree.
    :raise InterfaceNameError: when no platform knows the type.
    """
    if platform is not None:
        return str(parse_interface(raw, platform))

    prefix, number = _split(raw)
    meanings: dict[str, list[str]] = {}
    for platform_id in PlatformId:
        try:
            parsed = parse_interface(raw, platform_id)
        except InterfaceNameError:
            continue
        meanings.setdefault(parsed.type.name, []).append(platform_id.value)
    # netutils' reading counts as one more opinion: it is what other tools
    # (NetBox, Nautobot) will have stored for a platform-less name.
    generic = _netutils_type(prefix, number)
    if generic is not None:
        meanings.setdefault(generic.name, []).append("netutils")

    if not meanings:
        raise InterfaceNameError(
            _("Unknown interface type {prefix!r} in {name!r} on every platform.").format(
                prefix=prefix, name=raw
            )
        )
    if len(meanings) > 1:
        readings = "; ".join(
            f"{', '.join(sources)}: {long_name}{number}" for long_name, sources in meanings.items()
        )
        raise AmbiguousInterfaceName(
            _(
                "Interface name {name!r} is ambiguous without a platform ({readings}); "
                "give the device's platform."
            ).format(name=raw, readings=readings)
        )
    return f"{next(iter(meanings))}{number}"


@functools.lru_cache(maxsize=8192)
def interface_role(raw: str, platform: str | PlatformId) -> InterfaceRole:
    """Return the role of ``raw`` on ``platform`` (LAG, SVI, physical, ...).

    Kept per name: every plan looks up the role of each port of both configs,
    and the ports of one platform's switches share their names.
    """
    return parse_interface(raw, platform).role


def lag_interface(platform: str | PlatformId, number: int) -> str:
    """Return the canonical name of link aggregation group ``number``."""
    return _role_interface(platform, InterfaceRole.LAG, str(number))


def svi_interface(platform: str | PlatformId, vlan_id: int) -> str:
    """Return the canonical name of the layer-3 interface of VLAN ``vlan_id``."""
    return _role_interface(platform, InterfaceRole.SVI, str(vlan_id))


def _role_interface(platform: str | PlatformId, role: InterfaceRole, number: str) -> str:
    platform_id = resolve_platform(platform)
    itype = next(t for t in _TYPES[platform_id] if t.role is role)
    return str(InterfaceName(platform_id, itype, number))


def interface_types(platform: str | PlatformId) -> tuple[InterfaceType, ...]:
    """Return the interface types that ``platform`` knows, in table order."""
    return _TYPES[resolve_platform(platform)]
