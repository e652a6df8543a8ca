"""Reading a configuration text into a hier_config tree, as ``hier_config.get_hconfig`` does.

Every plan, apply and verification parses a full config of several hundred
lines, so the parse is a large share of the engine's own CPU time.
hier_config's loader looks each per-line substitution pattern up in the
``re`` module's cache for every line, and computes every line's sectional
exit. This loader gives the same tree with less work:

* the substitution patterns are compiled once per driver, and a line that
  none of them matches at its start skips them all;
* only sections are asked for their sectional exit, because a line without
  lines below it has none to delete.

Configs with a banner that the campus drivers left unfolded (one they could
not parse) go to hier_config's own loader, which reads banners its own way.
tests/diff/test_fast_walks.py compares both loaders on every golden config,
so a hier_config release that reads configs differently fails there.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from hier_config import get_hconfig
from hier_config.child import HConfigChild
from hier_config.platforms.driver_base import HConfigDriverBase
from hier_config.root import HConfig

from campusctl.diff.tree import all_lines

READ_LINES_KEPT = 100_000
"""Lines whose reading the loader keeps per driver before it starts over."""


@dataclass(frozen=True, slots=True)
class LineRules:
    """A driver's per-line rules, compiled."""

    # Matches at the start of every line that some substitution could change;
    # None when a pattern is not anchored there, so every line is substituted.
    any_sub: re.Pattern[str] | None
    subs: tuple[tuple[re.Pattern[str], str], ...]
    indent_starts: tuple[tuple[re.Pattern[str], str], ...]
    # Each raw line read: its text without indentation ("" for a line the loader
    # drops) and its indentation. Port sections repeat the same lines within a
    # config and across the configs of a run, so most lines are read once. The
    # readings stay in memory, secrets included, and are never written out.
    read: dict[str, tuple[str, int]] = field(default_factory=dict, compare=False)


@functools.cache
def line_rules(driver: HConfigDriverBase) -> LineRules:
    """Compile ``driver``'s per-line rules; drivers are shared and never change."""
    patterns = [rule.search for rule in driver.rules.per_line_sub]
    anchored = all(p.startswith("^") for p in patterns)
    any_sub = re.compile("|".join(f"(?:{p})" for p in patterns)) if anchored and patterns else None
    return LineRules(
        any_sub=any_sub,
        subs=tuple((re.compile(rule.search), rule.replace) for rule in driver.rules.per_line_sub),
        indent_starts=tuple(
            (re.compile(rule.start_expression), rule.end_expression)
            for rule in driver.rules.indent_adjust
        ),
    )


class _UnfoldedBanner(Exception):
    """A line starts a banner that hier_config's own loader has to read."""


def load_config(driver: HConfigDriverBase, text: str) -> HConfig:
    """Return the tree of ``text``; equal to ``get_hconfig(driver, text)``."""
    if driver.rules.full_text_sub:
        return get_hconfig(driver, text)
    return load_preprocessed(driver, driver.config_preprocessor(text), text)


def load_preprocessed(driver: HConfigDriverBase, preprocessed: str, text: str) -> HConfig:
    """Return the tree of ``text``, given the driver's preprocessing of it."""
    if driver.rules.full_text_sub:
        return get_hconfig(driver, text)
    config = HConfig(driver)
    try:
        _load_lines(config, preprocessed, line_rules(driver))
        unfolded = False
    except _UnfoldedBanner:
        unfolded = True
    if unfolded:
        return get_hconfig(driver, text)
    for child in all_lines(config):
        if child.children:
            child.delete_sectional_exit()
    for callback in driver.rules.post_load_callbacks:
        callback(config)
    return config


def is_unfolded_banner(raw: str) -> bool:
    """Return whether ``raw`` starts a banner that hier_config's own loader has to read."""
    return raw.startswith("banner ") and raw != "banner motd ##"


def normalised_line(raw: str, rules: LineRules) -> str:
    """Return ``raw`` as the loader adds it: whitespace collapsed, substituted, indented."""
    line = " " * (len(raw) - len(raw.lstrip())) + " ".join(raw.split())
    if rules.any_sub is None or rules.any_sub.match(line):
        for pattern, replace in rules.subs:
            line = pattern.sub(replace, line)
    return line.rstrip()


def read_line(raw: str, rules: LineRules) -> tuple[str, int]:
    """Return ``raw`` as the loader reads it: the text without indentation, and the indentation.

    The text is empty for a line the loader drops. An unfolded banner's
    first line is read here as any line, although the loader hands the
    whole config to hier_config when it meets one.
    """
    known = rules.read.get(raw)
    if known is None:
        line = normalised_line(raw, rules)
        stripped = line.lstrip()
        known = (stripped, len(line) - len(stripped))
        if len(rules.read) >= READ_LINES_KEPT:
            rules.read.clear()
        rules.read[raw] = known
    return known


def _load_lines(config: HConfig, text: str, rules: LineRules) -> None:
    """Add the lines of ``text`` to ``config`` by their indentation."""
    section: HConfig | HConfigChild = config
    latest: HConfig | HConfigChild = config
    indent_adjust = 0
    indent_ends: list[str] = []
    read = rules.read
    for raw in text.splitlines():
        if raw.startswith("banner ") and is_unfolded_banner(raw):
            raise _UnfoldedBanner
        text_only, width = read.get(raw) or read_line(raw, rules)
        if not text_only:
            continue
        indent = width + indent_adjust
        while indent <= section.real_indent_level:
            section = section.parent
        if indent > latest.real_indent_level:
            section = latest
        children = section.children
        if text_only in children._mapping:
            # A repeated line: hier_config keeps it where the driver allows, or raises.
            latest = section.add_child(text_only)
        else:
            # section.add_child(text_only), written out for a line the section lacks.
            latest = HConfigChild(section, text_only)
            children._data.append(latest)
            children._mapping[text_only] = latest
        latest.real_indent_level = indent
        for start, end in rules.indent_starts:
            if start.search(text_only):
                indent_adjust += 1
                indent_ends.append(end)
                break
        if indent_ends and re.search(indent_ends[0], text_only):
            indent_adjust -= 1
            indent_ends.pop(0)
