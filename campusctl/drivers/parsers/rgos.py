"""Ruijie RGOS ``show`` output.

NOTE: no ntc-templates or NAPALM driver exists for RGOS; these layouts are
written from RGOS 11 command-reference examples and not checked on a device.
The parsers also accept the Cisco-style layouts some RGOS releases print
(``show interfaces status`` with a Name column, ``Device ID`` LLDP tables).
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


_NAME = r"[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*"
_STATUS_WORDS = r"up|down|disabled|connected|notconnect|err-disabled"
# RGOS: name, status, VLAN, duplex, speed. Cisco style: a Name (description)
# column between the port and its status.
_STATUS_RE = re.compile(
    rf"^(?P<name>{_NAME})\s+(?:.*?\s+)?(?P<status>{_STATUS_WORDS})\s+"
    r"(?P<vlan>\S+)\s+(?P<duplex>\S+)\s+(?P<speed>\S+)",
    re.IGNORECASE,
)
_DESCRIPTION_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z\-]*\s?\d[\d/:.]*)\s+(?P<status>\S+)\s+(?P<admin>up|down)\s*(?P<text>.*)$",
    re.IGNORECASE,
)


_IOS_DESCRIPTION_RE = re.compile(
    rf"^(?P<name>{_NAME})\s+(?P<status>admin(?:istratively)? down|up|down|\S+)\s+"
    r"(?P<protocol>up|down|\S+)(?:\s+(?P<text>.*))?$",
    re.IGNORECASE,
)


def _speed(text: str) -> float:
    match = re.search(r"(\d+)([MG]?)", text, re.IGNORECASE)
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
            "is_up": status in ("up", "connected"),
            "is_enabled": status != "disabled",
            "description": "",
            "last_flapped": -1.0,
            "speed": _speed(match["speed"]),
            "mtu": -1,
            "mac_address": "",
        }
    # RGOS prints "Interface Status Administrative Description"; some releases
    # print the IOS layout "Interface Status Protocol Description", where the
    # third column is the line protocol and "administratively down" (or
    # "admin down") in the status column is what disables a port.
    ios_layout = any(
        line.split()[:3] == ["Interface", "Status", "Protocol"]
        for line in description_text.splitlines()
    )
    pattern = _IOS_DESCRIPTION_RE if ios_layout else _DESCRIPTION_RE
    for line in description_text.splitlines():
        match = pattern.match(line.strip())
        if match is None:
            continue
        name = canonical_or_raw(match["name"], _P)
        if name in result:
            result[name]["description"] = (match["text"] or "").strip()
            if ios_layout:
                result[name]["is_enabled"] = not match["status"].lower().startswith("admin")
            else:
                result[name]["is_enabled"] = match["admin"].lower() == "up"
    return result


_IPV4_BRIEF_RE = re.compile(rf"^(?P<name>{_NAME})\s+(?P<addr>[\d.]+)/(?P<len>\d+)\s", re.I)
_DETAIL_HEADER_RE = re.compile(
    rf"^(?P<name>{_NAME}) is (?:up|down|administratively down)", re.IGNORECASE | re.M
)
_IPV4_DETAIL_RE = re.compile(
    r"(?:Internet address is|IP address is:?|Secondary address)\s+(?P<addr>[\d.]+)/(?P<len>\d+)",
    re.IGNORECASE,
)
_LINK_LOCAL_RE = re.compile(r"link-local address is\s+(?P<addr>[0-9A-Fa-f:]+)", re.I)
_IPV6_SUBNET_RE = re.compile(
    r"^\s+(?P<addr>[0-9A-Fa-f:]+:[0-9A-Fa-f:]*)\s*,\s*subnet is\s+\S+/(?P<len>\d+)", re.M
)
_IPV6_SLASH_RE = re.compile(r"^\s+(?P<addr>[0-9A-Fa-f:]+:[0-9A-Fa-f:]*)/(?P<len>\d+)\s*$", re.M)


def _detail_blocks(text: str) -> list[tuple[str, str]]:
    headers = list(_DETAIL_HEADER_RE.finditer(text))
    blocks = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        blocks.append((canonical_or_raw(header["name"], _P), text[header.start() : end]))
    return blocks


def parse_ip_interfaces(ipv4_text: str, ipv6_text: str) -> dict[str, AddressFamilies]:
    """Parse ``show ip interface [brief]`` and ``show ipv6 interface`` into get_interfaces_ip.

    IPv4 comes from a brief table with ``address/length`` or from the
    detailed output; IPv6 from the detailed output (``subnet is`` lines or
    ``address/length``), because a brief IPv6 table may omit the length.
    Link-local addresses get prefix length 64.
    """
    result: dict[str, AddressFamilies] = {}
    for line in ipv4_text.splitlines():
        match = _IPV4_BRIEF_RE.match(line)
        if match is not None:
            name = canonical_or_raw(match["name"], _P)
            result.setdefault(name, {}).setdefault("ipv4", {})[match["addr"]] = {
                "prefix_length": int(match["len"])
            }
    for name, block in _detail_blocks(ipv4_text):
        for match in _IPV4_DETAIL_RE.finditer(block):
            result.setdefault(name, {}).setdefault("ipv4", {})[match["addr"]] = {
                "prefix_length": int(match["len"])
            }
    if unsupported(ipv6_text, _P):
        return result
    for name, block in _detail_blocks(ipv6_text):
        for match in _LINK_LOCAL_RE.finditer(block):
            add_ipv6(result, name, match["addr"], None)
        for pattern in (_IPV6_SUBNET_RE, _IPV6_SLASH_RE):
            for match in pattern.finditer(block):
                add_ipv6(result, name, match["addr"], match["len"])
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


def parse_lldp_neighbors(text: str) -> dict[str, list[dict[str, str]]]:
    """Parse ``show lldp neighbors`` into get_lldp_neighbors.

    The columns are cut at the header's positions, so names with spaces
    (``TenGigabitEthernet 0/1``, a system name ``Lab AP 3``) stay whole.
    RGOS prints ``System Name  Local Intf  Port ID  Capability  Aging-time``;
    the Cisco header (``Device ID  Local Intf  Hold-time  Capability  Port ID``)
    works too. Keys are canonical local names; each neighbour's port is kept
    as the neighbour sent it.
    """
    result: dict[str, list[dict[str, str]]] = {}
    columns: dict[str, tuple[int, int]] | None = None
    for line in text.splitlines():
        if "Local Intf" in line and "Port ID" in line:
            columns = _columns(line)
            continue
        if columns is None or not line.strip() or line.startswith("Total entries"):
            continue
        cells = _cells(line, columns)
        host = cells.get("System Name") or cells.get("Device ID", "")
        local = cells.get("Local Intf", "")
        port = cells.get("Port ID", "")
        if not host or not local or not port:
            continue
        # The neighbour's port stays as the neighbour sent it: expanding it
        # with RGOS names would turn a Huawei "GE0/0/1" into "GigabitEthernet 0/0/1".
        name = canonical_or_raw(local, _P)
        result.setdefault(name, []).append({"hostname": host, "port": port})
    return result


_HEADINGS = (
    "System Name",
    "Device ID",
    "Local Intf",
    "Hold-time",
    "Capability",
    "Port ID",
    "Aging-time",
)


def _columns(header: str) -> dict[str, tuple[int, int]]:
    starts = sorted((header.index(h), h) for h in _HEADINGS if h in header)
    spans: dict[str, tuple[int, int]] = {}
    for index, (start, heading) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else 10_000
        spans[heading] = (start, end)
    return spans


def _cells(line: str, columns: dict[str, tuple[int, int]]) -> dict[str, str]:
    # Values are separated by two or more spaces; a value wider than its
    # column (a long port name) shifts the columns after it, so positions
    # are only the fallback when the split does not give one value per column.
    values = re.split(r"\s{2,}", line.strip())
    headings = sorted(columns, key=lambda h: columns[h][0])
    if len(values) == len(headings):
        return dict(zip(headings, values, strict=True))
    return {h: line[start:end].strip() for h, (start, end) in columns.items()}
