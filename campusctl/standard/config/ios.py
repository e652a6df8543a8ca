"""Read :class:`ConfigFacts` from Cisco IOS/IOS-XE and Ruijie RGOS configurations.

RGOS follows the IOS command shape; where it differs the Ruijie form is
named (``enable service ssh-server``, ``logging server``, ``port-group``,
``switchport trunk allowed vlan only``, ``aaa local authentication``).
Interface names keep the vendor's spelling, including Ruijie's space
(``GigabitEthernet 0/1``).
"""

from __future__ import annotations

import re
from ipaddress import (
    IPv4Interface,
    IPv4Network,
    IPv6Interface,
    IPv6Network,
    ip_address,
)

from hier_config import HConfigChild

from campusctl.platforms import PlatformId
from campusctl.standard.config.facts import (
    AclEntry,
    ConfigFacts,
    Fact,
    Interface,
    Line,
    parse_vlan_list,
    prefix_length,
    wildcard_prefix_length,
)
from campusctl.standard.config.parse import ParsedConfig
from campusctl.standard.results import Evidence

_RE_LINE = re.compile(r"^line (?P<kind>vty|con|console|aux) [0-9 ]+$")
_RE_TRUNK = re.compile(
    r"^switchport trunk allowed vlan (?:(?P<op>add|remove|except|only) )?(?P<list>.+)$"
)
_RE_LOGHOST = re.compile(r"^logging (?:host|server) (?:ipv6 )?(?P<address>[0-9A-Fa-f:.]+)")
_RE_NTP = re.compile(r"^ntp server (?:ipv6 )?(?P<address>[0-9A-Fa-f:.]+)")
_RE_COMMUNITY = re.compile(
    r"^snmp-server community (?:[0-9] )?(?P<name>\S+)(?: (?:view \S+ )?(?:ro|rw|RO|RW))?(?: (?:ipv6 )?(?P<acl>\S+))?"
)
_RE_BLOCK = re.compile(r"^login block-for (?P<s>[0-9]+) attempts (?P<n>[0-9]+) within [0-9]+")
_RE_IDLE = re.compile(r"^exec-timeout (?P<m>[0-9]+)(?: (?P<s>[0-9]+))?$")
_SVI = re.compile(r"^(?:Vlan|VLAN) ?(?P<vlan>[0-9]+)$")


def _interface(parsed: ParsedConfig, node: HConfigChild) -> Interface:
    name = node.text.split(" ", 1)[1]
    facts = Interface(name=name, evidence=parsed.evidence(node))
    if (svi := _SVI.match(name)) is not None:
        facts.svi_vlan = int(svi["vlan"])
    trunk: set[int] | None = None
    for child in node.all_children():
        text = child.text
        ev = parsed.evidence(child)
        words = text.split()
        if text == "shutdown":
            facts.shutdown = True
        elif text.startswith("description "):
            facts.description = text[len("description ") :]
        elif text.startswith("switchport mode "):
            facts.mode = words[-1]
        elif text.startswith("switchport access vlan "):
            facts.access_vlan = int(words[-1])
        elif (allowed := _RE_TRUNK.match(text)) is not None:
            trunk = _trunk_change(trunk, allowed["op"], allowed["list"])
            facts.trunk_evidence = facts.trunk_evidence or ev
        elif text.startswith("channel-group "):
            facts.lag = f"Port-channel{words[1]}"
        elif text.startswith("port-group "):
            facts.lag = f"AggregatePort {words[1]}"
        elif text.startswith("ip address ") and len(words) >= 4:
            facts.ipv4.append((IPv4Interface(f"{words[2]}/{prefix_length(words[3])}"), ev))
        elif text == "ipv6 enable":
            facts.ipv6_enabled = ev
        elif text.startswith("ipv6 address "):
            if words[-1] == "link-local" or words[2] == "autoconfig":
                facts.ipv6_link_local.append(ev)
            else:
                facts.add_ipv6(IPv6Interface(words[2]), ev)
        elif text == "ip dhcp snooping trust":
            facts.dhcp_trusted = ev
        elif text == "ipv6 dhcp snooping trust":
            facts.dhcpv6_trusted = ev
        elif text.startswith("spanning-tree portfast") and "disable" not in text:
            facts.edge = ev
        elif text == "spanning-tree bpduguard enable":
            facts.bpdu_guard = ev
        elif text.startswith("switchport port-security maximum "):
            facts.mac_limit = (int(words[3]), ev)
        elif text == "switchport port-security":
            facts.port_security = ev
        elif re.match(r"^storm-control broadcast level [0-9.]+$", text):
            facts.storm_percent = (float(words[3]), ev)
        elif text.startswith("ipv6 nd raguard"):
            facts.ra_guard = ev
        elif text.startswith("ipv6 dhcp guard"):
            facts.dhcpv6_guard = ev
        elif text == "arp-check":
            facts.arp_check = ev
        elif text.startswith("ip verify source"):
            facts.source_guard = ev
    if trunk is not None or facts.mode == "trunk":
        facts.trunk_vlans = trunk if trunk is not None else set(range(1, 4095))
        facts.mode = facts.mode or "trunk"
    return facts


