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


def build_groups(inventory: Inventory) -> GroupTree:
    """Build the groups of the whole inventory.

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
    for school, device in inventory.devices():
        for group in device_groups(school, device)[2:]:
            tree.add(group, device.name)
        if device.role is not DeviceRole.AP:
            tree.add(NETWORK_GROUP, device.name)
    for school, host in inventory.hosts():
        for group in host_groups(school, host)[2:]:
            tree.add(group, host.name)
        tree.add(LINUX_GROUP, host.name)
    return tree
