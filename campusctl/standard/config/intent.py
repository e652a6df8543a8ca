"""Read :class:`ConfigFacts` straight from the renderer's device intent (the fast path).

Parsing every rendered file of a province costs more than rendering it, so a
province-wide check reads the platform-neutral intent that the templates turn
into text. The intent states exactly what the templates write. The templates
themselves are checked by parsing their output on the sample inventory (see
the rendered-config test), so the two paths together cover both halves.
Evidence names the device and the intent field, since there is no line.
"""

from __future__ import annotations

from hier_config import get_hconfig

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.platforms import PlatformId, platform
from campusctl.render.intent import school_intents
from campusctl.render.model import AclIntent, DeviceIntent, Family, InterfaceIntent, PortMode
from campusctl.standard.config.facts import AclEntry, ConfigFacts, Fact, Interface, Line
from campusctl.standard.config.parse import HIER_PLATFORM, ParsedConfig
from campusctl.standard.results import Evidence

_EMPTY_TREES = {p: get_hconfig(HIER_PLATFORM[p], "") for p in PlatformId}
_NAMED_ACLS = {PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS}


def _acl_key(acl: AclIntent, platform_id: PlatformId) -> str:
    name = acl.name if platform_id in _NAMED_ACLS else str(acl.number)
    return f"ipv6 {name}" if acl.family is Family.IPV6 else name


def _acl_name(acl: AclIntent, platform_id: PlatformId) -> str:
    return acl.name if platform_id in _NAMED_ACLS else str(acl.number)


def _interface(intent: InterfaceIntent, ev: Evidence) -> Interface:
    facts = Interface(name=intent.name, evidence=ev, description=intent.description)
    facts.shutdown = intent.mode is PortMode.DISABLED
    if intent.mode is PortMode.ACCESS:
        facts.mode, facts.access_vlan = "access", intent.access_vlan
    elif intent.mode is PortMode.TRUNK:
        facts.mode = "trunk"
        facts.trunk_vlans = (
            set(intent.allowed.expand()) if intent.allowed is not None else set(range(1, 4095))
        )
        facts.trunk_evidence = ev
    facts.lag = intent.lag
    if intent.edge:
        facts.edge = facts.bpdu_guard = ev
    if intent.dhcp_trusted:
        facts.dhcp_trusted = facts.dhcpv6_trusted = ev
    if intent.source_guard:
        facts.source_guard = facts.arp_check = ev
    if intent.mac_limit is not None:
        facts.mac_limit = (intent.mac_limit, ev)
        facts.port_security = ev
    if intent.storm_percent is not None:
        facts.storm_percent = (float(intent.storm_percent), ev)
    if intent.ra_guard:
        facts.ra_guard = facts.dhcpv6_guard = ev
    if intent.ipv4 is not None:
        facts.ipv4.append((intent.ipv4, ev))
    if intent.ipv6 is not None:
        facts.ipv6.append((intent.ipv6, ev))
        facts.ipv6_enabled = ev
    return facts


def facts_from_intent(intent: DeviceIntent) -> tuple[ParsedConfig, ConfigFacts]:
    """Return the facts the rendered configuration of ``intent`` contains, without rendering it."""
    platform_id = PlatformId(intent.platform)
    device = intent.name

    def ev(text: str) -> Evidence:
        return Evidence(text=f"intent: {text}", device=device)

    facts = ConfigFacts(device=device)
    for interface in intent.interfaces:
        facts.interfaces[interface.name] = _interface(interface, ev(f"interface {interface.name}"))
    prefix = platform(platform_id).svi_prefix
    separator = " " if platform_id is PlatformId.RUIJIE_RGOS else ""
    for svi in intent.svis:
        name = f"{prefix}{separator}{svi.vlan}"
        svi_ev = ev(f"interface {name}")
        facts.interfaces[name] = Interface(name=name, evidence=svi_ev, svi_vlan=svi.vlan)
        facts.interfaces[name].ipv4 = [
            (a, svi_ev) for a in (svi.ipv4, svi.ipv4_secondary) if a is not None
        ]
        facts.interfaces[name].ipv6 = [(a, svi_ev) for a in svi.ipv6 if not a.ip.is_link_local]
        facts.interfaces[name].ipv6_enabled = svi_ev if svi.ipv6 else None
    for acl in (intent.mgmt_acl_v4, intent.mgmt_acl_v6, *intent.acls):
        facts.acls[_acl_key(acl, platform_id)] = [
            AclEntry(r.action, r.source, ev(f"acl {acl.name}")) for r in acl.rules
        ]
    v4, v6 = _acl_name(intent.mgmt_acl_v4, platform_id), _acl_name(intent.mgmt_acl_v6, platform_id)
    login = intent.login
    idle = login.idle_minutes * 60 + login.idle_seconds
    for kind in ("console", "vty"):
        line = Line(
            name=f"{kind} lines",
            evidence=ev(f"{kind} lines"),
            kind=kind,
            idle_timeout_s=(idle, ev("login idle timeout")),
        )
        if kind == "vty":
            line.acl_v4, line.acl_v6 = (v4, ev(f"vty acl {v4}")), (v6, ev(f"vty ipv6 acl {v6}"))
            line.transports = (frozenset({"ssh"}), ev("vty transport ssh"))
        facts.lines.append(line)
    facts.ssh_server = ev("ssh server")
    facts.telnet_v4 = facts.telnet_v6 = Fact(False, ev("telnet server off"))
    facts.ssh_acl_v4, facts.ssh_acl_v6 = (v4, ev(f"ssh acl {v4}")), (v6, ev(f"ssh ipv6 acl {v6}"))
    facts.lockout = (login.max_failures, login.lockout_minutes, ev("login lockout"))
    facts.local_users = [(user.name, ev(f"local user {user.name}")) for user in intent.users]
    facts.snmp_v3 = [ev(f"snmp v3 user {user.name}") for user in intent.snmp_users]
    facts.syslog_hosts = [(address, ev(f"syslog {address}")) for address in intent.syslog]
    facts.ntp_servers = [(address, ev(f"ntp {address}")) for address in intent.ntp]
    if intent.ipv6:
        facts.ipv6_routing = ev("ipv6 routing")
    if intent.snooping:
        facts.dhcp_snooping = facts.dhcpv6_snooping = facts.nd_snooping = ev("dhcp snooping")
        facts.dhcp_snooping_vlans = (set(intent.snooping_vlans), ev("dhcp snooping vlans"))
    if any(i.edge for i in intent.interfaces):
        facts.bpdu_protection = ev("bpdu protection")
    facts.vlans = {vlan.id: ev(f"vlan {vlan.id}") for vlan in intent.vlans}
    parsed = ParsedConfig(device=device, platform=platform_id, tree=_EMPTY_TREES[platform_id])
    return parsed, facts


class IntentFacts:
    """A facts source that computes each school's device intents once and reads them."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self._school: str | None = None
        self._intents: dict[str, DeviceIntent] = {}

    def facts(self, school: School, device: Device) -> tuple[ParsedConfig, ConfigFacts] | str:
        """Return the facts of ``device``'s intent (a message when the renderer skips it)."""
        if self._school != school.code:
            self._intents = {i.name: i for i in school_intents(self.inventory, school)}
            self._school = school.code
        intent = self._intents.get(device.name)
        if intent is None:
            return _("no configuration is rendered for {device}").format(device=device.name)
        return facts_from_intent(intent)
