"""Checks across files and objects that a schema alone cannot express."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Any

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.locate import Loc, locate
from campusctl.inventory.model import DeviceRole, School, Zone
from campusctl.inventory.model.school import OS_FAMILIES
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.wireless_checks import check_wireless
from campusctl.platforms import platform

IPv6_VLAN_PREFIXLEN = 64


class _Findings:
    """Collects findings of one school, locating each in its file."""

    def __init__(self, school: School, problems: ProblemCollector) -> None:
        self.path: Path = school.source or Path(f"{school.code}.yml")
        self.problems = problems

    def add(self, loc: Loc, message: str, fix: str = "") -> None:
        self.problems.extend([locate(self.path, loc, message, fix)])


def _check_devices(inventory: Inventory, school: School, found: _Findings) -> dict[str, set[str]]:
    """Check models, OS families and port assignments; return each device's port names."""
    vlan_ids = {v.id for v in school.vlans}
    ports_by_device: dict[str, set[str]] = {}
    for index, device in enumerate(school.devices):
        where = ("devices", index)
        facts = platform(device.platform)
        if device.os not in OS_FAMILIES[device.platform]:
            allowed = ", ".join(OS_FAMILIES[device.platform])
            found.add(
                (*where, "os"),
                _("{os} is not an OS of platform {platform}").format(
                    os=device.os, platform=device.platform
                ),
                _("use one of: {allowed}").format(allowed=allowed),
            )
        model = inventory.hardware(device)
        if model is None:
            found.add(
                (*where, "model"),
                _("unknown hardware model {model}").format(model=device.model),
                _("add the model to inventory/catalog/ or correct its name"),
            )
        elif model.platform != device.platform:
            found.add(
                (*where, "platform"),
                _("model {model} runs {expected}, not {platform}").format(
                    model=device.model, expected=model.platform, platform=device.platform
                ),
                _("correct the platform or the model"),
            )
        interfaces = set(inventory.interfaces(device))
        ports_by_device[device.name] = interfaces
        seen: dict[str, int] = {}
        for p_index, port in enumerate(device.ports):
            ploc = (*where, "ports", p_index)
            for name in port.names():
                is_lag = name.startswith(facts.lag_prefix)
                if model is not None and name not in interfaces and not is_lag:
                    found.add(
                        (*ploc, "name"),
                        _("port {port} does not exist on a {model}").format(
                            port=name, model=device.model
                        ),
                        _("use the canonical interface name of the platform"),
                    )
                if name in seen:
                    found.add(
                        (*ploc, "name"),
                        _("port {port} is configured twice (entries {first} and {second})").format(
                            port=name, first=seen[name] + 1, second=p_index + 1
                        ),
                        _("keep one entry per port"),
                    )
                seen[name] = p_index
            for vlan in [port.vlan, *port.vlans]:
                if vlan is not None and vlan not in vlan_ids:
                    found.add(
                        (*ploc,),
                        _("VLAN {vlan} is not in the school's VLAN plan").format(vlan=vlan),
                        _("add VLAN {vlan} under vlans: or correct the port").format(vlan=vlan),
                    )
        mgmt_vlan = school.vlan(device.management.vlan)
        if mgmt_vlan is None or mgmt_vlan.zone is not Zone.MANAGEMENT:
            found.add(
                (*where, "management", "vlan"),
                _("management VLAN {vlan} is not a VLAN of zone management").format(
                    vlan=device.management.vlan
                ),
                _("point it at the school's management VLAN"),
            )
        elif mgmt_vlan.ipv4 is not None and device.management.ipv4.ip not in mgmt_vlan.ipv4:
            found.add(
                (*where, "management", "ipv4"),
                _("management address {address} is outside VLAN {vlan} ({network})").format(
                    address=device.management.ipv4.ip, vlan=mgmt_vlan.id, network=mgmt_vlan.ipv4
                ),
                _("use an address of the management subnet"),
            )
    return ports_by_device


