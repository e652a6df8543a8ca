"""A strict YAML loader for the inventory, on libyaml's C parser.

Scalars follow YAML 1.2's core schema (``true``/``false``, ``null``, plain
decimal integers, floats); everything YAML 1.1 would have silently turned
into something else is reported as a problem at its line instead:

- ``yes``, ``no``, ``on``, ``off``, ``y``, ``n`` in any case (YAML 1.1 booleans:
  the site code ``NO`` became ``False``);
- integers with a leading zero, hex, octal, binary or underscores (``010`` was 8,
  ``0x10`` was 16, ``10_20`` was 1020);
- sexagesimal numbers and unquoted MAC addresses (``1:10`` was 70);
- duplicate keys in one mapping (YAML libraries keep the last one silently);
- tab characters (indentation must be spaces).

Mappings and sequences come back as :class:`LocatedDict` / :class:`LocatedList`,
which remember the line of each key and item, so a later schema error can
name the line. Merge keys (``<<``) keep working.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from campusctl.i18n import _
from campusctl.inventory.problems import ProblemCollector

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_STR = "tag:yaml.org,2002:str"
_TAG_YAML11 = "tag:campusctl,2026:yaml11-surprise"
_TAG_MERGE = "tag:yaml.org,2002:merge"
_TAG_MAP = "tag:yaml.org,2002:map"
_TAG_SEQ = "tag:yaml.org,2002:seq"

_RE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_RE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_RE_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_RE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_RE_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_RE_YAML11_NUMBER = re.compile(
    r"^[-+]?(?:0[0-9]+|0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+"
    r"|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$"
)
_RE_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_RE_MAC = re.compile(
    r"^[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}$"
)


class LocatedDict(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class LocatedList(list[Any]):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class SourceFloat(float):
    """A float that keeps the text it was written as, for error messages."""

    __slots__ = ("text",)

    text: str


@lru_cache(maxsize=65536)
def _classify_plain(value: str) -> str:
    if value == "<<":
        return _TAG_MERGE
    if _RE_NULL.match(value):
        return _TAG_NULL
    if _RE_BOOL.match(value):
        return _TAG_BOOL
    if _RE_INT.match(value):
        return _TAG_INT
    if _RE_FLOAT.match(value):
        return _TAG_FLOAT
    if (
        _RE_YAML11_BOOL.match(value)
        or _RE_YAML11_NUMBER.match(value)
        or _RE_SEXAGESIMAL.match(value)
        or _RE_MAC.match(value)
    ):
        return _TAG_YAML11
    return _TAG_STR


def _yaml11_fix(value: str) -> tuple[str, str]:
    """Return the message and the fix for a YAML 1.1 surprise."""
    if _RE_YAML11_BOOL.match(value):
        return (
            _("{value!r} is a boolean in YAML 1.1 and a string in YAML 1.2").format(value=value),
            _('write true or false for a boolean, or quote it ("{value}") for text').format(
                value=value
            ),
        )
    if _RE_MAC.match(value):
        return (
            _("unquoted MAC address {value!r}").format(value=value),
            _('quote it: "{value}"').format(value=value),
        )
    return (
        _("{value!r} is a number in another base or notation in YAML 1.1").format(value=value),
        _('write a plain decimal number, or quote it ("{value}") for text').format(value=value),
    )


class StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader with YAML 1.2 scalars that records problems instead of guessing."""

    problems: ProblemCollector
    path: Path

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _classify_plain(value)
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    def _report(self, node: Node, key: str, message: str, fix: str) -> None:
        self.problems.add(self.path, node.start_mark.line + 1, key, message, fix)

    def construct_yaml11(self, node: ScalarNode) -> str:
        """Record a YAML 1.1 surprise and keep the text, so checking goes on."""
        message, fix = _yaml11_fix(node.value)
        self._report(node, "", message, fix)
        return str(node.value)

    def construct_strict_int(self, node: ScalarNode) -> int:
        """Build a plain decimal integer."""
        return int(node.value)

    def construct_strict_float(self, node: ScalarNode) -> float:
        """Build a float that remembers how it was written."""
        number = SourceFloat(float(self.construct_yaml_float(node)))
        number.text = node.value
        return number

    def construct_located_mapping(self, node: MappingNode) -> LocatedDict:
        """Build a mapping, reporting duplicate keys with both lines."""
        result = LocatedDict(node.start_mark.line + 1)
        seen: dict[Any, int] = {}
        for key_node, _value_node in node.value:
            if key_node.tag == _TAG_MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:
                self._report(key_node, "", _("a mapping key must be a plain value"), "")
                continue
            if first is not None:
                self._report(
                    key_node,
                    str(key),
                    _("duplicate key {key} in one mapping (lines {first} and {line})").format(
                        key=key, first=first, line=line
                    ),
                    _("keep one of the two entries; the loader never picks one silently"),
                )
            seen[key] = line
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                result[key] = self.construct_object(value_node, deep=True)
            except TypeError:
                continue
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_located_sequence(self, node: SequenceNode) -> LocatedList:
        """Build a sequence that remembers the line of each item."""
        result = LocatedList(node.start_mark.line + 1)
        for child in node.value:
            result.append(self.construct_object(child, deep=True))
            result.item_lines.append(child.start_mark.line + 1)
        return result

    def construct_document(self, node: Node) -> Any:
        """Build the document, taking a direct path for the common node kinds.

        Plain strings, integers, nulls, booleans, mappings without merge keys
        and sequences are built here in one pass, without the bookkeeping of
        PyYAML's generic constructor. Every other node (floats,
        YAML 1.1 surprises, timestamps, explicit tags, merge keys) goes to the
        registered constructors, so the result and the problems recorded are
        the same either way.
        """
        built: dict[int, Any] = {}
        building: set[int] = set()
        try:
            return self._build(node, built, building)
        finally:
            self.constructed_objects.clear()
            self.recursive_objects.clear()

    def _build(self, node: Node, built: dict[int, Any], building: set[int]) -> Any:
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _TAG_STR:
                return node.value
            if tag == _TAG_INT:
                return int(node.value)
            if tag == _TAG_NULL:
                return None
            if tag == _TAG_BOOL:
                return node.value in ("true", "True", "TRUE")
            return self.construct_object(node, deep=True)
        # An alias is the same node object again: build it once and share the result.
        key = id(node)
        if key in built:
            return built[key]
        if key in building:
            raise ConstructorError(
                None, None, "found unconstructable recursive node", node.start_mark
            )
        building.add(key)
        try:
            if isinstance(node, SequenceNode) and tag == _TAG_SEQ:
                result: Any = self._build_sequence(node, built, building)
            elif isinstance(node, MappingNode) and tag == _TAG_MAP and not _has_merge_key(node):
                result = self._build_mapping(node, built, building)
            else:
                result = self.construct_object(node, deep=True)
        finally:
            building.discard(key)
        built[key] = result
        return result

    def _build_sequence(
        self, node: SequenceNode, built: dict[int, Any], building: set[int]
    ) -> LocatedList:
        result = LocatedList(node.start_mark.line + 1)
        lines = result.item_lines
        for child in node.value:
            result.append(self._build(child, built, building))
            lines.append(child.start_mark.line + 1)
        return result

    def _build_mapping(
        self, node: MappingNode, built: dict[int, Any], building: set[int]
    ) -> LocatedDict:
        """Build a mapping as :meth:`construct_located_mapping` does, in one pass."""
        result = LocatedDict(node.start_mark.line + 1)
        key_lines = result.key_lines
        for key_node, value_node in node.value:
            key = self._build(key_node, built, building)
            line = key_node.start_mark.line + 1
            value = self._build(value_node, built, building)
            try:
                first = key_lines.get(key)
            except TypeError:
                self._report(key_node, "", _("a mapping key must be a plain value"), "")
                continue
            if first is not None:
                self._report(
                    key_node,
                    str(key),
                    _("duplicate key {key} in one mapping (lines {first} and {line})").format(
                        key=key, first=first, line=line
                    ),
                    _("keep one of the two entries; the loader never picks one silently"),
                )
            result[key] = value
            key_lines[key] = line
        return result


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class StrictDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """A safe dumper whose output :func:`load_yaml` reads back as it was given.

    PyYAML writes plain scalars by YAML 1.1's rules, so it leaves ``12e3``
    unquoted (text in YAML 1.1, a float in 1.2) and the strict loader reads
    a number back: a lab id of random hex digits became ``inf``. A string
    that the strict loader would not read as that string is double-quoted.
    """


