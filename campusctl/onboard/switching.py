"""Switches of the plan: access switches per floor, the core, and their ports and cables."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from campusctl.i18n import _
from campusctl.inventory.model import HardwareModel
from campusctl.inventory.model.enums import DeviceRole, Medium, PortProfile
from campusctl.onboard.demand import FloorDemand, PortDemand
from campusctl.onboard.errors import NoFittingModel
from campusctl.onboard.hardware import AccessCapacity, PortInfo, access_capacity, fits, ports_of
from campusctl.onboard.rules import SizingRules

MAX_STACK_MEMBERS = 9
"""Largest ``stack_members`` the inventory model accepts."""
FIBER_FROM_MBPS = 10000
"""Links at this speed or faster between switches are planned as fibre."""

_RE_TRAILING_NUMBER = re.compile(r"^(?P<stem>.*?)(?P<number>[0-9]+)$")


@dataclass
class PlannedSwitch:
    """A switch (or stack, or controller) of the plan with its port assignments."""

    name: str
    role: DeviceRole
    model: HardwareModel
    building: str
    floor: int
    members: int = 1
    demands: list[PortDemand] = field(default_factory=list)
    free: list[PortInfo] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    poe_w: float = 0.0

    def __post_init__(self) -> None:
        self.free = ports_of(self.model, self.members)

    def take(self, port: PortInfo) -> PortInfo:
        """Mark ``port`` as used and return it."""
        self.free.remove(port)
        return port

    def take_access_port(self, poe: bool) -> PortInfo:
        """Take the next free access (non-uplink) port, a PoE one when ``poe``."""
        for port in self.free:
            if not port.uplink and (port.poe or not poe):
                return self.take(port)
        message = (
            _("{device}: no free PoE port left on a {model}")
            if poe
            else _("{device}: no free access port left on a {model}")
        )
        raise NoFittingModel(message.format(device=self.name, model=self.model.name))

    def take_uplink_ports(self, count: int) -> list[PortInfo]:
        """Take ``count`` uplink ports (uplink groups first, then the last access ports)."""
        chosen = [p for p in self.free if p.uplink][:count]
        if len(chosen) < count:
            rest = [p for p in reversed(self.free) if not p.uplink]
            chosen += rest[: count - len(chosen)]
        for port in chosen:
            self.take(port)
        return chosen

    def take_downlink_port(self, speed: int, member: int) -> PortInfo:
        """Take the free port of ``member`` best matching ``speed``: equal, faster, then slower."""
        candidates = [p for p in self.free if p.member == member] or self.free
        if not candidates:
            raise NoFittingModel(
                _("{device}: no free port left on a {model}").format(
                    device=self.name, model=self.model.name
                )
            )

        def preference(port: PortInfo) -> tuple[int, bool]:
            if port.speed_mbps == speed:
                rank = 0
            elif port.speed_mbps > speed:
                rank = 1
            else:
                rank = 2
            return rank, port.uplink

        return self.take(min(candidates, key=preference))

    def unused_ranges(self) -> list[str]:
        """Return the free ports as ranges of consecutive numbers (``GigabitEthernet0/0/9-24``)."""
        ranges: list[str] = []
        stem, first, last = "", -1, -1
        for port in self.free:
            match = _RE_TRAILING_NUMBER.match(port.name)
            if match is None:
                ranges.append(port.name)
                continue
            number = int(match["number"])
            if match["stem"] == stem and number == last + 1:
                last = number
                continue
            if first >= 0:
                ranges.append(_range(stem, first, last))
            stem, first, last = match["stem"], number, number
        if first >= 0:
            ranges.append(_range(stem, first, last))
        return ranges


def _range(stem: str, first: int, last: int) -> str:
    return f"{stem}{first}" if first == last else f"{stem}{first}-{last}"


def _pack_floor(floor: FloorDemand, capacity: AccessCapacity) -> list[list[PortDemand]]:
    """Pack the floor's groups into switches of ``capacity``, keeping each group on one switch."""
    switches: list[list[PortDemand]] = [[]]
    for group in floor.groups:
        current = switches[-1]
        candidate = current + group
        if current and not _fits_load(capacity, candidate):
            switches.append(list(group))
        else:
            switches[-1] = candidate
        if not _fits_load(capacity, switches[-1]):
            raise NoFittingModel(
                _("{count} ports of one room exceed the capacity of a {model}").format(
                    count=len(group), model=capacity.model.name
                )
            )
    return switches


def _fits_load(capacity: AccessCapacity, demands: list[PortDemand]) -> bool:
    poe = [d for d in demands if d.poe_w > 0]
    return fits(capacity, len(demands), len(poe), sum(d.poe_w for d in poe))


