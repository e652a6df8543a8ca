"""Plan one school: rooms, devices, ports, cabling, VLANs and addresses as a school file.

The plan is a mapping in the key order of the sample school files, validated
into the inventory's :class:`School` model before anyone sees it. The order
of every list is fixed by the spec, so the same spec and inventory always
give the same file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import School
from campusctl.inventory.model.enums import DeviceRole, DhcpMode, PortProfile, RoomKind, Zone
from campusctl.onboard.addressing import AddressPlan, plan_addresses
from campusctl.onboard.demand import FloorDemand, PortDemand, floor_demands
from campusctl.onboard.errors import NoFreeSpace, OnboardError
from campusctl.onboard.hardware import access_capacity, platform_models, ports_of
from campusctl.onboard.layout import PlannedBuilding, network_room, plan_layout
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.spec import SchoolSpec
from campusctl.onboard.standard import check_spec
from campusctl.onboard.switching import (
    PlannedSwitch,
    assign_access_ports,
    link,
    plan_access,
    plan_core,
    smallest_fitting,
)

log = logging.getLogger(__name__)


@dataclass
class PlanContext:
    """What planning needs besides the spec: the inventory, the rules and what is taken."""

    inventory: Inventory
    rules: SizingRules
    used_ipv4: list[IPv4Network] = field(default_factory=list)
    used_ipv6: list[IPv6Network] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    """Name prefixes in use: the part of every device and host name before its first hyphen."""

    @classmethod
    def of(cls, inventory: Inventory, rules: SizingRules) -> PlanContext:
        """Return a context with every block and name already used in ``inventory``."""
        context = cls(inventory, rules)
        for school in inventory.schools.values():
            context.take_school(school)
        return context

    def take_school(self, school: School) -> None:
        """Mark the blocks and device and host names of ``school`` as used."""
        self.used_ipv4.append(school.prefixes.ipv4)
        self.used_ipv6.append(school.prefixes.ipv6)
        self.names.update(device.name for device in school.devices)
        self.names.update(host.name for host in school.hosts)
        self.prefixes.update(self._prefixes(school))

    def release_school(self, school: School) -> None:
        """Forget the blocks and names of ``school`` (it is about to be planned again)."""
        self.used_ipv4.remove(school.prefixes.ipv4)
        self.used_ipv6.remove(school.prefixes.ipv6)
        self.names.difference_update(device.name for device in school.devices)
        self.names.difference_update(host.name for host in school.hosts)
        self.prefixes = {name.split("-", 1)[0] for name in self.names}

    @staticmethod
    def _prefixes(school: School) -> set[str]:
        names = [d.name for d in school.devices] + [h.name for h in school.hosts]
        return {name.split("-", 1)[0] for name in names}


@dataclass
class SchoolPlan:
    """The plan of one school: the file content, its model and where it goes."""

    spec: SchoolSpec
    data: dict[str, Any]
    school: School
    relative_path: Path
    access: list[PlannedSwitch]
    core: PlannedSwitch
    wlc: PlannedSwitch | None
    addresses: AddressPlan

    @property
    def collapsed(self) -> bool:
        """Whether one switch is both the core and the only access switch."""
        return not self.access


def _zones(spec: SchoolSpec, rules: SizingRules, has_labs: bool) -> list[Zone]:
    zones = set(rules.zones[spec.type])
    if has_labs:
        zones.add(Zone.LAB)
    else:
        zones.discard(Zone.LAB)
    return sorted(zones, key=rules.vlan_id)


def plan_school(spec: SchoolSpec, context: PlanContext, keep: School | None = None) -> SchoolPlan:
    """Plan ``spec`` against the inventory and the blocks and names already taken.

    :param keep: the school's current entry when it is planned again; its
        address blocks are kept when they are still large enough.
    :raise OnboardError: (or a subclass) naming what cannot be met and the fix.
    """
    rules = context.rules
    inventory = context.inventory
    mlps_level = check_spec(spec, rules)
    districts = inventory.province.districts()
    if spec.district not in districts:
        raise OnboardError(
            _("district {district} is not declared in province.yml; add it under its city").format(
                district=spec.district
            )
        )
    city, district = districts[spec.district]
    platform_rule = rules.platforms.get(spec.platform)
    if platform_rule is None:
        raise OnboardError(
            _("the sizing rules have no models for platform {platform}").format(
                platform=spec.platform
            )
        )
    models = platform_models(inventory.catalog, platform_rule, spec.platform)
    prefix = spec.prefix
    clash = (
        sorted(n for n in context.names if n.startswith(f"{prefix}-"))
        if prefix in context.prefixes
        else []
    )
    if clash:
        raise OnboardError(
            _(
                "school {code}: the name prefix {prefix} is already used by {names}; "
                "choose another with --short"
            ).format(code=spec.code, prefix=prefix, names=", ".join(clash[:3]))
        )

    buildings = plan_layout(spec, rules)
    has_labs = any(
        room.kind is RoomKind.LAB for b in buildings for f in b.floors for room in f.rooms
    )
    zones = _zones(spec, rules, has_labs)
    vlan_of = {zone: rules.vlan_id(zone) for zone in zones}
    floors = floor_demands(prefix, buildings, rules, set(zones))
    every_demand = [d for floor in floors for d in floor.demands()]
    ap_count = sum(1 for d in every_demand if d.ap is not None)
    has_wlc = ap_count >= rules.wlc_from_aps
    wireless = [vlan_of[z] for z in rules.wireless_zones if z in vlan_of]
    home_building, home_floor, _room = network_room(buildings)

    access_capacities = [access_capacity(m, rules.access) for m in models["access"]]
    single = smallest_fitting(access_capacities, every_demand)
    access: list[PlannedSwitch]
    if single is not None and rules.collapse_max_access_switches >= 1:
        access = []
        core = PlannedSwitch(
            name=f"{prefix}-CORE-01",
            role=DeviceRole.CORE,
            model=single.model,
            building=home_building.id,
            floor=home_floor.level,
            demands=every_demand,
        )
    else:
        access = plan_access(prefix, floors, models["access"], rules)
        stacked = (
            spec.type in rules.core.stack_types
            or len(access) >= rules.core.stack_from_access_switches
        )
        downlinks = len(access) * rules.access.uplinks + int(has_wlc) + 1
        core = plan_core(
            prefix, downlinks, models["core"], stacked, rules, home_building.id, home_floor.level
        )

    ap_wireless = [] if has_wlc else wireless
    ap_ports: dict[str, tuple[PlannedSwitch, str]] = {}
    for switch in [*access, *([] if access else [core])]:
        for ap, port in assign_access_ports(switch, ap_wireless, vlan_of).items():
            ap_ports[ap] = (switch, port)

    links: list[dict[str, Any]] = []
    _cable_access(access, core, platform_rule.lag_name, rules, vlan_of, ap_wireless, links)
    wlc = None
    if has_wlc:
        wlc = PlannedSwitch(
            name=f"{prefix}-WLC-01",
            role=DeviceRole.WLC,
            model=models["wlc"][0],
            building=home_building.id,
            floor=home_floor.level,
        )
        _cable_wlc(wlc, core, [vlan_of[Zone.MANAGEMENT], *wireless], links)
    provider = spec.provider or rules.default_provider
    wan_port = _wan_port(core, access)
    core.entries.append(
        {
            "name": wan_port,
            "profile": PortProfile.UPLINK.value,
            "description": rules.wan_description.format(
                provider=provider, mbps=f"{spec.bandwidth_mbps:g}"
            ),
        }
    )

    ap_model = models["ap"][0]
    ap_uplink = (
        next(p for p in ports_of(ap_model) if p.uplink)
        if any(p.uplink for p in ports_of(ap_model))
        else ports_of(ap_model)[0]
    )
    aps: list[tuple[str, str, int]] = []
    for floor in floors:
        for demand in floor.demands():
            if demand.ap is None:
                continue
            switch, port = ap_ports[demand.ap]
            speed = min(ap_uplink.speed_mbps, _speed(switch, port))
            links.append(link(switch.name, port, demand.ap, ap_uplink.name, speed))
            aps.append((demand.ap, floor.building.id, floor.floor.level))

    switches = [core, *([wlc] if wlc else []), *access]
    device_names = [s.name for s in switches] + [name for name, _b, _f in aps]
    terminals = _terminal_rooms(buildings, rules) if Zone.TEACHING in zones else []
    server_room = _room if rules.hosts.server and Zone.SERVERS in zones else None
    host_names = [f"{prefix}-T-{room}" for room in terminals]
    if server_room is not None:
        host_names.append(f"{prefix}-SRV-01")
    for name in [*device_names, *host_names]:
        if name in context.names:
            raise OnboardError(
                _("school {code}: the name {name} is already used; choose another --short").format(
                    code=spec.code, name=name
                )
            )

    wired: dict[Zone, int] = {}
    for demand in every_demand:
        if demand.ap is None:
            wired[demand.zone] = wired.get(demand.zone, 0) + 1
    wired[Zone.MANAGEMENT] = len(device_names)
    addresses = plan_addresses(
        spec,
        rules,
        zones,
        wired,
        ap_count,
        district.pools,
        context.used_ipv4,
        context.used_ipv6,
        keep,
    )
    if addresses is None:
        raise NoFreeSpace(
            _(
                "district {district} has no free address block for school {code}; "
                "add a pool to the district in province.yml"
            ).format(district=spec.district, code=spec.code)
        )

    data = _school_data(
        spec=spec,
        mlps_level=mlps_level,
        provider=provider,
        buildings=buildings,
        floors=floors,
        zones=zones,
        rules=rules,
        core=core,
        wlc=wlc,
        access=access,
        aps=aps,
        ap_model=ap_model.name,
        wan_port=wan_port,
        links=links,
        addresses=addresses,
        terminals=terminals,
        server_room=server_room.id if server_room else None,
    )
    try:
        school = School.model_validate(data)
    except ValidationError as err:  # a bug of the planner, never of the user's input
        raise OnboardError(
            _("the plan of school {code} is not a valid school file: {error}").format(
                code=spec.code, error=err
            )
        ) from err
    school._city = city.code
    context.take_school(school)
    relative = Path("schools") / city.code / spec.district / f"{spec.code}.yml"
    log.debug(
        "planned %s: %d devices, %d links, %s",
        spec.code,
        len(device_names),
        len(links),
        addresses.ipv4,
    )
    return SchoolPlan(spec, data, school, relative, access, core, wlc, addresses)


def _speed(switch: PlannedSwitch, port: str) -> int:
    return next(p.speed_mbps for p in ports_of(switch.model, switch.members) if p.name == port)


def _trunk_vlans(switch: PlannedSwitch, vlan_of: dict[Zone, int], wireless: list[int]) -> list[int]:
    vlans = {vlan_of[Zone.MANAGEMENT]}
    for demand in switch.demands:
        vlans.add(vlan_of[demand.zone])
        if demand.ap is not None:
            vlans.update(wireless)
    return sorted(vlans)


def _cable_access(
    access: list[PlannedSwitch],
    core: PlannedSwitch,
    lag_name: str,
    rules: SizingRules,
    vlan_of: dict[Zone, int],
    wireless: list[int],
    links: list[dict[str, Any]],
) -> None:
    """Cable every access switch to the core, its uplinks spread over the stack members."""
    count = rules.access.uplinks
    for index, switch in enumerate(access, start=1):
        vlans = _trunk_vlans(switch, vlan_of, wireless)
        uplinks = switch.take_uplink_ports(count)
        bundled = len(uplinks) > 1
        access_lag = lag_name.format(n=1) if bundled else None
        core_lag = lag_name.format(n=index) if bundled else None
        core_ports: list[str] = []
        for number, port in enumerate(uplinks):
            member = core.model.first_member + number % core.members
            core_port = core.take_downlink_port(port.speed_mbps, member)
            core_ports.append(core_port.name)
            speed = min(port.speed_mbps, core_port.speed_mbps)
            links.append(
                link(switch.name, port.name, core.name, core_port.name, speed, access_lag, core_lag)
            )
        switch.entries.insert(
            0,
            {
                "name": access_lag or uplinks[0].name,
                "profile": PortProfile.UPLINK.value,
                "vlans": vlans,
                "description": f"uplink {core.name}",
            },
        )
        core.entries.append(
            {
                "name": core_lag or core_ports[0],
                "profile": PortProfile.DOWNLINK.value,
                "vlans": vlans,
                "description": f"downlink {switch.name}",
            }
        )


def _cable_wlc(
    wlc: PlannedSwitch, core: PlannedSwitch, vlans: list[int], links: list[dict[str, Any]]
) -> None:
    (port,) = wlc.take_uplink_ports(1)
    core_port = core.take_downlink_port(port.speed_mbps, core.model.first_member)
    links.append(
        link(
            wlc.name,
            port.name,
            core.name,
            core_port.name,
            min(port.speed_mbps, core_port.speed_mbps),
        )
    )
    wlc.entries.append(
        {
            "name": port.name,
            "profile": PortProfile.UPLINK.value,
            "vlans": vlans,
            "description": f"uplink {core.name}",
        }
    )
    core.entries.append(
        {
            "name": core_port.name,
            "profile": PortProfile.DOWNLINK.value,
            "vlans": vlans,
            "description": f"downlink {wlc.name}",
        }
    )


def _wan_port(core: PlannedSwitch, access: list[PlannedSwitch]) -> str:
    """Take the core's port toward the provider: an uplink port on a collapsed core."""
    if not access:
        return core.take_uplink_ports(1)[0].name
    speed = max((p.speed_mbps for p in core.free if not p.uplink), default=1000)
    return core.take_downlink_port(speed, core.model.first_member).name


