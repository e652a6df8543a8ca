"""Build a school file from the facts of its devices.

Everything written is either read from a device or derived by a rule that
the returned notes state; what neither gives is a TODO marker. The result is
plain data in the layout of ``inventory/schools/<city>/<district>/<code>.yml``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, collapse_addresses
from typing import Any

from campusctl.discover.facts import DeviceFacts, InterfaceFacts, PortMode
from campusctl.discover.links import FoundLink
from campusctl.discover.rules import Rules
from campusctl.discover.todo import find_todos, is_todo, todo
from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, OsFamily, PortProfile, RoomKind, SchoolType, Zone
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

_RE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
_RE_VLAN_NAME = re.compile(r"^[A-Za-z0-9_-]{1,31}$")
_RANK = {
    DeviceRole.EGRESS: 0,
    DeviceRole.CORE: 1,
    DeviceRole.WLC: 2,
    DeviceRole.AGGREGATION: 2,
    DeviceRole.ACCESS: 3,
    DeviceRole.AP: 4,
}
_ZONE_PROFILE = {
    Zone.SURVEILLANCE: PortProfile.CAMERA,
    Zone.SERVERS: PortProfile.SERVER,
}
_ZONE_ROOM = {
    Zone.TEACHING: RoomKind.CLASSROOM,
    Zone.OFFICE: RoomKind.OFFICE,
    Zone.LAB: RoomKind.LAB,
    Zone.SERVERS: RoomKind.SERVER_ROOM,
}
# Speed and medium of a link by interface type. A gigabit port may hold an
# SFP, so copper for GE is the common case, not a certainty.
_SPEEDS = (
    (re.compile(r"^(?:100GE|HundredGigE)", re.I), 100000, "fiber"),
    (re.compile(r"^(?:40GE|FortyGig)", re.I), 40000, "fiber"),
    (re.compile(r"^(?:25GE|TwentyFiveGig)", re.I), 25000, "fiber"),
    (
        re.compile(r"^(?:XGigabitEthernet|Ten-GigabitEthernet|TenGigabitEthernet|10GE)", re.I),
        10000,
        "fiber",
    ),
    (re.compile(r"^GigabitEthernet", re.I), 1000, "copper"),
)


@dataclass(slots=True)
class ImportResult:
    """A built school and what a person must know about it."""

    school: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    """The rule behind each inferred value, and the disagreements found."""

    def todos(self) -> list[tuple[str, str]]:
        """Return every TODO marker left in the school, with its key path."""
        return find_todos(self.school)


@dataclass(frozen=True, slots=True)
class SchoolFacts:
    """Facts about the school itself that the caller supplies."""

    code: str
    district: str
    name: str | None = None
    type: SchoolType | None = None
    mlps_level: int | None = None


def os_family(platform: PlatformId, version: str | None) -> OsFamily | None:
    """Return the OS family of ``version`` on ``platform``, or ``None`` when the version does not show it."""
    if platform is PlatformId.RUIJIE_RGOS:
        return OsFamily.RGOS
    if not version:
        return None
    if platform is PlatformId.HUAWEI_VRP:
        match = re.match(r"V(\d{3})R", version)
        if match is None:
            return None
        return OsFamily.VRP5 if int(match[1]) < 300 else OsFamily.VRP8
    if platform is PlatformId.H3C_COMWARE:
        return {"5": OsFamily.COMWARE5, "7": OsFamily.COMWARE7}.get(version[:1])
    major = re.match(r"(\d+)\.", version)
    if major is None:
        return None
    return OsFamily.IOS_XE if int(major[1]) >= 16 else OsFamily.IOS


def _device_name(facts: DeviceFacts) -> str:
    if _RE_NAME.match(facts.hostname):
        return facts.hostname
    return todo(
        _("a device name of letters, digits, '.', '_' and '-' for {hostname} ({origin})").format(
            hostname=facts.hostname or "?", origin=facts.origin
        )
    )


def infer_roles(
    devices: Sequence[DeviceFacts], rules: Rules, notes: list[str]
) -> dict[str, DeviceRole]:
    """Return each device's role: from its host name, else from the SVIs it holds."""
    svi_count = {d.hostname: len(d.svis()) for d in devices}
    most = max(svi_count.values(), default=0)
    roles: dict[str, DeviceRole] = {}
    for device in devices:
        role = rules.role_of(device.hostname)
        if role is not None:
            notes.append(
                _("{device}: role {role} from its host name").format(
                    device=device.hostname, role=role.value
                )
            )
        elif most > 1 and svi_count[device.hostname] == most:
            role = DeviceRole.CORE
            notes.append(
                _("{device}: role core because it holds the most SVIs ({count})").format(
                    device=device.hostname, count=most
                )
            )
        else:
            role = DeviceRole.ACCESS
            notes.append(
                _("{device}: role access (no role word in its name, not a gateway)").format(
                    device=device.hostname
                )
            )
        roles[device.hostname] = role
    return roles