def _trunk_change(current: set[int] | None, op: str | None, listed: str) -> set[int]:
    """Apply one ``switchport trunk allowed vlan`` line; IOS repeats ``add`` lines for long lists."""
    everything = set(range(1, 4095))
    if listed == "all":
        return everything
    if listed == "none":
        return set()
    vlans = parse_vlan_list(listed)
    base = everything if current is None else current
    if op == "add":
        return base | vlans
    if op == "remove":
        return base - vlans
    if op == "except":
        return everything - vlans
    return vlans


def _line(parsed: ParsedConfig, node: HConfigChild) -> Line:
    match = _RE_LINE.match(node.text)
    assert match is not None
    line = Line(
        name=node.text,
        evidence=parsed.evidence(node),
        kind="vty" if match["kind"] == "vty" else "console",
    )
    for child in node.all_children():
        text = child.text
        ev = parsed.evidence(child)
        words = text.split()
        if text.startswith("ipv6 access-class ") and text.endswith(" in"):
            line.acl_v6 = (words[2], ev)
        elif text.startswith("access-class ") and text.endswith(" in"):
            line.acl_v4 = (words[1], ev)
        elif (idle := _RE_IDLE.match(text)) is not None:
            line.idle_timeout_s = (int(idle["m"]) * 60 + int(idle["s"] or 0), ev)
        elif text.startswith("transport input "):
            value = set(words[2:])
            if "all" in value:
                value = {"ssh", "telnet"}
            line.transports = (frozenset(value - {"none"}), ev)
    return line


def _acl_source(words: list[str]) -> IPv4Network | IPv6Network | None:
    if not words or words[0] == "any":
        return None
    if words[0] == "host":
        return IPv6Network(words[1]) if ":" in words[1] else IPv4Network(f"{words[1]}/32")
    if ":" in words[0]:
        return IPv6Network(words[0], strict=False)
    if len(words) > 1 and re.match(r"^[0-9.]+$", words[1]):
        return IPv4Network(f"{words[0]}/{wildcard_prefix_length(words[1])}", strict=False)
    return IPv4Network(f"{words[0]}/32")


def _acl(parsed: ParsedConfig, node: HConfigChild, facts: ConfigFacts) -> None:
    words = node.text.split()
    key = f"ipv6 {words[2]}" if words[0] == "ipv6" else words[3]
    entries = facts.acls.setdefault(key, [])
    for child in node.all_children():
        parts = child.text.split()
        if parts[:1] == ["sequence"]:
            parts = parts[1:]
        if parts and parts[0].isdigit():
            parts = parts[1:]
        if not parts or parts[0] not in {"permit", "deny"}:
            continue
        rest = parts[1:]
        if rest and rest[0] in {"ip", "ipv6"}:
            rest = rest[1:]
        entries.append(AclEntry(parts[0], _acl_source(rest), parsed.evidence(child)))


