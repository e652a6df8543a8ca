"""The lines that take one config tree to another, as hier_config's ``config_to_get_to`` finds them.

A first plan of a device puts almost its whole intended config into the
remediation, because a factory config lacks nearly every section and has
its ports' sections empty. hier_config copies each new line with all the
lines below it through ``add_child``, which checks every line for a
duplicate, and then walks the copy again to mark it new.
:func:`config_to_get_to` follows hier_config 3.7's algorithm step by step
and differs in two places:

* a new line goes into the remediation itself, not a copy (see
  :func:`_add_new`), so the target must belong to the caller's diff; a
  line with a repeated text below it is still copied, so repeated lines
  are kept or rejected as hier_config's copy does;
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

    The remediation takes the lines of ``target`` that ``running`` lacks
    instead of copies: their parent becomes a line of the remediation with
    the same path, while ``target``'s sections still list them. So
    ``target`` must be a tree this diff owns, and a change to one of those
    lines shows in both trees.
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
    source_lines = source.children._mapping
    delta_lines = delta.children._mapping
    for target_child in lines_below(target):
        source_child = source_lines.get(target_child.text)
        if source_child is not None:
            if source_child.use_sectional_overwrite():
                source_child.overwrite_with(target_child, delta)
                continue
            if source_child.use_sectional_overwrite_without_negation():
                source_child.overwrite_with(target_child, delta, negate=False)
                continue
            subtree = delta.instantiate_child(target_child.text)
            _get_to(source_child, target_child, subtree, (target_child.text, *path))
            if subtree.children:
                delta.children.append(subtree)
            continue
        # A line the delta has already was negated in the target config itself.
        if target_child.text in delta_lines:
            continue
        _add_new(target_child, delta)


def _add_new(line: HConfigChild, delta: HConfig | HConfigChild) -> None:
    """Add ``line``, which the source lacks, to ``delta`` with the lines below it, all marked new.

    The delta takes ``line`` itself rather than a copy: its parent becomes
    ``delta``, whose path has the same texts as its old parent's, and the
    target's section still lists it. Marks and comments end as on hier_config's
    copy. A line with the same text twice somewhere below it is copied instead,
    so repeated lines are kept or rejected as hier_config's copy does.
    """
    if _unique_below(line):
        line.parent = delta
        delta.children._data.append(line)
        delta.children._mapping.setdefault(line.text, line)
        stack = [line]
        while stack:
            node = stack.pop()
            node.new_in_config = True
            stack.extend(lines_below(node))
        new = line
    else:
        new = delta.add_child(line.text)
        new.comments.update(line.comments)
        new.order_weight = line.order_weight
        new.new_in_config = True
        below = lines_below(line)
        for child in below:
            copy_into(child, new, new=True)
        if not below and line.tags:
            new.tags_add(line.tags)
    if lines_below(new):
        new.comments.add("new section")


def _unique_below(line: HConfigChild) -> bool:
    """Return whether no section at or below ``line`` contains the same text twice."""
    stack = [line]
    while stack:
        node = stack.pop()
        children = node.children
        if len(children._mapping) != len(children._data):
            return False
        stack.extend(children._data)
    return True
