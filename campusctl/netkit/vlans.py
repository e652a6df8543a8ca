"""VLAN sets with three states (ALL, NONE, a set) and their vendor spellings.

A trunk's allowed list is one of: every VLAN (``all``), no VLAN (``none``),
or an explicit set. Keeping ALL apart from the set 1-4094 matters because a
device reports them differently and a diff must not confuse "all" with a
4094-element list.

Vendors write lists in two grammars:

* Cisco IOS and Ruijie RGOS: comma-separated ids and ``a-b`` ranges
  (``10,20,30-32``), with ``add``/``remove``/``except`` (and Ruijie ``only``)
  keywords, and long lists continued on further ``add`` lines.
* Huawei VRP and H3C Comware: space-separated ids and ``a to b`` ranges
  (``10 20 30 to 32``); one command takes at most ten ids or ranges
  (``&<1-10>`` in both command references), so longer lists need more lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import VlanListError
from campusctl.platforms import PlatformId

VLAN_MIN = 1
VLAN_MAX = 4094


class VlanSetState(StrEnum):
    """Whether a VLAN set means every VLAN, no VLAN, or the ids it holds."""

    ALL = "all"
    NONE = "none"
    SET = "set"


@dataclass(frozen=True, slots=True)
class VlanSet:
    """An allowed-VLAN list in one of the three states.

    An empty explicit set is normalised to NONE, so ``VlanSet.of([])`` equals
    ``VlanSet.none()``. ALL is kept apart from the explicit set 1-4094.
    """

    state: VlanSetState
    ids: frozenset[int] = frozenset()

    @classmethod
    def all(cls) -> VlanSet:
        """Return the set of every VLAN."""
        return cls(VlanSetState.ALL)

    @classmethod
    def none(cls) -> VlanSet:
        """Return the empty set."""
        return cls(VlanSetState.NONE)

    @classmethod
    def of(cls, ids: Iterable[int]) -> VlanSet:
        """Return the explicit set of ``ids``.

        :raise VlanListError: when an id is outside 1-4094.
        """
        checked = frozenset(_check_id(vlan_id) for vlan_id in ids)
        if not checked:
            return cls.none()
        return cls(VlanSetState.SET, checked)

    @classmethod
    def parse(cls, text: str) -> VlanSet:
        """Parse ``all``, ``none`` or a list in either vendor grammar.

        Accepted: ``10,20,30-32``, ``10 20 30 to 32``, ``1(default vlan), 10``.
        """
        stripped = text.strip().lower()
        if stripped == "all":
            return cls.all()
        if stripped in ("none", ""):
            return cls.none()
        return cls.of(expand_vlan_list(text))

    def expand(self) -> list[int]:
        """Return the ids in ascending order; ALL expands to 1-4094."""
        if self.state is VlanSetState.ALL:
            return list(range(VLAN_MIN, VLAN_MAX + 1))
        return sorted(self.ids)

    def compress(self) -> str:
        """Return the Cisco-style list (``10,20,30-32``), or ``all``/``none``."""
        if self.state is not VlanSetState.SET:
            return self.state.value
        return ",".join(_format_range(a, b, "-") for a, b in vlan_ranges(self.ids))

    def __contains__(self, vlan_id: object) -> bool:
        if self.state is VlanSetState.ALL:
            return isinstance(vlan_id, int) and VLAN_MIN <= vlan_id <= VLAN_MAX
        return vlan_id in self.ids

    def __len__(self) -> int:
        if self.state is VlanSetState.ALL:
            return VLAN_MAX - VLAN_MIN + 1
        return len(self.ids)

    def __or__(self, other: VlanSet) -> VlanSet:
        if VlanSetState.ALL in (self.state, other.state):
            return VlanSet.all()
        return VlanSet.of(self.ids | other.ids)

    def __sub__(self, other: VlanSet) -> VlanSet:
        if other.state is VlanSetState.ALL:
            return VlanSet.none()
        return VlanSet.of(set(self.expand()) - other.ids)

    def same_members(self, other: VlanSet) -> bool:
        """Return True when both sets allow the same VLANs (ALL equals 1-4094)."""
        return set(self.expand()) == set(other.expand())


def _check_id(vlan_id: int) -> int:
    if not VLAN_MIN <= vlan_id <= VLAN_MAX:
        raise VlanListError(
            _("VLAN id {vlan_id} is outside {low}-{high}.").format(
                vlan_id=vlan_id, low=VLAN_MIN, high=VLAN_MAX
            )
        )
    return vlan_id


# One element of a list: an id or a range, with an optional vendor annotation
# in brackets after it (H3C prints "1(default vlan)").
_ELEMENT_RE = re.compile(r"(\d+)\s*(?:(?:-|\bto\b)\s*(\d+))?\s*(?:\([^)]*\))?", re.IGNORECASE)


def expand_vlan_list(text: str) -> list[int]:
    """Expand a VLAN list in either grammar into ascending ids.

    :raise VlanListError: on text that is not ids, ranges, commas, spaces or
        bracketed annotations, on reversed ranges and on ids outside 1-4094.
    """
    ids: set[int] = set()
    position = 0
    for match in _ELEMENT_RE.finditer(text):
        gap = text[position : match.start()]
        if gap.strip(" ,\t\r\n"):
            raise _invalid_list(text, gap.strip())
        position = match.end()
        low = int(match[1])
        high = int(match[2]) if match[2] else low
        if high < low:
            raise VlanListError(
                _(
                    "Invalid VLAN range {low}-{high} in {text!r}: the end is below the start."
                ).format(low=low, high=high, text=text)
            )
        ids.update(range(_check_id(low), _check_id(high) + 1))
    if text[position:].strip(" ,\t\r\n"):
        raise _invalid_list(text, text[position:].strip())
    return sorted(ids)


def _invalid_list(text: str, junk: str) -> VlanListError:
    return VlanListError(
        _("Invalid VLAN list {text!r}: unexpected {junk!r}.").format(text=text, junk=junk)
    )


def vlan_ranges(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Yield (first, last) for each run of consecutive ids, ascending."""
    ordered = sorted(set(ids))
    if not ordered:
        return
    start = previous = ordered[0]
    for vlan_id in ordered[1:]:
        if vlan_id != previous + 1:
            yield start, previous
            start = vlan_id
        previous = vlan_id
    yield start, previous


