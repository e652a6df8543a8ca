"""Huawei VRP ``display`` output, written from the formats the VRP command reference shows."""

from __future__ import annotations

import re

from campusctl.drivers.parsers.common import (
    AddressFamilies,
    InterfaceEntry,
    VlanEntry,
    add_ipv6,
    canonical_or_raw,
    mac,
    unsupported,
)
from campusctl.platforms import PlatformId

_P = PlatformId.HUAWEI_VRP

_MEMBER_RE = re.compile(r"(?:UT|TG|MP|ST):|(\S+?)\([UD]\)")
_VLAN_ROW_RE = re.compile(r"^(\d+)\s+(common|super|sub|mux|\S+)\s+(.*)$")
_VLAN_PROPERTY_RE = re.compile(
    r"^(\d+)\s+(enable|disable)\s+\S+\s+\S+\s+\S+\s*(?P<description>.*)$"
)


def parse_display_vlan(text: str) -> dict[str, VlanEntry]:
    """Parse ``display vlan`` into NAPALM get_vlans: members from the port table,
    names from the Description column of the property table.
    """
    vlans: dict[str, VlanEntry] = {}
    section = "none"
    current: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("VID") and "Ports" in stripped:
            section = "ports"
            continue
        if stripped.startswith("VID") and "Status" in stripped:
            section = "properties"
            continue
        if not stripped or stripped.startswith("---"):
            continue
        if section == "ports":
            row = _VLAN_ROW_RE.match(stripped)
            if row is not None and not line[0].isspace():
                current = row[1]
                vlans.setdefault(current, {"name": "", "interfaces": []})
                members = row[3]
            elif current is not None:
                members = stripped
            else:
                continue
            for match in _MEMBER_RE.finditer(members):
                if match[1]:
                    vlans[current]["interfaces"].append(canonical_or_raw(match[1], _P))
        elif section == "properties":
            prop = _VLAN_PROPERTY_RE.match(stripped)
            if prop is not None:
                entry = vlans.setdefault(prop[1], {"name": "", "interfaces": []})
                entry["name"] = prop["description"].strip()
    return vlans


_IF_HEADER_RE = re.compile(r"^(?P<name>\S+) current state\s*:\s*(?P<state>.+?)\s*$", re.M)
_PROTOCOL_RE = re.compile(r"^Line protocol current state\s*:\s*(?P<state>.+?)\s*$", re.M)
# "Description:" ends at the end of its own line: an empty description must
# not pick up the following status line.
_DESCRIPTION_RE = re.compile(r"^Description\s*:[ \t]*(?P<text>[^\r\n]*)$", re.M)
_MTU_RE = re.compile(r"Maximum (?:Transmit Unit|Frame Length)(?:\(L3\))? is (\d+)")
_SPEED_RE = re.compile(r"^(?:Speed|Port Mode)\s*:\s*(?:COMMON COPPER|)?\s*(\d+)", re.M)
_BW_RE = re.compile(r"Current BW\s*:\s*(\d+)([GM])bps")


def parse_display_interface(text: str) -> dict[str, InterfaceEntry]:
    """Parse ``display interface`` blocks into NAPALM get_interfaces.

    Speed is in Mbit/s (NAPALM 4+); -1.0 when the block has none.
    """
    result: dict[str, InterfaceEntry] = {}
    headers = list(_IF_HEADER_RE.finditer(text))
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        block = text[header.start() : end]
        state = header["state"].lower()
        protocol = _PROTOCOL_RE.search(block)
        description = _DESCRIPTION_RE.search(block)
        mtu = _MTU_RE.search(block)
        speed = -1.0
        bandwidth = _BW_RE.search(block)
        if bandwidth is not None:
            speed = float(bandwidth[1]) * (1000 if bandwidth[2] == "G" else 1)
        elif (match := _SPEED_RE.search(block)) is not None:
            speed = float(match[1])
        result[canonical_or_raw(header["name"], _P)] = {
            "is_enabled": "administratively" not in state,
            "is_up": protocol is not None and protocol["state"].lower().startswith("up"),
            "description": description["text"].strip() if description else "",
            "last_flapped": -1.0,
            "speed": speed,
            "mtu": int(mtu[1]) if mtu else -1,
            "mac_address": mac(block.split("Hardware address is", 1)[-1])
            if "Hardware address is" in block
            else "",
        }
    return result


_IPV6_IF_RE = re.compile(r"^(?P<name>\S+) current state\s*:", re.M)
_LINK_LOCAL_RE = re.compile(r"link-local address is\s+(?P<addr>[0-9A-Fa-f:]+)", re.I)
_GLOBAL_RE = re.compile(
    r"^\s+(?P<addr>[0-9A-Fa-f:]+:[0-9A-Fa-f:]*)\s*,\s*subnet is\s+\S+/(?P<len>\d+)", re.M
)
_IPV4_RE = re.compile(r"Internet Address is\s+(?P<addr>[\d.]+)/(?P<len>\d+)")


