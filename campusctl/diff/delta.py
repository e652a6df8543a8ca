"""The lines that take one config tree to another, as hier_config's ``config_to_get_to`` finds them.

A first plan of a device puts almost its whole intended config into the
remediation, because a factory config lacks nearly every section and has
its ports' sections empty. hier_config copies each new section line by
line through ``add_child``, which checks every line for a duplicate, and
then walks the copy again to mark it new. :func:`config_to_get_to` follows
hier_config 3.7's algorithm step by step and differs in three places:

* the lines below a new section, or below a section that is empty in the
  running config, are not copied: the remediation takes the target's
  lines themselves (see :func:`_take_lines`), so the two trees share them
  and the target must belong to the caller's diff;
* where the target holds repeated lines there, they are copied in one pass
  that builds each line, marks it new and looks a line up in its section
  only to find a duplicate (see :func:`~campusctl.diff.tree.copy_into`),
  which keeps hier_config's handling of repeated lines;
* the test whether an intended line replaces a running one matches the
  rules with compiled predicates (see :func:`~campusctl.diff.match.is_idempotent`).

tests/diff/test_fast_walks.py compares the result with hier_config's on
every platform.
"""

from __future__ import annotations

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.match import is_idempotent
from campusctl.diff.nodes import lines_below
from campusctl.diff.tree import copy_into


def config_to_get_to(running: HConfig, target: HConfig) -> HConfig:
    """Return the remediation from ``running`` to ``target``; equal to ``running.config_to_get_to(target)``.

    The remediation takes lines of ``target`` into its new sections instead
    of copying them, so ``target`` must be a tree this diff owns: a change to
    those lines in either tree shows in both.
    """
    delta = HConfig(running.driver)
    _get_to(running, target, delta, ())
    return delta


def _get_to(
    source: HConfig | HConfigChild,
    target: HConfig | HConfigChild,
    delta: HConfig | HConfigChild,
    path: tuple[str, ...],
) -> None:
    """Fill ``delta``; ``path`` contains the texts from ``source`` up to the top level."""
    _negate_missing(source, target, delta, path)
    _add_missing(source, target, delta, path)


def _negate_missing(
    source: HConfig | HConfigChild,
    target: HConfig | HConfigChild,
    delta: HConfig | HConfigChild,
    path: tuple[str, ...],
) -> None:
    """Negate each line of ``source`` that ``target`` lacks and no target line replaces."""
    driver = delta.driver
    for child in source.children:
        if child.text in target.children:
            continue
        if is_idempotent(child, (child.text, *path), target.children, driver):
            continue
        negated = delta.add_child(child.text).negate()
        if child.children:
            negated.comments.add(f"removes {len(child.children) + 1} lines")


def _add_missing(
    source: HConfig | HConfigChild,
    target: HConfig | HConfigChild,
    delta: HConfig | HConfigChild,
    path: tuple[str, ...],
) -> None:
    """Add each line of ``target`` that ``source`` lacks, and recurse into the sections both have."""
    for target_child in target.children:
        source_child = source.children.get(target_child.text)
        if source_child is not None:
            if source_child.use_sectional_overwrite():
                source_child.overwrite_with(target_child, delta)
                continue
            if source_child.use_sectional_overwrite_without_negation():
                source_child.overwrite_with(target_child, delta, negate=False)
                continue
            subtree = delta.instantiate_child(target_child.text)
            if source_child.children._data:
                _get_to(source_child, target_child, subtree, (target_child.text, *path))
            else:
                # Nothing to negate in an empty section: every target line is new.
                _take_lines(target_child, subtree, sections_marked=True)
            if subtree.children:
                delta.children.append(subtree)
            continue
        # A line the delta has already was negated in the target config itself.
        if target_child.text in delta.children:
            continue
        new = delta.add_child(target_child.text)
        new.comments.update(target_child.comments)
        new.order_weight = target_child.order_weight
        new.new_in_config = True
        if target_child.children._data:
            _take_lines(target_child, new)
            new.comments.add("new section")
        elif target_child.tags:
            new.tags_add(target_child.tags)


def _take_lines(
    section: HConfigChild, into: HConfigChild, *, sections_marked: bool = False
) -> None:
    """Give ``into``, a new line of the delta, the lines below ``section`` as new lines.

    The delta takes the lines themselves: ``into`` shares ``section``'s list
    of lines, and each line's parent becomes ``into``, whose text and depth
    are the same, so every path stays as it was. The lines end marked as a
    copy would be: ``new_in_config``, and with ``sections_marked``, the
    comment ``new section`` on each section directly below ``into``, as
    :func:`_add_missing` marks each section it adds. A section that holds
    one text twice is copied instead, so repeated lines are kept or refused
    as hier_config's copy does.
    """
    below = lines_below(section)
    if not _unique_below(section):
        for line in below:
            copy_into(line, into, new=True)
            if sections_marked and lines_below(line):
                lines_below(into)[-1].comments.add("new section")
        return
    into.children = section.children
    for line in below:
        line.parent = into
        if sections_marked and lines_below(line):
            line.comments.add("new section")
    stack = list(below)
    while stack:
        line = stack.pop()
        line.new_in_config = True
        stack.extend(lines_below(line))


def _unique_below(section: HConfigChild) -> bool:
    """Return whether no section at or below ``section`` holds the same text twice."""
    stack = [section]
    while stack:
        node = stack.pop()
        children = node.children
        if len(children._mapping) != len(children._data):
            return False
        stack.extend(children._data)
    return True