def _format_range(low: int, high: int, joiner: str) -> str:
    if low == high:
        return str(low)
    # Cisco prints a two-id run as a range ("50-51"); so does the parser accept it.
    return f"{low}{joiner}{high}"


def compress_vlans(ids: Iterable[int]) -> str:
    """Return the Cisco-style compressed list of ``ids`` (``10,20,30-32``)."""
    return VlanSet.of(ids).compress()


# --- rendering allowed-VLAN lines ------------------------------------------------

# Huawei VRP and H3C Comware: ``&<1-10>`` ids or ranges per command.
_ITEMS_PER_LINE = 10
# NOTE: IOS and RGOS accept longer lines; 80 columns is where IOS itself
# breaks `switchport trunk allowed vlan` into `add` lines in its running
# configuration, so rendering at that width keeps intended and running text alike.
_MAX_LINE_CHARS = 80


def allowed_vlan_lines(platform: str | PlatformId, vlans: VlanSet) -> list[str]:
    """Return the interface-level commands that set a trunk's allowed list to ``vlans``.

    The lines replace whatever the port allowed before; Huawei and H3C trunks
    allow VLAN 1 by default, so their lines start by removing it when the set
    does not hold it.
    """
    platform_id = resolve_platform(platform)
    if platform_id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
        return _vrp_lines(platform_id, vlans)
    return _cisco_lines(platform_id, vlans)


def _vrp_lines(platform_id: PlatformId, vlans: VlanSet) -> list[str]:
    verb = "allow-pass" if platform_id is PlatformId.HUAWEI_VRP else "permit"
    base = f"port trunk {verb} vlan"
    if vlans.state is VlanSetState.ALL:
        return [f"{base} all"]
    lines = [] if 1 in vlans else [f"undo {base} 1"]
    return lines + vlan_list_commands(platform_id, base, vlans.ids)


def _cisco_lines(platform_id: PlatformId, vlans: VlanSet) -> list[str]:
    base = "switchport trunk allowed vlan"
    first_keyword = "only " if platform_id is PlatformId.RUIJIE_RGOS else ""
    if vlans.state is VlanSetState.ALL:
        return [f"{base} all"]
    if vlans.state is VlanSetState.NONE:
        if platform_id is PlatformId.RUIJIE_RGOS:
            # NOTE: RGOS has no "none" keyword; removing the whole range is the
            # documented way to empty the list. Not checked on a device.
            return [f"{base} remove {VLAN_MIN}-{VLAN_MAX}"]
        return [f"{base} none"]

    return vlan_list_commands(
        platform_id, f"{base} {first_keyword}".rstrip(), vlans.ids, continuation=f"{base} add"
    )


def vlan_list_commands(
    platform: str | PlatformId,
    command: str,
    vlans: Iterable[int],
    *,
    continuation: str | None = None,
) -> list[str]:
    """Return ``command <list>`` lines that together name ``vlans``, in the platform's grammar.

    Huawei and H3C lines carry at most ten ids or ``a to b`` ranges; Cisco and
    Ruijie lines are comma lists cut so that no line is longer than 80
    characters (a single item longer than that still gets its own line).
    Lines after the first start with ``continuation`` (by default
    ``command``). An empty ``vlans`` gives no line.
    """
    platform_id = resolve_platform(platform)
    follow = command if continuation is None else continuation
    ranges = list(vlan_ranges(vlans))
    if platform_id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
        items = [_format_range(a, b, " to ") for a, b in ranges]
        return [
            f"{command if start == 0 else follow} {' '.join(items[start : start + _ITEMS_PER_LINE])}"
            for start in range(0, len(items), _ITEMS_PER_LINE)
        ]

    lines: list[str] = []
    current: list[str] = []
    for low, high in ranges:
        item = _format_range(low, high, "-")
        prefix = command if not lines else follow
        candidate = f"{prefix} {','.join([*current, item])}"
        if current and len(candidate) > _MAX_LINE_CHARS:
            lines.append(f"{prefix} {','.join(current)}")
            current = []
        current.append(item)
    if current:
        prefix = command if not lines else follow
        lines.append(f"{prefix} {','.join(current)}")
    return lines


