"""Buildings, floors and rooms of a new school, spread from the spec's counts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from campusctl.i18n import _
from campusctl.inventory.model.enums import RoomKind
from campusctl.onboard.errors import StandardNotMet
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.spec import BuildingSpec, SchoolSpec

MAX_ROOMS_PER_FLOOR = 99
"""Room ids are <building><floor><two digits>, so a floor has at most 99 rooms."""

_KIND_FIELDS: tuple[tuple[RoomKind, str], ...] = (
    (RoomKind.CLASSROOM, "classrooms"),
    (RoomKind.LAB, "labs"),
    (RoomKind.OFFICE, "offices"),
    (RoomKind.DORM, "dorm_rooms"),
)
_MERGE_ORDER = ("lab", "office", "dorm")
"""Purposes folded into the teaching building, in this order, when buildings are few."""


@dataclass
class PlannedRoom:
    """A room of the plan."""

    id: str
    kind: RoomKind
    multimedia: bool = False
    interactive: bool = False


@dataclass
class PlannedFloor:
    """A floor of the plan with its rooms in id order."""

    level: int
    rooms: list[PlannedRoom] = field(default_factory=list)


@dataclass
class PlannedBuilding:
    """A building of the plan."""

    id: str
    name: str
    purpose: str
    floors: list[PlannedFloor]


def building_id(index: int) -> str:
    """Return the id of the ``index``-th building: A … Z, then AA, AB … (bijective base 26)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def building_specs(spec: SchoolSpec, rules: SizingRules) -> list[BuildingSpec]:
    """Return the buildings of ``spec``: its own list, or counts spread by purpose.

    With a count, classrooms go to teaching buildings. Labs, offices and dorm
    rooms get a building each while there are enough buildings, and the rest
    fold into the first teaching building.
    """
    if isinstance(spec.buildings, list):
        return spec.buildings
    offices = spec.offices
    if offices is None:
        offices = max(1, math.ceil(spec.classrooms / rules.classrooms_per_office))
    groups: dict[str, dict[str, int]] = {"teaching": {"classrooms": spec.classrooms}}
    if spec.labs:
        groups["lab"] = {"labs": spec.labs}
    if offices:
        groups["office"] = {"offices": offices}
    if spec.dorm_rooms:
        groups["dorm"] = {"dorm_rooms": spec.dorm_rooms}
    for purpose in _MERGE_ORDER:
        if len(groups) <= spec.buildings:
            break
        if purpose in groups:
            groups["teaching"].update(groups.pop(purpose))
    teaching_count = spec.buildings - (len(groups) - 1)
    result: list[BuildingSpec] = []
    share, extra = divmod(spec.classrooms, teaching_count)
    for index in range(teaching_count):
        counts = dict(groups["teaching"]) if index == 0 else {}
        counts["classrooms"] = share + (1 if index < extra else 0)
        result.append(BuildingSpec(purpose="teaching", floors=spec.floors, **counts))
    for purpose, counts in groups.items():
        if purpose != "teaching":
            result.append(BuildingSpec(purpose=purpose, floors=spec.floors, **counts))
    return result


def plan_layout(spec: SchoolSpec, rules: SizingRules) -> list[PlannedBuilding]:
    """Plan buildings, floors and rooms; the network room goes to the office building.

    :raise StandardNotMet: when a floor would need more than 99 rooms.
    """
    specs = building_specs(spec, rules)
    buildings: list[PlannedBuilding] = []
    used_ids: set[str] = {b.id for b in specs if b.id}
    next_index = 0
    for building in specs:
        bid = building.id
        while bid is None:
            candidate = building_id(next_index)
            next_index += 1
            if candidate not in used_ids:
                bid = candidate
                used_ids.add(bid)
        name = building.name or f"{rules.building_names[building.purpose]}{bid}"
        buildings.append(_plan_building(spec, bid, name, building))
    _place_network_room(buildings)
    _mark_classrooms(buildings, rules.interactive_share[spec.tier])
    return buildings


def _plan_building(
    spec: SchoolSpec, bid: str, name: str, building: BuildingSpec
) -> PlannedBuilding:
    kinds = [
        kind for kind, field_name in _KIND_FIELDS for _n in range(getattr(building, field_name))
    ]
    per_floor = math.ceil(len(kinds) / building.floors) if kinds else 0
    if per_floor > MAX_ROOMS_PER_FLOOR:
        raise StandardNotMet(
            _(
                "school {code}: building {building} would need {count} rooms per floor "
                "(at most {limit}); give it more floors"
            ).format(code=spec.code, building=bid, count=per_floor, limit=MAX_ROOMS_PER_FLOOR)
        )
    floors: list[PlannedFloor] = []
    for level in range(1, building.floors + 1):
        chunk = kinds[(level - 1) * per_floor : level * per_floor]
        rooms = [
            PlannedRoom(id=f"{bid}{level}{number:02d}", kind=kind)
            for number, kind in enumerate(chunk, start=1)
        ]
        floors.append(PlannedFloor(level=level, rooms=rooms))
    return PlannedBuilding(id=bid, name=name, purpose=building.purpose, floors=floors)


def _place_network_room(buildings: list[PlannedBuilding]) -> None:
    home = next((b for b in buildings if b.purpose == "office"), buildings[0])
    lowest = home.floors[0]
    lowest.rooms.insert(0, PlannedRoom(id=f"{home.id}{lowest.level}00", kind=RoomKind.SERVER_ROOM))


def _mark_classrooms(buildings: list[PlannedBuilding], interactive_share: float) -> None:
    classrooms = [
        room
        for building in buildings
        for floor in building.floors
        for room in floor.rooms
        if room.kind is RoomKind.CLASSROOM
    ]
    interactive = math.ceil(len(classrooms) * interactive_share - 1e-9)
    for index, room in enumerate(classrooms):
        room.multimedia = True
        room.interactive = index < interactive
    for building in buildings:
        for floor in building.floors:
            for room in floor.rooms:
                if room.kind is RoomKind.LAB:
                    room.multimedia = True


def network_room(
    buildings: list[PlannedBuilding],
) -> tuple[PlannedBuilding, PlannedFloor, PlannedRoom]:
    """Return the network room (where the core and the controller stand) with its place."""
    for building in buildings:
        for floor in building.floors:
            for room in floor.rooms:
                if room.kind is RoomKind.SERVER_ROOM:
                    return building, floor, room
    raise LookupError("the plan has no network room")
