"""VLAN sets: the three states ALL / NONE / a set, range compression and expansion.

Vendors write VLAN lists in two styles. Cisco IOS and Ruijie RGOS use
``10,20,30-32``; Huawei VRP and H3C Comware use ``10 20 30 to 32``. Both
styles are read here, together with the wrapped and annotated forms that
show commands print (``1(default vlan)``, continuation lines), and written
back in either style, split into lines under each platform's limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from campusctl.errors import RenderError
from campusctl.i18n import _
from campusctl.platforms import PlatformId

VLAN_MIN = 1
VLAN_MAX = 4094

_RE_ANNOTATION = re.compile(r"\([^)]*\)")
_RE_TO_RANGE = re.compile(r"(\d+)\s+to\s+(\d+)", re.IGNORECASE)


class VlanSetKind(StrEnum):
    """The state of a VLAN set: all, none or an explicit set."""

    ALL = "all"
    NONE = "none"
    SET = "set"


@dataclass(frozen=True, slots=True)
class VlanSet:
    """A set of VLAN ids that also knows the states "all VLANs" and "no VLAN".

    ``ALL`` and ``NONE`` are kept apart from an explicit set because vendors
    print and configure them differently (``allow-pass vlan all`` against an
    explicit list, ``switchport trunk allowed vlan none``).
    """

    kind: VlanSetKind
    ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, ids: Iterable[int]) -> VlanSet:
        """Return the set of ``ids``; an empty iterable gives NONE."""
        members = frozenset(ids)
        for vlan in members:
            _check_id(vlan)
        if not members:
            return NONE
        return cls(VlanSetKind.SET, members)

    def expand(self) -> frozenset[int]:
        """Return every VLAN id in the set (ALL gives 1–4094)."""
        if self.kind is VlanSetKind.ALL:
            return frozenset(range(VLAN_MIN, VLAN_MAX + 1))
        return self.ids

    def __contains__(self, vlan: object) -> bool:
        if self.kind is VlanSetKind.ALL:
            return isinstance(vlan, int) and VLAN_MIN <= vlan <= VLAN_MAX
        return vlan in self.ids

    def __len__(self) -> int:
        return len(self.expand())

    def __str__(self) -> str:
        if self.kind is VlanSetKind.ALL:
            return "all"
        if self.kind is VlanSetKind.NONE:
            return "none"
        return compress(self.ids)


ALL = VlanSet(VlanSetKind.ALL)
NONE = VlanSet(VlanSetKind.NONE)


def _check_id(vlan: int) -> None:
    if not VLAN_MIN <= vlan <= VLAN_MAX:
        raise RenderError(
            _("VLAN id {vlan} is outside 1-4094; correct the inventory").format(vlan=vlan)
        )


def ranges(ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Yield ``(first, last)`` for each run of consecutive ids, in ascending order."""
    ordered = sorted(set(ids))
    if not ordered:
        return
    first = last = ordered[0]
    for vlan in ordered[1:]:
        if vlan == last + 1:
            last = vlan
            continue
        yield first, last
        first = last = vlan
    yield first, last


def compress(ids: Iterable[int]) -> str:
    """Return the Cisco-style list: ``[10, 20, 30, 31, 32]`` gives ``10,20,30-32``.

    Two consecutive ids are written as a range (``50-51``), as IOS prints them.
    """
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges(ids))


def range_items(ids: Iterable[int], style: str) -> list[str]:
    """Return one item per run: ``30-32`` (``style="dash"``) or ``30 to 32`` (``"to"``)."""
    joiner = "-" if style == "dash" else " to "
    return [str(a) if a == b else f"{a}{joiner}{b}" for a, b in ranges(ids)]


def expand(text: str) -> VlanSet:
    """Parse a VLAN list in any vendor style and return its set.

    Accepts ``10,20,30-32``, ``10 20 30 to 32``, the words ``all``/``none``,
    and annotations such as ``1(default vlan)``. Raise RenderError on
    anything else, naming the text.
    """
    cleaned = _RE_ANNOTATION.sub("", text).strip()
    lowered = cleaned.lower()
    if lowered == "all":
        return ALL
    if lowered in {"none", ""}:
        return NONE
    cleaned = _RE_TO_RANGE.sub(r"\1-\2", cleaned)
    ids: set[int] = set()
    for token in re.split(r"[,\s]+", cleaned):
        if not token:
            continue
        first, sep, last = token.partition("-")
        if not first.isdigit() or (sep and not last.isdigit()):
            raise RenderError(
                _("invalid VLAN list {text!r}: cannot read {token!r}").format(
                    text=text, token=token
                )
            )
        low, high = int(first), int(last) if sep else int(first)
        if high < low:
            raise RenderError(
                _("invalid VLAN range {token!r} in {text!r}: the end is below the start").format(
                    token=token, text=text
                )
            )
        _check_id(low)
        _check_id(high)
        ids.update(range(low, high + 1))
    return VlanSet.of(ids)


@dataclass(frozen=True, slots=True)
class ListLimit:
    """How long one allowed-VLAN command may be on a platform."""

    style: str
    """``dash`` (``30-32`` joined by commas) or ``to`` (``30 to 32`` joined by spaces)."""
    max_items: int | None = None
    """Most ranges or single ids per command line (Huawei and H3C: 10)."""
    max_chars: int | None = None
    """Longest VLAN list text per command line."""


# Huawei VRP ``port trunk allow-pass vlan`` and H3C Comware ``port trunk permit
# vlan`` take ``{ vlan-id1 [ to vlan-id2 ] }&<1-10>``: ten items per command.
# NOTE: the 60-character cut for IOS and RGOS is a conservative choice that
# keeps each line below the width IOS wraps at; it is not a documented limit.
LIST_LIMITS: dict[PlatformId, ListLimit] = {
    PlatformId.HUAWEI_VRP: ListLimit(style="to", max_items=10),
    PlatformId.H3C_COMWARE: ListLimit(style="to", max_items=10),
    PlatformId.CISCO_IOS: ListLimit(style="dash", max_chars=60),
    PlatformId.RUIJIE_RGOS: ListLimit(style="dash", max_chars=60),
}


def split_list(ids: Iterable[int], platform: PlatformId | str) -> list[str]:
    """Return the VLAN list text of each command line, under the platform's limit.

    Huawei and H3C get space-separated items (``10 20 30 to 32``), at most ten
    per line; Cisco and Ruijie get comma lists (``10,20,30-32``) cut at a
    comma before the character limit. An empty set returns no line.
    """
    limit = LIST_LIMITS[PlatformId(platform)]
    items = range_items(ids, limit.style)
    lines: list[str] = []
    current: list[str] = []
    separator = " " if limit.style == "to" else ","
    for item in items:
        candidate = [*current, item]
        too_many = limit.max_items is not None and len(candidate) > limit.max_items
        too_long = limit.max_chars is not None and len(separator.join(candidate)) > limit.max_chars
        if current and (too_many or too_long):
            lines.append(separator.join(current))
            current = [item]
        else:
            current = candidate
    if current:
        lines.append(separator.join(current))
    return lines
