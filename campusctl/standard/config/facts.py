"""Typed facts read from one device configuration, the same for every platform.

A platform reader (:mod:`.vrp` for Huawei and H3C, :mod:`.ios` for Cisco and
Ruijie) fills these from the hier_config tree. The checks judge the facts and
never the vendor text, so one check covers the four platforms. Every fact
keeps the evidence (device, line, text) that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)

from campusctl.standard.results import Evidence

IPNetwork = IPv4Network | IPv6Network
IPAddress = IPv4Address | IPv6Address


@dataclass(frozen=True, slots=True)
class Fact:
    """A value read from the configuration and the line it came from."""

    value: object
    evidence: Evidence


@dataclass(slots=True)
class Interface:
    """One interface section."""

    name: str
    evidence: Evidence
    shutdown: bool = False
    description: str | None = None
    mode: str | None = None
    """``access``, ``trunk`` or ``hybrid``; None when the section sets no mode."""
    access_vlan: int | None = None
    trunk_vlans: set[int] | None = None
    """Allowed VLANs of a trunk after every add/remove line; None means all VLANs."""
    trunk_evidence: Evidence | None = None
    lag: str | None = None
    """The aggregation the port is a member of (canonical name)."""
    svi_vlan: int | None = None
    ipv4: list[tuple[IPv4Interface, Evidence]] = field(default_factory=list)
    ipv6: list[tuple[IPv6Interface, Evidence]] = field(default_factory=list)
    """Global IPv6 addresses; link-local addresses are kept apart."""
    ipv6_link_local: list[Evidence] = field(default_factory=list)
    ipv6_enabled: Evidence | None = None
    dhcp_trusted: Evidence | None = None
    dhcpv6_trusted: Evidence | None = None
    edge: Evidence | None = None
    bpdu_guard: Evidence | None = None
    mac_limit: tuple[int, Evidence] | None = None
    port_security: Evidence | None = None
    storm_percent: tuple[float, Evidence] | None = None
    """Broadcast storm-control threshold in percent of the port speed."""
    ra_guard: Evidence | None = None
    dhcpv6_guard: Evidence | None = None
    arp_check: Evidence | None = None
    source_guard: Evidence | None = None

    def add_ipv6(self, address: IPv6Interface, evidence: Evidence) -> None:
        """Record an IPv6 address line: link-local ones apart from the global ones."""
        if address.ip.is_link_local:
            self.ipv6_link_local.append(evidence)
        else:
            self.ipv6.append((address, evidence))


@dataclass(slots=True)
class Line:
    """A console or VTY line section (user-interface on VRP and Comware 5)."""

    name: str
    evidence: Evidence
    kind: str
    """``vty`` or ``console``."""
    acl_v4: tuple[str, Evidence] | None = None
    acl_v6: tuple[str, Evidence] | None = None
    idle_timeout_s: tuple[int, Evidence] | None = None
    """Configured idle timeout in seconds (0 means never); None means the platform default."""
    transports: tuple[frozenset[str], Evidence] | None = None
    """Protocols allowed in; None means the platform default."""


@dataclass(frozen=True, slots=True)
class AclEntry:
    """One permit or deny entry of a basic ACL."""

    action: str
    source: IPNetwork | None
    """None means any source."""
    evidence: Evidence


@dataclass(slots=True)
class ConfigFacts:
    """Everything the checks read from one configuration."""

    device: str
    interfaces: dict[str, Interface] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    acls: dict[str, list[AclEntry]] = field(default_factory=dict)
    """Basic ACLs by name or number; IPv6 ACLs are keyed ``ipv6 <name>``."""
    ssh_server: Evidence | None = None
    ssh_v1_allowed: Evidence | None = None
    telnet_v4: Fact | None = None
    """True or False when the configuration sets it; None leaves the platform default."""
    telnet_v6: Fact | None = None
    ssh_acl_v4: tuple[str, Evidence] | None = None
    ssh_acl_v6: tuple[str, Evidence] | None = None
    cleartext_services: list[Evidence] = field(default_factory=list)
    """Lines that enable HTTP, FTP or TFTP servers."""
    lockout: tuple[int, int, Evidence] | None = None
    """Failures before lockout and the lock time in minutes."""
    local_users: list[tuple[str, Evidence]] = field(default_factory=list)
    snmp_communities: list[tuple[str, str | None, Evidence]] = field(default_factory=list)
    """Community name, ACL (or None) and line."""
    snmp_v3: list[Evidence] = field(default_factory=list)
    snmp_v1v2: list[Evidence] = field(default_factory=list)
    """Lines that switch SNMPv1 or v2c on."""
    syslog_hosts: list[tuple[IPAddress, Evidence]] = field(default_factory=list)
    ntp_servers: list[tuple[IPAddress, Evidence]] = field(default_factory=list)
    ipv6_routing: Evidence | None = None
    dhcp_snooping: Evidence | None = None
    dhcp_snooping_vlans: tuple[set[int], Evidence] | None = None
    """VLANs with snooping; None with global snooping on means every VLAN."""
    dhcpv6_snooping: Evidence | None = None
    nd_snooping: Evidence | None = None
    bpdu_protection: Evidence | None = None
    """Global BPDU protection of edge ports (stp bpdu-protection, portfast bpduguard default)."""
    arp_inspection_vlans: dict[int, Evidence] = field(default_factory=dict)
    source_guard_vlans: dict[int, Evidence] = field(default_factory=dict)
    vlans: dict[int, Evidence] = field(default_factory=dict)
    """VLANs created on the device."""


def prefix_length(mask: str) -> int:
    """Return the prefix length of a dotted netmask (``255.255.255.0`` is 24).

    The set bits are counted, so a non-contiguous mask still gives a length
    instead of an error, as the devices accept them.
    """
    return bin(int(IPv4Address(mask))).count("1")


def wildcard_prefix_length(wildcard: str) -> int:
    """Return the prefix length of an ACL wildcard mask (``0.0.0.255`` is 24)."""
    return bin(int(IPv4Address(wildcard)) ^ 0xFFFFFFFF).count("1")


def parse_vlan_list(text: str, *, range_word: str | None = None) -> set[int]:
    """Parse ``10,20,30-32`` (IOS) or ``10 20 30 to 32`` (VRP, ``range_word="to"``) into a set."""
    vlans: set[int] = set()
    if range_word:
        tokens = text.split()
        i = 0
        while i < len(tokens):
            if i + 2 < len(tokens) and tokens[i + 1] == range_word:
                vlans.update(range(int(tokens[i]), int(tokens[i + 2]) + 1))
                i += 3
            else:
                vlans.add(int(tokens[i]))
                i += 1
        return vlans
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            first, last = part.split("-", 1)
            vlans.update(range(int(first), int(last) + 1))
        else:
            vlans.add(int(part))
    return vlans


def compress_vlans(vlans: set[int]) -> str:
    """Return ``10,20,30-32`` for a set of VLAN ids."""
    ordered = sorted(vlans)
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(parts)
