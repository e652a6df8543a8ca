"""One school: its buildings and rooms, devices, cabling, VLANs and hosts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from ipaddress import IPv4Interface, IPv4Network, IPv6Interface, IPv6Network
from pathlib import Path
from typing import Annotated

from pydantic import Field, PrivateAttr, field_validator

from campusctl.inventory.model.base import (
    Count,
    Flag,
    Name,
    Positive,
    RegionCode,
    SchoolCode,
    StrictModel,
    Text,
    VlanId,
)
from campusctl.inventory.model.enums import (
    Charset,
    DeviceRole,
    DhcpMode,
    HostKind,
    Medium,
    OsFamily,
    PortProfile,
    RoomKind,
    SchoolType,
    Tier,
    Zone,
)
from campusctl.inventory.model.province import Services, Settings
from campusctl.inventory.model.wireless import MacAddress
from campusctl.platforms import PlatformId

_RE_RANGE = re.compile(r"^(?P<stem>.*?)(?P<first>[0-9]+)-(?P<last>[0-9]+)$")

OS_FAMILIES: dict[PlatformId, tuple[OsFamily, ...]] = {
    PlatformId.HUAWEI_VRP: (OsFamily.VRP5, OsFamily.VRP8),
    PlatformId.H3C_COMWARE: (OsFamily.COMWARE5, OsFamily.COMWARE7),
    PlatformId.RUIJIE_RGOS: (OsFamily.RGOS,),
    PlatformId.CISCO_IOS: (OsFamily.IOS, OsFamily.IOS_XE),
}


def expand_port_range(name: str) -> list[str]:
    """Expand ``GigabitEthernet0/0/1-24`` into the 24 names; a single name stays one.

    The range applies to the last number of the name, as vendors write it.
    """
    match = _RE_RANGE.match(name)
    if match is None:
        return [name]
    first, last = int(match["first"]), int(match["last"])
    if last < first:
        raise ValueError(f"port range {name!r} runs backwards; write the lower number first")
    return [f"{match['stem']}{number}" for number in range(first, last + 1)]


class Room(StrictModel):
    """A room; classrooms carry the 班班通 flags and outlet counts."""

    id: Text
    name: Text | None = None
    kind: RoomKind = RoomKind.CLASSROOM
    multimedia: Flag = False
    """Has multimedia teaching equipment (班班通)."""
    interactive: Flag = False
    """Has an interactive teaching platform (interactive whiteboard or panel)."""
    outlets: Count = 0
    """Wired data outlets in the room."""
    ap: Name | None = None
    """The access point serving the room."""


class Floor(StrictModel):
    """One floor of a building."""

    level: Annotated[int, Field(strict=True, ge=-5, le=100)]
    rooms: list[Room] = []


class Building(StrictModel):
    """A building of the campus."""

    id: Text
    name: Text
    floors: list[Floor] = []

    def rooms(self) -> Iterator[tuple[Floor, Room]]:
        """Yield every room with its floor."""
        for floor in self.floors:
            for room in floor.rooms:
                yield floor, room


class Port(StrictModel):
    """The purpose and VLANs of one switch port (or a range of ports)."""

    name: Text
    """Canonical interface name or a range of the last number (``GigabitEthernet0/0/1-24``)."""
    profile: PortProfile
    vlan: VlanId | None = None
    """Access VLAN (terminal, AP untagged/management, camera, printer, server ports)."""
    vlans: list[VlanId] = []
    """Allowed VLANs of a trunk (uplink, downlink, AP ports in tunnel or bridge mode)."""
    room: Text | None = None
    description: Text | None = None

    @field_validator("name")
    @classmethod
    def _valid_range(cls, value: str) -> str:
        expand_port_range(value)
        return value

    def names(self) -> list[str]:
        """Return the port names this entry covers."""
        return expand_port_range(self.name)


class Management(StrictModel):
    """The management VLAN and addresses of a device."""

    vlan: VlanId
    ipv4: IPv4Interface
    ipv6: IPv6Interface | None = None


class Device(StrictModel):
    """A managed network device."""

    name: Name
    role: DeviceRole
    platform: PlatformId
    os: OsFamily
    os_version: Text
    """Software version as the vendor writes it (V200R021C10, 7.1.070, 17.9.4); a string."""
    model: Text
    serial: Text | None = None
    mac: MacAddress | None = None
    """Base MAC address; the wireless controller admits APs by it (or by serial)."""
    management: Management
    charset: Charset = Charset.UTF8
    building: Text | None = None
    floor: int | None = None
    stack_members: Annotated[int, Field(strict=True, ge=1, le=9)] = 1
    ports: list[Port] = []

    def port_map(self) -> dict[str, Port]:
        """Return every configured port by its name, ranges expanded."""
        return {name: port for port in self.ports for name in port.names()}


class LinkEnd(StrictModel):
    """One end of a cable."""

    device: Name
    port: Text
    lag: Text | None = None
    """The link aggregation (Eth-Trunk1, Bridge-Aggregation1, Port-channel1) the port is in."""


class Link(StrictModel):
    """A cable between two device ports."""

    a: LinkEnd
    b: LinkEnd
    speed_mbps: Positive = 1000
    medium: Medium = Medium.COPPER


class Vlan(StrictModel):
    """A VLAN of the school's plan, in one functional zone."""

    id: VlanId
    name: Annotated[str, Field(strict=True, pattern=r"^[A-Za-z0-9_-]{1,31}$")]
    zone: Zone
    ipv4: IPv4Network | None = None
    ipv6: IPv6Network | None = None
    gateway: Name | None = None
    """The device with the VLAN's SVI; the gateway address is the network's first host."""
    dhcp: DhcpMode = DhcpMode.RELAY


