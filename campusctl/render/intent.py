"""Compute the intended state of every switch, gateway and controller from the inventory.

The rules of the digital-campus standard that decide what a port or a VLAN
gets live here, once, for every platform:

- user-facing ports (terminal, printer, camera, server, AP) are edge ports
  with BPDU protection and storm control; terminal, printer and camera ports
  get the per-port MAC limit, AP ports the AP limit;
- DHCP snooping runs on devices with user-facing ports, trusted on uplinks
  only; IP source guard and the ARP check run on ports whose VLAN is served
  by DHCP (statically addressed VLANs have no bindings to check against);
- RA guard and DHCPv6 guard run on user-facing ports of IPv6 VLANs;
- trunks carry an explicit allowed list, and VLAN 1 is never used;
- ports not in the inventory are shut down;
- user-zone SVIs get an inbound ACL that keeps them out of the protected
  zones (management, servers, surveillance, campus card), except where the
  zone policy below allows it; guests reach nothing of the school.
"""

from __future__ import annotations

import re
from dataclasses import fields
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
    ip_interface,
)
from operator import attrgetter

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import (
    Device,
    DeviceRole,
    DhcpMode,
    HostKind,
    Port,
    PortProfile,
    School,
    Vlan,
    Zone,
)
from campusctl.netkit.banner import render_banner
from campusctl.netkit.errors import BannerInvalid
from campusctl.netkit.vlans import VlanSet
from campusctl.platforms import platform as platform_facts
from campusctl.render.errors import IntentError
from campusctl.render.model import (
    AaaServerIntent,
    AclIntent,
    AclRule,
    BannerIntent,
    DeviceIntent,
    Family,
    InterfaceIntent,
    IPNetwork,
    LoginIntent,
    PortMode,
    RouteIntent,
    SnmpUserIntent,
    SviIntent,
    UserIntent,
    VlanIntent,
)
from campusctl.render.wlan import wlan_intent

RENDERED_ROLES = frozenset(
    {DeviceRole.EGRESS, DeviceRole.CORE, DeviceRole.AGGREGATION, DeviceRole.ACCESS, DeviceRole.WLC}
)
"""Roles that get a configuration file; APs are configured through their controllers."""

USER_PROFILES = frozenset(
    {
        PortProfile.TERMINAL,
        PortProfile.PRINTER,
        PortProfile.CAMERA,
        PortProfile.SERVER,
        PortProfile.AP,
    }
)
TERMINAL_PROFILES = frozenset({PortProfile.TERMINAL, PortProfile.PRINTER, PortProfile.CAMERA})

PROTECTED_ZONES = (Zone.MANAGEMENT, Zone.SERVERS, Zone.SURVEILLANCE, Zone.CAMPUS_CARD)
USER_ZONES = frozenset(
    {Zone.TEACHING, Zone.OFFICE, Zone.LAB, Zone.STUDENT_WIFI, Zone.GUEST, Zone.IOT}
)
ZONE_ALLOWED: dict[Zone, frozenset[Zone]] = {
    Zone.TEACHING: frozenset({Zone.SERVERS}),
    Zone.OFFICE: frozenset({Zone.SERVERS, Zone.CAMPUS_CARD}),
    Zone.LAB: frozenset({Zone.SERVERS}),
}
"""Protected zones a user zone may still reach (school services and the card office)."""

PRIVILEGE = {"admin": 15, "operator": 3, "auditor": 1}

MGMT_ACL_NUMBER = 2000
ZONE_ACL_BASE = 3000
_RE_TIMEZONE = re.compile(r"^UTC(?P<sign>[+-])(?P<hours>[0-9]{1,2})(?::(?P<minutes>[0-9]{2}))?$")


def rendered_devices(school: School) -> list[Device]:
    """Return the devices of ``school`` that get a configuration file."""
    return [d for d in school.devices if d.role in RENDERED_ROLES]


def _fail(school: School, device: Device, message: str) -> IntentError:
    where = school.source or school.code
    return IntentError(
        _("{file}: device {device}: {problem}").format(
            file=where, device=device.name, problem=message
        )
    )


def _timezone(school: School, device: Device) -> tuple[str, int, int]:
    text = school.settings.timezone
    match = _RE_TIMEZONE.match(text)
    if match is None:
        raise _fail(
            school,
            device,
            _("timezone {value!r} is not of the form UTC+8 or UTC+5:30").format(value=text),
        )
    sign = -1 if match["sign"] == "-" else 1
    return text, sign * int(match["hours"]), int(match["minutes"] or 0)


