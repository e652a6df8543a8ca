"""Port demands: what has to be plugged in on each floor, room by room."""

from __future__ import annotations

from dataclasses import dataclass, field

from campusctl.inventory.model.enums import PortProfile, Zone
from campusctl.onboard.layout import PlannedBuilding, PlannedFloor
from campusctl.onboard.rules import PortRule, SizingRules


@dataclass(frozen=True, slots=True)
class PortDemand:
    """One switch port the plan needs."""

    profile: PortProfile
    zone: Zone
    """Zone of the port's access VLAN; AP ports are in the management zone."""
    description: str
    room: str | None = None
    ap: str | None = None
    """Name of the access point plugged into this port."""
    poe_w: float = 0.0


@dataclass
class FloorDemand:
    """The port demands of one floor, grouped so that a room never spans two switches."""

    building: PlannedBuilding
    floor: PlannedFloor
    groups: list[list[PortDemand]] = field(default_factory=list)

    def demands(self) -> list[PortDemand]:
        """Return every demand of the floor in order."""
        return [demand for group in self.groups for demand in group]


def ap_name(prefix: str, room: str, index: int, count: int) -> str:
    """Return the name of the ``index``-th access point of ``room``."""
    suffix = f"-{index + 1}" if count > 1 else ""
    return f"{prefix}-AP-{room}{suffix}"


def _expand(
    rule: PortRule, rules: SizingRules, zones: set[Zone], values: dict[str, object]
) -> list[PortDemand]:
    if rule.zone not in zones:
        return []
    poe = rules.poe_w.get(rule.profile, 0.0)
    return [
        PortDemand(
            profile=rule.profile,
            zone=rule.zone,
            description=rule.description.format(n=n, **values),
            room=values.get("room_id"),  # type: ignore[arg-type]
            poe_w=poe,
        )
        for n in range(1, rule.count + 1)
    ]


def floor_demands(
    prefix: str, buildings: list[PlannedBuilding], rules: SizingRules, zones: set[Zone]
) -> list[FloorDemand]:
    """Return the port demands of every floor that has any, in building and floor order."""
    result: list[FloorDemand] = []
    ap_poe = rules.poe_w.get(PortProfile.AP, 0.0)
    for building in buildings:
        for position, floor in enumerate(building.floors):
            found = FloorDemand(building, floor)
            for room in floor.rooms:
                rule = rules.rooms.get(room.kind)
                if rule is None:
                    continue
                values: dict[str, object] = {
                    "room": room.id,
                    "room_id": room.id,
                    "building": building.id,
                    "floor": floor.level,
                }
                group: list[PortDemand] = []
                for port_rule in rule.ports:
                    group.extend(_expand(port_rule, rules, zones, values))
                for index in range(rule.aps):
                    name = ap_name(prefix, room.id, index, rule.aps)
                    group.append(
                        PortDemand(
                            profile=PortProfile.AP,
                            zone=Zone.MANAGEMENT,
                            description=f"AP {room.id}",
                            room=room.id,
                            ap=name,
                            poe_w=ap_poe,
                        )
                    )
                if group:
                    found.groups.append(group)
            if not found.groups:
                continue
            values = {"building": building.id, "floor": floor.level, "room": ""}
            extras = [d for rule in rules.floor_ports for d in _expand(rule, rules, zones, values)]
            if position == 0 or not result or result[-1].building is not building:
                extras += [
                    d for rule in rules.building_ports for d in _expand(rule, rules, zones, values)
                ]
            if extras:
                found.groups.append(extras)
            result.append(found)
    return result