class Host(StrictModel):
    """A Linux host: a 班班通 teacher terminal or the school's server."""

    name: Name
    kind: HostKind
    room: Text | None = None
    vlan: VlanId
    ipv4: IPv4Interface
    ipv6: IPv6Interface | None = None
    os: Text = "debian12"


class Uplink(StrictModel):
    """The school's broadband uplink toward the district MAN or the Internet."""

    provider: Text
    committed_mbps: Annotated[float, Field(strict=True, gt=0)]
    device: Name | None = None
    port: Text | None = None
    ipv4: IPv4Interface | None = None
    ipv6: IPv6Interface | None = None


class Prefixes(StrictModel):
    """The school's address blocks, allocated from its district's pools."""

    ipv4: IPv4Network
    ipv6: IPv6Network


class School(StrictModel):
    """A school site: the file inventory/schools/<city>/<district>/<code>.yml."""

    code: SchoolCode
    name: Text
    name_en: Text | None = None
    type: SchoolType
    tier: Tier = Tier.BASELINE
    mlps_level: Annotated[int, Field(strict=True, ge=2, le=3)]
    """等保 (MLPS 2.0) protection level of the school network."""
    district: RegionCode
    uplinks: list[Uplink] = []
    prefixes: Prefixes
    settings: Settings = Settings()
    """Settings after inheritance from the province, city and district."""
    services: Services = Services()
    """Services after inheritance from the province, city and district."""
    buildings: list[Building] = []
    devices: list[Device] = []
    links: list[Link] = []
    vlans: list[Vlan] = []
    hosts: list[Host] = []

    _source: Path | None = PrivateAttr(default=None)
    _city: str = PrivateAttr(default="")

    @property
    def city(self) -> str:
        """The code of the school's city."""
        return self._city

    @property
    def source(self) -> Path | None:
        """The file the school was loaded from."""
        return self._source

    def rooms(self) -> Iterator[tuple[Building, Floor, Room]]:
        """Yield every room with its building and floor."""
        for building in self.buildings:
            for floor, room in building.rooms():
                yield building, floor, room

    def classrooms(self) -> list[Room]:
        """Return the rooms of kind classroom."""
        return [room for _b, _f, room in self.rooms() if room.kind is RoomKind.CLASSROOM]

    def device(self, name: str) -> Device | None:
        """Return the device called ``name``, if the school has one."""
        return next((d for d in self.devices if d.name == name), None)

    def vlan(self, vlan_id: int) -> Vlan | None:
        """Return the VLAN with ``vlan_id``, if the school has one."""
        return next((v for v in self.vlans if v.id == vlan_id), None)

    @property
    def committed_mbps(self) -> float:
        """Total committed uplink bandwidth."""
        return sum(uplink.committed_mbps for uplink in self.uplinks)
