"""The Ansible view of the inventory: groups and host variables.

The ``gdedu.campus.campus`` inventory plugin is a thin shell over
:func:`build`, so ``ansible-inventory --graph`` and campusctl's own selection
grammar always agree. Host variables carry what drivers and roles need
(platform, OS, address, charset, timeouts) and never a credential.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campusctl.inventory.groups import LINUX_GROUP, NETWORK_GROUP, build_groups
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, DeviceRole, Host, School
from campusctl.inventory.overlay import Overlay, known_hosts_path
from campusctl.platforms import platform

__all__ = [
    "LINUX_GROUP",
    "NETWORK_GROUP",
    "SLOW_SAVE_ROLES",
    "AnsibleInventory",
    "build",
    "device_vars",
    "host_vars",
    "radius_clients",
]

SLOW_SAVE_ROLES = frozenset({DeviceRole.CORE, DeviceRole.AGGREGATION, DeviceRole.WLC})
"""Roles whose saves and full-config reads are slow enough to need the save timeout."""


@dataclass
class AnsibleInventory:
    """Groups (with children) and host variables, ready for an inventory plugin."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    hostvars: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, group: str, host: str) -> None:
        """Put ``host`` in ``group``."""
        self.groups.setdefault(group, []).append(host)

    def child(self, parent: str, group: str) -> None:
        """Make ``group`` a child of ``parent`` (once)."""
        members = self.children.setdefault(parent, [])
        if group not in members:
            members.append(group)


def device_vars(school: School, device: Device, overlay: Overlay | None) -> dict[str, Any]:
    """Return the host variables of a network device."""
    facts = platform(device.platform)
    timeouts = school.settings.timeouts
    command_timeout = (
        max(timeouts.command_s, timeouts.save_s)
        if device.role in SLOW_SAVE_ROLES
        else timeouts.command_s
    )
    variables: dict[str, Any] = {
        "ansible_connection": "local",
        "ansible_host": str(device.management.ipv4.ip),
        "ansible_connect_timeout": timeouts.connect_s,
        "ansible_command_timeout": command_timeout,
        "campus_school": school.code,
        "campus_district": school.district,
        "campus_city": school.city,
        "campus_role": device.role.value,
        "campus_platform": device.platform.value,
        "campus_os": device.os.value,
        "campus_os_version": device.os_version,
        "campus_model": device.model,
        "campus_charset": device.charset.value,
        "campus_netmiko_device_type": facts.netmiko_device_type,
        "campus_napalm_driver": facts.napalm_driver,
        "campus_management_ipv4": str(device.management.ipv4),
    }
    if device.management.ipv6 is not None:
        variables["campus_management_ipv6"] = str(device.management.ipv6)
    endpoint = overlay.devices.get(device.name) if overlay else None
    if endpoint is not None:
        variables["ansible_host"] = endpoint.host
        variables["ansible_port"] = endpoint.port
        variables["campus_lab"] = True
    return variables


def host_vars(
    school: School, host: Host, overlay: Overlay | None, known_hosts: Path | None = None
) -> dict[str, Any]:
    """Return the host variables of a Linux host."""
    variables: dict[str, Any] = {
        "ansible_host": str(host.ipv4.ip),
        "ansible_user": "root",
        "ansible_python_interpreter": "/usr/bin/python3",
        "campus_school": school.code,
        "campus_district": school.district,
        "campus_city": school.city,
        "campus_host_kind": host.kind.value,
        "campus_room": host.room,
        "campus_vlan": host.vlan,
        "campus_ipv4": str(host.ipv4),
        # Provincial services the roles point at (after inheritance to the school).
        "campus_ntp_servers": [str(a) for a in school.services.ntp],
        "campus_syslog_servers": [str(a) for a in school.services.syslog],
        "campus_dns_servers": [str(a) for a in school.services.dns],
        "campus_timezone": school.settings.timezone,
    }
    if host.ipv6 is not None:
        variables["campus_ipv6"] = str(host.ipv6)
    # The devices that send RADIUS requests (the gdedu.campus.secret_name
    # lookup gives the name of their shared secret, kept out of host variables).
    variables["campus_radius_clients"] = radius_clients(school)
    endpoint = overlay.hosts.get(host.name) if overlay else None
    if endpoint is not None:
        variables["ansible_host"] = endpoint.host
        variables["ansible_port"] = endpoint.port
        variables["ansible_user"] = endpoint.username
        if endpoint.private_key:
            variables["ansible_ssh_private_key_file"] = endpoint.private_key
        if endpoint.host_key and known_hosts is not None:
            # The lab pins each host's key in its own file; ssh checks against it only.
            variables["ansible_ssh_common_args"] = (
                f"-o UserKnownHostsFile={known_hosts} -o StrictHostKeyChecking=yes"
            )
        variables["campus_lab"] = True
    return variables


def radius_clients(school: School) -> list[dict[str, str]]:
    """Return the school's switches and controllers as RADIUS clients (name and host prefix)."""
    clients = []
    for device in school.devices:
        if device.role is DeviceRole.AP:
            continue
        management = device.management
        clients.append({"name": device.name, "address": f"{management.ipv4.ip}/32"})
        if management.ipv6 is not None:
            clients.append({"name": f"{device.name}-v6", "address": f"{management.ipv6.ip}/128"})
    return clients


def build(inventory: Inventory, overlay: Overlay | None = None) -> AnsibleInventory:
    """Build the groups and host variables of the whole inventory."""
    known_hosts = known_hosts_path(inventory.root) if overlay is not None else None
    tree = build_groups(inventory)
    result = AnsibleInventory(groups=tree.hosts, children=tree.children)
    for school, device in inventory.devices():
        result.hostvars[device.name] = device_vars(school, device, overlay)
    for school, host in inventory.hosts():
        result.hostvars[host.name] = host_vars(school, host, overlay, known_hosts)
    return result
