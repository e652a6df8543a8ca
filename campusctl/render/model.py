"""The intent model: the platform-neutral intended state of one device.

Templates render these objects and compliance checks read them directly, so
each field states a fact of the configuration, never a vendor's spelling.
Interface names are already canonical for the device's platform. Secrets are
carried by name only; the renderer resolves them when it writes the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from typing import TYPE_CHECKING

from campusctl.netkit.vlans import VlanSet

if TYPE_CHECKING:
    from campusctl.render.wlan import WlanIntent

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network


class PortMode(StrEnum):
    """The forwarding mode of an interface."""

    ACCESS = "access"
    TRUNK = "trunk"
    ROUTED = "routed"
    LAG_MEMBER = "lag_member"
    DISABLED = "disabled"


class Family(StrEnum):
    """Address family of an ACL."""

    IPV4 = "ipv4"
    IPV6 = "ipv6"


@dataclass(slots=True)
class InterfaceIntent:
    """One physical port or link aggregation and everything configured on it."""

    name: str
    mode: PortMode
    profile: str
    """The inventory's port profile, ``unused`` or ``lag_member``."""
    description: str | None = None
    access_vlan: int | None = None
    allowed: VlanSet | None = None
    """Allowed VLANs of a trunk; never contains VLAN 1."""
    is_lag: bool = False
    lag: str | None = None
    """For a member port: the aggregation it belongs to."""
    lag_id: int | None = None
    """For an aggregation and its members: the aggregation's number."""
    members: tuple[str, ...] = ()
    """For an aggregation: its member ports."""
    edge: bool = False
    """Edge port with BPDU protection (user-facing)."""
    dhcp_trusted: bool = False
    source_guard: bool = False
    """IP source guard and ARP check against the DHCP snooping bindings."""
    mac_limit: int | None = None
    storm_percent: int | None = None
    ra_guard: bool = False
    """RA guard and DHCPv6 guard in host/client role."""
    ipv4: IPv4Interface | None = None
    ipv6: IPv6Interface | None = None


@dataclass(slots=True)
class AclRule:
    """One ACL entry: ``action`` traffic from ``source`` to ``destination`` (None = any)."""

    action: str
    source: IPNetwork | None = None
    destination: IPNetwork | None = None


@dataclass(slots=True)
class AclIntent:
    """An IPv4 or IPv6 ACL with its number (Huawei, H3C) and name (Cisco, Ruijie)."""

    name: str
    number: int
    family: Family
    rules: list[AclRule]
    remark: str


@dataclass(slots=True)
class SviIntent:
    """A VLAN interface with its IPv4 and IPv6 addresses."""

    vlan: int
    name: str
    zone: str
    ipv4: IPv4Interface | None = None
    ipv4_secondary: IPv4Interface | None = None
    """The device's own management address when the SVI also carries the gateway address."""
    ipv6: list[IPv6Interface] = field(default_factory=list)
    send_ra: bool = False
    dhcp_relay: list[IPv4Address] = field(default_factory=list)
    acl_v4: AclIntent | None = None
    acl_v6: AclIntent | None = None


@dataclass(slots=True)
class VlanIntent:
    """A VLAN defined on the device."""

    id: int
    name: str
    zone: str
    snooping: bool
    """DHCP snooping, ARP check and IPv6 first-hop security apply to this VLAN."""


@dataclass(slots=True)
class RouteIntent:
    """A static route."""

    prefix: IPNetwork
    next_hop: IPAddress


@dataclass(slots=True)
class UserIntent:
    """A local administrator; ``secret`` names the secret holding the password hash."""

    name: str
    role: str
    privilege: int
    secret: str


@dataclass(slots=True)
class AaaServerIntent:
    """A RADIUS or HWTACACS/TACACS+ server; ``secret`` names the shared-key secret."""

    address: IPAddress
    auth_port: int
    acct_port: int
    secret: str


@dataclass(slots=True)
class SnmpUserIntent:
    """An SNMPv3 user (authPriv); the two keys are secret names."""

    name: str
    group: str
    auth_secret: str
    priv_secret: str


@dataclass(slots=True)
class LoginIntent:
    """Login-failure lockout and idle timeout."""

    max_failures: int
    lockout_minutes: int
    idle_minutes: int
    idle_seconds: int


@dataclass(slots=True)
class BannerIntent:
    """The login banner and a delimiter that does not occur in it."""

    lines: list[str]
    delimiter: str


@dataclass(slots=True)
class DeviceIntent:
    """Everything a device's configuration contains, platform-neutral."""

    name: str
    school: str
    school_name: str
    role: str
    platform: str
    os: str
    os_version: str
    model: str
    domain: str
    timezone_name: str
    timezone_hours: int
    timezone_minutes: int
    management_vlan: int
    management_ipv4: IPv4Interface
    management_ipv6: IPv6Interface | None
    aaa_mode: str
    users: list[UserIntent]
    login: LoginIntent
    radius: list[AaaServerIntent]
    tacacs: list[AaaServerIntent]
    mgmt_acl_v4: AclIntent
    mgmt_acl_v6: AclIntent
    vlans: list[VlanIntent]
    interfaces: list[InterfaceIntent]
    svis: list[SviIntent]
    acls: list[AclIntent]
    routes: list[RouteIntent]
    routing: bool
    """The device routes between VLANs (it has gateway SVIs or a routed uplink)."""
    ipv6: bool
    """IPv6 is configured anywhere on the device."""
    snooping: bool
    """The device has user-facing ports, so DHCP snooping and first-hop security are on."""
    ntp: list[IPAddress]
    syslog: list[IPAddress]
    snmp_users: list[SnmpUserIntent]
    banner: BannerIntent
    wlan: WlanIntent | None = None
    """The WLAN configuration of a wireless controller; None on every other role."""

    @property
    def snooping_vlans(self) -> list[int]:
        """VLAN ids with DHCP snooping and first-hop security."""
        return [v.id for v in self.vlans if v.snooping]

    def interface(self, name: str) -> InterfaceIntent | None:
        """Return the interface called ``name``, if the device has it."""
        return next((i for i in self.interfaces if i.name == name), None)