def _terminal_rooms(buildings: list[PlannedBuilding], rules: SizingRules) -> list[str]:
    if not rules.hosts.terminal_per_classroom:
        return []
    return [
        room.id
        for building in buildings
        for floor in building.floors
        for room in floor.rooms
        if room.kind is RoomKind.CLASSROOM
    ]


def _outlets(floors: list[FloorDemand]) -> tuple[dict[str, int], dict[str, str]]:
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


def _device(
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


def _school_data(
    *,
    spec: SchoolSpec,
    mlps_level: int,
    provider: str,
    buildings: list[PlannedBuilding],
    floors: list[FloorDemand],
    zones: list[Zone],
    rules: SizingRules,
    core: PlannedSwitch,
    wlc: PlannedSwitch | None,
    access: list[PlannedSwitch],
    aps: list[tuple[str, str, int]],
    ap_model: str,
    wan_port: str,
    links: list[dict[str, Any]],
    addresses: AddressPlan,
    terminals: list[str],
    server_room: str | None,
) -> dict[str, Any]:
    outlets, room_ap = _outlets(floors)
    data: dict[str, Any] = {"code": spec.code, "name": spec.name}
    if spec.name_en:
        data["name_en"] = spec.name_en
    data.update(
        {
            "type": spec.type.value,
            "tier": spec.tier.value,
            "mlps_level": mlps_level,
            "district": spec.district,
            "uplinks": [
                {
                    "provider": provider,
                    "committed_mbps": spec.bandwidth_mbps,
                    "device": core.name,
                    "port": wan_port,
                }
            ],
            "prefixes": {"ipv4": str(addresses.ipv4), "ipv6": str(addresses.ipv6)},
        }
    )
    data["buildings"] = [
        {
            "id": building.id,
            "name": building.name,
            "floors": [
                {
                    "level": floor.level,
                    "rooms": [_room(room, outlets, room_ap) for room in floor.rooms],
                }
                for floor in building.floors
            ],
        }
        for building in buildings
    ]
    data["vlans"] = [
        {
            "id": rules.vlan_id(zone),
            "name": rules.vlans[zone].name,
            "zone": zone.value,
            "ipv4": str(addresses.vlans_ipv4[zone]),
            "ipv6": str(addresses.vlans_ipv6[zone]),
            "gateway": core.name,
            "dhcp": (
                DhcpMode.NONE if zone in (Zone.MANAGEMENT, Zone.SERVERS) else DhcpMode.RELAY
            ).value,
        }
        for zone in zones
    ]
    mgmt_vlan = rules.vlan_id(Zone.MANAGEMENT)
    switches = [core, *([wlc] if wlc else []), *access]
    devices = [
        _device(switch, spec, rules, addresses.management(index, mgmt_vlan))
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
    data["devices"] = devices
    data["links"] = links
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
    data["hosts"] = hosts
    return data


def _room(room: Any, outlets: dict[str, int], room_ap: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": room.id, "kind": room.kind.value}
    if room.kind in (RoomKind.CLASSROOM, RoomKind.LAB):
        entry["multimedia"] = room.multimedia
    if room.kind is RoomKind.CLASSROOM:
        entry["interactive"] = room.interactive
    entry["outlets"] = outlets.get(room.id, 0)
    if room.id in room_ap:
        entry["ap"] = room_ap[room.id]
    return entry


__all__ = ["PlanContext", "PortDemand", "SchoolPlan", "plan_school"]
