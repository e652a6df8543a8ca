"""One selection grammar everywhere: Ansible host patterns over the inventory's groups.

The groups are those of :mod:`campusctl.inventory.groups` (the same the
inventory plugin gives Ansible), plus ``all``. A term is a group or host
name, a shell wildcard (``school_24401*``), a ``~regex`` matched from the
start of a name, or a bare 10-digit school code (``2440106001`` means
``school_2440106001``, which Ansible itself does not know). Terms combine as
in Ansible (see :mod:`campusctl.inventory.patterns`), for example
``ansible-playbook -l 'district_440106:&role_access:!YCSY-A1-ACC-01'`` or
``school_2440106001[0:2]``. A term that matches a group takes the group's
hosts in Ansible's order, so a subscript picks the same hosts as Ansible.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from functools import cached_property

from campusctl.errors import UsageError
from campusctl.i18n import _
from campusctl.inventory.groups import (
    GroupTree,
    Membership,
    build_groups,
    device_groups,
    host_groups,
    memberships,
    school_groups,
)
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.inventory.patterns import (
    expand_files,
    has_colon_separator,
    order_terms,
    split_pattern,
    split_subscript,
)

__all__ = [
    "Member",
    "device_groups",
    "host_groups",
    "members",
    "names",
    "school_groups",
    "select",
    "select_devices",
    "select_schools",
]


Member = Membership
"""A selectable thing: a device or a host, with its school and groups."""


def members(inventory: Inventory) -> list[Member]:
    """Return every device and host of the inventory as selectable members."""
    return memberships(inventory)


def _matcher(expression: str) -> Callable[[str], object]:
    """Return the test of a name against a ``~regex`` (matched from the start) or a wildcard."""
    if expression.startswith("~"):
        try:
            return re.compile(expression[1:]).match
        except re.error as err:
            raise UsageError(
                _("invalid regular expression in pattern {term}: {error}").format(
                    term=expression, error=err
                )
            ) from err
    return re.compile(fnmatch.translate(expression)).match


class AnsibleView:
    """The inventory's groups and hosts, in ansible-core's order.

    The ``gdedu.campus.campus`` plugin adds the parents of child groups with
    their children (in name order), then the groups with hosts (in name
    order), so that is the order Ansible walks when a wildcard matches several
    groups. A group's hosts are its own, then those of its children, then of
    their children, as ``Group.get_hosts`` collects them.
    """

    def __init__(self, tree: GroupTree) -> None:
        self.hosts = tree.hosts
        self.children = dict(tree.children)
        order = dict.fromkeys(["all", "ungrouped"])
        for parent, kids in sorted(tree.children.items()):
            order.update(dict.fromkeys([parent, *kids]))
        order.update(dict.fromkeys(sorted(tree.hosts)))
        self.group_order = list(order)
        # Ansible makes every group without a parent a child of ``all``.
        nested = {kid for kids in tree.children.values() for kid in kids}
        self.children["all"] = [g for g in self.group_order[1:] if g not in nested]
        self.known_hosts = {h for hosts in tree.hosts.values() for h in hosts}
        self._group_hosts: dict[str, list[str]] = {}

    @cached_property
    def host_order(self) -> list[str]:
        """The hosts in the order the plugin adds them: group by group, in name order."""
        return list(dict.fromkeys(h for g in sorted(self.hosts) for h in self.hosts[g]))

    def group_hosts(self, group: str) -> list[str]:
        """Return the hosts of ``group`` and of its descendants, without repeats.

        NOTE: ansible-core walks each level of descendants in set order, so for
        a city whose schools sit in several districts its host order (and a
        subscript over it) may differ from Ansible's from one run to the next.
        """
        if group not in self._group_hosts:
            ordered = {group: None}  # a dict keeps the walk's order and finds repeats fast
            level = [group]
            while level:
                found = dict.fromkeys(kid for g in level for kid in self.children.get(g, ()))
                level = [kid for kid in found if kid not in ordered]
                ordered.update(dict.fromkeys(level))
            hosts = dict.fromkeys(h for g in ordered for h in self.hosts.get(g, ()))
            self._group_hosts[group] = list(hosts)
        return self._group_hosts[group]

    def match(self, term: str) -> list[str]:
        """Return the hosts one term (without ``&`` or ``!``) matches, in Ansible's order.

        :raise UsageError: when the term matches no group and no host, or its subscript
            is out of range.
        """
        if term in self.known_hosts:
            return [term]
        expression, subscript = split_subscript(term)
        if len(expression) == 10 and expression.isdigit():
            expression = f"school_{expression}"
        test = _matcher(expression)
        groups = [g for g in self.group_order if test(g)]
        hosts = [h for g in groups for h in self.group_hosts(g)]
        wildcard = expression.startswith("~") or any(c in expression for c in ".?*[")
        if not groups or wildcard:
            hosts.extend(h for h in self.host_order if test(h))
        if not groups and not hosts:
            if has_colon_separator(term):
                raise UsageError(
                    _(
                        "pattern {term} matches no device, host or group; Ansible reads its ':' "
                        "as part of one name (in a pattern with commas, or as host:port), so "
                        "separate the terms with commas"
                    ).format(term=term)
                )
            raise UsageError(
                _(
                    "pattern {term} matches no device, host or group; check `campusctl inventory show`"
                ).format(term=term)
            )
        return subscript.apply(hosts, term) if subscript is not None else hosts

    def evaluate(self, pattern: str) -> set[str]:
        """Return the names of the hosts ``pattern`` selects."""
        terms = expand_files(split_pattern(pattern))
        if any(t in {"&", "!"} for t in terms):
            raise UsageError(
                _("pattern {pattern} has an empty term after & or !").format(pattern=pattern)
            )
        plain, intersect, exclude = order_terms(terms)
        chosen: set[str] = set()
        for term in plain:
            chosen.update(self.match(term))
        for term in intersect:
            chosen.intersection_update(self.match(term))
        for term in exclude:
            chosen.difference_update(self.match(term))
        return chosen


def _evaluate(
    inventory: Inventory, pattern: str | None, limit: str | None
) -> tuple[list[Member], set[str] | None]:
    """Return every member and the names ``pattern`` narrowed by ``limit`` selects (None: all)."""
    everything = members(inventory)
    if not pattern and not limit:
        return everything, None
    view = AnsibleView(build_groups(inventory, everything))
    chosen = {m.name for m in everything}
    for part in (pattern, limit):
        if part:
            chosen &= view.evaluate(part)
    return everything, chosen


def select(inventory: Inventory, pattern: str | None, limit: str | None = None) -> list[Member]:
    """Return the members ``pattern`` selects, narrowed by ``limit`` as Ansible's ``--limit``.

    Without a pattern and a limit everything is selected. The result is in
    inventory order: devices, then hosts.

    :raise UsageError: when a term matches no device, host or group, so a typo never
        selects zero devices silently.
    """
    everything, chosen = _evaluate(inventory, pattern, limit)
    return everything if chosen is None else [m for m in everything if m.name in chosen]


def _named_schools(inventory: Inventory, pattern: str) -> set[str]:
    """Return the codes of the schools that plain terms of ``pattern`` name exactly."""
    plain, _intersect, _exclude = order_terms(expand_files(split_pattern(pattern)))
    codes = {term.removeprefix("school_") for term in plain}
    return {code for code in codes if code in inventory.schools}


def select_schools(
    inventory: Inventory, pattern: str | None, limit: str | None = None
) -> list[School]:
    """Return the schools with a selected member, in code order.

    A school without devices and hosts has no member to select, so it counts
    when a plain term of ``pattern`` and of ``limit`` (each that is given)
    names it.
    """
    everything, chosen = _evaluate(inventory, pattern, limit)
    if chosen is None:
        return [inventory.schools[c] for c in sorted(inventory.schools)]
    codes = {m.school.code for m in everything if m.name in chosen}
    named = [_named_schools(inventory, part) for part in (pattern, limit) if part]
    for code in set.intersection(*named):
        school = inventory.schools[code]
        if not school.devices and not school.hosts:
            codes.add(code)
    return [inventory.schools[c] for c in sorted(codes)]


def select_devices(
    inventory: Inventory, pattern: str | None, limit: str | None = None
) -> list[tuple[School, Device]]:
    """Return the selected network devices with their schools."""
    return [(m.school, m.device) for m in select(inventory, pattern, limit) if m.device is not None]


def names(selected: Iterable[Member]) -> list[str]:
    """Return the names of selected members."""
    return [m.name for m in selected]
