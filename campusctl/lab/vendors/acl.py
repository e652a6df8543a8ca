"""Management ACLs on the VTY lines: which clients may open a new session.

The running configuration decides, as on the devices: an ACL bound to the
VTY lines (``acl 2000 inbound`` on VRP and Comware, ``access-class 10 in`` on
IOS and RGOS) or to the SSH server (``ssh server acl 2000``) is evaluated
against the client's address. The first matching rule wins and an address
that matches no rule is denied. A bound ACL that does not exist permits
everything, which is what VRP and IOS do.
"""

from __future__ import annotations

import ipaddress
import re

from campusctl.lab.configtree import Node
from campusctl.lab.runtime import DeviceRuntime

_RULE_RE = re.compile(
    r"^(?:rule\s+\d+\s+|\d+\s+)?(permit|deny)"
    r"(?:\s+(?:source\s+)?(any|host\s+\S+|\S+(?:\s+\S+)?))?"
)


def _bound_acl(root: Node) -> str | None:
    for node in root.children:
        text = node.text
        if text.startswith(("ssh server acl ", "ssh server acl ipv4 ")):
            return text.split()[-1]
        if text.startswith(("user-interface vty", "line vty")):
            for child in node.children:
                words = child.text.split()
                if words[:1] == ["acl"] and words[-1] == "inbound" and words[1] != "ipv6":
                    return words[1]
                if words[:1] == ["access-class"] and words[-1] == "in":
                    return words[1]
    return None


def _rules(root: Node, name: str) -> list[str] | None:
    rules: list[str] = []
    found = False
    for node in root.children:
        words = node.text.split()
        if words[:2] == ["access-list", name]:
            found = True
            rules.append(" ".join(words[2:]))
            continue
        is_section = (words[:1] == ["acl"] and name in words and "ipv6" not in words) or (
            words[:3] == ["ip", "access-list", "standard"] and words[3:4] == [name]
        )
        if is_section:
            found = True
            rules.extend(child.text for child in node.children)
    return rules if found else None


def _matches(spec: str | None, address: ipaddress.IPv4Address) -> bool:
    if spec is None or spec == "any":
        return True
    words = spec.split()
    if words[0] == "host":
        return words[1] == str(address)
    try:
        base = ipaddress.IPv4Address(words[0])
    except ValueError:
        return False
    if len(words) == 1 or words[1] in ("0", "logging"):
        return base == address if len(words) == 1 or words[1] == "logging" else True
    try:
        wildcard = int(ipaddress.IPv4Address(words[1]))
    except ValueError:
        return base == address
    return (int(base) & ~wildcard) == (int(address) & ~wildcard)


def client_address(runtime: DeviceRuntime, peer: str) -> str:
    """Return the address the device judges ``peer`` by.

    The engine connects to every lab device from 127.0.0.1 (or ::1). The
    device judges that client as the management station of its inventory, so
    the rendered management ACLs permit the engine as they permit the
    management network. A client bound to another loopback address
    (127.0.0.9) keeps its address, so a test can aim a rule at one client.
    """
    station = runtime.spec.management_station
    if station and peer in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        return station
    return peer


def vty_acl_permits(runtime: DeviceRuntime, peer: str) -> bool:
    """Return whether the device's management ACL lets ``peer`` open a session."""
    root = runtime.running
    name = _bound_acl(root)
    if name is None:
        return True
    rules = _rules(root, name)
    if rules is None:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    if not isinstance(address, ipaddress.IPv4Address):
        return True  # IPv6 clients are governed by the IPv6 ACL, not emulated here.
    for rule in rules:
        match = _RULE_RE.match(rule)
        if match is None:
            continue
        if _matches(match.group(2), address):
            return match.group(1) == "permit"
    return False
