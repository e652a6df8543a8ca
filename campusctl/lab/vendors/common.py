"""Facts about a device derived from its configuration tree, shared by vendors.

The show commands of every vendor print the same facts (which ports are up,
which VLANs exist, which addresses an interface has); these helpers read them
from the running configuration so the outputs stay consistent with it.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from dataclasses import dataclass, field

from campusctl.lab.configtree import Node


@dataclass(slots=True)
class InterfaceFacts:
    """The settings of one interface section of the configuration."""

    name: str
    description: str = ""
    shutdown: bool = False
    mode: str = ""  # access, trunk, hybrid, routed or ""
    access_vlan: int | None = None
    trunk_vlans: set[int] = field(default_factory=set)
    ipv4: list[ipaddress.IPv4Interface] = field(default_factory=list)
    ipv6: list[ipaddress.IPv6Interface] = field(default_factory=list)
    lag: str = ""  # the aggregate this member belongs to


def expand_vlans(text: str) -> set[int]:
    """Expand ``10 20 30 to 40`` or ``10,20,30-40`` to a set of VLAN ids."""
    vlans: set[int] = set()
    words = text.replace(",", " ").split()
    index = 0
    while index < len(words):
        word = words[index]
        if index + 2 < len(words) and words[index + 1] == "to":
            low, high = int(word), int(words[index + 2])
            vlans.update(range(low, high + 1))
            index += 3
            continue
        if "-" in word:
            low_text, _, high_text = word.partition("-")
            if low_text.isdigit() and high_text.isdigit():
                vlans.update(range(int(low_text), int(high_text) + 1))
        elif word.isdigit():
            vlans.add(int(word))
        index += 1
    return {vlan for vlan in vlans if 1 <= vlan <= 4094}


def compress_vlans(vlans: set[int], to_word: str = " to ", separator: str = " ") -> str:
    """Print VLAN ids as ranges: ``10 20 30 to 40`` (Huawei) or ``10,20,30-40`` (IOS)."""
    parts: list[str] = []
    ordered = sorted(vlans)
    index = 0
    while index < len(ordered):
        start = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == ordered[index] + 1:
            index += 1
        end = ordered[index]
        parts.append(str(start) if start == end else f"{start}{to_word}{end}")
        index += 1
    return separator.join(parts)


def _ipv4(words: list[str]) -> ipaddress.IPv4Interface | None:
    try:
        if "/" in words[0]:
            return ipaddress.IPv4Interface(words[0])
        return ipaddress.IPv4Interface(f"{words[0]}/{words[1]}")
    except (ValueError, IndexError):
        return None


def interface_facts(node: Node, name: str) -> InterfaceFacts:
    """Read the facts of one interface section (any vendor's syntax)."""
    facts = InterfaceFacts(name)
    for child in node.children:
        text = child.text
        words = text.split()
        if text.startswith("description "):
            facts.description = text[len("description ") :]
        elif text == "shutdown":
            facts.shutdown = True
        elif text.startswith(("port link-type ", "switchport mode ", "port link-mode route")):
            facts.mode = "routed" if "route" in text else words[-1]
        elif text.startswith(("port default vlan ", "port access vlan ")):
            facts.access_vlan = int(words[-1])
            facts.mode = facts.mode or "access"
        elif text.startswith("switchport access vlan "):
            facts.access_vlan = int(words[-1])
        elif text.startswith(("port trunk allow-pass vlan ", "port trunk permit vlan ")):
            facts.trunk_vlans |= expand_vlans(" ".join(words[4:]))
        elif text.startswith("switchport trunk allowed vlan "):
            facts.trunk_vlans |= expand_vlans(" ".join(w for w in words[4:] if w != "add"))
        elif text.startswith("ip address ") and len(words) >= 3:
            address = _ipv4(words[2:])
            if address is not None:
                facts.ipv4.append(address)
        elif text.startswith("ipv6 address ") and "/" in text:
            with contextlib.suppress(ValueError):
                facts.ipv6.append(ipaddress.IPv6Interface(words[2]))
        elif re.match(r"^(eth-trunk|port link-aggregation group|channel-group|port-group) ", text):
            facts.lag = words[-1] if not text.startswith("channel-group") else words[1]
    if facts.mode == "" and facts.access_vlan is None and not facts.trunk_vlans:
        facts.mode = "access"
    return facts


def interface_nodes(root: Node) -> dict[str, Node]:
    """Return the interface sections by interface name."""
    found: dict[str, Node] = {}
    for node in root.children:
        if node.text.startswith("interface "):
            found[node.text[len("interface ") :]] = node
    return found


def find_value(root: Node, prefix: str) -> str | None:
    """Return the rest of the first top-level line starting with ``prefix``."""
    for node in root.children:
        if node.text.startswith(prefix):
            return node.text[len(prefix) :].strip()
    return None
