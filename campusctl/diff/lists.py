"""VLAN lists in configurations: compare by set, push in the device's chunks.

A device reflows list commands as it likes: VRP merges every ``vlan batch``
into one line and splits allowed-VLAN lists at ten items, IOS continues long
allowed lists on ``add`` lines. Comparing that text with the intended text
would report a change on every run, so before the diff each list becomes a
set, and after the diff the changes are written back as the fewest valid
commands:

* Huawei VRP and H3C Comware: one pseudo line per VLAN
  (``port trunk allow-pass vlan 10``), so the diff yields per-VLAN additions
  and removals, which :func:`compact_lists` joins into ``10 to 12`` chunks of
  at most ten items. A trunk without an allowed-VLAN line allows VLAN 1.
* Cisco IOS and Ruijie RGOS: one canonical line per interface
  (``switchport trunk allowed vlan 10,20,30-32``), which replaces the old one
  and is written back as the device's ``add`` chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.netkit.errors import VlanListError
from campusctl.netkit.vlans import (
    VlanSet,
    VlanSetState,
    allowed_vlan_lines,
    parse_allowed_vlan_config,
    vlan_ranges,
)
from campusctl.platforms import PlatformId

_VRP_VERB = {PlatformId.HUAWEI_VRP: "allow-pass", PlatformId.H3C_COMWARE: "permit"}
_CISCO_ALLOWED = "switchport trunk allowed vlan"
_ITEMS_PER_LINE = 10


def _vrp_allowed_prefix(platform: PlatformId) -> str:
    return f"port trunk {_VRP_VERB[platform]} vlan"


def _is_trunk(interface: HConfigChild | None, platform: PlatformId) -> bool:
    if interface is None:
        return False
    if platform in _VRP_VERB:
        return interface.get_child(equals="port link-type trunk") is not None
    return interface.get_child(equals="switchport mode trunk") is not None


def normalise_lists(running: HConfig, intended: HConfig, platform: PlatformId) -> None:
    """Rewrite the VLAN list lines of both trees into their comparable form (in place)."""
    if platform in _VRP_VERB:
        for tree in (running, intended):
            if platform is PlatformId.HUAWEI_VRP:
                _expand_vlan_batch(tree)
        _expand_vrp_allowed(running, intended, platform)
    else:
        for tree in (running, intended):
            _canonical_cisco_allowed(tree, platform)


def _expand_vlan_batch(tree: HConfig) -> None:
    ids: set[int] = set()
    for child in tuple(tree.get_children(startswith="vlan batch ")):
        ids.update(VlanSet.parse(child.text.removeprefix("vlan batch ")).expand())
        child.delete()
    for vlan_id in sorted(ids):
        tree.add_child(f"vlan batch {vlan_id}")


def _expand_vrp_allowed(running: HConfig, intended: HConfig, platform: PlatformId) -> None:
    prefix = _vrp_allowed_prefix(platform)
    pattern = re.compile(rf"^(?:undo )?{re.escape(prefix)} ")
    names = {c.text for c in running.get_children(startswith="interface ")}
    names |= {c.text for c in intended.get_children(startswith="interface ")}
    for name in sorted(names):  # ports new to the running tree join it in the same order every run
        run_if = running.get_child(equals=name)
        int_if = intended.get_child(equals=name)
        if run_if is None and _is_trunk(int_if, platform):
            # A new logical port (Eth-Trunk, Bridge-Aggregation) starts as the
            # device creates it, and a trunk allows VLAN 1 by default.
            run_if = running.add_child(name)
        # The set a port allows once it is a trunk: after a change of link
        # type the device starts from its default (VLAN 1).
        trunk = _is_trunk(run_if, platform) or _is_trunk(int_if, platform)
        for iface in (run_if, int_if):
            if iface is None:
                continue
            lines = [c.text for c in iface.children if pattern.match(c.text)]
            if not lines and not trunk:
                continue
            if iface is int_if and not _is_trunk(int_if, platform):
                # A port leaving trunk mode goes back to the default list
                # before its link type changes.
                lines = []
            vlans = parse_allowed_vlan_config(lines, platform)
            for child in tuple(iface.children):
                if pattern.match(child.text):
                    child.delete()
            if vlans.state is VlanSetState.ALL:
                iface.add_child(f"{prefix} all")
                continue
            for vlan_id in sorted(vlans.ids):
                iface.add_child(f"{prefix} {vlan_id}")


def _canonical_cisco_allowed(tree: HConfig, platform: PlatformId) -> None:
    for iface in tree.get_children(startswith="interface "):
        lines = [c.text for c in iface.children if c.text.startswith(_CISCO_ALLOWED + " ")]
        if not lines:
            continue
        vlans = parse_allowed_vlan_config(lines, platform)
        for child in tuple(iface.children):
            if child.text.startswith(_CISCO_ALLOWED + " "):
                child.delete()
        iface.add_child(f"{_CISCO_ALLOWED} {vlans.compress()}")


def compact_lists(lines: Iterable[str], platform: PlatformId) -> list[str]:
    """Join per-VLAN remediation lines back into valid device commands.

    ``lines`` is remediation text with indentation; consecutive per-VLAN
    lines of one kind at one indentation are merged, other lines pass through
    unchanged and keep their position.
    """
    out: list[str] = []
    group_key: tuple[str, str] | None = None
    group_ids: list[int] = []

    def flush() -> None:
        nonlocal group_key, group_ids
        if group_key is not None:
            indent, command = group_key
            out.extend(f"{indent}{line}" for line in _chunk(command, group_ids, platform))
        group_key, group_ids = None, []

    for raw in lines:
        key, vlan_id = _per_vlan_key(raw, platform)
        if key is None or vlan_id is None:
            flush()
            out.append(_expand_cisco_line(raw, platform))
            continue
        if key != group_key:
            flush()
            group_key = key
        group_ids.append(vlan_id)
    flush()
    return out


def _per_vlan_pattern(platform: PlatformId) -> re.Pattern[str] | None:
    if platform not in _VRP_VERB:
        return None
    prefixes = [re.escape(_vrp_allowed_prefix(platform))]
    if platform is PlatformId.HUAWEI_VRP:
        prefixes.append("vlan batch")
    return re.compile(
        rf"^(?P<indent> *)(?P<command>(?:undo )?(?:{'|'.join(prefixes)})) (?P<id>\d+)$"
    )


_PER_VLAN_PATTERNS = {platform: _per_vlan_pattern(platform) for platform in PlatformId}


def _per_vlan_key(raw: str, platform: PlatformId) -> tuple[tuple[str, str] | None, int | None]:
    pattern = _PER_VLAN_PATTERNS[platform]
    match = pattern.match(raw) if pattern is not None else None
    if match is None:
        return None, None
    return (match["indent"], match["command"]), int(match["id"])


def _chunk(command: str, ids: list[int], platform: PlatformId) -> list[str]:
    items = [str(a) if a == b else f"{a} to {b}" for a, b in vlan_ranges(ids)]
    return [
        f"{command} {' '.join(items[start : start + _ITEMS_PER_LINE])}"
        for start in range(0, len(items), _ITEMS_PER_LINE)
    ]


def _expand_cisco_line(raw: str, platform: PlatformId) -> str:
    """Write a canonical IOS/RGOS allowed line as the device's chunked lines.

    Only lines of interfaces are canonical. Elsewhere (an indented line
    outside any section) the line keeps the device's own words, such as
    RGOS's ``only`` or ``add``, and is pushed as written.
    """
    stripped = raw.lstrip(" ")
    if platform in _VRP_VERB or not stripped.startswith(_CISCO_ALLOWED + " "):
        return raw
    indent = raw[: len(raw) - len(stripped)]
    try:
        vlans = VlanSet.parse(stripped.removeprefix(_CISCO_ALLOWED + " "))
    except VlanListError:
        return raw
    return "\n".join(f"{indent}{line}" for line in allowed_vlan_lines(platform, vlans))