# --- parsing allowed-VLAN configuration ------------------------------------------

_CISCO_ALLOWED_RE = re.compile(
    r"^\s*switchport trunk allowed vlan\s+(?:(?P<op>add|remove|except|only)\s+)?(?P<list>.*?)\s*$",
    re.IGNORECASE,
)
_VRP_ALLOWED_RE = re.compile(
    r"^\s*(?P<undo>undo\s+)?port trunk (?:allow-pass|permit) vlan\s+(?P<list>.*?)\s*$",
    re.IGNORECASE,
)


def default_trunk_vlans(platform: str | PlatformId) -> VlanSet:
    """Return what a trunk allows with no allowed-VLAN line configured."""
    platform_id = resolve_platform(platform)
    if platform_id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
        return VlanSet.of([1])
    return VlanSet.all()


def parse_allowed_vlan_config(lines: Iterable[str], platform: str | PlatformId) -> VlanSet:
    """Fold every allowed-VLAN line of one interface block into the resulting set.

    Lines that are not allowed-VLAN commands are ignored, so the whole block
    of an interface may be passed. Later lines apply on top of earlier ones,
    as the device applies them.
    """
    platform_id = resolve_platform(platform)
    result = default_trunk_vlans(platform_id)
    for line in lines:
        if platform_id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
            result = _apply_vrp_line(result, line)
        else:
            result = _apply_cisco_line(result, line)
    return result


def _apply_vrp_line(current: VlanSet, line: str) -> VlanSet:
    match = _VRP_ALLOWED_RE.match(line)
    if match is None:
        return current
    listed = VlanSet.parse(match["list"])
    if match["undo"]:
        return current - listed
    return current | listed


def _apply_cisco_line(current: VlanSet, line: str) -> VlanSet:
    match = _CISCO_ALLOWED_RE.match(line)
    if match is None:
        return current
    operation = (match["op"] or "").lower()
    listed = VlanSet.parse(match["list"])
    if operation == "add":
        return current | listed
    if operation == "remove":
        return current - listed
    if operation == "except":
        return VlanSet.all() - listed
    return listed


# --- parsing show output -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SwitchportState:
    """One interface of ``show interfaces switchport``."""

    name: str
    mode: str
    access_vlan: int | None
    trunk_vlans: VlanSet


_FIELD_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z \-()]*?):\s?(?P<value>.*)$")


def parse_show_switchport(text: str) -> list[SwitchportState]:
    """Parse Cisco/Ruijie ``show interfaces switchport`` blocks.

    A ``Trunking VLANs Enabled:`` list that wraps onto indented continuation
    lines is joined before parsing, and parsing goes on with the next
    interface after it.
    """
    blocks: list[dict[str, str]] = []
    last_key: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line[0].isspace() and last_key is not None and blocks:
            blocks[-1][last_key] += line.strip()
            continue
        match = _FIELD_RE.match(line)
        if match is None:
            last_key = None
            continue
        key, value = match["key"].strip(), match["value"].strip()
        if key == "Name":
            blocks.append({})
        if blocks:
            blocks[-1][key] = value
            last_key = key
    return [_switchport_state(block) for block in blocks]


def _switchport_state(block: dict[str, str]) -> SwitchportState:
    access = block.get("Access Mode VLAN", "")
    access_match = re.match(r"(\d+)", access)
    trunk_text = block.get("Trunking VLANs Enabled", "ALL")
    return SwitchportState(
        name=block["Name"],
        mode=block.get("Administrative Mode", ""),
        access_vlan=int(access_match[1]) if access_match else None,
        trunk_vlans=VlanSet.parse(trunk_text),
    )


_H3C_PASSING_RE = re.compile(r"^\s*VLAN (?:Passing|permitted)\s*:\s*(?P<list>.*)$", re.IGNORECASE)


def parse_h3c_vlan_passing(text: str, field: str = "Passing") -> VlanSet:
    """Parse the ``VLAN Passing:`` (or ``VLAN permitted:``) field of H3C ``display interface``.

    Annotations such as ``1(default vlan)`` are dropped and continuation lines
    (indented, digits only) are joined.

    :raise VlanListError: when the field is missing.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _H3C_PASSING_RE.match(line)
        if match is None or field.lower() not in line.lower():
            continue
        listed = match["list"].strip()
        for follow in lines[index + 1 :]:
            if re.match(r"^\s+[\d,\s\-()a-z]+$", follow) and ":" not in follow:
                listed += " " + follow.strip()
                continue
            break
        if listed.lower().startswith("none"):
            return VlanSet.none()
        return VlanSet.parse(listed)
    raise VlanListError(_("No 'VLAN {field}:' field in the interface output.").format(field=field))
