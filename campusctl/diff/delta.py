"""The lines that take one config tree to another, as hier_config's ``config_to_get_to`` finds them.

A first plan of a device copies almost its whole intended config into the
remediation, because a factory config lacks nearly every section.
hier_config copies each new section line by line through ``add_child``,
which checks every line for a duplicate, and then walks the copy again to
mark it new. :func:`config_to_get_to` follows hier_config 3.7's algorithm
step by step and differs in two places: the copy, one pass that builds each
line, marks it new and looks a line up in its section only to find a
duplicate (see :func:`~campusctl.diff.tree.copy_into`), and the test whether
an intended line replaces a running one, which matches the rules with
compiled predicates (see :func:`~campusctl.diff.match.is_idempotent`).
tests/diff/test_fast_walks.py compares the two on every platform.
"""

from __future__ import annotations

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.match import is_idempotent
from campusctl.diff.tree import copy_into


def config_to_get_to(running: HConfig, target: HConfig) -> HConfig:
    """Return the remediation from ``running`` to ``target``; equal to ``running.config_to_get_to(target)``."""
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
            _get_to(source_child, target_child, subtree, (target_child.text, *path))
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
        if target_child.children:
            for below in target_child.children:
                copy_into(below, new, new=True)
            new.comments.add("new section")
        elif target_child.tags:
            new.tags_add(target_child.tags)
