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
* indented lines before the first block, or a first line that the
  driver's substitutions indent;
* a post-load callback of the driver not known to work section by section.
  Of hier_config's, only ``split_vlan_id_lists`` looks across sections,
  and only when a ``vlan`` line contains a list or range of VLANs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from hier_config.platforms.driver_base import HConfigDriverBase

from campusctl.diff.load import is_unfolded_banner, line_rules, normalised_line, read_line
from campusctl.diff.normalise import section_defaults
from campusctl.diff.sections import MAX_DIFFERING_SHARE
from campusctl.platforms import PlatformId

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
        text, indent = read_line(first, rules)
        if indent:
            return None  # a substitution indented it: the loader would not start a section
        if not text:
            if any(read_line(line, rules)[0] for line in lines[start + 1 : end]):
                return None
        elif text in firsts or any(guard.match(text) for guard in guards):
            return None
        else:
            firsts.add(text)
            blocks.append("\n".join(lines[start:end]))
        start = end
    return tuple(blocks)


@functools.lru_cache(maxsize=8192)
def device_form(
    block: str, driver: HConfigDriverBase, platform: PlatformId
) -> tuple[str, tuple[re.Pattern[str], ...]] | None:
    """Return an intended block as the device shows it without its default lines.

    A device leaves out of its running config the lines of a section that
    equal their default (an access port's ``switchport mode access`` on
    RGOS). The diff counts such an intended line as present unless the
    running section contains a line that sets the same thing differently
    (:func:`campusctl.diff.normalise.add_defaults`). So a running block equal
    to an intended block without its default lines, and without a line that
    conflicts with them, diffs to nothing, and may be set aside with it.

    Returns the block without its default lines and the patterns of the
    lines that conflict with them. Returns None when the block has no
    default line, when not all its lines sit one level below the first, or
    when a line repeats. Port blocks repeat across the devices of one
    template, so the result is kept.
    """
    defaults = section_defaults(platform)
    if not defaults:
        return None
    rules = line_rules(driver)
    first, *below = block.split("\n")
    heading = normalised_line(first, rules)
    applicable = [rule for rule in defaults if re.search(rule.parents[0], heading)]
    if not applicable:
        return None
    texts = [normalised_line(line, rules) for line in below]
    lines = [text for text in texts if text]
    if not lines or len(set(lines)) != len(lines):
        return None
    if len({len(text) - len(text.lstrip()) for text in lines}) != 1:
        return None
    visible: list[str] = [first]
    left_out: list[re.Pattern[str]] = []
    for raw, text in zip(below, texts, strict=True):
        rule = next((r for r in applicable if r.line == text.strip()), None)
        if rule is None:
            visible.append(raw)
        else:
            left_out.append(re.compile(rule.conflicts))
    return ("\n".join(visible), tuple(left_out)) if left_out else None


DeviceForm = Callable[[str], "tuple[str, tuple[re.Pattern[str], ...]] | None"]


def differing_blocks(
    running: tuple[str, ...],
    intended: tuple[str, ...],
    unshareable: Callable[[str, list[str]], bool] | None = None,
    form_of: DeviceForm | None = None,
) -> tuple[str, str] | None:
    """Return the texts of the blocks that each side does not share with the other.

    A running block is shared when it equals an intended block, or the form
    ``form_of`` gives of the intended block with its first line (see
    :func:`device_form`) and none of its lines conflicts with a left-out
    default. A block for which ``unshareable`` (given its first line and the
    lines below, whitespace collapsed) is true is never shared. Returns None when more than :data:`MAX_DIFFERING_SHARE` of all
    blocks differ, as for sections.
    """
    unmatched = set(intended)
    by_first: dict[str, str] | None = None
    running_rest: list[str] = []
    for block in running:
        first = block.split("\n", 1)[0]
        if unshareable is not None and unshareable(
            " ".join(first.split()), [" ".join(line.split()) for line in block.split("\n")[1:]]
        ):
            running_rest.append(block)
            continue
        if block in unmatched:
            unmatched.discard(block)
            continue
        if form_of is not None:
            if by_first is None:
                by_first = {text.split("\n", 1)[0]: text for text in intended}
            candidate = by_first.get(first)
            if candidate in unmatched and _shown_alike(block, form_of(candidate)):
                unmatched.discard(candidate)
                continue
        running_rest.append(block)
    total = len(running) + len(intended)
    shared = len(intended) - len(unmatched)
    if total and (total - 2 * shared) / total > MAX_DIFFERING_SHARE:
        return None
    intended_rest = [block for block in intended if block in unmatched]
    return "\n".join(running_rest), "\n".join(intended_rest)


def _shown_alike(block: str, form: tuple[str, tuple[re.Pattern[str], ...]] | None) -> bool:
    if form is None or form[0] != block:
        return False
    below = [" ".join(line.split()) for line in block.split("\n")[1:]]
    return not any(pattern.search(line) for pattern in form[1] for line in below)
