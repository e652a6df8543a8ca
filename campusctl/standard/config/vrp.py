"""Read :class:`ConfigFacts` from Huawei VRP and H3C Comware configurations.

Both vendors write the same shape: ``interface`` and ``user-interface``/``line``
sections, ``undo`` negations, ``to`` in VLAN ranges. Where the commands
differ, the reader accepts the form of each vendor. The forms read are those of
VRP 5 S-series (V200R0xx) and Comware 7; a command in another form is not
recognised and the check that needs it reports the fact as missing.
"""

from __future__ import annotations

import re
from ipaddress import (
    IPv4Interface,
    IPv6Interface,
    IPv6Network,
    ip_address,
    ip_network,
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

_RE_INTERFACE = re.compile(r"^interface (?P<name>\S+(?: \S+)?)$")
_RE_LINE = re.compile(r"^(?:user-interface|line) (?P<kind>vty|con|console|aux) (?P<range>[0-9 ]+)$")
_RE_ACL = re.compile(
    r"^acl (?P<v6>ipv6 )?(?:number |basic |advanced |name )?(?P<name>\S+)(?: .*)?$"
)
_RE_RULE = re.compile(
    r"^rule (?:[0-9]+ )?(?P<action>permit|deny)(?: (?:ip|ipv6))?(?: source (?P<source>.+?))?(?: destination .*)?$"
)
_RE_LOGHOST = re.compile(r"^info-center loghost (?:ipv6 )?(?P<address>[0-9A-Fa-f:.]+)")
_RE_NTP = re.compile(r"^ntp-service (?:ipv6 )?unicast-server (?:ipv6 )?(?P<address>[0-9A-Fa-f:.]+)")
_RE_COMMUNITY = re.compile(
    r"^snmp-agent community (?:read|write) (?:cipher |simple )?(?P<name>\S+)(?: .*?acl (?P<acl>\S+))?"
)
_RE_LOCAL_USER = re.compile(r"^local-user (?P<name>\S+)")
_RE_HUAWEI_LOCKOUT = re.compile(
    r"^local-aaa-user wrong-password retry-interval [0-9]+ retry-time (?P<n>[0-9]+) block-time (?P<m>[0-9]+)"
)
_RE_H3C_LOCKOUT = re.compile(
    r"^password-control login-attempt (?P<n>[0-9]+) exceed lock-time (?P<m>[0-9]+)"
)
_RE_IDLE = re.compile(r"^idle-timeout (?P<m>[0-9]+)(?: (?P<s>[0-9]+))?$")
_LAG = {PlatformId.HUAWEI_VRP: "Eth-Trunk", PlatformId.H3C_COMWARE: "Bridge-Aggregation"}
_SVI = {PlatformId.HUAWEI_VRP: "Vlanif", PlatformId.H3C_COMWARE: "Vlan-interface"}


def _wildcard_network(address: str, wildcard: str) -> IPv4Interface:
    return IPv4Interface(f"{address}/{wildcard_prefix_length(wildcard)}")


def _acl_source(text: str | None) -> object:
    if text is None or text.strip() == "any":
        return None
    parts = text.split()
    if ":" in parts[0]:
        if "/" in parts[0]:
            return IPv6Network(parts[0], strict=False)
        return (
            IPv6Network(f"{parts[0]}/{parts[1]}", strict=False)
            if len(parts) > 1
            else IPv6Network(parts[0])
        )
    if len(parts) > 1 and parts[1] != "0":
        return _wildcard_network(parts[0], parts[1]).network
    return ip_network(f"{parts[0]}/32")


def _interface(parsed: ParsedConfig, node: HConfigChild, platform: PlatformId) -> Interface:
    name = node.text.split(" ", 1)[1]
    facts = Interface(name=name, evidence=parsed.evidence(node))
    svi = _SVI[platform]
    if name.startswith(svi):
        facts.svi_vlan = int(name[len(svi) :].strip())
    undo_trunk: set[int] = set()
    trunk: set[int] | None = None
    secured_limit: tuple[int, Evidence] | None = None
    for child in node.all_children():
        text = child.text
        ev = parsed.evidence(child)
        words = text.split()
        if text == "shutdown":
            facts.shutdown = True
        elif text.startswith("description "):
            facts.description = text[len("description ") :]
        elif text.startswith("port link-type "):
            facts.mode = words[-1]
        elif text.startswith(("port default vlan ", "port access vlan ")):
            facts.access_vlan = int(words[-1])
            facts.mode = facts.mode or "access"
        elif text.startswith(("port trunk allow-pass vlan ", "port trunk permit vlan ")):
            listed = text.split(" vlan ", 1)[1]
            trunk = (trunk or set()) | (
                {*range(1, 4095)} if listed == "all" else parse_vlan_list(listed, range_word="to")
            )
            facts.trunk_evidence = ev
        elif text.startswith(("undo port trunk allow-pass vlan ", "undo port trunk permit vlan ")):
            undo_trunk |= parse_vlan_list(text.split(" vlan ", 1)[1], range_word="to")
        elif text.startswith("eth-trunk ") and platform is PlatformId.HUAWEI_VRP:
            facts.lag = f"Eth-Trunk{words[1]}"
        elif text.startswith("port link-aggregation group "):
            facts.lag = f"Bridge-Aggregation{words[-1]}"
        elif text.startswith("ip address ") and len(words) >= 4 and words[2][0].isdigit():
            facts.ipv4.append((IPv4Interface(f"{words[2]}/{prefix_length(words[3])}"), ev))
        elif text == "ipv6 enable":
            facts.ipv6_enabled = ev
        elif text.startswith("ipv6 address "):
            _ipv6_address(facts, words, ev)
        elif text in {"dhcp snooping trusted", "dhcp snooping trust"}:
            facts.dhcp_trusted = ev
            if platform is PlatformId.HUAWEI_VRP:
                facts.dhcpv6_trusted = ev
        elif text in {"ipv6 dhcp snooping trust", "nd snooping trusted"}:
            facts.dhcpv6_trusted = facts.dhcpv6_trusted or ev
        elif text in {"stp edged-port enable", "stp edged-port"}:
            facts.edge = ev
        elif text.startswith(("mac-limit maximum ", "mac-address max-mac-count ")):
            facts.mac_limit = (int(words[2]), ev)
        elif re.match(r"^broadcast-suppression [0-9]+$", text):
            facts.storm_percent = (float(words[1]), ev)
        elif text == "port-security enable":
            facts.port_security = ev
        elif text.startswith("port-security max-mac-num "):
            secured_limit = (int(words[2]), ev)
        elif re.match(r"^(ipv6 )?nd raguard role host$", text):
            facts.ra_guard = ev
        elif text in {"arp anti-attack check user-bind enable", "arp detection enable"}:
            facts.arp_check = ev
        elif text.startswith(("ip source check user-bind enable", "ip verify source")):
            facts.source_guard = ev
    if secured_limit is not None and facts.port_security is not None and facts.mac_limit is None:
        # VRP's port-security limit counts only while port security is enabled on the port.
        facts.mac_limit = secured_limit
    if trunk is not None or facts.mode == "trunk":
        # Both vendors keep VLAN 1 on a trunk until it is removed with undo.
        facts.trunk_vlans = ((trunk or set()) | {1}) - undo_trunk
        facts.mode = facts.mode or "trunk"
    return facts


def _ipv6_address(facts: Interface, words: list[str], ev: Evidence) -> None:
    if words[2] == "auto" or words[-1] == "link-local":
        facts.ipv6_link_local.append(ev)
        return
    text = words[2] if "/" in words[2] else f"{words[2]}/{words[3]}"
    facts.add_ipv6(IPv6Interface(text), ev)


def _line(parsed: ParsedConfig, node: HConfigChild) -> Line:
    match = _RE_LINE.match(node.text)
    assert match is not None
    kind = "vty" if match["kind"] == "vty" else "console"
    line = Line(name=node.text, evidence=parsed.evidence(node), kind=kind)
    for child in node.all_children():
        text = child.text
        ev = parsed.evidence(child)
        words = text.split()
        if text.startswith("acl ipv6 ") and text.endswith(" inbound"):
            line.acl_v6 = (words[2], ev)
        elif text.startswith("acl ") and text.endswith(" inbound"):
            line.acl_v4 = (words[1], ev)
        elif (idle := _RE_IDLE.match(text)) is not None:
            line.idle_timeout_s = (int(idle["m"]) * 60 + int(idle["s"] or 0), ev)
        elif text.startswith("protocol inbound "):
            value = words[-1]
            allowed = {"ssh", "telnet"} if value == "all" else {value}
            line.transports = (frozenset(allowed), ev)
    return line


def _acl(parsed: ParsedConfig, node: HConfigChild, facts: ConfigFacts) -> None:
    match = _RE_ACL.match(node.text)
    if match is None:
        return
    key = f"ipv6 {match['name']}" if match["v6"] else match["name"]
    entries = facts.acls.setdefault(key, [])
    for child in node.all_children():
        rule = _RE_RULE.match(child.text)
        if rule is None:
            continue
        source = _acl_source(rule["source"])
        entries.append(AclEntry(rule["action"], source, parsed.evidence(child)))  # type: ignore[arg-type]


def read_vrp(parsed: ParsedConfig) -> ConfigFacts:
    """Read the facts of a Huawei VRP or H3C Comware configuration."""
    platform = parsed.platform
    facts = ConfigFacts(device=parsed.device)
    for node in parsed.tree.children:
        text = node.text
        ev = parsed.evidence(node)
        words = text.split()
        if _RE_INTERFACE.match(text):
            interface = _interface(parsed, node, platform)
            facts.interfaces[interface.name] = interface
        elif _RE_LINE.match(text):
            facts.lines.append(_line(parsed, node))
        elif text.startswith("acl "):
            _acl(parsed, node, facts)
        elif text.startswith("vlan batch "):
            for vlan in parse_vlan_list(text[len("vlan batch ") :], range_word="to"):
                facts.vlans.setdefault(vlan, ev)
        elif re.match(r"^vlan [0-9]+$", text):
            vlan = int(words[1])
            facts.vlans.setdefault(vlan, ev)
            _vlan_section(parsed, node, vlan, facts)
        elif text == "aaa" or text.startswith("local-user "):
            _users(parsed, node, facts)
        else:
            _global(parsed, node, facts, platform)
    return facts


def _vlan_section(parsed: ParsedConfig, node: HConfigChild, vlan: int, facts: ConfigFacts) -> None:
    for child in node.all_children():
        ev = parsed.evidence(child)
        if child.text == "dhcp snooping enable":
            vlans, _first = facts.dhcp_snooping_vlans or (set(), ev)
            facts.dhcp_snooping_vlans = ({*vlans, vlan}, _first)
        elif child.text in {"arp anti-attack check user-bind enable", "arp detection enable"}:
            facts.arp_inspection_vlans[vlan] = ev
        elif child.text == "ip source check user-bind enable":
            facts.source_guard_vlans[vlan] = ev


def _users(parsed: ParsedConfig, node: HConfigChild, facts: ConfigFacts) -> None:
    nodes = [node] if node.text.startswith("local-user ") else list(node.children)
    seen = {name for name, _ev in facts.local_users}
    for child in nodes:
        ev = parsed.evidence(child)
        if (user := _RE_LOCAL_USER.match(child.text)) is not None and user["name"] not in seen:
            seen.add(user["name"])
            facts.local_users.append((user["name"], ev))
        elif (lock := _RE_HUAWEI_LOCKOUT.match(child.text)) is not None:
            facts.lockout = (int(lock["n"]), int(lock["m"]), ev)


def _global(
    parsed: ParsedConfig, node: HConfigChild, facts: ConfigFacts, platform: PlatformId
) -> None:
    text = node.text
    ev = parsed.evidence(node)
    if text.startswith("dhcp snooping enable"):
        # VRP: without an ipv4 or ipv6 keyword the command enables both stacks; Comware
        # enables DHCPv6 snooping with its own command (ipv6 dhcp snooping enable).
        both = text == "dhcp snooping enable" and platform is PlatformId.HUAWEI_VRP
        if text in {
            "dhcp snooping enable",
            "dhcp snooping enable ipv4",
            "dhcp snooping enable ipv4 ipv6",
        }:
            facts.dhcp_snooping = ev
        if both or "ipv6" in text:
            facts.dhcpv6_snooping = ev
    elif text == "ipv6 dhcp snooping enable":
        facts.dhcpv6_snooping = ev
    elif text in {"nd snooping enable", "ipv6 nd snooping enable"}:
        facts.nd_snooping = ev
    elif text == "stp bpdu-protection":
        facts.bpdu_protection = ev
    elif text == "ipv6":
        facts.ipv6_routing = ev
    elif text in {"stelnet server enable", "ssh server enable"}:
        facts.ssh_server = ev
    elif text == "ssh server compatible-ssh1x enable":
        facts.ssh_v1_allowed = ev
    elif text in {"telnet server enable", "undo telnet server enable", "telnet server disable"}:
        facts.telnet_v4 = Fact(text == "telnet server enable", ev)
    elif text in {
        "telnet ipv6 server enable",
        "undo telnet ipv6 server enable",
        "telnet server ipv6 enable",
        "undo telnet server ipv6 enable",
    }:
        facts.telnet_v6 = Fact(not text.startswith("undo"), ev)
    elif text.startswith("ssh server acl "):
        facts.ssh_acl_v4 = (text.split()[-1], ev)
    elif text.startswith(("ssh ipv6 server acl ", "ssh server ipv6 acl ")):
        facts.ssh_acl_v6 = (text.split()[-1], ev)
    elif text in {
        "http server enable",
        "ip http enable",
        "ftp server enable",
        "ftp ipv6 server enable",
    } or text.startswith("tftp-server "):
        facts.cleartext_services.append(ev)
    elif (host := _RE_LOGHOST.match(text)) is not None:
        facts.syslog_hosts.append((ip_address(host["address"]), ev))
    elif (ntp := _RE_NTP.match(text)) is not None:
        facts.ntp_servers.append((ip_address(ntp["address"]), ev))
    elif (community := _RE_COMMUNITY.match(text)) is not None:
        facts.snmp_communities.append((community["name"], community["acl"], ev))
    elif text.startswith("snmp-agent sys-info version "):
        versions = set(text.split()[3:])
        if versions & {"v1", "v2c", "all"}:
            facts.snmp_v1v2.append(ev)
        if versions & {"v3", "all"}:
            facts.snmp_v3.append(ev)
    elif text.startswith(("snmp-agent usm-user v3 ", "snmp-agent group v3 ")):
        facts.snmp_v3.append(ev)
    elif (lock := _RE_H3C_LOCKOUT.match(text)) is not None:
        facts.lockout = (int(lock["n"]), int(lock["m"]), ev)


__all__ = ["read_vrp"]
