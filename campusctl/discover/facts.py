"""Facts read from one device's configuration (and, in discovery, its state).

The readers of each platform fill these records; the school builder reads
only these, never vendor text, so import and discovery share one builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from ipaddress import IPv4Interface, IPv6Interface

from campusctl.inventory.model import Charset
from campusctl.netkit.vlans import VlanSet
from campusctl.platforms import PlatformId


class PortMode(StrEnum):
    """Forwarding mode of a port."""

    ACCESS = "access"
    TRUNK = "trunk"
    ROUTED = "routed"


@dataclass(slots=True)
class InterfaceFacts:
    """One interface as configured: physical port, LAG or SVI."""

    name: str
    """Canonical name on the device's platform."""
    role: str
    """``physical``, ``lag``, ``svi``, ``loopback``, ``management`` or ``null``."""
    description: str = ""
    mode: PortMode = PortMode.ACCESS
    access_vlan: int = 1
    """Access VLAN; 1 when the configuration names none (every vendor's default)."""
    trunk_vlans: VlanSet | None = None
    native_vlan: int | None = None
    lag: str | None = None
    """Canonical name of the link aggregation the port is a member of."""
    shutdown: bool = False
    ipv4: list[IPv4Interface] = field(default_factory=list)
    ipv6: list[IPv6Interface] = field(default_factory=list)
    """Global IPv6 addresses; link-local ones are not kept."""
    dhcp: str | None = None
    """``relay`` or ``local`` when the SVI configures DHCP, else ``None``."""
    lines: int = 0
    """How many configuration lines the interface has; 0 means factory default."""

    @property
    def vlan_id(self) -> int | None:
        """The VLAN of an SVI, read from its name."""
        if self.role != "svi":
            return None
        digits = "".join(ch for ch in self.name if ch.isdigit())
        return int(digits) if digits else None


@dataclass(frozen=True, slots=True)
class VlanFacts:
    """One VLAN as declared on a device."""

    id: int
    name: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One LLDP neighbour seen on a local port."""

    local_port: str
    remote_name: str
    remote_port: str
    remote_address: str | None = None


@dataclass(slots=True)
class DeviceFacts:
    """Everything read from one device, by configuration text or by its own commands."""

    origin: str
    """The file or address the facts came from."""
    platform: PlatformId
    charset: Charset
    hostname: str
    running_config: str
    os_version: str | None = None
    model: str | None = None
    serial: str | None = None
    vlans: dict[int, VlanFacts] = field(default_factory=dict)
    interfaces: dict[str, InterfaceFacts] = field(default_factory=dict)
    telnet: bool = False
    """A Telnet server is enabled or a VTY line accepts Telnet."""
    default_gateway: str | None = None
    neighbours: list[Neighbour] = field(default_factory=list)
    """LLDP neighbours; filled by discovery only."""

    def svis(self) -> list[InterfaceFacts]:
        """Return the SVIs with an address, by VLAN id."""
        found = [i for i in self.interfaces.values() if i.role == "svi" and (i.ipv4 or i.ipv6)]
        return sorted(found, key=lambda i: i.vlan_id or 0)

    def members(self, lag: str) -> list[InterfaceFacts]:
        """Return the member ports of ``lag`` in port order."""
        return [i for i in self.interfaces.values() if i.lag == lag]
