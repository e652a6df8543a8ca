"""Write a planned school as YAML in the layout of the inventory's school files.

Lists of small records (rooms, ports, VLANs, links, hosts) are written one
flow mapping per line, as the sample files are. Every string that a YAML 1.1
reader would take for a number, a boolean or a time (codes such as
``2440106001``, ``NO``, ``1:10``) is quoted, so the strict loader reads back
exactly what was planned.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from campusctl.inventory.yamlstrict import _TAG_STR, _classify_plain

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_FLOW_LISTS = {"uplinks", "rooms", "vlans", "ports", "links", "hosts"}
"""Lists whose items are written as one flow mapping per line."""
_FLOW_MAPPINGS = {"prefixes", "management"}


class _Flow(dict[str, Any]):
    """A mapping written in flow style."""


class _FlowList(list[Any]):
    """A list of scalars written in flow style (``[10, 20, 70]``)."""


class SchoolDumper(_Dumper):  # type: ignore[misc,valid-type]
    """A safe dumper that writes flow mappings and lists where they are marked."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # The reader decides what a plain scalar is, so ask it: anything it would
    # not read back as this very string (y, NO, 010, 1:10, a MAC) gets quoted.
    style = None if _classify_plain(data) == _TAG_STR and data.strip() == data else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, data: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


SchoolDumper.add_representer(str, _represent_str)
SchoolDumper.add_representer(_Flow, _represent_flow)
SchoolDumper.add_representer(_FlowList, _represent_flow_list)


def _mark(value: Any, key: str = "") -> Any:
    """Return ``value`` with the records to be written in flow style marked."""
    if isinstance(value, dict):
        marked = {k: _mark(v, k) for k, v in value.items()}
        return _Flow(marked) if key in _FLOW_MAPPINGS else marked
    if isinstance(value, list):
        if key in _FLOW_LISTS:
            return [_Flow(_flow_values(item)) for item in value]
        if all(not isinstance(item, dict | list) for item in value):
            return _FlowList(value)
        return [_mark(item, key) for item in value]
    return value


def _flow_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _Flow(_flow_values(v))
        if isinstance(v, dict)
        else _FlowList(v)
        if isinstance(v, list)
        else v
        for k, v in item.items()
    }


def dump_school(data: dict[str, Any], header: str = "") -> str:
    """Return the YAML text of a school mapping, after an optional comment header."""
    body = yaml.dump(
        _mark(data),
        Dumper=SchoolDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100000,
        default_flow_style=False,
    )
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body


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
