"""The school file as a mapping, in the key order of the sample school files."""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv6Interface
from typing import Any

from campusctl.inventory.model.enums import DeviceRole, DhcpMode, PortProfile, RoomKind, Zone
from campusctl.onboard.addressing import AddressPlan
from campusctl.onboard.demand import FloorDemand
from campusctl.onboard.layout import PlannedBuilding, PlannedRoom
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.spec import SchoolSpec
from campusctl.onboard.switching import PlannedSwitch


def terminal_rooms(buildings: list[PlannedBuilding], rules: SizingRules) -> list[str]:
    if not rules.hosts.terminal_per_classroom:
        return []
    return [
        room.id
        for building in buildings
        for floor in building.floors
        for room in floor.rooms
        if room.kind is RoomKind.CLASSROOM
    ]


def room_outlets(floors: list[FloorDemand]) -> tuple[dict[str, int], dict[str, str]]:
    outlets: dict[str, int] = {}
    room_ap: dict[str, str] = {}
    for floor in floors:
        for demand in floor.demands():
            if demand.room is None:
                continue
            if demand.ap is not None:
                room_ap.setdefault(demand.room, demand.ap)
            else:
                outlets[demand.room] = outlets.get(demand.room, 0) + 1
    return outlets, room_ap


def device_entry(
    switch: PlannedSwitch, spec: SchoolSpec, rules: SizingRules, management: dict[str, Any]
) -> dict[str, Any]:
    platform_rule = rules.platforms[spec.platform]
    software = platform_rule.os["wlc" if switch.role is DeviceRole.WLC else "switch"]
    device: dict[str, Any] = {
        "name": switch.name,
        "role": switch.role.value,
        "platform": spec.platform.value,
        "os": software.family.value,
        "os_version": software.version,
        "model": switch.model.name,
        "management": management,
        "charset": platform_rule.charset.value,
        "building": switch.building,
        "floor": switch.floor,
    }
    if switch.members > 1:
        device["stack_members"] = switch.members
    ports = list(switch.entries)
    ports += [
        {"name": name, "profile": PortProfile.UNUSED.value} for name in switch.unused_ranges()
    ]
    device["ports"] = ports
    return device


def school_data(
    *,
    spec: SchoolSpec,
    mlps_level: int,
    provider: str,
    uplink: tuple[IPv4Interface, IPv6Interface],
    buildings: list[PlannedBuilding],
    floors: list[FloorDemand],
    zones: list[Zone],
    rules: SizingRules,
    core: PlannedSwitch,
    wlcs: list[PlannedSwitch],
    access: list[PlannedSwitch],
    aps: list[tuple[str, str, int]],
    ap_model: str,
    wan_port: str,
    links: list[dict[str, Any]],
    addresses: AddressPlan,
    terminals: list[str],
    server_room: str | None,
) -> dict[str, Any]:
    """Return the school file's mapping from the planned parts."""
    data: dict[str, Any] = {"code": spec.code, "name": spec.name}
    if spec.name_en:
        data["name_en"] = spec.name_en
    data["type"] = spec.type.value
    data["tier"] = spec.tier.value
    data["mlps_level"] = mlps_level
    data["district"] = spec.district
    data["uplinks"] = [
        {
            "provider": provider,
            "committed_mbps": spec.bandwidth_mbps,
            "device": core.name,
            "port": wan_port,
            "ipv4": str(uplink[0]),
            "ipv6": str(uplink[1]),
        }
    ]
    data["prefixes"] = {"ipv4": str(addresses.ipv4), "ipv6": str(addresses.ipv6)}
    data["buildings"] = _buildings(buildings, floors)
    data["vlans"] = _vlans(zones, rules, addresses, core.name)
    switches = [core, *wlcs, *access]
    data["devices"] = _devices(spec, rules, switches, aps, ap_model, addresses)
    data["links"] = links
    data["hosts"] = _hosts(spec, rules, addresses, terminals, server_room)
    return data


def _buildings(buildings: list[PlannedBuilding], floors: list[FloorDemand]) -> list[dict[str, Any]]:
    outlets, room_ap = room_outlets(floors)
    return [
        {
            "id": building.id,
            "name": building.name,
            "floors": [
                {
                    "level": floor.level,
                    "rooms": [room_entry(room, outlets, room_ap) for room in floor.rooms],
                }
                for floor in building.floors
            ],
        }
        for building in buildings
    ]


def _vlans(
    zones: list[Zone], rules: SizingRules, addresses: AddressPlan, gateway: str
) -> list[dict[str, Any]]:
    static = (Zone.MANAGEMENT, Zone.SERVERS)
    return [
        {
            "id": rules.vlan_id(zone),
            "name": rules.vlans[zone].name,
            "zone": zone.value,
            "ipv4": str(addresses.vlans_ipv4[zone]),
            "ipv6": str(addresses.vlans_ipv6[zone]),
            "gateway": gateway,
            "dhcp": (DhcpMode.NONE if zone in static else DhcpMode.RELAY).value,
        }
        for zone in zones
    ]


def _devices(
    spec: SchoolSpec,
    rules: SizingRules,
    switches: list[PlannedSwitch],
    aps: list[tuple[str, str, int]],
    ap_model: str,
    addresses: AddressPlan,
) -> list[dict[str, Any]]:
    """Return the switches, then the access points, numbered in that order in the management VLAN."""
    mgmt_vlan = rules.vlan_id(Zone.MANAGEMENT)
    devices = [
        device_entry(switch, spec, rules, addresses.management(index, mgmt_vlan))
        for index, switch in enumerate(switches)
    ]
    software = rules.platforms[spec.platform].os["ap"]
    for offset, (name, building_id, level) in enumerate(aps, start=len(switches)):
        devices.append(
            {
                "name": name,
                "role": DeviceRole.AP.value,
                "platform": spec.platform.value,
                "os": software.family.value,
                "os_version": software.version,
                "model": ap_model,
                "management": addresses.management(offset, mgmt_vlan),
                "building": building_id,
                "floor": level,
            }
        )
    return devices


def _hosts(
    spec: SchoolSpec,
    rules: SizingRules,
    addresses: AddressPlan,
    terminals: list[str],
    server_room: str | None,
) -> list[dict[str, Any]]:
    hosts: list[dict[str, Any]] = []
    for index, room in enumerate(terminals):
        hosts.append(
            {
                "name": f"{spec.prefix}-T-{room}",
                "kind": "terminal",
                "room": room,
                **addresses.host(Zone.TEACHING, index, rules),
            }
        )
    if server_room is not None:
        hosts.append(
            {
                "name": f"{spec.prefix}-SRV-01",
                "kind": "server",
                "room": server_room,
                **addresses.host(Zone.SERVERS, 0, rules),
            }
        )
    return hosts


def room_entry(
    room: PlannedRoom, outlets: dict[str, int], room_ap: dict[str, str]
) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": room.id, "kind": room.kind.value}
    if room.kind in (RoomKind.CLASSROOM, RoomKind.LAB):
        entry["multimedia"] = room.multimedia
    if room.kind is RoomKind.CLASSROOM:
        entry["interactive"] = room.interactive
    entry["outlets"] = outlets.get(room.id, 0)
    if room.id in room_ap:
        entry["ap"] = room_ap[room.id]
    return entry