def _represent_str(dumper: yaml.SafeDumper, data: str) -> ScalarNode:
    if _classify_plain(data) != _TAG_STR:
        return dumper.represent_scalar(_TAG_STR, data, style='"')
    return dumper.represent_str(data)


StrictDumper.add_representer(str, _represent_str)


def _has_merge_key(node: MappingNode) -> bool:
    return any(key_node.tag == _TAG_MERGE for key_node, _value in node.value)


StrictLoader.add_constructor(_TAG_YAML11, StrictLoader.construct_yaml11)
StrictLoader.add_constructor(_TAG_INT, StrictLoader.construct_strict_int)
StrictLoader.add_constructor(_TAG_FLOAT, StrictLoader.construct_strict_float)
StrictLoader.add_constructor("tag:yaml.org,2002:map", StrictLoader.construct_located_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:seq", StrictLoader.construct_located_sequence)
# Timestamps stay strings: a date field parses them itself, and nothing else changes type.
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_str)


def _check_tabs(text: str, path: Path, problems: ProblemCollector) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            problems.add(
                path,
                number,
                "",
                _("tab character in the file"),
                _("replace tabs with spaces; YAML indentation must use spaces"),
            )


MAX_VALUES = 2_000_000
"""Most values a document may expand to; aliases of aliases can make a few lines explode."""