class _Builder:
    def __init__(
        self,
        school: SchoolFacts,
        devices: Sequence[DeviceFacts],
        links: Sequence[FoundLink],
        rules: Rules,
        notes: list[str],
    ) -> None:
        self.school = school
        self.devices = sorted(devices, key=lambda d: d.hostname)
        self.links = links
        self.rules = rules
        self.notes = notes
        self.roles = infer_roles(self.devices, rules, notes)
        self.names = {d.hostname: _device_name(d) for d in self.devices}
        self.zones: dict[int, Zone | None] = {}
        self.rooms: dict[str, tuple[str, str | None, int, RoomKind | None]] = {}

    # --- VLANs -------------------------------------------------------------------

    def _gateway(self, vlan_id: int) -> tuple[DeviceFacts, InterfaceFacts] | None:
        holders = [(d, svi) for d in self.devices for svi in d.svis() if svi.vlan_id == vlan_id]
        if not holders:
            return None
        return min(holders, key=lambda h: (_RANK[self.roles[h[0].hostname]], -len(h[0].svis())))

    def vlans(self) -> list[dict[str, Any]]:
        declared = {v for d in self.devices for v in d.vlans}
        with_svi = {s.vlan_id for d in self.devices for s in d.svis() if s.vlan_id}
        ids = sorted((declared | with_svi) - {1})
        used_names: set[str] = set()
        result = []
        for vlan_id in ids:
            texts = [
                t
                for d in self.devices
                if vlan_id in d.vlans
                for t in (d.vlans[vlan_id].name, d.vlans[vlan_id].description)
            ]
            gateway = self._gateway(vlan_id)
            if gateway is not None:
                texts.append(gateway[1].description)
            zone = self.rules.zone_of(vlan_id, *texts)
            self.zones[vlan_id] = zone
            entry: dict[str, Any] = {
                "id": vlan_id,
                "name": self._vlan_name(vlan_id, texts, zone, used_names),
                "zone": zone.value
                if zone
                else todo(
                    _(
                        "the zone of VLAN {vlan} (names seen: {names}); add a rule to "
                        "zone_rules.yml or write the zone"
                    ).format(vlan=vlan_id, names=", ".join(t for t in texts if t) or "none")
                ),
            }
            if gateway is not None:
                device, svi = gateway
                if svi.ipv4:
                    entry["ipv4"] = str(svi.ipv4[0].network)
                if svi.ipv6:
                    entry["ipv6"] = str(svi.ipv6[0].network)
                elif svi.ipv4:
                    entry["ipv6"] = todo(
                        _(
                            "the IPv6 /64 of VLAN {vlan} from the school's /56; the standard "
                            "wants every routed segment dual-stack"
                        ).format(vlan=vlan_id)
                    )
                entry["gateway"] = self.names[device.hostname]
                entry["dhcp"] = self._dhcp(vlan_id, zone, svi)
            result.append(entry)
        return result

    def _vlan_name(self, vlan_id: int, texts: list[str], zone: Zone | None, used: set[str]) -> str:
        name = next((t for t in texts if t and _RE_VLAN_NAME.match(t)), None)
        if name is None:
            name = zone.value.upper().replace("_", "-") if zone else f"VLAN{vlan_id}"
            self.notes.append(
                _("VLAN {vlan}: no name usable in the inventory; named {name}").format(
                    vlan=vlan_id, name=name
                )
            )
        if name in used:
            name = f"{name}-{vlan_id}"
        used.add(name)
        return name

    def _dhcp(self, vlan_id: int, zone: Zone | None, svi: InterfaceFacts) -> str:
        if svi.dhcp is not None:
            return svi.dhcp
        if zone is Zone.MANAGEMENT:
            return "none"
        return todo(
            _("DHCP of VLAN {vlan}: relay, local or none (the SVI configures none)").format(
                vlan=vlan_id
            )
        )

    # --- devices -----------------------------------------------------------------

    def _management(self, device: DeviceFacts) -> dict[str, Any]:
        svis = device.svis()
        mgmt = [
            s for s in svis if s.vlan_id and self.zones.get(s.vlan_id) is Zone.MANAGEMENT and s.ipv4
        ]
        if mgmt:
            svi = mgmt[0]
            result: dict[str, Any] = {"vlan": svi.vlan_id, "ipv4": str(svi.ipv4[0])}
            if svi.ipv6:
                result["ipv6"] = str(svi.ipv6[0])
            return result
        mgmt_vlans = [v for v, z in self.zones.items() if z is Zone.MANAGEMENT]
        target = str(mgmt_vlans[0]) if mgmt_vlans else "?"
        with_v4 = [s for s in svis if s.ipv4]
        if len(with_v4) == 1:
            svi = with_v4[0]
            return {
                "vlan": todo(
                    _(
                        "{device} is managed on VLAN {vlan}, which is not a management VLAN; "
                        "move it to VLAN {target}"
                    ).format(device=device.hostname, vlan=svi.vlan_id, target=target)
                ),
                "ipv4": str(svi.ipv4[0]),
            }
        return {
            "vlan": todo(_("the management VLAN of {device}").format(device=device.hostname)),
            "ipv4": todo(
                _("the management address of {device} (prefix length included)").format(
                    device=device.hostname
                )
            ),
        }

    def _peer_of(self, device: str, port: str) -> tuple[str, bool] | None:
        for link in self.links:
            for here, there in ((link.a, link.b), (link.b, link.a)):
                if here.device == device and port in (here.port, here.lag, *here.doubt):
                    return there.device, False
        return None

    def _port(self, device: DeviceFacts, interface: InterfaceFacts) -> dict[str, Any] | None:
        if interface.role not in ("physical", "lag") or interface.lag:
            return None
        peer = self._peer_of(device.hostname, interface.name)
        if interface.mode is PortMode.ROUTED:
            if not interface.ipv4:
                return None
            return {
                "name": interface.name,
                "profile": PortProfile.UPLINK.value,
                **({"description": interface.description} if interface.description else {}),
            }
        described = bool(interface.description)
        if not described and interface.mode is PortMode.ACCESS and interface.access_vlan == 1:
            if interface.shutdown:
                return {"name": interface.name, "profile": PortProfile.UNUSED.value}
            return None
        entry: dict[str, Any] = {"name": interface.name}
        if peer is not None:
            own, other = self.roles[device.hostname], self.roles.get(peer[0], DeviceRole.ACCESS)
            entry["profile"] = (
                PortProfile.DOWNLINK if _RANK[own] < _RANK[other] else PortProfile.UPLINK
            ).value
        else:
            entry["profile"] = self._edge_profile(device, interface)
        if interface.mode is PortMode.TRUNK and interface.trunk_vlans is not None:
            vlans = [v for v in interface.trunk_vlans.expand() if v != 1]
            if len(vlans) > 64:
                # "all" (the IOS and RGOS default) or a range far wider than
                # the school's plan: keep the VLANs the school has.
                vlans = [v for v in vlans if v in self.zones]
                self.notes.append(
                    _(
                        "{device} {port}: the trunk allows {count} VLANs; the inventory "
                        "keeps the school's VLANs only"
                    ).format(
                        device=device.hostname,
                        port=interface.name,
                        count=len(interface.trunk_vlans),
                    )
                )
            if 1 in interface.trunk_vlans:
                self.notes.append(
                    _(
                        "{device} {port}: the trunk allows VLAN 1; the inventory leaves it out"
                    ).format(device=device.hostname, port=interface.name)
                )
            entry["vlans"] = vlans
            if interface.native_vlan and interface.native_vlan != 1:
                entry["vlan"] = interface.native_vlan
        elif interface.mode is PortMode.TRUNK:
            entry["vlans"] = todo(
                _(
                    "the allowed VLANs of {device} {port}; its configuration could not be read"
                ).format(device=device.hostname, port=interface.name)
            )
        elif interface.mode is PortMode.ACCESS and entry["profile"] != PortProfile.UNUSED.value:
            entry["vlan"] = (
                interface.access_vlan
                if interface.access_vlan != 1
                else todo(
                    _("{device} {port} ({description}) is in VLAN 1; choose its VLAN").format(
                        device=device.hostname,
                        port=interface.name,
                        description=interface.description or "-",
                    )
                )
            )
        if peer is None:
            self._room(entry, interface)
        if interface.description:
            entry["description"] = interface.description
        return entry

    def _edge_profile(self, device: DeviceFacts, interface: InterfaceFacts) -> str:
        by_text = self.rules.profile_of(interface.description)
        if by_text is not None:
            return by_text.value
        if interface.mode is PortMode.TRUNK:
            return todo(
                _(
                    "what {device} {port} ({description}) connects; a trunk to no known device"
                ).format(
                    device=device.hostname,
                    port=interface.name,
                    description=interface.description or "-",
                )
            )
        zone = self.zones.get(interface.access_vlan)
        return (
            _ZONE_PROFILE.get(zone, PortProfile.TERMINAL).value
            if zone
            else PortProfile.TERMINAL.value
        )

    def _room(self, entry: dict[str, Any], interface: InterfaceFacts) -> None:
        match = self.rules.room_of(interface.description)
        if match is None:
            return
        entry["room"] = match.room_id
        vlan = entry.get("vlan")
        zone = self.zones.get(vlan) if isinstance(vlan, int) else None
        kind = _ZONE_ROOM.get(zone) if zone else None
        if entry["profile"] == PortProfile.AP.value:
            kind = None
        known = self.rooms.get(match.room_id)
        if known is None or (known[3] is None and kind is not None):
            self.rooms[match.room_id] = (match.building, match.building_name, match.floor, kind)

    def devices_(self) -> list[dict[str, Any]]:
        result = []
        for device in self.devices:
            family = os_family(device.platform, device.os_version)
            entry: dict[str, Any] = {
                "name": self.names[device.hostname],
                "role": self.roles[device.hostname].value,
                "platform": device.platform.value,
                "os": family.value
                if family
                else todo(
                    _("the OS family of {device} (not shown in its configuration)").format(
                        device=device.hostname
                    )
                ),
                "os_version": device.os_version
                or todo(
                    _("the software version of {device}; run discover or 'display version'").format(
                        device=device.hostname
                    )
                ),
                "model": device.model
                or todo(
                    _(
                        "the hardware model of {device}; its configuration does not show it, "
                        "run discover or read the label"
                    ).format(device=device.hostname)
                ),
            }
            if device.serial:
                entry["serial"] = device.serial
            entry["management"] = self._management(device)
            entry["charset"] = device.charset.value
            ports = [p for i in device.interfaces.values() if (p := self._port(device, i))]
            if ports:
                entry["ports"] = ports
            result.append(entry)
        return result

    # --- the rest ----------------------------------------------------------------

    def buildings(self) -> list[dict[str, Any]]:
        by_building: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        names: dict[str, str | None] = {}
        for room_id, (building, building_name, floor, kind) in sorted(self.rooms.items()):
            room: dict[str, Any] = {"id": room_id}
            room["kind"] = (
                kind.value
                if kind
                else todo(
                    _("the kind of room {room} (classroom, office, lab, ...)").format(room=room_id)
                )
            )
            by_building[building][floor].append(room)
            names[building] = names.get(building) or building_name
        return [
            {
                "id": building,
                "name": names[building]
                or todo(_("the name of building {building}").format(building=building)),
                "floors": [
                    {"level": level, "rooms": rooms} for level, rooms in sorted(floors.items())
                ],
            }
            for building, floors in sorted(by_building.items())
        ]

    def links_(self) -> list[dict[str, Any]]:
        result = []
        for link in self.links:
            entry: dict[str, Any] = {}
            for key, end in (("a", link.a), ("b", link.b)):
                data: dict[str, Any] = {
                    "device": self.names.get(end.device, end.device),
                    "port": end.port,
                }
                if end.lag:
                    data["lag"] = end.lag
                entry[key] = data
            ports = [e.port for e in (link.a, link.b) if not is_todo(e.port)]
            for pattern, speed, medium in _SPEEDS:
                if ports and all(pattern.match(p) for p in ports):
                    entry["speed_mbps"], entry["medium"] = speed, medium
                    break
            result.append(entry)
        return result

    def uplinks(self) -> list[dict[str, Any]]:
        result = []
        for device in self.devices:
            for interface in device.interfaces.values():
                if (
                    interface.mode is PortMode.ROUTED
                    and interface.role == "physical"
                    and interface.ipv4
                ):
                    result.append(
                        {
                            "provider": todo(
                                _("the provider of {device} {port} ({description})").format(
                                    device=device.hostname,
                                    port=interface.name,
                                    description=interface.description or "-",
                                )
                            ),
                            "committed_mbps": todo(_("the committed bandwidth in Mbit/s")),
                            "device": self.names[device.hostname],
                            "port": interface.name,
                            "ipv4": str(interface.ipv4[0]),
                            "ipv6": str(interface.ipv6[0])
                            if interface.ipv6
                            else todo(
                                _(
                                    "the IPv6 address of {device} {port} from the provider, "
                                    "prefix length included"
                                ).format(device=device.hostname, port=interface.name)
                            ),
                        }
                    )
        return result

    def prefixes(
        self, vlans: list[dict[str, Any]], devices: list[dict[str, Any]]
    ) -> dict[str, Any]:
        v4 = [IPv4Network(v["ipv4"]) for v in vlans if "ipv4" in v]
        v4 += [
            IPv4Network(d["management"]["ipv4"], strict=False)
            for d in devices
            if not is_todo(d["management"]["ipv4"])
        ]
        v6 = [IPv6Network(v["ipv6"]) for v in vlans if "ipv6" in v and not is_todo(v["ipv6"])]
        result: dict[str, Any] = {}
        block = covering_block([n for n in v4 if isinstance(n, IPv4Network)])
        if block is not None:
            result["ipv4"] = str(block)
            self.notes.append(
                _(
                    "school IPv4 block {block} is the smallest block covering every subnet found; "
                    "check it against the district's allocation"
                ).format(block=block)
            )
        else:
            result["ipv4"] = todo(_("the school's IPv4 block from the district's pool"))
        seen = ", ".join(str(n) for n in v6) or _("none configured")
        result["ipv6"] = todo(
            _("the school's IPv6 /56 from the district's pool (IPv6 seen: {seen})").format(
                seen=seen
            )
        )
        return result


