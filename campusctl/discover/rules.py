"""The zone, profile, room and role rules a bureau keeps as data (``zone_rules.yml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campusctl.discover.errors import ZoneRulesError
from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, PortProfile, Zone
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.netkit.errors import VlanListError
from campusctl.netkit.vlans import expand_vlan_list

DEFAULT_RULES = Path(__file__).with_name("zone_rules.yml")


@dataclass(frozen=True, slots=True)
class RoomMatch:
    """A room read from a port description."""

    building: str
    """Building id: the letter (``A``) or the Chinese building name (``教学楼``)."""
    building_name: str | None
    floor: int
    room_id: str
    number: str


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled rules."""

    zones: tuple[tuple[Zone, tuple[re.Pattern[str], ...]], ...]
    zone_ids: tuple[tuple[Zone, frozenset[int]], ...]
    profiles: tuple[tuple[PortProfile, tuple[re.Pattern[str], ...]], ...]
    rooms: tuple[re.Pattern[str], ...]
    roles: tuple[tuple[DeviceRole, tuple[re.Pattern[str], ...]], ...]
    source: Path

    def zone_of(self, vlan_id: int, *texts: str) -> Zone | None:
        """Return the zone of a VLAN from its name and descriptions, then from its id."""
        for zone, patterns in self.zones:
            if any(p.search(text) for p in patterns for text in texts if text):
                return zone
        for zone, ids in self.zone_ids:
            if vlan_id in ids:
                return zone
        return None

    def profile_of(self, description: str) -> PortProfile | None:
        """Return the port profile a description names, if any."""
        for profile, patterns in self.profiles:
            if any(p.search(description) for p in patterns):
                return profile
        return None

    def role_of(self, hostname: str) -> DeviceRole | None:
        """Return the role a host name names, if any."""
        for role, patterns in self.roles:
            if any(p.search(hostname) for p in patterns):
                return role
        return None

    def room_of(self, description: str) -> RoomMatch | None:
        """Return the room a port description names, if any."""
        for pattern in self.rooms:
            match = pattern.search(description)
            if match is None:
                continue
            groups = match.groupdict()
            number = groups["room"]
            building_name = groups.get("building_name")
            building = groups.get("building") or building_name or ""
            floor_text = groups.get("floor")
            floor = int(floor_text) if floor_text else int(number) // 100
            separator = "" if building.isascii() else "-"
            return RoomMatch(
                building=building,
                building_name=building_name,
                floor=floor,
                room_id=f"{building}{separator}{number}",
                number=number,
            )
        return None


def _compile(patterns: Any, where: str, path: Path) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ZoneRulesError(
            _("{path}: {where} must be a list of patterns").format(path=path, where=where)
        )
    compiled: list[re.Pattern[str]] = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            raise ZoneRulesError(
                _("{path}: {where}: pattern {pattern!r} is invalid ({reason})").format(
                    path=path, where=where, pattern=pattern, reason=err
                )
            ) from err
    return tuple(compiled)


def _entries(raw: Any, key: str, path: Path) -> list[dict[str, Any]]:
    entries = raw.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ZoneRulesError(
            _("{path}: {key} must be a list of mappings").format(path=path, key=key)
        )
    return entries


def _enum(kind: type[Zone] | type[PortProfile] | type[DeviceRole], value: Any, path: Path) -> Any:
    try:
        return kind(value)
    except ValueError as err:
        known = ", ".join(member.value for member in kind)
        raise ZoneRulesError(
            _("{path}: {value!r} is not one of: {known}").format(
                path=path, value=value, known=known
            )
        ) from err


def load_rules(path: Path | None = None) -> Rules:
    """Load and compile the rules file (the packaged ``zone_rules.yml`` by default).

    :raise ZoneRulesError: naming the file and the entry that is wrong.
    """
    source = path or DEFAULT_RULES
    problems = ProblemCollector()
    raw = load_yaml(source, problems)
    if problems.problems:
        raise ZoneRulesError("\n".join(p.render() for p in problems.problems))
    if not isinstance(raw, dict):
        raise ZoneRulesError(_("{path}: expected a mapping at the top").format(path=source))
    zones = tuple(
        (_enum(Zone, e.get("zone"), source), _compile(e.get("names", []), f"zones[{i}]", source))
        for i, e in enumerate(_entries(raw, "zones", source))
    )
    zone_ids: list[tuple[Zone, frozenset[int]]] = []
    for entry in _entries(raw, "zone_ids", source):
        try:
            ids = frozenset(expand_vlan_list(str(entry.get("ids", ""))))
        except (ValueError, VlanListError) as err:
            raise ZoneRulesError(
                _("{path}: zone_ids: {ids!r} is not a VLAN list").format(
                    path=source, ids=entry.get("ids")
                )
            ) from err
        zone_ids.append((_enum(Zone, entry.get("zone"), source), ids))
    profiles = tuple(
        (
            _enum(PortProfile, e.get("profile"), source),
            _compile(e.get("names", []), f"profiles[{i}]", source),
        )
        for i, e in enumerate(_entries(raw, "profiles", source))
    )
    roles = tuple(
        (
            _enum(DeviceRole, e.get("role"), source),
            _compile(e.get("names", []), f"roles[{i}]", source),
        )
        for i, e in enumerate(_entries(raw, "roles", source))
    )
    rooms = _compile(raw.get("rooms", []), "rooms", source)
    for pattern in rooms:
        if "room" not in pattern.groupindex:
            raise ZoneRulesError(
                _("{path}: room pattern {pattern!r} has no (?P<room>...) group").format(
                    path=source, pattern=pattern.pattern
                )
            )
    return Rules(zones, tuple(zone_ids), profiles, rooms, roles, source)