def banner_intent(text: str, platform: str) -> BannerIntent:
    """Build the banner block of ``text``: its lines and a delimiter that occurs nowhere in it.

    A blank banner line is written as one space, so no empty value reaches the config.

    :raise BannerInvalid: for an empty text, control characters, or a text that
        contains every delimiter candidate.
    """
    banner = render_banner(text, platform)
    body = banner.lines[1:-1]
    return BannerIntent(lines=[line or " " for line in body], delimiter=banner.delimiter)


def _mgmt_acls(school: School, device: Device) -> tuple[AclIntent, AclIntent]:
    vlan = school.vlan(device.management.vlan)
    v4: list[IPNetwork] = []
    v6: list[IPNetwork] = []
    if vlan is not None and vlan.ipv4 is not None:
        v4.append(vlan.ipv4)
    else:
        v4.append(device.management.ipv4.network)
    if vlan is not None and vlan.ipv6 is not None:
        v6.append(vlan.ipv6)
    elif device.management.ipv6 is not None:
        v6.append(device.management.ipv6.network)
    for network in school.settings.management_acl:
        target = v4 if isinstance(network, IPv4Network) else v6
        if network not in target:
            target.append(network)
    remark = "management access"
    acl_v4 = AclIntent(
        name="MGMT-V4",
        number=MGMT_ACL_NUMBER,
        family=Family.IPV4,
        rules=[*(AclRule("permit", source=n) for n in v4), AclRule("deny")],
        remark=remark,
    )
    acl_v6 = AclIntent(
        name="MGMT-V6",
        number=MGMT_ACL_NUMBER,
        family=Family.IPV6,
        rules=[*(AclRule("permit", source=n) for n in v6), AclRule("deny")],
        remark=remark,
    )
    return acl_v4, acl_v6


def _zone_acls(school: School, vlan: Vlan, number: int) -> tuple[AclIntent, AclIntent]:
    allowed = ZONE_ALLOWED.get(vlan.zone, frozenset())
    v4: list[AclRule] = []
    v6: list[AclRule] = []
    if vlan.zone is Zone.GUEST:
        v4.append(AclRule("deny", destination=school.prefixes.ipv4))
        v6.append(AclRule("deny", destination=school.prefixes.ipv6))
    else:
        for other in school.vlans:
            if other.zone not in PROTECTED_ZONES or other.zone in allowed:
                continue
            if other.ipv4 is not None:
                v4.append(AclRule("deny", destination=other.ipv4))
            if other.ipv6 is not None:
                v6.append(AclRule("deny", destination=other.ipv6))
    v4.append(AclRule("permit"))
    v6.append(AclRule("permit"))
    remark = f"zone {vlan.zone.value} inbound"
    return (
        AclIntent(f"ZONE-{vlan.name}-V4", number, Family.IPV4, v4, remark),
        AclIntent(f"ZONE-{vlan.name}-V6", number, Family.IPV6, v6, remark),
    )


# Every field of an interface intent but the first, the name, in constructor order.
_FIELDS_AFTER_NAME = attrgetter(*(f.name for f in fields(InterfaceIntent)[1:]))


def renamed(intent: InterfaceIntent, name: str) -> InterfaceIntent:
    """Return a copy of ``intent`` for the port ``name``.

    Equal to ``dataclasses.replace(intent, name=name)`` and about four times
    faster, which matters at one copy per access port.
    """
    return InterfaceIntent(name, *_FIELDS_AFTER_NAME(intent))


_LAG_ENDS: list[tuple[School, dict[str, dict[str, str]]]] = []
"""The LAG map of the last school asked for; a school's devices are built one after another."""


def _lag_ends(school: School) -> dict[str, dict[str, str]]:
    """Return, per device name, the aggregation each of its cabled ports belongs to."""
    if _LAG_ENDS and _LAG_ENDS[0][0] is school:
        return _LAG_ENDS[0][1]
    ends: dict[str, dict[str, str]] = {}
    for link in school.links:
        for end in (link.a, link.b):
            if end.lag is not None:
                ends.setdefault(end.device, {})[end.port] = end.lag
    # Holding the school keeps its identity from being reused by another object.
    _LAG_ENDS[:] = [(school, ends)]
    return ends


