"""One selection grammar everywhere: Ansible host patterns over the inventory's groups.

Groups are ``city_<code>``, ``district_<code>``, ``school_<code>``,
``type_<type>``, ``tier_<tier>``, ``role_<role>`` and ``platform_<platform>``
(Linux hosts: ``role_terminal`` and ``role_server``), plus ``all``. A pattern
is a list of terms separated by ``:`` or ``,``; a term is a group or host name,
a shell wildcard (``school_24401*``), ``~regex``, or a bare 10-digit school
code (``2440106001`` means ``school_2440106001``). ``&term`` keeps only
what also matches ``term`` and ``!term`` removes what matches it, as in
``ansible-playbook -l 'district_440106:&role_access:!YCSY-A1-ACC-01'``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from campusctl.errors import UsageError
from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, Host, School


def school_groups(school: School) -> list[str]:
    """Return the groups every device and host of ``school`` belongs to."""
    return [
        f"city_{school.city}",
        f"district_{school.district}",
        f"school_{school.code}",
        f"type_{school.type.value}",
        f"tier_{school.tier.value}",
    ]


def device_groups(school: School, device: Device) -> list[str]:
    """Return the groups of a network device."""
    return [
        *school_groups(school),
        f"role_{device.role.value}",
        f"platform_{device.platform.value}",
    ]


def host_groups(school: School, host: Host) -> list[str]:
    """Return the groups of a Linux host."""
    return [*school_groups(school), f"role_{host.kind.value}"]


@dataclass(frozen=True, slots=True)
class Member:
    """A selectable thing: a device or a host, with its school and groups."""

    name: str
    school: School
    groups: tuple[str, ...]
    device: Device | None = None
    host: Host | None = None


def members(inventory: Inventory) -> list[Member]:
    """Return every device and host of the inventory as selectable members."""
    found = [
        Member(d.name, s, tuple(device_groups(s, d)), device=d) for s, d in inventory.devices()
    ]
    found.extend(Member(h.name, s, tuple(host_groups(s, h)), host=h) for s, h in inventory.hosts())
    return found


def _matches(term: str, member: Member) -> bool:
    if term in {"all", "*"}:
        return True
    if len(term) == 10 and term.isdigit():
        # A bare 10-digit school code stands for its school group.
        term = f"school_{term}"
    if term.startswith("~"):
        try:
            regex = re.compile(term[1:])
        except re.error as err:
            raise UsageError(
                _("invalid regular expression in pattern {term}: {error}").format(
                    term=term, error=err
                )
            ) from err
        return any(regex.search(name) for name in (member.name, *member.groups))
    if any(ch in term for ch in "*?["):
        return any(fnmatch.fnmatchcase(name, term) for name in (member.name, *member.groups))
    return term == member.name or term in member.groups


def _terms(pattern: str) -> list[str]:
    return [t.strip() for t in re.split(r"[:,]", pattern) if t.strip()]


def select(inventory: Inventory, pattern: str | None) -> list[Member]:
    """Return the members matched by ``pattern`` (everything when it is empty).

    :raise UsageError: when a plain term matches nothing, so a typo never selects zero
        devices silently.
    """
    everything = members(inventory)
    if not pattern:
        return everything
    terms = _terms(pattern)
    chosen: dict[str, Member] = {}
    for term in (t for t in terms if t[0] not in "&!"):
        hits = [m for m in everything if _matches(term, m)]
        if not hits:
            raise UsageError(
                _(
                    "pattern {term} matches no device, host or group; check `campusctl inventory show`"
                ).format(term=term)
            )
        chosen.update((m.name, m) for m in hits)
    if not any(t[0] not in "&!" for t in terms):
        chosen = {m.name: m for m in everything}
    for term in (t for t in terms if t[0] == "&"):
        chosen = {n: m for n, m in chosen.items() if _matches(term[1:], m)}
    for term in (t for t in terms if t[0] == "!"):
        chosen = {n: m for n, m in chosen.items() if not _matches(term[1:], m)}
    order = {m.name: i for i, m in enumerate(everything)}
    return sorted(chosen.values(), key=lambda m: order[m.name])


def select_schools(inventory: Inventory, pattern: str | None) -> list[School]:
    """Return the schools with at least one selected member, in code order."""
    if not pattern:
        return [inventory.schools[c] for c in sorted(inventory.schools)]
    codes = {m.school.code for m in select(inventory, pattern)}
    school_terms = [t for t in _terms(pattern) if t.startswith("school_") or t.isdigit()]
    codes.update(
        t.removeprefix("school_")
        for t in school_terms
        if t.removeprefix("school_") in inventory.schools
    )
    return [inventory.schools[c] for c in sorted(codes)]


def select_devices(inventory: Inventory, pattern: str | None) -> list[tuple[School, Device]]:
    """Return the selected network devices with their schools."""
    return [(m.school, m.device) for m in select(inventory, pattern) if m.device is not None]


def names(selected: Iterable[Member]) -> list[str]:
    """Return the names of selected members."""
    return [m.name for m in selected]
