"""Keyword grammars of the emulated CLIs: one table line per command form.

A command form is written the way vendor command references write syntax::

    "port link-type | {access|trunk|hybrid}"
    "ip address | <ipv4> <mask>"
    "rule <int> | {permit|deny} [source {<ipv4> <wildcard>|any}]"

Literal words match by unique prefix, as on the real devices (``dis cur``).
``{a|b}`` is a choice, ``[...]`` is optional, ``<kind>`` is a parameter
checked by :data:`PARAMETER_CHECKS` and ``<text>`` takes the rest of the
line. A standalone ``|`` word splits the key from the value: a new line whose
key equals an existing line's key replaces it (``sysname A`` then
``sysname B``). Without ``|`` the whole line is the key, so lines accumulate
(``ntp-service unicast-server ...``). A trailing ``+`` merges the values of
lines with the same key (VLAN lists), and ``=> view`` makes the command enter
that view.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum


class Failure(Enum):
    """Kinds of parse failure, each printed by the vendor in its own words."""

    UNRECOGNIZED = "unrecognized"
    WRONG_PARAMETER = "wrong_parameter"
    INCOMPLETE = "incomplete"
    TOO_MANY = "too_many"
    AMBIGUOUS = "ambiguous"


def _is_ipv4(word: str) -> bool:
    try:
        ipaddress.IPv4Address(word)
    except ValueError:
        return False
    return True


def _is_mask(word: str) -> bool:
    if word.isdigit():
        return 0 <= int(word) <= 32
    if not _is_ipv4(word):
        return False
    bits = int(ipaddress.IPv4Address(word))
    inverted = ~bits & 0xFFFFFFFF
    return (inverted & (inverted + 1)) == 0


def _is_ipv6(word: str) -> bool:
    try:
        ipaddress.IPv6Address(word)
    except ValueError:
        return False
    return True


def _is_ipv6_prefix(word: str) -> bool:
    address, _, length = word.partition("/")
    return _is_ipv6(address) and length.isdigit() and 0 <= int(length) <= 128


def _is_ipv4_prefix(word: str) -> bool:
    address, _, length = word.partition("/")
    return _is_ipv4(address) and length.isdigit() and 0 <= int(length) <= 32


_MAC_RE = re.compile(r"^[0-9a-fA-F]{4}[.-][0-9a-fA-F]{4}[.-][0-9a-fA-F]{4}$")
_WORD_RE = re.compile(r"^\S{1,253}$")


def _is_int(word: str) -> bool:
    return word.isdigit() and len(word) <= 10


PARAMETER_CHECKS: dict[str, Callable[[str], bool]] = {
    "word": lambda word: bool(_WORD_RE.match(word)),
    "int": _is_int,
    "ipv4": _is_ipv4,
    "mask": _is_mask,
    "wildcard": _is_ipv4,
    "ipv6": _is_ipv6,
    "ipv6pfx": _is_ipv6_prefix,
    "ipv4pfx": _is_ipv4_prefix,
    "ip": lambda word: _is_ipv4(word) or _is_ipv6(word),
    "mac": lambda word: bool(_MAC_RE.match(word)),
    "vlan": lambda word: word.isdigit() and 1 <= int(word) <= 4094,
    "vlanlist": lambda word: bool(re.fullmatch(r"[0-9,\-]+|to", word)),
}
"""Checks of ``<kind>`` parameters. A ``<a-b>`` parameter is an integer range."""

_RANGE_RE = re.compile(r"^<(\d+)-(\d+)>$")


@dataclass(frozen=True, slots=True)
class Token:
    """One element of an expanded command form."""

    kind: str  # "literal", "range", "text", "if" or a PARAMETER_CHECKS key
    value: str = ""
    low: int = 0
    high: int = 0
    folded: str = field(default="", compare=False)  # the value in lower case, set from it

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", self.value.lower())

    def accepts(self, word: str, interface_check: Callable[[str], bool] | None) -> bool:
        """Return whether ``word`` is a valid value of this parameter."""
        if self.kind == "range":
            return word.isdigit() and self.low <= int(word) <= self.high
        if self.kind == "if":
            return interface_check(word) if interface_check else True
        check = PARAMETER_CHECKS.get(self.kind)
        return check(word) if check else False


@dataclass(frozen=True, slots=True)
class Form:
    """A command form expanded to one token sequence (no choices or options)."""

    tokens: tuple[Token, ...]
    key_length: int | None  # number of tokens in the key, or None for the whole line
    view: str | None
    source: str
    merge: bool = False  # the value words merge into the existing line (VLAN lists)


@dataclass(slots=True)
class Match:
    """The result of matching one input line against a table."""

    form: Form | None
    words: list[str] = field(default_factory=list)  # the canonical words
    failure: Failure | None = None
    position: int = 0  # character offset of the failing word in the input

    @property
    def key(self) -> str:
        """The words that identify the setting this line changes."""
        if self.form is None or self.form.key_length is None:
            return " ".join(self.words)
        return " ".join(self.words[: self.form.key_length])


def _split_alternatives(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return parts


def _find_close(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] in "{[":
            depth += 1
        elif text[index] in "}]":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unbalanced brackets in command form {text!r}")


def _expand(text: str) -> list[str]:
    """Expand choices and optional groups into plain word sequences."""
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        return [" ".join(text.split())]
    end = _find_close(text, start)
    head, body, tail = text[:start], text[start + 1 : end], text[end + 1 :]
    options = _split_alternatives(body)
    if text[start] == "[":
        options.append("")
    results: list[str] = []
    for option in options:
        results.extend(_expand(f"{head} {option} {tail}"))
    return results


def _token(word: str) -> Token:
    range_match = _RANGE_RE.match(word)
    if range_match:
        return Token("range", low=int(range_match.group(1)), high=int(range_match.group(2)))
    if word.startswith("<") and word.endswith(">"):
        kind = word[1:-1]
        if kind in ("text", "rest"):
            return Token("text")
        if kind != "if" and kind not in PARAMETER_CHECKS:
            raise ValueError(f"unknown parameter kind {word!r}")
        return Token(kind)
    return Token("literal", word)


class FormTable(list[Form]):
    """The forms of one view, in table order, with an index by first keyword.

    A view of a campus switch has a few hundred forms, and a pushed config
    has hundreds of lines. So :func:`match_line` tries only the forms whose
    first keyword the line's first word abbreviates, and those that start
    with a parameter, in table order. That gives the same result as trying
    them all. Do not change the table after its first use, because the
    index is built then.
    """

    MAX_CACHED_WORDS = 4096

    _keywords: list[str]
    _by_keyword: dict[str, list[int]]
    _open: list[int]
    _candidates: dict[str, list[Form]]

    def _build_index(self) -> None:
        by_keyword: dict[str, list[int]] = {}
        self._open = []
        for index, form in enumerate(self):
            head = form.tokens[0] if form.tokens else None
            if head is not None and head.kind == "literal":
                by_keyword.setdefault(head.value.lower(), []).append(index)
            else:
                self._open.append(index)
        self._by_keyword = by_keyword
        self._keywords = sorted(by_keyword)
        self._candidates = {}

    def keywords(self, first: str) -> list[str]:
        """Return the first keywords that ``first`` (lower case) abbreviates, sorted."""
        if not hasattr(self, "_keywords"):
            self._build_index()
        keywords = self._keywords
        found: list[str] = []
        index = bisect.bisect_left(keywords, first)
        while index < len(keywords) and keywords[index].startswith(first):
            found.append(keywords[index])
            index += 1
        return found

    def candidates(self, first: str) -> list[Form]:
        """Return the forms a line starting with ``first`` (lower case) may match, in table order."""
        if not hasattr(self, "_candidates"):
            self._build_index()
        cached = self._candidates.get(first)
        if cached is None:
            indices = list(self._open)
            for keyword in self.keywords(first):
                indices.extend(self._by_keyword[keyword])
            cached = [self[index] for index in sorted(indices)]
            if len(self._candidates) >= self.MAX_CACHED_WORDS:
                self._candidates.clear()
            self._candidates[first] = cached
        return cached


def compile_forms(lines: Iterable[str]) -> FormTable:
    """Compile table lines into forms; raise ValueError naming a bad line."""
    forms = FormTable()
    for line in lines:
        body, _, view = line.partition("=>")
        body = body.strip()
        merge = body.endswith(" +")
        if merge:
            body = body[:-2]
        # A standalone "|" word marks the end of the key; protect it from the
        # choice syntax during expansion.
        body = " ".join(_KEY_MARK if word == "|" else word for word in body.split())
        try:
            expansions = _expand(body)
        except ValueError as err:
            raise ValueError(f"invalid command form {line!r}: {err}") from err
        for expanded in expansions:
            words = expanded.split()
            key_length = words.index(_KEY_MARK) if _KEY_MARK in words else None
            tokens = tuple(_token(word) for word in words if word != _KEY_MARK)
            forms.append(Form(tokens, key_length, view.strip() or None, line, merge))
    return forms


_KEY_MARK = "\x00key"


_NON_SPACE_RE = re.compile(r"\S+")

Word = tuple[str, int, str]  # the word, its offset in the line, the word in lower case


def _tokens_with_offsets(line: str) -> list[Word]:
    return [(m.group(0), m.start(), m.group(0).lower()) for m in _NON_SPACE_RE.finditer(line)]


def match_line(
    line: str,
    forms: list[Form],
    interface_check: Callable[[str], bool] | None = None,
    interface_canonical: Callable[[str], str] | None = None,
) -> Match:
    """Match ``line`` against ``forms``. A failed match says where and why it failed."""
    words = _tokens_with_offsets(line)
    best = Match(None, failure=Failure.UNRECOGNIZED, position=words[0][1] if words else 0)
    best_depth = -1
    matches: list[Match] = []
    first = words[0][2] if words else ""
    table = forms if isinstance(forms, FormTable) else FormTable(forms)
    tried = table.candidates(first)
    if len(tried) < len(table):
        # A form whose first keyword the word does not abbreviate fails at depth 0.
        best_depth = 0
    for form in tried:
        result, depth = _match_form(words, form, line, interface_check, interface_canonical)
        if result.failure is None:
            matches.append(result)
        elif depth > best_depth or (
            depth == best_depth and _rank(result.failure) > _rank(best.failure)
        ):
            best, best_depth = result, depth
    if matches:
        exact = [m for m in matches if _literal_exact(m, words)]
        candidates = exact or matches
        if len({" ".join(m.words) for m in candidates}) > 1 and not exact:
            return Match(None, failure=Failure.AMBIGUOUS, position=words[0][1])
        return candidates[0]
    if first and _first_word_ambiguous(first, table):
        # NOTE: only the first word is checked for ambiguity; a later
        # abbreviation that fits two keywords fails as the closest form does.
        return Match(None, failure=Failure.AMBIGUOUS, position=words[0][1])
    return best


def _first_word_ambiguous(first: str, table: FormTable) -> bool:
    """Return whether ``first`` abbreviates two or more different first keywords."""
    keywords = table.keywords(first)
    return len(keywords) > 1 and first not in keywords


# Failures by how far the line got: a closer failure explains the error better.
_FAILURE_RANK = {
    Failure.UNRECOGNIZED: 0,
    Failure.TOO_MANY: 1,
    Failure.INCOMPLETE: 2,
    Failure.WRONG_PARAMETER: 3,
}


def _rank(failure: Failure | None) -> int:
    return _FAILURE_RANK.get(failure, -1) if failure is not None else -1


def _literal_exact(match: Match, words: list[Word]) -> bool:
    if match.form is None:
        return False
    for token, (_word, _offset, folded) in zip(match.form.tokens, words, strict=False):
        if token.kind == "literal" and token.folded != folded:
            return False
    return True


def _match_form(
    words: list[Word],
    form: Form,
    line: str,
    interface_check: Callable[[str], bool] | None,
    interface_canonical: Callable[[str], str] | None,
) -> tuple[Match, int]:
    canonical: list[str] = []
    index = 0
    for token in form.tokens:
        if token.kind == "text":
            if index >= len(words):
                return Match(form, failure=Failure.INCOMPLETE, position=len(line)), index
            canonical.append(line[words[index][1] :].rstrip())
            return Match(form, canonical), len(words)
        if index >= len(words):
            return Match(form, failure=Failure.INCOMPLETE, position=len(line)), index
        word, offset, folded = words[index]
        if token.kind == "literal":
            if not token.folded.startswith(folded):
                return Match(form, failure=Failure.UNRECOGNIZED, position=offset), index
            canonical.append(token.value)
            index += 1
            continue
        # Interface names may be written with a space ("GigabitEthernet 0/1").
        if token.kind == "if" and index + 1 < len(words) and not any(c.isdigit() for c in word):
            joined = f"{word} {words[index + 1][0]}"
            if token.accepts(joined, interface_check):
                canonical.append(interface_canonical(joined) if interface_canonical else joined)
                index += 2
                continue
        if not token.accepts(word, interface_check):
            failure = Failure.WRONG_PARAMETER
            return Match(form, failure=failure, position=offset), index
        if token.kind == "if" and interface_canonical is not None:
            word = interface_canonical(word)
        canonical.append(word)
        index += 1
    if index < len(words):
        return Match(form, failure=Failure.TOO_MANY, position=words[index][1]), index
    return Match(form, canonical), index