def parse_ip_interfaces(ipv4_text: str, ipv6_text: str) -> dict[str, AddressFamilies]:
    """Parse ``display ip interface`` and ``display ipv6 interface`` into get_interfaces_ip.

    A device without IPv6 replies to the second command with an error, which
    gives no IPv6 entries, never interfaces named after the error text.
    """
    result: dict[str, AddressFamilies] = {}
    for name, block in _blocks(ipv4_text):
        for match in _IPV4_RE.finditer(block):
            family = result.setdefault(name, {}).setdefault("ipv4", {})
            family[match["addr"]] = {"prefix_length": int(match["len"])}
    if unsupported(ipv6_text, _P):
        return result
    for name, block in _blocks(ipv6_text):
        for match in _LINK_LOCAL_RE.finditer(block):
            add_ipv6(result, name, match["addr"], None)
        for match in _GLOBAL_RE.finditer(block):
            add_ipv6(result, name, match["addr"], match["len"])
    return result


def _blocks(text: str) -> list[tuple[str, str]]:
    headers = list(_IPV6_IF_RE.finditer(text))
    blocks = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        blocks.append((canonical_or_raw(header["name"], _P), text[header.start() : end]))
    return blocks


LldpNeighbors = dict[str, list[dict[str, str]]]

# A port ID that an RGOS neighbour sends, with a space between type and number.
_SPACED_PORT_RE = re.compile(r"^[A-Za-z][A-Za-z-]*$")


def parse_lldp_neighbor_brief(text: str) -> LldpNeighbors:
    """Parse ``display lldp neighbor brief`` into NAPALM get_lldp_neighbors.

    VRP prints one of two layouts, which the header identifies:

    * S-series (VRP5 and many VRP8 releases)::

        Local Intf       Neighbor Dev             Neighbor Intf             Exptime(s)
        XGE0/0/6         SYL-S2910                TenGigabitEthernet 0/25   110

    * CloudEngine and some newer S-series, whose rows need not line up with
      the header::

        Local Interface         Exptime(s) Neighbor Interface      Neighbor Device
        10GE1/0/1                     97  10GE1/0/18              CORE-A

    napalm-huawei-vrp 1.2.0 splits each row on blanks with one regular
    expression, so it drops or misreads a neighbour whose port ID has a space
    (every RGOS port: ``TenGigabitEthernet 0/25``), reads only the first
    layout, and loses the last row when the output does not end in a blank.

    Keys are canonical local interface names. The neighbour's port is kept as
    the neighbour sent it (its own platform's spelling, or a MAC address). A
    neighbour that sends no system name (``-``) gets an empty hostname.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        words = line.split()
        if words[:2] == ["Local", "Intf"]:
            return _parse_rows(lines[index + 1 :], line, device_last=False)
        if words[:2] == ["Local", "Interface"]:
            return _parse_rows(lines[index + 1 :], line, device_last=True)
    return {}


def _parse_rows(rows: list[str], header: str, *, device_last: bool) -> LldpNeighbors:
    device_at = header.find("Neighbor Device" if device_last else "Neighbor Dev")
    port_at = header.find("Neighbor Interface" if device_last else "Neighbor Intf")
    result: LldpNeighbors = {}
    for row in rows:
        words = row.split()
        if len(words) < 4 or set(row.strip()) <= {"-"}:
            continue
        if device_last:
            if not words[1].isdigit():
                continue
            start = row.index(words[1], len(words[0])) + len(words[1])
            hostname, port = _split_cells(row, start, port_at, device_at, device_first=False)
        else:
            if not words[-1].isdigit():
                continue
            start = row.index(words[1], len(words[0]))
            end = row.rstrip().rfind(words[-1])
            hostname, port = _split_cells(row[:end], start, device_at, port_at, device_first=True)
        local = canonical_or_raw(words[0], _P)
        result.setdefault(local, []).append(
            {"hostname": "" if hostname == "-" else hostname, "port": port}
        )
    return result


def _split_cells(
    row: str, start: int, first_at: int, second_at: int, *, device_first: bool
) -> tuple[str, str]:
    """Split the device and port cells of a row: by the header's columns, else by words.

    :return: (hostname, port).
    """
    body = row[start:].rstrip()
    aligned = (
        start <= first_at < second_at < len(row.rstrip())
        and row[second_at - 1] == " "
        and row[second_at] != " "
        and not row[start:first_at].strip()
    )
    if aligned:
        first, second = row[first_at:second_at].strip(), row[second_at:].strip()
    else:
        first, second = _split_words(body.split(), port_first=not device_first)
    return (first, second) if device_first else (second, first)


def _split_words(words: list[str], *, port_first: bool) -> tuple[str, str]:
    """Split the cells by words when the columns do not line up (a name wider than its column).

    A port ID of two words (``TenGigabitEthernet 0/25``) is kept together;
    any other word goes to the device name.
    """
    if port_first:
        spaced = len(words) > 2 and _SPACED_PORT_RE.match(words[0]) and words[1][:1].isdigit()
        cut = 2 if spaced else 1
        return " ".join(words[:cut]), " ".join(words[cut:])
    spaced = len(words) > 2 and _SPACED_PORT_RE.match(words[-2]) and words[-1][:1].isdigit()
    cut = len(words) - (2 if spaced else 1)
    return " ".join(words[:cut]), " ".join(words[cut:])