def read_ios(parsed: ParsedConfig) -> ConfigFacts:
    """Read the facts of a Cisco IOS or Ruijie RGOS configuration."""
    ruijie = parsed.platform is PlatformId.RUIJIE_RGOS
    facts = ConfigFacts(device=parsed.device)
    if ruijie:
        # RGOS serves Telnet unless `no enable service telnet-server` is configured.
        facts.telnet_v4 = Fact(
            True,
            Evidence(
                text="platform default: telnet server on", device=parsed.device, file=parsed.file
            ),
        )
        facts.telnet_v6 = facts.telnet_v4
    for node in parsed.tree.children:
        text = node.text
        ev = parsed.evidence(node)
        words = text.split()
        if text.startswith("interface "):
            interface = _interface(parsed, node)
            facts.interfaces[interface.name] = interface
        elif _RE_LINE.match(text):
            facts.lines.append(_line(parsed, node))
        elif text.startswith(
            ("ip access-list standard ", "ip access-list extended ", "ipv6 access-list ")
        ):
            _acl(parsed, node, facts)
        elif re.match(r"^access-list [0-9]+ (permit|deny) ", text):
            facts.acls.setdefault(words[1], []).append(
                AclEntry(words[2], _acl_source(words[3:]), ev)
            )
        elif re.match(r"^vlan [0-9,-]+$", text):
            for vlan in parse_vlan_list(words[1]):
                facts.vlans.setdefault(vlan, ev)
        elif text.startswith("username "):
            # On a Catalyst 9800, "username <MAC> mac" and "username <serial> serial" are
            # AP and client authorization entries, not login accounts.
            if len(words) < 3 or words[2] not in ("mac", "serial"):
                facts.local_users.append((words[1], ev))
        else:
            _global(parsed, node, facts)
    return facts


def _global(parsed: ParsedConfig, node: HConfigChild, facts: ConfigFacts) -> None:
    text = node.text
    ev = parsed.evidence(node)
    words = text.split()
    if text == "ip dhcp snooping":
        facts.dhcp_snooping = ev
    elif text.startswith("ip dhcp snooping vlan "):
        facts.dhcp_snooping_vlans = (parse_vlan_list(words[-1]), ev)
    elif text == "ipv6 dhcp snooping":
        facts.dhcpv6_snooping = ev
    elif text in {"ipv6 nd snooping", "nd-snooping enable"}:
        facts.nd_snooping = ev
    elif text.startswith("spanning-tree portfast") and text.endswith("bpduguard default"):
        facts.bpdu_protection = ev
    elif text.startswith("ip arp inspection vlan "):
        for vlan in parse_vlan_list(words[-1]):
            facts.arp_inspection_vlans[vlan] = ev
    elif text == "ipv6 unicast-routing":
        facts.ipv6_routing = ev
    elif text in {"ip ssh version 2", "enable service ssh-server"}:
        facts.ssh_server = facts.ssh_server or ev
    elif text == "ip ssh version 1":
        facts.ssh_v1_allowed = ev
    elif text in {"no enable service telnet-server", "enable service telnet-server"}:
        facts.telnet_v4 = Fact(not text.startswith("no "), ev)
        facts.telnet_v6 = facts.telnet_v4
    elif text in {
        "ip http server",
        "enable service web-server",
        "enable service web-server http",
        "ftp-server enable",
        "ip ftp server",
    } or text.startswith("tftp-server "):
        facts.cleartext_services.append(ev)
    elif (host := _RE_LOGHOST.match(text)) is not None:
        facts.syslog_hosts.append((ip_address(host["address"]), ev))
    elif (ntp := _RE_NTP.match(text)) is not None:
        facts.ntp_servers.append((ip_address(ntp["address"]), ev))
    elif (community := _RE_COMMUNITY.match(text)) is not None:
        facts.snmp_communities.append((community["name"], community["acl"], ev))
        facts.snmp_v1v2.append(ev)
    elif text.startswith(("snmp-server group ", "snmp-server user ")) and " v3" in text:
        facts.snmp_v3.append(ev)
    elif (block := _RE_BLOCK.match(text)) is not None:
        facts.lockout = (int(block["n"]), max(1, int(block["s"]) // 60), ev)
    elif text.startswith("aaa local authentication attempts "):
        minutes = facts.lockout[1] if facts.lockout else 0
        facts.lockout = (int(words[-1]), minutes, ev)
    elif text.startswith("aaa local authentication lockout-time "):
        # RGOS gives the lockout time in hours.
        failures = facts.lockout[0] if facts.lockout else 0
        facts.lockout = (failures, int(words[-1]) * 60, facts.lockout[2] if facts.lockout else ev)


__all__ = ["read_ios"]