class _DeviceBuilder:
    """Computes one device's intent; a class only to share the lookups it needs."""

    def __init__(self, inventory: Inventory, school: School, device: Device) -> None:
        self.inventory = inventory
        self.school = school
        self.device = device
        self.facts = platform_facts(device.platform.value)
        self.vlans = {v.id: v for v in school.vlans}
        self.ports = device.port_map()
        self.lag_of = _lag_ends(school).get(device.name, {})
        self.user_ports = any(p.profile in USER_PROFILES for p in device.ports)

    def fail(self, message: str) -> IntentError:
        return _fail(self.school, self.device, message)

    def vlan(self, vlan_id: int, port: str) -> Vlan:
        if vlan_id == 1:
            raise self.fail(
                _("port {port} uses VLAN 1, which must stay unused; move it to a zone VLAN").format(
                    port=port
                )
            )
        vlan = self.vlans.get(vlan_id)
        if vlan is None:
            raise self.fail(
                _("port {port} uses VLAN {vlan}, which is not in the school's VLAN plan").format(
                    port=port, vlan=vlan_id
                )
            )
        return vlan

    def port_intent(self, name: str, port: Port) -> InterfaceIntent:
        profile = port.profile
        intent = InterfaceIntent(
            name=name, mode=PortMode.ACCESS, profile=profile.value, description=port.description
        )
        if profile is PortProfile.UNUSED:
            intent.mode = PortMode.DISABLED
            return intent
        if profile in (PortProfile.UPLINK, PortProfile.DOWNLINK) or port.vlans:
            if not port.vlans:
                return self.routed_uplink(name, intent)
            for vlan_id in port.vlans:
                self.vlan(vlan_id, name)
            intent.mode = PortMode.TRUNK
            intent.allowed = VlanSet.of(port.vlans)
            intent.dhcp_trusted = self.user_ports and profile is PortProfile.UPLINK
        else:
            if port.vlan is None:
                raise self.fail(
                    _("port {port} has profile {profile} but no vlan").format(
                        port=name, profile=profile.value
                    )
                )
            vlan = self.vlan(port.vlan, name)
            intent.access_vlan = vlan.id
        if profile in USER_PROFILES:
            vlan_ids = [intent.access_vlan] if intent.access_vlan else sorted(port.vlans)
            served = [self.vlans[v] for v in vlan_ids if v in self.vlans]
            intent.edge = True
            intent.storm_percent = self.school.settings.access.storm_control_percent
            intent.source_guard = any(v.dhcp is not DhcpMode.NONE for v in served)
            intent.ra_guard = any(v.ipv6 is not None for v in served)
            if profile in TERMINAL_PROFILES:
                intent.mac_limit = self.school.settings.access.mac_limit_terminal
            elif profile is PortProfile.AP:
                intent.mac_limit = self.school.settings.access.mac_limit_ap
        return intent

    def routed_uplink(self, name: str, intent: InterfaceIntent) -> InterfaceIntent:
        for uplink in self.school.uplinks:
            if uplink.device == self.device.name and uplink.port == name:
                intent.mode = PortMode.ROUTED
                intent.ipv4 = uplink.ipv4
                intent.ipv6 = uplink.ipv6
                if intent.description is None:
                    intent.description = f"{uplink.provider} {uplink.committed_mbps:g}M"
                return intent
        raise self.fail(
            _(
                "port {port} is an uplink without VLANs, but no school uplink names it; "
                "add vlans: for a trunk or an uplinks: entry with its addresses"
            ).format(port=name)
        )

    def interfaces(self) -> list[InterfaceIntent]:
        physical = self.inventory.interfaces(self.device)
        known = set(physical)
        lag_prefix = self.facts.lag_prefix
        lags: dict[str, InterfaceIntent] = {}
        for name, port in self.ports.items():
            if name.startswith(lag_prefix):
                lag = self.port_intent(name, port)
                lag.is_lag = True
                lag.lag_id = _number(name)
                lags[name] = lag
        for member, lag_name in self.lag_of.items():
            if lag_name not in lags:
                raise self.fail(
                    _(
                        "port {port} is cabled into {lag}, but {lag} has no port entry; "
                        "add it under ports: with its profile and VLANs"
                    ).format(port=member, lag=lag_name)
                )
            if member in self.ports:
                raise self.fail(
                    _(
                        "port {port} is a member of {lag} and also has its own port entry; "
                        "configure the aggregation instead"
                    ).format(port=member, lag=lag_name)
                )
        result = [lags[name] for name in sorted(lags, key=_number)]
        by_entry: dict[int, InterfaceIntent] = {}
        extra = [n for n in self.ports if n not in known and not n.startswith(lag_prefix)]
        for name in [*physical, *extra]:
            member_of = self.lag_of.get(name)
            if member_of is not None:
                lag_name = member_of
                lag = lags[lag_name]
                lag.members = (*lag.members, name)
                result.append(
                    InterfaceIntent(
                        name=name,
                        mode=PortMode.LAG_MEMBER,
                        profile="lag_member",
                        description=lag.description,
                        lag=lag_name,
                        lag_id=lag.lag_id,
                    )
                )
                continue
            entry = self.ports.get(name)
            if entry is None:
                result.append(InterfaceIntent(name=name, mode=PortMode.DISABLED, profile="unused"))
                continue
            # The ports of one range entry differ only in name, except routed uplinks,
            # whose addresses come from the uplink that names the port.
            shared = by_entry.get(id(entry))
            if shared is None:
                intent = self.port_intent(name, entry)
                if intent.mode is not PortMode.ROUTED:
                    by_entry[id(entry)] = intent
                result.append(intent)
            else:
                result.append(renamed(shared, name))
        return result

    def device_vlans(self, interfaces: list[InterfaceIntent]) -> tuple[list[VlanIntent], set[int]]:
        used: set[int] = {self.device.management.vlan}
        snooped: set[int] = set()
        for intent in interfaces:
            if intent.access_vlan is not None:
                used.add(intent.access_vlan)
                if intent.source_guard or intent.ra_guard:
                    snooped.add(intent.access_vlan)
            if intent.allowed is not None:
                used.update(intent.allowed.ids)
        gateway_of = {v.id for v in self.school.vlans if v.gateway == self.device.name}
        used.update(gateway_of)
        result = []
        for vlan_id in sorted(used):
            vlan = self.vlans.get(vlan_id)
            if vlan is None:
                raise self.fail(
                    _("VLAN {vlan} is used but not in the school's VLAN plan").format(vlan=vlan_id)
                )
            result.append(VlanIntent(vlan.id, vlan.name, vlan.zone.value, vlan.id in snooped))
        return result, gateway_of

    def svis(self, gateway_of: set[int]) -> tuple[list[SviIntent], list[AclIntent]]:
        management = self.device.management
        servers = [
            h.ipv4.ip
            for h in self.school.hosts
            if h.kind is HostKind.SERVER and self.vlans.get(h.vlan) is not None
        ]
        svis: list[SviIntent] = []
        acls: list[AclIntent] = []
        for vlan_id in sorted(gateway_of | {management.vlan}):
            vlan = self.vlans[vlan_id]
            svi = SviIntent(vlan=vlan.id, name=vlan.name, zone=vlan.zone.value)
            is_gateway = vlan_id in gateway_of
            if is_gateway and vlan.ipv4 is not None:
                svi.ipv4 = IPv4Interface(f"{next(vlan.ipv4.hosts())}/{vlan.ipv4.prefixlen}")
            if is_gateway and vlan.ipv6 is not None:
                svi.ipv6.append(
                    IPv6Interface(f"{vlan.ipv6.network_address + 1}/{vlan.ipv6.prefixlen}")
                )
                svi.send_ra = vlan.zone is not Zone.MANAGEMENT
            if vlan_id == management.vlan:
                if svi.ipv4 is None:
                    svi.ipv4 = management.ipv4
                elif svi.ipv4 != management.ipv4:
                    svi.ipv4_secondary = management.ipv4
                if management.ipv6 is not None and management.ipv6 not in svi.ipv6:
                    svi.ipv6.append(management.ipv6)
            if is_gateway and vlan.dhcp is DhcpMode.RELAY:
                # TODO: schools without a server host get no relay target; their
                # DHCP service (county MAN or a local server) is not in the inventory yet.
                svi.dhcp_relay = servers
            if is_gateway and vlan.zone in USER_ZONES:
                svi.acl_v4, svi.acl_v6 = _zone_acls(
                    self.school, vlan, ZONE_ACL_BASE + len(acls) // 2
                )
                acls.extend((svi.acl_v4, svi.acl_v6))
            svis.append(svi)
        return svis, acls

    def routes(self, interfaces: list[InterfaceIntent], routing: bool) -> list[RouteIntent]:
        routes: list[RouteIntent] = []
        for intent in interfaces:
            for address in (intent.ipv4, intent.ipv6):
                if intent.mode is PortMode.ROUTED and address is not None:
                    peer = _peer(address)
                    if peer is not None:
                        routes.append(RouteIntent(ip_interface(f"{peer}/0").network, peer))
        if routing:
            return routes
        vlan = self.vlans.get(self.device.management.vlan)
        if vlan is not None and vlan.ipv4 is not None:
            routes.append(RouteIntent(IPv4Network("0.0.0.0/0"), next(vlan.ipv4.hosts())))
        if vlan is not None and vlan.ipv6 is not None:
            routes.append(RouteIntent(IPv6Network("::/0"), vlan.ipv6.network_address + 1))
        return routes

    def build(self) -> DeviceIntent:
        school, device = self.school, self.device
        settings = school.settings
        services = school.services
        tz_name, tz_hours, tz_minutes = _timezone(school, device)
        interfaces = self.interfaces()
        vlans, gateway_of = self.device_vlans(interfaces)
        svis, acls = self.svis(gateway_of)
        routed_ports = any(i.mode is PortMode.ROUTED for i in interfaces)
        routing = bool(gateway_of) or routed_ports
        mgmt_v4, mgmt_v6 = _mgmt_acls(school, device)
        try:
            banner = banner_intent(settings.banner, device.platform)
        except BannerInvalid as err:
            raise self.fail(str(err)) from err
        login = settings.login
        has_v6 = any(s.ipv6 for s in svis) or any(i.ipv6 for i in interfaces)
        return DeviceIntent(
            name=device.name,
            school=school.code,
            school_name=school.name,
            role=device.role.value,
            platform=device.platform.value,
            os=device.os.value,
            os_version=device.os_version,
            model=device.model,
            domain=settings.domain,
            timezone_name=tz_name,
            timezone_hours=tz_hours,
            timezone_minutes=tz_minutes,
            management_vlan=device.management.vlan,
            management_ipv4=device.management.ipv4,
            management_ipv6=device.management.ipv6,
            aaa_mode=settings.aaa_mode.value,
            users=[
                UserIntent(u.name, u.role, PRIVILEGE[u.role], u.secret)
                for u in settings.local_users
            ],
            login=LoginIntent(
                max_failures=login.max_failures,
                lockout_minutes=login.lockout_minutes,
                idle_minutes=login.idle_timeout_s // 60,
                idle_seconds=login.idle_timeout_s % 60,
            ),
            radius=[
                AaaServerIntent(s.address, s.auth_port, s.acct_port, s.secret)
                for s in services.radius
            ],
            tacacs=[
                AaaServerIntent(s.address, s.auth_port, s.acct_port, s.secret)
                for s in services.tacacs
            ],
            mgmt_acl_v4=mgmt_v4,
            mgmt_acl_v6=mgmt_v6,
            vlans=vlans,
            interfaces=interfaces,
            svis=svis,
            acls=acls,
            routes=self.routes(interfaces, routing),
            routing=routing,
            ipv6=has_v6,
            snooping=self.user_ports,
            ntp=list(services.ntp),
            syslog=list(services.syslog),
            snmp_users=[
                SnmpUserIntent(u.name, u.group, u.auth_secret, u.priv_secret)
                for u in settings.snmp_users
            ],
            banner=banner,
            wlan=wlan_intent(school, device),
        )


def _number(name: str) -> int:
    match = re.search(r"([0-9]+)$", name)
    return int(match.group(1)) if match else 0


def _peer(address: IPv4Interface | IPv6Interface) -> IPv4Address | IPv6Address | None:
    """Return the other address of a point-to-point subnet (/30, /31, /126, /127)."""
    network = address.network
    if network.num_addresses > 4:
        return None
    for host in network.hosts():
        if host != address.ip:
            return host
    return None


def device_intent(inventory: Inventory, school: School, device: Device) -> DeviceIntent:
    """Return the intended state of ``device`` of ``school``.

    :raise IntentError: when the inventory cannot give a valid configuration
        (VLAN 1 on a port, an uplink without addresses, a LAG without its entry).
    """
    return _DeviceBuilder(inventory, school, device).build()


def school_intents(inventory: Inventory, school: School) -> list[DeviceIntent]:
    """Return the intents of every rendered device of ``school``, in inventory order."""
    return [device_intent(inventory, school, d) for d in rendered_devices(school)]
