"""Build the lab's device list from the inventory model.

Every switch and wireless controller becomes a :class:`LabDevice`; access
points are not emulated. LLDP neighbours come from the inventory's links, in
both directions.
"""

from __future__ import annotations

import hashlib
import ipaddress
from pathlib import Path
from typing import Any

from campusctl.lab.devices import LabDevice, Neighbor, Station

EMULATED_ROLES = {"egress", "core", "aggregation", "access", "wlc"}


def lab_devices(path: Path, limit: str | None = None) -> list[LabDevice]:
    """Return the emulated devices of the inventory at ``path``.

    ``limit`` is the project's Ansible host pattern (``school_2440106001``,
    ``district_440106:&role_access``, device names).
    """
    from campusctl.inventory import load_inventory  # type: ignore[attr-defined,unused-ignore]
    from campusctl.inventory.selection import select_devices

    inventory: Any = load_inventory(path)
    devices: dict[str, LabDevice] = {}
    for school, device in select_devices(inventory, limit):
        if str(getattr(device.role, "value", device.role)) not in EMULATED_ROLES:
            continue
        devices[device.name] = LabDevice(
            name=device.name,
            platform=str(getattr(device.platform, "value", device.platform)),
            os=str(getattr(device.os, "value", device.os)),
            os_version=device.os_version,
            model=device.model,
            serial=device.serial
            or "LAB" + hashlib.sha256(device.name.encode()).hexdigest()[:12].upper(),
            interfaces=list(inventory.interfaces(device)),
            management_vlan=device.management.vlan,
            management_ipv4=str(device.management.ipv4),
            management_ipv6=str(device.management.ipv6) if device.management.ipv6 else "",
            charset=device.charset,
            role=str(getattr(device.role, "value", device.role)),
            management_station=_management_station(school),
        )
    for school in inventory.schools.values():
        for link in school.links:
            _add_neighbor(devices, link.a, link.b)
            _add_neighbor(devices, link.b, link.a)
        # Equipment the lab does not emulate keeps these ports up, without an
        # LLDP neighbour: the provider's line, and the servers of the server ports.
        for uplink in school.uplinks:
            if uplink.device in devices and uplink.port:
                devices[uplink.device].attached_ports.append(str(uplink.port))
        for device in school.devices:
            if device.name in devices:
                devices[device.name].attached_ports.extend(
                    str(name)
                    for port in device.ports
                    if str(getattr(port.profile, "value", port.profile)) == "server"
                    for name in port.names()
                )
        _add_stations(devices, school)
    return list(devices.values())


def _management_station(school: Any) -> str:
    """Return the first host of the school's first IPv4 management-station network."""
    return management_station(school.settings)


def management_station(settings: Any) -> str:
    """Return the first host of the first IPv4 management-station network in ``settings``."""
    for network in settings.management_acl:
        if isinstance(network, ipaddress.IPv4Network) and network.num_addresses > 2:
            return str(network.network_address + 1)
    return ""


def _add_stations(devices: dict[str, LabDevice], school: Any) -> None:
    """Place each Linux host on a free access port of its room and VLAN (MAC and ARP tables)."""
    taken: set[tuple[str, str]] = set()
    for host in school.hosts:
        for device in school.devices:
            lab_device = devices.get(device.name)
            if lab_device is None:
                continue
            port = _free_port(device, host, taken)
            if port is None:
                continue
            taken.add((device.name, port))
            digest = hashlib.sha256(host.name.encode()).hexdigest()
            mac = f"02{digest[:2]}-{digest[2:6]}-{digest[6:10]}"
            lab_device.stations.append(
                Station(mac=mac, ipv4=str(host.ipv4.ip), vlan=host.vlan, port=port)
            )
            break


def _free_port(device: Any, host: Any, taken: set[tuple[str, str]]) -> str | None:
    for entry in device.ports:
        if entry.vlan != host.vlan or (host.room and entry.room and entry.room != host.room):
            continue
        for name in entry.names():
            if (device.name, name) not in taken:
                return str(name)
    return None


def _lab_serial(name: str) -> str:
    return "LAB" + hashlib.sha256(name.encode()).hexdigest()[:12].upper()


def _add_neighbor(devices: dict[str, LabDevice], local: Any, remote: Any) -> None:
    device = devices.get(local.device)
    if device is None:
        return
    far = devices.get(remote.device)
    device.neighbors.append(
        Neighbor(
            local_port=local.port,
            device=remote.device,
            port=remote.port,
            platform=far.platform if far else "",
            description=f"{far.model} {far.os} {far.os_version}" if far else "",
            management=str(far.management_ipv4).split("/")[0] if far else "",
        )
    )