def _check_vlans(school: School, found: _Findings) -> None:
    seen: dict[int, int] = {}
    devices = {d.name for d in school.devices}
    networks: list[tuple[IPv4Network | IPv6Network, int]] = []
    for index, vlan in enumerate(school.vlans):
        where = ("vlans", index)
        if vlan.id in seen:
            found.add(
                (*where, "id"),
                _("VLAN {vlan} is defined twice in this school").format(vlan=vlan.id),
                _("give each VLAN its own id"),
            )
        seen[vlan.id] = index
        if vlan.ipv6 is not None and vlan.ipv6.prefixlen != IPv6_VLAN_PREFIXLEN:
            found.add(
                (*where, "ipv6"),
                _("IPv6 prefix {prefix} of VLAN {vlan} is not a /64").format(
                    prefix=vlan.ipv6, vlan=vlan.id
                ),
                _("give every VLAN exactly one /64 (SLAAC and the standard require it)"),
            )
        for family, network, block in (
            ("ipv4", vlan.ipv4, school.prefixes.ipv4),
            ("ipv6", vlan.ipv6, school.prefixes.ipv6),
        ):
            if network is None:
                continue
            if not network.subnet_of(block):  # type: ignore[arg-type]
                found.add(
                    (*where, family),
                    _("{network} of VLAN {vlan} is outside the school's block {block}").format(
                        network=network, vlan=vlan.id, block=block
                    ),
                    _("allocate the VLAN's subnet from the school's block"),
                )
            for other, other_index in networks:
                if other.version == network.version and other.overlaps(network):
                    found.add(
                        (*where, family),
                        _("{network} of VLAN {vlan} overlaps {other} of VLAN {other_vlan}").format(
                            network=network,
                            vlan=vlan.id,
                            other=other,
                            other_vlan=school.vlans[other_index].id,
                        ),
                        _("give each VLAN its own subnet"),
                    )
            networks.append((network, index))
        if vlan.gateway is not None and vlan.gateway not in devices:
            found.add(
                (*where, "gateway"),
                _("gateway {device} is not a device of this school").format(device=vlan.gateway),
                _("name the device that holds the VLAN's SVI"),
            )


def _check_links(school: School, ports: dict[str, set[str]], found: _Findings) -> None:
    used: dict[tuple[str, str], int] = {}
    for index, link in enumerate(school.links):
        for side, end in (("a", link.a), ("b", link.b)):
            where = ("links", index, side)
            if end.device not in ports:
                found.add(
                    (*where, "device"),
                    _("link to unknown device {device}").format(device=end.device),
                    _("name a device of this school"),
                )
                continue
            known = ports[end.device]
            if known and end.port not in known:
                found.add(
                    (*where, "port"),
                    _("link to unknown port {port} of {device}").format(
                        port=end.port, device=end.device
                    ),
                    _("use a port that exists on the device's model"),
                )
            key = (end.device, end.port)
            if key in used:
                found.add(
                    (*where, "port"),
                    _("port {port} of {device} is used by links {first} and {second}").format(
                        port=end.port, device=end.device, first=used[key] + 1, second=index + 1
                    ),
                    _("a port takes one cable; correct the cabling"),
                )
            used[key] = index


def _check_rooms_and_hosts(school: School, found: _Findings) -> None:
    aps = {d.name for d in school.devices if d.role is DeviceRole.AP}
    room_ids: set[str] = set()
    for b_index, building in enumerate(school.buildings):
        for f_index, floor in enumerate(building.floors):
            for r_index, room in enumerate(floor.rooms):
                where = ("buildings", b_index, "floors", f_index, "rooms", r_index)
                if room.id in room_ids:
                    found.add(
                        (*where, "id"),
                        _("room {room} is listed twice").format(room=room.id),
                        _("give each room its own id"),
                    )
                room_ids.add(room.id)
                if room.ap is not None and room.ap not in aps:
                    found.add(
                        (*where, "ap"),
                        _("room {room} is served by unknown access point {ap}").format(
                            room=room.id, ap=room.ap
                        ),
                        _("name a device of role ap of this school"),
                    )
    for index, host in enumerate(school.hosts):
        vlan = school.vlan(host.vlan)
        if vlan is None:
            found.add(
                ("hosts", index, "vlan"),
                _("VLAN {vlan} is not in the school's VLAN plan").format(vlan=host.vlan),
                _("add the VLAN or correct the host"),
            )
        elif vlan.ipv4 is not None and host.ipv4.ip not in vlan.ipv4:
            found.add(
                ("hosts", index, "ipv4"),
                _("address {address} is outside VLAN {vlan} ({network})").format(
                    address=host.ipv4.ip, vlan=vlan.id, network=vlan.ipv4
                ),
                _("use an address of the VLAN's subnet"),
            )
        if host.room is not None and host.room not in room_ids:
            found.add(
                ("hosts", index, "room"),
                _("unknown room {room}").format(room=host.room),
                _("name a room of this school"),
            )


