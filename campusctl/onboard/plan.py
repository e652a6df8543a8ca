"""Plan one school: rooms, devices, ports, cabling, VLANs and addresses as a school file.

The plan is a mapping in the key order of the sample school files, and it is
validated into the inventory's :class:`School` model before it is returned.
The spec fixes the order of every list, so the same spec and inventory always
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
from campusctl.inventory.model import HardwareModel, School
from campusctl.inventory.model.enums import DeviceRole, PortProfile, RoomKind, Zone
from campusctl.onboard.addressing import AddressPlan, plan_addresses, plan_uplink
from campusctl.onboard.cabling import cable_access, cable_aps, cable_wlc, take_wan_port
from campusctl.onboard.demand import FloorDemand, PortDemand, floor_demands
from campusctl.onboard.errors import NoFreeSpace, OnboardError
from campusctl.onboard.hardware import access_capacity, platform_models
from campusctl.onboard.layout import network_room, plan_layout
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.schoolfile import school_data, terminal_rooms
from campusctl.onboard.spec import SchoolSpec
from campusctl.onboard.standard import check_spec
from campusctl.onboard.switching import (
    PlannedSwitch,
    assign_access_ports,
    plan_access,
    plan_core,
    smallest_fitting,
)

log = logging.getLogger(__name__)


@dataclass
class PlanContext:
    """Inputs of planning besides the spec: the inventory, the rules, and the blocks and names in use."""

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
        """Mark the blocks, uplink networks and device and host names of ``school`` as used."""
        self.used_ipv4.append(school.prefixes.ipv4)
        self.used_ipv6.append(school.prefixes.ipv6)
        self.used_ipv4.extend(u.ipv4.network for u in school.uplinks if u.ipv4 is not None)
        self.used_ipv6.extend(u.ipv6.network for u in school.uplinks if u.ipv6 is not None)
        self.names.update(device.name for device in school.devices)
        self.names.update(host.name for host in school.hosts)
        self.prefixes.update(self._prefixes(school))

    def release_school(self, school: School) -> None:
        """Forget the blocks and names of ``school`` (it is about to be planned again)."""
        self.used_ipv4.remove(school.prefixes.ipv4)
        self.used_ipv6.remove(school.prefixes.ipv6)
        for uplink in school.uplinks:
            if uplink.ipv4 is not None:
                self.used_ipv4.remove(uplink.ipv4.network)
            if uplink.ipv6 is not None:
                self.used_ipv6.remove(uplink.ipv6.network)
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
    wlcs: list[PlannedSwitch]
    addresses: AddressPlan

    @property
    def wlc(self) -> PlannedSwitch | None:
        """The first wireless controller, if the school has any."""
        return self.wlcs[0] if self.wlcs else None

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


def _check_prefix(spec: SchoolSpec, context: PlanContext) -> None:
    """Reject a name prefix that devices or hosts of another school already use."""
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


def _plan_switches(
    spec: SchoolSpec,
    floors: list[FloorDemand],
    models: dict[str, list[HardwareModel]],
    rules: SizingRules,
    wlc_count: int,
    home: tuple[str, int],
) -> tuple[list[PlannedSwitch], PlannedSwitch]:
    """Plan the access switches and the core; one switch for everything when it fits.

    :return: the access switches (none when the core is collapsed) and the core.
    """
    prefix = spec.prefix
    every_demand = [d for floor in floors for d in floor.demands()]
    capacities = [access_capacity(m, rules.access) for m in models["access"]]
    single = smallest_fitting(capacities, every_demand)
    if single is not None and rules.collapse_max_access_switches >= 1:
        core = PlannedSwitch(
            name=f"{prefix}-CORE-01",
            role=DeviceRole.CORE,
            model=single.model,
            building=home[0],
            floor=home[1],
            demands=every_demand,
        )
        return [], core
    access = plan_access(prefix, floors, models["access"], rules)
    stacked = (
        spec.type in rules.core.stack_types or len(access) >= rules.core.stack_from_access_switches
    )
    downlinks = len(access) * rules.access.uplinks + wlc_count + 1
    core = plan_core(prefix, downlinks, models["core"], stacked, rules, home[0], home[1])
    return access, core


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
    _check_prefix(spec, context)

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
    wlc_count = 0
    if has_wlc:
        wlc_count = 2 if spec.type in rules.wlc_pair_types else 1
    wireless = [vlan_of[z] for z in rules.wireless_zones if z in vlan_of]
    # The controllers carry the VLAN of every SSID the school offers (the province's catalogue).
    catalogue = inventory.province.defaults.get("wireless", {}).get("ssids", [])
    ssid_zones = {str(entry.get("zone")) for entry in catalogue if isinstance(entry, dict)}
    controller_vlans = sorted({*wireless, *(vlan_of[z] for z in vlan_of if z.value in ssid_zones)})
    home_building, home_floor, home_room = network_room(buildings)

    access, core = _plan_switches(
        spec, floors, models, rules, wlc_count, (home_building.id, home_floor.level)
    )

    ap_wireless = [] if has_wlc else wireless
    ap_ports: dict[str, tuple[PlannedSwitch, str]] = {}
    for switch in [*access, *([] if access else [core])]:
        for ap, port in assign_access_ports(switch, ap_wireless, vlan_of).items():
            ap_ports[ap] = (switch, port)

    links: list[dict[str, Any]] = []
    backbone = rules.backbone_mbps.get(spec.type, 0)
    cable_access(access, core, platform_rule.lag_name, rules, vlan_of, ap_wireless, links, backbone)
    wlcs: list[PlannedSwitch] = []
    for number in range(1, wlc_count + 1):
        wlc = PlannedSwitch(
            name=f"{prefix}-WLC-{number:02d}",
            role=DeviceRole.WLC,
            model=models["wlc"][0],
            building=home_building.id,
            floor=home_floor.level,
        )
        member = core.model.first_member + (number - 1) % core.members
        cable_wlc(wlc, core, [vlan_of[Zone.MANAGEMENT], *controller_vlans], links, member)
        wlcs.append(wlc)
    provider = spec.provider or rules.default_provider
    wan_port = take_wan_port(core, access)
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
    aps = cable_aps(floors, ap_ports, ap_model, links)

    switches = [core, *wlcs, *access]
    device_names = [s.name for s in switches] + [name for name, _b, _f in aps]
    terminals = terminal_rooms(buildings, rules) if Zone.TEACHING in zones else []
    server_room = home_room if rules.hosts.server and Zone.SERVERS in zones else None
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
    uplink = plan_uplink(
        spec,
        rules,
        district.pools,
        [*context.used_ipv4, addresses.ipv4],
        [*context.used_ipv6, addresses.ipv6],
        keep,
    )
    if uplink is None:
        raise NoFreeSpace(
            _(
                "district {district} has no free uplink network for school {code}; "
                "add a pool to the district in province.yml or give --uplink-ipv4 and --uplink-ipv6"
            ).format(district=spec.district, code=spec.code)
        )

    data = school_data(
        spec=spec,
        mlps_level=mlps_level,
        provider=provider,
        uplink=uplink,
        buildings=buildings,
        floors=floors,
        zones=zones,
        rules=rules,
        core=core,
        wlcs=wlcs,
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
    return SchoolPlan(spec, data, school, relative, access, core, wlcs, addresses)


__all__ = ["PlanContext", "PortDemand", "SchoolPlan", "plan_school"]
