"""The inventory's Ansible groups, shared by the inventory plugin and campusctl's selection.

Groups nest ``city_<code>`` > ``district_<code>`` > ``school_<code>``. Every
device and host is also a direct member of ``type_<type>``, ``tier_<tier>`` and
``role_<role>``, and each device of ``platform_<platform>``. Switches and
controllers (not APs) are in ``network``, Linux hosts in ``linux``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, DeviceRole, Host, School

NETWORK_GROUP = "network"
"""Every device campusctl configures directly (switches and controllers, not APs)."""
LINUX_GROUP = "linux"
"""Every Linux host (classroom terminals and school servers)."""


def school_groups(school: School) -> list[str]:
    """Return the groups every device and host of ``school`` belongs to."""
    return [
        f"city_{school.city}",
        f"district_{school.district}",
        f"school_{school.code}",
        f"type_{school.type.value}",
        f"tier_{school.tier.value}",
    ]


def device_groups(school: School, device: Device, base: list[str] | None = None) -> list[str]:
    """Return the groups of a network device; ``base`` is ``school_groups(school)`` if known."""
    return [
        *(school_groups(school) if base is None else base),
        f"role_{device.role.value}",
        f"platform_{device.platform.value}",
    ]


def host_groups(school: School, host: Host, base: list[str] | None = None) -> list[str]:
    """Return the groups of a Linux host; ``base`` is ``school_groups(school)`` if known."""
    return [*(school_groups(school) if base is None else base), f"role_{host.kind.value}"]


@dataclass(frozen=True, slots=True)
class Membership:
    """A device or a Linux host with its school and every group it belongs to."""

    name: str
    school: School
    groups: tuple[str, ...]
    device: Device | None = None
    host: Host | None = None


def memberships(inventory: Inventory) -> list[Membership]:
    """Return every device, then every host, with its groups, schools in code order."""
    # A school's own groups are read through pydantic properties, so read them once.
    by_school = {code: school_groups(school) for code, school in inventory.schools.items()}
    found = []
    for school, device in inventory.devices():
        groups = device_groups(school, device, by_school[school.code])
        if device.role is not DeviceRole.AP:
            groups.append(NETWORK_GROUP)
        found.append(Membership(device.name, school, tuple(groups), device=device))
    for school, host in inventory.hosts():
        groups = [*host_groups(school, host, by_school[school.code]), LINUX_GROUP]
        found.append(Membership(host.name, school, tuple(groups), host=host))
    return found


@dataclass
class GroupTree:
    """Groups with their direct members and child groups, each list in the order it was built."""

    hosts: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    def add(self, group: str, host: str) -> None:
        """Put ``host`` in ``group``."""
        self.hosts.setdefault(group, []).append(host)

    def child(self, parent: str, group: str) -> None:
        """Make ``group`` a child of ``parent`` (once)."""
        members = self.children.setdefault(parent, [])
        if group not in members:
            members.append(group)


def build_groups(inventory: Inventory, found: list[Membership] | None = None) -> GroupTree:
    """Build the groups of the whole inventory, from ``found`` when it is already known.

    A city's and a district's devices come through their child groups, so
    only school groups and the flat groups list devices and hosts directly.
    """
    tree = GroupTree()
    for city in inventory.province.cities:
        for district in city.districts:
            tree.child(f"city_{city.code}", f"district_{district.code}")
    for code in sorted(inventory.schools):
        school = inventory.schools[code]
        tree.child(f"district_{school.district}", f"school_{school.code}")
    hosts = tree.hosts  # filled inline: this loop runs once per group of every member
    for member in memberships(inventory) if found is None else found:
        for group in member.groups[2:]:  # after the city and the district
            hosts.setdefault(group, []).append(member.name)
    return tree
