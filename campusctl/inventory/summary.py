"""Per-school summary figures shown by ``campusctl inventory show``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from campusctl.inventory.model import DeviceRole, RoomKind, School


@dataclass(frozen=True, slots=True)
class SchoolSummary:
    """The figures of one school that an engineer checks first."""

    code: str
    name: str
    district: str
    school_type: str
    tier: str
    mlps_level: int
    committed_mbps: float
    devices: dict[DeviceRole, int]
    classrooms: int
    multimedia_share: float
    interactive_share: float
    covered_classrooms: int

    @property
    def coverage_share(self) -> float:
        """Share of classrooms served by an access point."""
        return self.covered_classrooms / self.classrooms if self.classrooms else 0.0


def summarize(school: School) -> SchoolSummary:
    """Compute the summary of one school."""
    roles = Counter(device.role for device in school.devices)
    classrooms = [room for _b, _f, room in school.rooms() if room.kind is RoomKind.CLASSROOM]
    count = len(classrooms)
    return SchoolSummary(
        code=school.code,
        name=school.name,
        district=school.district,
        school_type=school.type.value,
        tier=school.tier.value,
        mlps_level=school.mlps_level,
        committed_mbps=school.committed_mbps,
        devices={role: roles.get(role, 0) for role in DeviceRole},
        classrooms=count,
        multimedia_share=sum(r.multimedia for r in classrooms) / count if count else 0.0,
        interactive_share=sum(r.interactive for r in classrooms) / count if count else 0.0,
        covered_classrooms=sum(r.ap is not None for r in classrooms),
    )
