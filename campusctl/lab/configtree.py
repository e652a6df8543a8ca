"""The configuration of an emulated device as a tree of lines.

A node is one configuration line; a section (``interface ...``, ``vlan 10``,
``aaa``) holds its child lines. The same tree prints in the three layouts the
supported vendors use: Huawei VRP and H3C Comware separate blocks with ``#``
and indent children by one space, Cisco IOS and Ruijie RGOS separate
sections with ``!``. Parsing the printed text back gives the same tree, which
is how saved configurations load at start without running the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class Layout(Enum):
    """The layout in which a vendor prints a configuration."""

    HASH = "hash"  # Huawei VRP, H3C Comware
    BANG = "bang"  # Cisco IOS, Ruijie RGOS


class Node:
    """One configuration line and, for a section, its child lines."""

    __slots__ = ("children", "key", "section", "text")

    def __init__(self, text: str, section: bool = False, key: str | None = None) -> None:
        self.text = text
        self.section = section
        self.key = key
        self.children: list[Node] = []

    def find(self, text: str) -> Node | None:
        """Return the child whose line is ``text``."""
        for child in self.children:
            if child.text == text:
                return child
        return None

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Node]]:
        """Yield (depth, node) for every descendant, depth first."""
        for child in self.children:
            yield depth, child
            yield from child.walk(depth + 1)

    def copy(self) -> Node:
        """Return a deep copy (a candidate or a checkpoint)."""
        clone = Node(self.text, self.section, self.key)
        clone.children = [child.copy() for child in self.children]
        return clone

    def lines(self) -> list[str]:
        """Return the subtree as indented lines without separators."""
        return [" " * depth + node.text for depth, node in self.walk()]


@dataclass(frozen=True, slots=True)
class Style:
    """The layout details of one vendor's configuration text."""

    layout: Layout
    section_heads: re.Pattern[str]  # top-level lines that open a section
    header: tuple[str, ...] = ()  # lines printed before the first block
    footer: str = "return"  # last line: "return" or "end"
    version_prefix: str = ""  # header line naming the software version, skipped by parse


def render(root: Node, style: Style) -> list[str]:
    """Print the configuration the way the vendor does."""
    if style.layout is Layout.HASH:
        return _render_hash(root, style)
    return _render_bang(root, style)


def _render_hash(root: Node, style: Style) -> list[str]:
    lines = list(style.header)
    previous_leaf = False
    for node in root.children:
        if node.section or node.children:
            lines.append("#")
            lines.append(node.text)
            lines.extend(" " * (depth + 1) + child.text for depth, child in node.walk())
            previous_leaf = False
            continue
        if not previous_leaf:
            lines.append("#")
        lines.extend(f" {text}" for text in node.text.split("\n"))
        previous_leaf = True
    lines.append("#")
    lines.append(style.footer)
    return lines


def _render_bang(root: Node, style: Style) -> list[str]:
    lines = list(style.header)
    previous_section = True
    for node in root.children:
        if node.section or node.children:
            lines.append("!")
            lines.append(node.text)
            lines.extend(" " * (depth + 1) + child.text for depth, child in node.walk())
            previous_section = True
            continue
        if previous_section:
            lines.append("!")
        lines.extend(node.text.split("\n"))
        previous_section = False
    lines.append("!")
    lines.append(style.footer)
    return lines


# The first line of a banner and its delimiter: IOS and RGOS print ``^C``,
# VRP and Comware print the character typed after the banner kind.
_BANNER_RE = re.compile(r"^(?:banner \S+|header \S+(?: information)?) (\^C|\S)")


def parse(text: str, style: Style) -> Node:
    """Parse configuration text printed by :func:`render` (or a vendor)."""
    root = Node("")
    hash_layout = style.layout is Layout.HASH
    skip = {"", "#", "!", style.footer, *style.header}
    version = style.version_prefix
    stack: list[tuple[int, Node]] = [(-1, root)]
    # Split on line feeds only: str.splitlines() also splits on form feeds and
    # Unicode line separators, which banner text may contain.
    lines = text.split("\n")
    index = 0
    count = len(lines)
    after_bang = False
    while index < count:
        raw = lines[index].rstrip()
        index += 1
        if raw in skip or raw[:1] == "!" or (version and raw.startswith(version)):
            if raw in ("#", "!"):
                del stack[1:]
                after_bang = raw == "!"
            continue
        stripped = raw.lstrip()
        indent = len(raw) - len(stripped)
        if stripped[:1] in ("b", "h") and stripped.startswith(("banner", "header")):
            banner = _BANNER_RE.match(stripped)
            if banner and banner.group(1) not in stripped[banner.end() :]:
                root.children.append(Node(_read_banner(stripped, lines, index, indent)))
                index += root.children[-1].text.count("\n")
                after_bang = False
                continue
        if hash_layout and indent == 1 and len(stack) == 1:
            root.children.append(Node(stripped))
            continue
        while stack[-1][0] >= indent:
            stack.pop()
        node = Node(stripped, indent == 0 and _opens_section(stripped, style, after_bang, root))
        after_bang = False
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    for node in root.children:
        if node.children:
            node.section = True
    return root


def _opens_section(line: str, style: Style, after_bang: bool, root: Node) -> bool:
    """Return whether an unindented line starts a section, even an empty one.

    :func:`render` prints root-level lines indented by one space in the hash
    layout, so there every unindented line is a section. In the bang layout a
    ``!`` before a line that follows a root-level line marks a section.
    """
    if style.layout is Layout.HASH or style.section_heads.match(line) is not None:
        return True
    previous = root.children[-1] if root.children else None
    return after_bang and previous is not None and not previous.section


def _read_banner(first: str, lines: list[str], start: int, indent: int) -> str:
    """Return a multi-line banner, from ``first`` to the line containing its delimiter.

    Body lines keep their spaces, trailing ones included, less the indent that
    :func:`render` put before the banner's first line, so a saved banner loads
    back unchanged.
    """
    banner = _BANNER_RE.match(first)
    assert banner is not None
    delimiter = banner.group(1)
    margin = " " * indent
    body = [first]
    for raw in lines[start:]:
        line = raw.removesuffix("\r").removeprefix(margin)
        body.append(line)
        if delimiter in line:
            break
    return "\n".join(body)
