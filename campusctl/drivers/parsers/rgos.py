"""Ruijie RGOS ``show`` output.

NOTE: no ntc-templates or NAPALM driver exists for RGOS; these layouts are
written from RGOS 11 command-reference examples and not checked on a device.
"""

from __future__ import annotations

import re
from typing import TypedDict

from campusctl.drivers.parsers.common import (
    AddressFamilies,
    InterfaceEntry,
    VlanEntry,
    add_ipv6,
    canonical_or_raw,
    unsupported,
)
from campusctl.platforms import PlatformId

_P = PlatformId.RUIJIE_RGOS


class RgosFacts(TypedDict):
    """Fields of ``show version`` that get_facts uses."""

    model: str
    os_version: str
    serial_number: str
    uptime: float


_VLAN_ROW_RE = re.compile(r"^\s*(\d+)\s+(\S+)\s+(STATIC|DYNAMIC|ACTIVE|\S+)\s*(.*)$")


def parse_show_vlan(text: str) -> dict[str, VlanEntry]:
    """Parse ``show vlan``; port lists continue on indented lines."""
    vlans: dict[str, VlanEntry] = {}
    current: str | None = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith(("VLAN", "----")):
            continue
        row = _VLAN_ROW_RE.match(raw)
        if row is not None and not raw.startswith(" " * 10):
            current = row[1]
            vlans[current] = {"name": row[2], "interfaces": []}
            ports = row[4]
        elif current is not None:
            ports = raw.strip()
        else:
            continue
        for port in (p.strip() for p in ports.split(",")):
            if port:
                vlans[current]["interfaces"].append(canonical_or_raw(port, _P))
    return vlans


_STATUS_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+(?P<status>up|down|disabled)\s+"
    r"(?P<vlan>\S+)\s+(?P<duplex>\S+)\s+(?P<speed>\S+)",
    re.IGNORECASE,
)
_DESCRIPTION_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+(?P<status>\S+)\s+(?P<admin>up|down)\s*(?P<text>.*)$",
    re.IGNORECASE,
)


def _speed(text: str) -> float:
    match = re.match(r"(\d+)([MG])", text, re.IGNORECASE)
    if match is None:
        return -1.0
    return float(match[1]) * (1000 if match[2].upper() == "G" else 1)


def parse_interfaces(status_text: str, description_text: str) -> dict[str, InterfaceEntry]:
    """Parse ``show interfaces status`` and ``show interfaces description``."""
    result: dict[str, InterfaceEntry] = {}
    for line in status_text.splitlines():
        match = _STATUS_RE.match(line.strip())
        if match is None:
            continue
        status = match["status"].lower()
        result[canonical_or_raw(match["name"], _P)] = {
            "is_up": status == "up",
            "is_enabled": status != "disabled",
            "description": "",
            "last_flapped": -1.0,
            "speed": _speed(match["speed"]),
            "mtu": -1,
            "mac_address": "",
        }
    for line in description_text.splitlines():
        match = _DESCRIPTION_RE.match(line.strip())
        if match is None:
            continue
        name = canonical_or_raw(match["name"], _P)
        if name in result:
            result[name]["description"] = match["text"].strip()
            result[name]["is_enabled"] = match["admin"].lower() == "up"
    return result


_IPV4_BRIEF_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+(?P<addr>[\d.]+)/(?P<len>\d+)\s", re.I
)
_IPV6_HEADER_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+\[")
_IPV6_ADDR_RE = re.compile(r"^\s+(?P<addr>[0-9A-Fa-f:]+:[0-9A-Fa-f:]*)(?:/(?P<len>\d+))?")


def parse_ip_interfaces(ipv4_text: str, ipv6_text: str) -> dict[str, AddressFamilies]:
    """Parse ``show ip interface brief`` and ``show ipv6 interface brief``."""
    result: dict[str, AddressFamilies] = {}
    for line in ipv4_text.splitlines():
        match = _IPV4_BRIEF_RE.match(line)
        if match is not None:
            family = result.setdefault(canonical_or_raw(match["name"], _P), {}).setdefault(
                "ipv4", {}
            )
            family[match["addr"]] = {"prefix_length": int(match["len"])}
    if unsupported(ipv6_text, _P):
        return result
    current: str | None = None
    for line in ipv6_text.splitlines():
        header = _IPV6_HEADER_RE.match(line)
        if header is not None:
            current = canonical_or_raw(header["name"], _P)
            continue
        address = _IPV6_ADDR_RE.match(line)
        if address is not None and current is not None:
            add_ipv6(result, current, address["addr"], address["len"])
    return result


_VERSION_FIELDS = {
    "System description": "description",
    "System software version": "software",
    "System serial number": "serial",
    "System uptime": "uptime",
}


def parse_show_version(text: str) -> RgosFacts:
    """Parse ``show version`` (``Key : value`` lines)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in _VERSION_FIELDS:
            fields[_VERSION_FIELDS[key.strip()]] = value.strip()
    model = re.search(r"\(([^)]+)\)", fields.get("description", ""))
    uptime = -1.0
    days = re.match(r"(\d+):(\d+):(\d+):(\d+)", fields.get("uptime", ""))
    if days is not None:
        d, h, m, s = (int(x) for x in days.groups())
        uptime = float(((d * 24 + h) * 60 + m) * 60 + s)
    return {
        "model": model[1] if model else "",
        "os_version": fields.get("software", ""),
        "serial_number": fields.get("serial", ""),
        "uptime": uptime,
    }


_LLDP_RE = re.compile(
    r"^(?P<host>\S+)\s+(?P<local>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+"
    r"(?P<port>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*|\S+)\s+\S*\s*\d*\s*$"
)


def parse_lldp_neighbors(text: str) -> dict[str, list[dict[str, str]]]:
    """Parse ``show lldp neighbors`` into get_lldp_neighbors."""
    result: dict[str, list[dict[str, str]]] = {}
    for line in text.splitlines():
        if line.startswith(("System Name", "Capability", "    (")) or not line.strip():
            continue
        match = _LLDP_RE.match(line.rstrip())
        if match is None:
            continue
        local = canonical_or_raw(match["local"], _P)
        result.setdefault(local, []).append({"hostname": match["host"], "port": match["port"]})
    return result
