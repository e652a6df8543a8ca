"""Walks over hier_config trees that the diff makes for every device.

hier_config's own walks rebuild each line's lineage from its parents, once
per line and often once per level. These pass the path down instead, and
give the same results.
"""

from __future__ import annotations

from collections.abc import Callable

from hier_config.child import HConfigChild
from hier_config.platforms.driver_base import HConfigDriverBase
from hier_config.root import HConfig

from campusctl.diff.match import sectional_exit
from campusctl.diff.nodes import in_push_order, lines_below


def copy_into(child: HConfigChild, parent: HConfig | HConfigChild, *, new: bool = False) -> None:
    """Append a copy of ``child`` and everything below it to ``parent``.

    Equal to ``parent.add_deep_copy_of(child)``, which looks every line up
    in its new section through ``add_child``. Here only a line that the
    section has already goes through ``add_child``, which adds the
    duplicate where the driver allows one and raises
    ``DuplicateChildError`` elsewhere. The full lookup costs about a third
    of a copy (measured on rendered switch configs, hier_config 3.7.1).
    With ``new``, each copied line is marked ``new_in_config``.
    """
    if child.text in parent.children:
        copy = parent.add_child(child.text)
    else:
        copy = parent.instantiate_child(child.text)
        parent.children.append(copy)
    copy.order_weight = child.order_weight
    copy.new_in_config = new
    if child.comments:
        copy.comments.update(child.comments)
    below_lines = lines_below(child)
    for below in below_lines:
        copy_into(below, copy, new=new)
    if not below_lines and child.tags:
        copy.tags_add(child.tags)


def clone_into(child: HConfigChild, parent: HConfig | HConfigChild) -> None:
    """Append an exact copy of ``child`` and everything below it to ``parent``.

    Unlike :func:`copy_into`, lines are never looked up. A post-load
    callback may leave two lines with the same text in a parsed tree (IOS
    IPv6 ACL entries without their sequence numbers), and the copy must
    hold both, as a new parse of the text would.
    """
    copy = parent.instantiate_child(child.text)
    parent.children.append(copy)
    copy.order_weight = child.order_weight
    if child.comments:
        copy.comments.update(child.comments)
    below_lines = lines_below(child)
    if not below_lines and child.tags:
        copy.tags_add(child.tags)
    for below in below_lines:
        clone_into(below, copy)


def all_lines(tree: HConfig | HConfigChild) -> list[HConfigChild]:
    """Return every line below ``tree``, depth first; equal to ``list(tree.all_children())``.

    hier_config's generator hands each line up through one generator per
    level above it, and the diff walks every tree several times (loading,
    masking secrets, adding defaults, putting secrets back).
    """
    lines: list[HConfigChild] = []
    stack = lines_below(tree)[::-1]
    while stack:
        node = stack.pop()
        lines.append(node)
        below = lines_below(node)
        if below:
            stack.extend(reversed(below))
    return lines


def has_path(tree: HConfig, path: tuple[str, ...]) -> bool:
    """Return whether a line of ``tree`` has the texts ``path`` from the top level down.

    Equal to ``path in {tuple(c.path()) for c in tree.all_children()}``, but
    it follows the path through each section's mapping of texts instead of
    listing every line. Where a section contains a text twice, every line
    with that text is followed.
    """
    nodes: list[HConfig | HConfigChild] = [tree]
    for text in path:
        found: list[HConfig | HConfigChild] = []
        for node in nodes:
            children = node.children
            if len(children._mapping) == len(children._data):
                child = children._mapping.get(text)
                if child is not None:
                    found.append(child)
            else:
                found.extend(c for c in children._data if c.text == text)
        if not found:
            return False
        nodes = found
    return bool(path)


def exiting_lines(child: HConfigChild) -> list[str]:
    """Return ``child``'s lines with the sections' exits; equal to ``child.lines(sectional_exiting=True)``.

    Each line is indented by its depth. Each section is followed by its exit
    command, indented to its lines' level, or to its own level where the
    driver's rule sets ``exit_text_parent_level``.
    """
    driver = child.driver
    lines: list[str] = []
    path = tuple(reversed(tuple(child.path())))
    _exiting(child, path, " " * driver.rules.indentation, driver, lines)
    return lines


def _exiting(
    node: HConfigChild,
    path: tuple[str, ...],
    unit: str,
    driver: HConfigDriverBase,
    lines: list[str],
) -> None:
    # A function of the module, not a closure: a recursive closure refers to
    # itself, a cycle that only the garbage collector frees.
    depth = len(path)
    lines.append(unit * (depth - 1) + node.text)
    below_lines = lines_below(node)
    if below_lines:
        for below in in_push_order(below_lines):
            _exiting(below, (below.text, *path), unit, driver, lines)
    exit_text, parent_level = sectional_exit(node, path, driver)
    if exit_text:
        lines.append(unit * (depth - 1 if parent_level else depth) + exit_text)


class Scratch:
    """The trees one diff builds for itself, freed together when it ends.

    A hier_config line points to its section and the section to its lines,
    so a tree is a cycle that only the garbage collector frees. A diff of a
    full switch config builds about two thousand lines, some ten thousand
    objects with their line lists and mappings. Every collection walked
    them again until they were freed. Cutting each line's link to its
    section when the diff ends lets reference counting free the trees at
    once, so collections stay rare and small.

    Only trees that nothing outside the diff refers to may be kept here.
    """

    def __init__(self) -> None:
        self._trees: list[HConfig] = []
        self._releases: list[Callable[[], None]] = []

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_exc: object) -> None:
        trees, self._trees = self._trees, []
        releases, self._releases = self._releases, []
        release(*trees)
        for free in releases:
            free()

    def keep(self, tree: HConfig) -> HConfig:
        """Free ``tree`` when the diff ends; return it."""
        self._trees.append(tree)
        return tree

    def on_exit(self, free: Callable[[], None]) -> None:
        """Call ``free`` when the diff ends, to free trees built later on demand."""
        self._releases.append(free)


def release(*trees: HConfig) -> None:
    """Cut every line's link to its section; the trees must not be used afterwards."""
    stack: list[HConfigChild] = [child for tree in trees for child in lines_below(tree)]
    while stack:
        node = stack.pop()
        stack.extend(lines_below(node))
        node.parent = None  # type: ignore[assignment]