def smallest_fitting(
    capacities: list[AccessCapacity], demands: list[PortDemand]
) -> AccessCapacity | None:
    """Return the first capacity (in rule order) that carries ``demands`` on one switch."""
    return next((c for c in capacities if _fits_load(c, demands)), None)


def plan_access(
    prefix: str,
    floors: list[FloorDemand],
    access_models: list[HardwareModel],
    rules: SizingRules,
) -> list[PlannedSwitch]:
    """Plan the access switches of every floor, choosing the smallest model that fits each.

    A floor whose load exceeds the largest model gets as many switches of it
    as needed, each room's ports staying on one switch.
    """
    capacities = [access_capacity(model, rules.access) for model in access_models]
    largest = max(capacities, key=lambda c: (c.ports, c.poe_w))
    switches: list[PlannedSwitch] = []
    for floor in floors:
        for number, demands in enumerate(_pack_floor(floor, largest), start=1):
            capacity = smallest_fitting(capacities, demands) or largest
            switch = PlannedSwitch(
                name=f"{prefix}-{floor.building.id}{floor.floor.level}-ACC-{number:02d}",
                role=DeviceRole.ACCESS,
                model=capacity.model,
                building=floor.building.id,
                floor=floor.floor.level,
                demands=demands,
            )
            switches.append(switch)
    return switches


def stackable(model: HardwareModel) -> bool:
    """Tell whether the catalogue names the model's ports per stack member (``{member}``)."""
    return all("{member}" in group.prefix for group in model.port_groups)


def plan_core(
    prefix: str,
    downlinks: int,
    core_models: list[HardwareModel],
    stacked: bool,
    rules: SizingRules,
    building: str,
    floor: int,
) -> PlannedSwitch:
    """Plan the core: the first model whose ports, stacked if need be, take ``downlinks`` links.

    A stack grows past the rule's member count when the links need it, up to
    the nine members the inventory model allows. A model whose port names
    carry no member number is planned as a single switch.
    """
    for model in core_models:
        members = rules.core.stack_members if stacked and stackable(model) else 1
        per_member = len(ports_of(model))
        needed = max(members, math.ceil(downlinks / per_member))
        limit = MAX_STACK_MEMBERS if stacked and stackable(model) else 1
        if needed <= limit:
            return PlannedSwitch(
                name=f"{prefix}-CORE-01",
                role=DeviceRole.CORE,
                model=model,
                building=building,
                floor=floor,
                members=needed,
            )
    if not stacked:
        return plan_core(prefix, downlinks, core_models, True, rules, building, floor)
    names = ", ".join(model.name for model in core_models)
    raise NoFittingModel(
        _(
            "no core model of the sizing rules ({models}) has ports for {count} downlinks, "
            "even stacked up to {limit} members where the catalogue numbers stack members; "
            "add a larger core model to the sizing rules"
        ).format(models=names, count=downlinks, limit=MAX_STACK_MEMBERS)
    )


def assign_access_ports(
    switch: PlannedSwitch, wireless_vlans: list[int], vlan_of: dict[Any, int]
) -> dict[str, str]:
    """Give every demand of ``switch`` its port, record the port entries.

    :return: the switch port of every access point plugged into ``switch``, by AP name.
    """
    ap_ports: dict[str, str] = {}
    for demand in switch.demands:
        port = switch.take_access_port(poe=demand.poe_w > 0)
        entry: dict[str, Any] = {
            "name": port.name,
            "profile": demand.profile.value,
            "vlan": vlan_of[demand.zone],
        }
        if demand.profile is PortProfile.AP and wireless_vlans:
            # Bridge mode: the trunk carries the management VLAN (the AP's
            # untagged VLAN, in "vlan") and the Wi-Fi VLANs the AP bridges.
            entry["vlans"] = [entry["vlan"], *wireless_vlans]
        if demand.room is not None:
            entry["room"] = demand.room
        entry["description"] = demand.description
        switch.entries.append(entry)
        switch.poe_w += demand.poe_w
        if demand.ap is not None:
            ap_ports[demand.ap] = port.name
    return ap_ports


def link(
    a: str,
    a_port: str,
    b: str,
    b_port: str,
    speed: int,
    a_lag: str | None = None,
    b_lag: str | None = None,
) -> dict[str, Any]:
    """Return one cable of the plan in the inventory's link format."""
    end_a: dict[str, Any] = {"device": a, "port": a_port}
    end_b: dict[str, Any] = {"device": b, "port": b_port}
    if a_lag:
        end_a["lag"] = a_lag
    if b_lag:
        end_b["lag"] = b_lag
    medium = Medium.FIBER if speed >= FIBER_FROM_MBPS else Medium.COPPER
    return {"a": end_a, "b": end_b, "speed_mbps": speed, "medium": medium.value}
