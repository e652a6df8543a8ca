"""Write a planned school as YAML in the layout of the inventory's school files.

Lists of small records (rooms, ports, VLANs, links, hosts) are written one
flow mapping per line, as the sample files are. A string is written plain
only when the strict loader reads that plain scalar back as the same string.
Everything else is quoted: codes such as ``2440106001``, ``NO``, ``y``,
``1:10``, MAC and IPv6 addresses. The emitter is written out here instead of
using PyYAML's, which spent most of a 200-school batch on representers for
this fixed, simple layout.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from campusctl.inventory.yamlstrict import _TAG_STR, _classify_plain

FLOW_LISTS = frozenset({"uplinks", "rooms", "vlans", "ports", "links", "hosts"})
"""Lists whose items are written as one flow mapping per line."""
FLOW_MAPPINGS = frozenset({"prefixes", "management"})
"""Mappings written on the line of their key."""
MAX_LINE = 160
"""A record longer than this is written as a block mapping of flow values (yamllint allows 200)."""

_RE_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:'\"\x00-\x1f\x7f]*(?<!\s)$")
"""Strings safe as plain scalars inside flow collections (no indicators, no colons)."""
_RE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def scalar(value: Any) -> str:
    """Return the YAML text of a scalar: a bool, a number or a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _string(str(value))


@lru_cache(maxsize=65536)
def _string(text: str) -> str:
    if _RE_PLAIN.match(text) and _classify_plain(text) == _TAG_STR:
        return text
    if _RE_CONTROL.search(text):
        return json.dumps(text, ensure_ascii=False)
    return "'" + text.replace("'", "''") + "'"


def flow(value: Any) -> str:
    """Return a mapping, a list or a scalar as one line of flow YAML."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


class _Inline:
    """A value written in flow style on its key's line, whatever its type."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _emit_mapping(lines: list[str], mapping: dict[str, Any], indent: int) -> None:
    prefix = " " * indent
    for key, value in mapping.items():
        if isinstance(value, _Inline):
            lines.append(f"{prefix}{key}: {flow(value.value)}")
        elif isinstance(value, dict):
            if key in FLOW_MAPPINGS or not value:
                lines.append(f"{prefix}{key}: {flow(value)}")
            else:
                lines.append(f"{prefix}{key}:")
                _emit_mapping(lines, value, indent + 2)
        elif isinstance(value, list):
            _emit_list(lines, key, value, prefix)
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")


def _emit_list(lines: list[str], key: str, items: list[Any], prefix: str) -> None:
    if not items or all(not isinstance(item, dict | list) for item in items):
        lines.append(f"{prefix}{key}: {flow(items)}")
        return
    lines.append(f"{prefix}{key}:")
    for item in items:
        line = f"{prefix}- {flow(item)}"
        if not isinstance(item, dict) or (key in FLOW_LISTS and len(line) <= MAX_LINE):
            lines.append(line)
            continue
        record = item
        if key in FLOW_LISTS:
            record = {field: _Inline(value) for field, value in item.items()}
        nested: list[str] = []
        _emit_mapping(nested, record, len(prefix) + 2)
        nested[0] = f"{prefix}- {nested[0][len(prefix) + 2 :]}"
        lines.extend(nested)


def dump_school(data: dict[str, Any], header: str = "") -> str:
    """Return the YAML text of a school mapping, after an optional comment header."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    _emit_mapping(lines, data, 0)
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
