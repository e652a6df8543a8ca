"""WLAN coverage of a school's rooms: which rooms an AP of the school serves, by room kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, RoomKind, School


@dataclass(slots=True)
class KindCoverage:
    """Covered and uncovered rooms of one kind."""

    kind: RoomKind
    covered: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Rooms of this kind."""
        return len(self.covered) + len(self.uncovered)

    @property
    def share(self) -> float:
        """Covered share, 0–1 (1 when there are no rooms of this kind)."""
        return len(self.covered) / self.total if self.total else 1.0


def school_coverage(school: School) -> list[KindCoverage]:
    """Return the coverage of every room kind the school has, in the enum's order.

    A room counts as covered when its ``ap`` names a device of role ap of the
    same school. A name of a missing or non-AP device leaves it uncovered.
    """
    aps = {d.name for d in school.devices if d.role is DeviceRole.AP}
    by_kind: dict[RoomKind, KindCoverage] = {}
    for _building, _floor, room in school.rooms():
        entry = by_kind.setdefault(room.kind, KindCoverage(room.kind))
        if room.ap is not None and room.ap in aps:
            entry.covered.append(room.id)
        else:
            entry.uncovered.append(room.id)
    return [by_kind[kind] for kind in RoomKind if kind in by_kind]


def room_kind_label(value: RoomKind) -> str:
    """Return the translated name of a room kind."""
    labels = {
        RoomKind.CLASSROOM: _("classroom"),
        RoomKind.LAB: _("laboratory"),
        RoomKind.OFFICE: _("office room"),
        RoomKind.DORM: _("dormitory"),
        RoomKind.LIBRARY: _("library"),
        RoomKind.HALL: _("hall"),
        RoomKind.SERVER_ROOM: _("server room"),
        RoomKind.OTHER: _("other room"),
    }
    return labels[value]