def _check_unique_names(inventory: Inventory, problems: ProblemCollector) -> None:
    owners: dict[str, list[tuple[School, Loc]]] = defaultdict(list)
    addresses: dict[Any, list[tuple[School, Loc]]] = defaultdict(list)
    for school in inventory.schools.values():
        for index, device in enumerate(school.devices):
            owners[device.name].append((school, ("devices", index, "name")))
            addresses[device.management.ipv4.ip].append(
                (school, ("devices", index, "management", "ipv4"))
            )
            if device.management.ipv6 is not None:
                addresses[device.management.ipv6.ip].append(
                    (school, ("devices", index, "management", "ipv6"))
                )
        for index, host in enumerate(school.hosts):
            owners[host.name].append((school, ("hosts", index, "name")))
            addresses[host.ipv4.ip].append((school, ("hosts", index, "ipv4")))
    for name, places in owners.items():
        for school, loc in places[1:]:
            _Findings(school, problems).add(
                loc,
                _("name {name} is also used by another device or host").format(name=name),
                _(
                    "device and host names are unique across the inventory; prefix them with the school's short name"
                ),
            )
    for address, places in addresses.items():
        for school, loc in places[1:]:
            _Findings(school, problems).add(
                loc,
                _("address {address} is also used by another device or host").format(
                    address=address
                ),
                _("give every device and host its own address"),
            )


def _overlaps(
    blocks: Iterable[tuple[IPv4Network | IPv6Network, School]],
) -> Iterable[tuple[School, IPv4Network | IPv6Network, School, IPv4Network | IPv6Network]]:
    ordered = sorted(blocks, key=lambda item: (item[0].version, int(item[0].network_address)))
    previous: tuple[IPv4Network | IPv6Network, School] | None = None
    for network, school in ordered:
        if (
            previous is not None
            and previous[0].version == network.version
            and int(network.network_address) <= int(previous[0].broadcast_address)
        ):
            yield school, network, previous[1], previous[0]
            if int(network.broadcast_address) <= int(previous[0].broadcast_address):
                continue
        previous = (network, school)


def _check_school_blocks(inventory: Inventory, problems: ProblemCollector) -> None:
    blocks: list[tuple[IPv4Network | IPv6Network, School]] = []
    for school in inventory.schools.values():
        found = _Findings(school, problems)
        try:
            pools = inventory.district(school.district).pools
        except KeyError:
            continue
        for family, network, pool in (
            ("ipv4", school.prefixes.ipv4, pools.ipv4),
            ("ipv6", school.prefixes.ipv6, pools.ipv6),
        ):
            blocks.append((network, school))
            if pool and not any(network.subnet_of(p) for p in pool):  # type: ignore[arg-type]
                found.add(
                    ("prefixes", family),
                    _("{network} is outside the pools of district {district} ({pools})").format(
                        network=network,
                        district=school.district,
                        pools=", ".join(str(p) for p in pool),
                    ),
                    _("allocate the school's block from its district's pool"),
                )
    for school, network, other, other_network in _overlaps(blocks):
        family = "ipv4" if network.version == 4 else "ipv6"
        _Findings(school, problems).add(
            ("prefixes", family),
            _("{network} overlaps {other_network} of school {other}").format(
                network=network, other_network=other_network, other=other.code
            ),
            _("every school gets its own block"),
        )


def _check_district_pools(inventory: Inventory, problems: ProblemCollector) -> None:
    """Report district pools that overlap another district's pool."""
    path = inventory.root / "province.yml"
    pools: list[tuple[IPv4Network | IPv6Network, str, tuple[Any, ...]]] = []
    for c_index, city in enumerate(inventory.province.cities):
        for d_index, district in enumerate(city.districts):
            where = ("cities", c_index, "districts", d_index, "pools")
            for family in ("ipv4", "ipv6"):
                for p_index, pool in enumerate(getattr(district.pools, family)):
                    pools.append((pool, district.code, (*where, family, p_index)))
    for index, (pool, code, loc) in enumerate(pools):
        for other, other_code, _other_loc in pools[:index]:
            if other_code == code or other.version != pool.version or not other.overlaps(pool):
                continue
            message = _(
                "pool {pool} of district {district} overlaps pool {other} of district {other_district}"
            )
            problems.extend(
                [
                    locate(
                        path,
                        loc,
                        message.format(
                            pool=pool, district=code, other=other, other_district=other_code
                        ),
                        _("give every district its own address pools"),
                    )
                ]
            )


def check_inventory(inventory: Inventory, problems: ProblemCollector) -> None:
    """Run every cross-object check and record what fails."""
    for school in inventory.schools.values():
        found = _Findings(school, problems)
        ports = _check_devices(inventory, school, found)
        _check_vlans(school, found)
        _check_links(school, ports, found)
        _check_rooms_and_hosts(school, found)
        check_wireless(school, found)
        for index, uplink in enumerate(school.uplinks):
            if uplink.device is not None and school.device(uplink.device) is None:
                found.add(
                    ("uplinks", index, "device"),
                    _("uplink device {device} is not a device of this school").format(
                        device=uplink.device
                    ),
                )
    _check_unique_names(inventory, problems)
    _check_school_blocks(inventory, problems)
    _check_district_pools(inventory, problems)


__all__ = ["check_inventory"]
