"""Read a configuration text into :class:`DeviceFacts`, one reader per syntax family.

Huawei VRP and H3C Comware share the ``undo``/``port ...`` syntax; Ruijie
RGOS and Cisco IOS share the ``switchport`` syntax. The text is parsed into
a hier_config tree with the project's drivers, so the same tree the
remediation diff uses is read here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from ipaddress import IPv4Interface, IPv6Interface, ip_interface

from hier_config.child import HConfigChild

from campusctl.diff.drivers import parse_config
from campusctl.discover.facts import DeviceFacts, InterfaceFacts, PortMode, VlanFacts
from campusctl.discover.source import SavedConfig
from campusctl.i18n import N_
from campusctl.netkit.errors import InterfaceNameError, VlanListError
from campusctl.netkit.interfaces import canonical_interface, interface_role, lag_interface
from campusctl.netkit.ipv6 import IPv6Scope, ipv6_scope
from campusctl.netkit.vlans import expand_vlan_list, parse_allowed_vlan_config
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

_RE_VRP_VERSION = re.compile(r"^!Software Version (?P<version>V\d{3}R\d{3}\S*)", re.M)
_RE_COMWARE_VERSION = re.compile(
    r"^\s*version (?P<version>\d\.\d+\.\d+)(?:,\s*(?P<kind>Release|ESS)\s+(?P<release>\S+))?",
    re.M,
)
_RE_IOS_VERSION = re.compile(r"^version (?P<version>\S+)", re.M)
_RE_CISCO_PROVISION = re.compile(r"^switch \d+ provision (?P<model>\S+)", re.M)
_RE_RGOS_VERSION = re.compile(r"^version (?:\S*?_)?RGOS[ _]?(?P<version>\d\S*)", re.M)


def read_config(saved: SavedConfig) -> DeviceFacts:
    """Return the facts ``saved`` shows; what the text does not show stays ``None``."""
    tree = parse_config(saved.text, saved.platform)
    facts = DeviceFacts(
        origin=saved.origin,
        platform=saved.platform,
        charset=saved.charset,
        hostname="",
        running_config=saved.text,
    )
    if saved.platform in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
        _read_vrp_family(tree.children, facts)
    else:
        _read_ios_family(tree.children, facts)
    _read_version(saved.text, facts)
    _assign_lag_members(facts)
    log.debug(
        "%s: %s %s, %d VLANs, %d interfaces",
        saved.origin,
        saved.platform.value,
        facts.hostname,
        len(facts.vlans),
        len(facts.interfaces),
    )
    return facts


def _read_version(text: str, facts: DeviceFacts) -> None:
    if facts.platform is PlatformId.HUAWEI_VRP:
        match = _RE_VRP_VERSION.search(text)
        facts.os_version = match["version"] if match else None
    elif facts.platform is PlatformId.H3C_COMWARE:
        match = _RE_COMWARE_VERSION.search(text)
        if match:
            release = f" {match['kind']} {match['release']}" if match["release"] else ""
            facts.os_version = f"{match['version']}{release}"
    elif facts.platform is PlatformId.RUIJIE_RGOS:
        match = _RE_RGOS_VERSION.search(text)
        facts.os_version = match["version"] if match else None
    else:
        match = _RE_IOS_VERSION.search(text)
        facts.os_version = match["version"] if match else None
        provision = _RE_CISCO_PROVISION.search(text)
        if provision:
            facts.model = provision["model"].upper()


def _words(child: HConfigChild) -> list[str]:
    return child.text.split()


def _child_texts(child: HConfigChild) -> list[str]:
    return [c.text for c in child.all_children_sorted()]


def _address(words: list[str]) -> IPv4Interface | None:
    """Read ``ip address A M`` or ``ip address A/len``; secondary addresses count too."""
    try:
        if len(words) >= 4 and "." in words[3]:
            return IPv4Interface(f"{words[2]}/{words[3]}")
        if len(words) >= 3 and "/" in words[2]:
            return IPv4Interface(words[2])
        if len(words) >= 4 and words[3].isdigit():
            return IPv4Interface(f"{words[2]}/{words[3]}")
    except ValueError:
        return None
    return None


def _ipv6(words: list[str]) -> IPv6Interface | None:
    """Read a global ``ipv6 address X/len``; link-local and EUI-64 templates are skipped."""
    if len(words) < 3 or "/" not in words[2]:
        return None
    if any(w.lower() in ("link-local", "eui-64", "anycast") for w in words[3:]):
        return None
    try:
        address = ip_interface(words[2])
    except ValueError:
        return None
    if not isinstance(address, IPv6Interface) or ipv6_scope(address.ip) is IPv6Scope.LINK_LOCAL:
        return None
    return address


def _new_interface(raw: str, facts: DeviceFacts) -> InterfaceFacts | None:
    try:
        name = canonical_interface(raw, facts.platform)
        role = interface_role(raw, facts.platform)
    except InterfaceNameError:
        log.warning(N_("%s: interface %r is not a known type; skipped"), facts.origin, raw)
        return None
    return InterfaceFacts(name=name, role=str(role.value if hasattr(role, "value") else role))


def _read_vlan(child: HConfigChild, facts: DeviceFacts) -> None:
    words = _words(child)
    if len(words) < 2:
        return
    if words[1] == "batch":
        try:
            batch = expand_vlan_list(" ".join(words[2:]))
        except VlanListError as err:
            log.warning(N_("%s: %r skipped: %s"), facts.origin, child.text, err)
            return
        for vlan_id in batch:
            facts.vlans.setdefault(vlan_id, VlanFacts(vlan_id))
        return
    if not words[1].isdigit():
        return
    vlan_id = int(words[1])
    name = description = ""
    for sub in child.children:
        key, _sep, value = sub.text.partition(" ")
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
    facts.vlans[vlan_id] = VlanFacts(vlan_id, name, description)


def _read_vrp_family(children: Iterable[HConfigChild], facts: DeviceFacts) -> None:
    for child in children:
        words = _words(child)
        if not words:
            continue
        if words[0] == "sysname" and len(words) > 1:
            facts.hostname = " ".join(words[1:])
        elif words[0] == "vlan":
            _read_vlan(child, facts)
        elif words[0] == "interface" and len(words) > 1:
            interface = _new_interface(" ".join(words[1:]), facts)
            if interface is not None:
                _read_vrp_interface(child, interface, facts)
                facts.interfaces[interface.name] = interface
        elif child.text == "telnet server enable" or (
            words[0] in ("user-interface", "line")
            and any(
                t.startswith("protocol inbound") and t.split()[-1] in ("all", "telnet")
                for t in _child_texts(child)
            )
        ):
            facts.telnet = True
        elif words[:2] == ["ip", "route-static"] and words[2:4] in (
            ["0.0.0.0", "0.0.0.0"],
            ["0.0.0.0", "0"],
        ):
            facts.default_gateway = words[4] if len(words) > 4 else None


def _read_vrp_interface(child: HConfigChild, interface: InterfaceFacts, facts: DeviceFacts) -> None:
    texts = _child_texts(child)
    interface.lines = len(texts)
    trunk_lines: list[str] = []
    for text in texts:
        words = text.split()
        if words[0] == "description":
            interface.description = text.partition(" ")[2].strip()
        elif words[:2] == ["port", "link-type"] and len(words) > 2:
            interface.mode = PortMode.TRUNK if words[2] in ("trunk", "hybrid") else PortMode.ACCESS
        elif words[:2] in (["port", "default"], ["port", "access"]) and words[-1].isdigit():
            interface.access_vlan = int(words[-1])
        elif words[:3] in (["port", "trunk", "pvid"],) and words[-1].isdigit():
            interface.native_vlan = int(words[-1])
        elif "allow-pass" in words or (
            "permit" in words and words[:2] in (["port", "trunk"], ["undo", "port"])
        ):
            trunk_lines.append(text)
        elif words[0] == "eth-trunk" and len(words) > 1 and words[1].isdigit():
            interface.lag = lag_interface(facts.platform, int(words[1]))
        elif words[:3] == ["port", "link-aggregation", "group"] and words[-1].isdigit():
            interface.lag = lag_interface(facts.platform, int(words[-1]))
        elif text == "shutdown":
            interface.shutdown = True
        elif words[:2] == ["dhcp", "select"] and len(words) > 2:
            interface.dhcp = "relay" if words[2] == "relay" else "local"
        elif words[:2] == ["dhcp", "relay"] and interface.dhcp is None:
            interface.dhcp = "relay"
        elif text == "undo portswitch":
            interface.mode = PortMode.ROUTED
        elif words[:2] == ["ip", "address"]:
            address = _address(words)
            if address is not None:
                interface.ipv4.append(address)
        elif words[:2] == ["ipv6", "address"]:
            v6 = _ipv6(words)
            if v6 is not None:
                interface.ipv6.append(v6)
    if interface.mode is PortMode.TRUNK:
        _read_trunk(interface, trunk_lines, facts)


def _read_ios_family(children: Iterable[HConfigChild], facts: DeviceFacts) -> None:
    for child in children:
        words = _words(child)
        if not words:
            continue
        if words[0] == "hostname" and len(words) > 1:
            facts.hostname = " ".join(words[1:])
        elif words[0] == "vlan":
            _read_vlan(child, facts)
        elif words[0] == "interface" and len(words) > 1:
            interface = _new_interface(" ".join(words[1:]), facts)
            if interface is not None:
                _read_ios_interface(child, interface, facts)
                facts.interfaces[interface.name] = interface
        elif child.text == "enable service telnet-server":
            facts.telnet = True
        elif words[0] == "line" and len(words) > 1 and words[1] == "vty":
            for text in _child_texts(child):
                parts = text.split()
                if parts[:2] == ["transport", "input"] and ({"telnet", "all"} & set(parts[2:])):
                    facts.telnet = True
        elif words[:2] == ["ip", "default-gateway"] and len(words) > 2:
            facts.default_gateway = words[2]
        elif (
            words[:2] == ["ip", "route"] and words[2:4] == ["0.0.0.0", "0.0.0.0"] and len(words) > 4
        ):
            facts.default_gateway = words[4]


def _read_ios_interface(child: HConfigChild, interface: InterfaceFacts, facts: DeviceFacts) -> None:
    texts = _child_texts(child)
    interface.lines = len(texts)
    trunk_lines: list[str] = []
    for text in texts:
        words = text.split()
        if words[0] == "description":
            interface.description = text.partition(" ")[2].strip()
        elif words[:2] == ["switchport", "mode"] and len(words) > 2:
            interface.mode = PortMode.TRUNK if words[2] == "trunk" else PortMode.ACCESS
        elif words[:3] == ["switchport", "access", "vlan"] and words[-1].isdigit():
            interface.access_vlan = int(words[-1])
        elif words[:4] == ["switchport", "trunk", "native", "vlan"] and words[-1].isdigit():
            interface.native_vlan = int(words[-1])
        elif words[:4] == ["switchport", "trunk", "allowed", "vlan"]:
            trunk_lines.append(text)
        elif words[0] in ("channel-group", "port-group") and len(words) > 1 and words[1].isdigit():
            interface.lag = lag_interface(facts.platform, int(words[1]))
        elif text == "shutdown":
            interface.shutdown = True
        elif words[:2] == ["ip", "helper-address"] or words[:3] == ["ip", "dhcp", "relay"]:
            interface.dhcp = "relay"
        elif text == "no switchport":
            interface.mode = PortMode.ROUTED
        elif words[:2] == ["ip", "address"]:
            address = _address(words)
            if address is not None:
                interface.ipv4.append(address)
        elif words[:2] == ["ipv6", "address"]:
            v6 = _ipv6(words)
            if v6 is not None:
                interface.ipv6.append(v6)
    if interface.mode is PortMode.TRUNK:
        _read_trunk(interface, trunk_lines, facts)


def _read_trunk(interface: InterfaceFacts, lines: list[str], facts: DeviceFacts) -> None:
    try:
        interface.trunk_vlans = parse_allowed_vlan_config(lines, facts.platform)
    except VlanListError as err:
        # Left unknown, so the builder writes a TODO for the port instead of a guess.
        log.warning(N_("%s %s: allowed VLANs unreadable: %s"), facts.origin, interface.name, err)


def _assign_lag_members(facts: DeviceFacts) -> None:
    """Let every LAG exist as an interface even when only its members name it."""
    for interface in list(facts.interfaces.values()):
        if interface.lag and interface.lag not in facts.interfaces:
            facts.interfaces[interface.lag] = InterfaceFacts(name=interface.lag, role="lag")
