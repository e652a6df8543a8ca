"""Top-level blocks that two config texts hold alike, set aside before either is parsed.

The convergence check of :mod:`campusctl.diff.sections` sets aside the
top-level sections both configs hold alike, after parsing both. Parsing the
config read back from a device costs more than the diff of the few
sections that differ. So the same check first runs on text: after the
driver's preprocessing (banners folded into one line, VRP and Comware
blocks moved to column 0), each line at column 0 starts a block that runs
to the next such line. Two identical blocks parse into the same section,
so they may be set aside like alike sections, and only the remaining
blocks are parsed and diffed.

That holds only while the loader reads each block without looking at the
others. :func:`split_blocks` returns None, and the caller parses the whole
configs, when something breaks that:

* an indent rule of the driver starts in the config (VRP's public-key
  blocks), because it shifts lines across block borders;
* a banner that the campus drivers could not fold, which hier_config's
  own loader reads;
* two blocks with the same first line, which the loader merges into one
  section;
* a block whose first line the loader drops (a ``#`` or ``!`` line, a
  version line) but which has lines below it, which would then belong to
  the block before it;
* indented lines before the first block;
* a post-load callback of the driver not known to work section by section.
  Of hier_config's, only ``split_vlan_id_lists`` looks across sections,
  and only when a ``vlan`` line holds a list or range of VLANs.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from hier_config.platforms.driver_base import HConfigDriverBase

from campusctl.diff.load import is_unfolded_banner, line_rules, normalised_line
from campusctl.diff.sections import MAX_DIFFERING_SHARE

# Post-load callbacks by name, with the first lines on which they look across
# sections; None where they never do.
_CALLBACKS: dict[str, re.Pattern[str] | None] = {
    "_unmark_banners": None,
    "_rm_ipv6_acl_sequence_numbers": None,
    "_remove_ipv4_acl_remarks": None,
    "_add_acl_sequence_numbers": None,
    "split_vlan_id_lists": re.compile(r"^vlan \d+[,-]"),
}


@functools.cache
def _guards(driver: HConfigDriverBase) -> tuple[re.Pattern[str], ...] | None:
    """Return the patterns of first lines that make a config unfit; None when no config fits."""
    if driver.rules.full_text_sub:
        return None
    guards: list[re.Pattern[str]] = []
    for callback in driver.rules.post_load_callbacks:
        name = getattr(callback, "__name__", "")
        if name not in _CALLBACKS:
            return None
        guard = _CALLBACKS[name]
        if guard is not None:
            guards.append(guard)
    return tuple(guards)


@functools.cache
def _indent_starts(driver: HConfigDriverBase) -> tuple[Callable[[str], re.Match[str] | None], ...]:
    """Return searches for the start of each indent rule over a whole text."""
    return tuple(
        re.compile(rule.start_expression, re.MULTILINE).search
        for rule in driver.rules.indent_adjust
    )


def split_blocks(preprocessed: str, driver: HConfigDriverBase) -> tuple[str, ...] | None:
    """Return the blocks of a preprocessed config text, or None when blocks cannot stand alone.

    Blocks whose first line the loader drops, and that hold nothing else,
    are left out: they add nothing to the tree.
    """
    guards = _guards(driver)
    if guards is None or any(search(preprocessed) for search in _indent_starts(driver)):
        return None
    rules = line_rules(driver)
    blocks: list[str] = []
    firsts: set[str] = set()
    lines = preprocessed.splitlines()
    start = 0
    while start < len(lines) and lines[start][:1].isspace():
        if lines[start].strip():
            return None
        start += 1
    while start < len(lines):
        end = start + 1
        while end < len(lines) and (not lines[end] or lines[end][0].isspace()):
            end += 1
        first = lines[start]
        if is_unfolded_banner(first):
            return None
        text = normalised_line(first, rules)
        if not text:
            if any(normalised_line(line, rules) for line in lines[start + 1 : end]):
                return None
        elif text in firsts or any(guard.match(text) for guard in guards):
            return None
        else:
            firsts.add(text)
            blocks.append("\n".join(lines[start:end]))
        start = end
    return tuple(blocks)


def differing_blocks(running: tuple[str, ...], intended: tuple[str, ...]) -> tuple[str, str] | None:
    """Return the texts of the blocks that each side does not share with the other.

    Returns None when more than :data:`MAX_DIFFERING_SHARE` of all blocks
    differ, as for sections.
    """
    common = Counter(running) & Counter(intended)
    total = len(running) + len(intended)
    shared = 2 * sum(common.values())
    if total and (total - shared) / total > MAX_DIFFERING_SHARE:
        return None
    return _rest(running, common), _rest(intended, common)


def _rest(blocks: tuple[str, ...], common: Counter[str]) -> str:
    return "\n".join(block for block in blocks if block not in common)