def covering_block(networks: list[IPv4Network]) -> IPv4Network | None:
    if not networks:
        return None
    collapsed = list(collapse_addresses(networks))
    block = collapsed[0]
    while not all(n.subnet_of(block) for n in collapsed):
        block = block.supernet()
    return block


def build_school(
    school: SchoolFacts,
    devices: Sequence[DeviceFacts],
    links: Sequence[FoundLink],
    rules: Rules,
    notes: Sequence[str] = (),
) -> ImportResult:
    """Return the school file data for ``devices`` joined by ``links``."""
    found = list(notes)
    builder = _Builder(school, devices, links, rules, found)
    vlans = builder.vlans()
    device_entries = builder.devices_()
    data: dict[str, Any] = {
        "code": school.code,
        "name": school.name or todo(_("the school's name")),
        "type": school.type.value
        if school.type
        else todo(
            _("the school type: {types}").format(types=", ".join(t.value for t in SchoolType))
        ),
        "mlps_level": school.mlps_level or todo(_("the 等保 level of the school network, 2 or 3")),
        "district": school.district,
    }
    uplinks = builder.uplinks()
    if uplinks:
        data["uplinks"] = uplinks
    data["prefixes"] = builder.prefixes(vlans, device_entries)
    buildings = builder.buildings()
    if buildings:
        data["buildings"] = buildings
    data["vlans"] = vlans
    data["devices"] = device_entries
    data["links"] = builder.links_()
    log.info(
        "school %s: %d devices, %d links, %d VLANs",
        school.code,
        len(device_entries),
        len(data["links"]),
        len(vlans),
    )
    return ImportResult(data, found)
