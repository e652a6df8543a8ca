"""What the lab needs to know about each emulated device.

:class:`LabDevice` is the lab's own view of an inventory device: the facts a
real switch reports about itself (model, software, serial, ports, cabling).
It is built from the inventory model by :func:`campusctl.lab.inventory.lab_devices`
and stored as JSON in the lab state folder, so the server process does not
load the inventory itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class Neighbor:
    """An LLDP neighbour seen on a local port, from the inventory's cabling."""

    local_port: str
    device: str
    port: str
    platform: str = ""
    description: str = ""  # the neighbour's system description
    management: str = ""  # the neighbour's management IPv4 address


@dataclass(frozen=True, slots=True)
class Station:
    """A host learned on a port: one MAC and ARP entry."""

    mac: str  # aaaa-bbbb-cccc
    ipv4: str
    vlan: int
    port: str


@dataclass(slots=True)
class LabDevice:
    """One emulated switch or wireless controller."""

    name: str
    platform: str  # a PlatformId value
    os: str  # VRP5, VRP8, Comware5, Comware7, IOS, IOS-XE, RGOS
    os_version: str
    model: str
    serial: str
    interfaces: list[str]
    management_vlan: int
    management_ipv4: str  # interface form, 198.18.0.10/24
    management_ipv6: str = ""
    charset: str = "utf-8"
    role: str = "access"
    neighbors: list[Neighbor] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)
    attached_ports: list[str] = field(default_factory=list)
    """Ports whose equipment the lab does not emulate (broadband line, servers): always up."""
    address: str = "127.0.0.1"
    port: int = 0
    # The address a loopback client stands for: the lab's engine runs on this
    # machine, while the device's management ACL admits the management stations.
    management_station: str = ""

    @property
    def platform_id(self) -> PlatformId:
        """The platform as an enum member."""
        return PlatformId(self.platform)

    @property
    def base_mac(self) -> str:
        """A stable, locally administered MAC address derived from the name."""
        digest = hashlib.sha256(self.name.encode()).digest()
        octets = bytes([0x02, *digest[:4], 0x00])
        return "-".join(octets[i : i + 2].hex() for i in range(0, 6, 2))

    def interface_mac(self, index: int) -> str:
        """Return the MAC of the interface at ``index`` (base MAC plus index)."""
        value = int(self.base_mac.replace("-", ""), 16) + index + 1
        text = f"{value:012x}"
        return "-".join(text[i : i + 4] for i in range(0, 12, 4))

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LabDevice:
        """Build a device from :meth:`to_json` output."""
        values = dict(data)
        values["neighbors"] = [Neighbor(**n) for n in values.get("neighbors", [])]
        values["stations"] = [Station(**s) for s in values.get("stations", [])]
        return cls(**values)


def save_devices(devices: list[LabDevice]) -> str:
    """Serialise the device list for the server process."""
    return json.dumps([device.to_json() for device in devices], ensure_ascii=False, indent=1)


def load_devices(text: str) -> list[LabDevice]:
    """Parse :func:`save_devices` output."""
    return [LabDevice.from_json(item) for item in json.loads(text)]


_IF_RE = re.compile(r"^([A-Za-z-]+)\s*(\d+(?:/\d+)*(?:\.\d+)?)$")


def split_interface(name: str) -> tuple[str, str]:
    """Split ``GigabitEthernet0/0/1`` into (``GigabitEthernet``, ``0/0/1``)."""
    match = _IF_RE.match(name.strip())
    if not match:
        return name, ""
    return match.group(1), match.group(2)