def _expands_beyond(data: Any, limit: int) -> bool:
    """Return True when walking ``data`` as a tree visits more than ``limit`` values."""
    stack = [data]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def read_text(path: Path, problems: ProblemCollector) -> str | None:
    """Read a UTF-8 file; record a located problem and return None when that fails."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        problems.add(
            path,
            None,
            "",
            _("the file is not valid UTF-8: {error}").format(error=err),
            _("save the file as UTF-8"),
        )
    except OSError as err:
        problems.add(
            path, None, "", _("cannot read the file: {error}").format(error=err.strerror or err)
        )
    return None


def load_yaml(path: Path, problems: ProblemCollector, text: str | None = None) -> Any:
    """Load one YAML document strictly; record problems and return what could be read.

    :param path: the file, named in every problem.
    :param problems: where problems are recorded.
    :param text: the file's text, when the caller has already read it.
    :return: the document (``None`` when it is empty or unreadable).
    """
    if text is None:
        text = read_text(path, problems)
        if text is None:
            return None
    _check_tabs(text, path, problems)
    loader = StrictLoader(text)
    loader.problems = problems
    loader.path = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        problems.add(
            path,
            line,
            "",
            _("invalid YAML: {problem}").format(problem=err.problem or err.context),
            _("fix the YAML syntax at this line"),
        )
        return None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        problems.add(
            path,
            line,
            "",
            _("character {char!r} is not allowed in YAML").format(char=char),
            _("remove the control character from this line"),
        )
        return None
    except yaml.YAMLError as err:
        problems.add(path, None, "", _("invalid YAML: {problem}").format(problem=err))
        return None
    finally:
        loader.dispose()
    # Only a document with aliases can expand; checking only then keeps loading fast.
    if "*" in text and _expands_beyond(data, MAX_VALUES):
        problems.add(
            path,
            None,
            "",
            _("the file expands to more than {limit} values through YAML aliases").format(
                limit=MAX_VALUES
            ),
            _("remove the nested aliases; write the values out"),
        )
        return None
    return data
