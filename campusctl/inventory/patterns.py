"""The grammar of Ansible host patterns, as ansible-core 2.19 parses them.

The rules follow ``ansible.inventory.manager`` (``split_host_pattern``,
``order_patterns`` and ``_split_subscript``):

- A pattern with a comma is split at commas only, so a ``:`` in it is part
  of a term. A pattern without commas that parses as one address (a host and
  port such as ``YCSY-CORE-01:22``, or an IPv6 address) is one term.
  Bare school codes joined by ``:`` are split, unlike in Ansible.
  Otherwise a pattern is split at ``:`` and white space outside brackets, so
  ``school_2440106001[0:2]:&role_access`` gives two terms.
- Terms apply in three passes: every plain term adds hosts, then every
  ``&term`` keeps only the hosts it also matches, then every ``!term`` removes
  the hosts it matches. Without a plain term the passes start from ``all``.
- A term other than a ``~regex`` may end in a subscript: ``[2]`` or ``[-1]``
  takes one host, ``[0:2]`` the first three (both ends are included) and
  ``[1:]`` all but the first, counted in the group's host order.
- In a limit, ``@file`` stands for the terms listed one per line in ``file``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from campusctl.errors import UsageError
from campusctl.i18n import _

log = logging.getLogger(__name__)

_TERM_RE = re.compile(r"(?:[^\s:\[\]]|\[[^\]]*\])+")
"""A term of a ``:``-separated pattern: characters other than white space, ``:`` and
brackets, or a whole bracketed expression."""

_COLON_PATTERN_RE = re.compile(r"(?:[\s:]|[^\s:\[\]]|\[[^\]]*\])*")
"""A ``:``-separated pattern whose every character is a separator or part of a term."""

_SUBSCRIPT_RE = re.compile(r"^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$")

# Only these shapes can parse as one address. Importing Ansible's parser takes
# far longer than the split, so it runs only on a pattern that may be one.
_MAYBE_ADDRESS_RE = re.compile(r":[0-9]+$|^[0-9A-Fa-f:.\[\]-]+$")


@dataclass(frozen=True, slots=True)
class Subscript:
    """The ``[start]`` or ``[start:end]`` suffix of a term; ``end`` None takes one host."""

    start: int
    end: int | None

    def apply(self, hosts: list[str], term: str) -> list[str]:
        """Return the hosts the subscript takes from ``hosts``.

        :raise UsageError: when a single index lies outside the list, as Ansible raises.
        """
        if not hosts:
            return hosts
        # As in ansible-core, an end of 0 takes the single host at start, so
        # ``[2:0]`` is ``[2]``, and an open end runs to the last host.
        if self.end:
            end = len(hosts) - 1 if self.end == -1 else self.end
            return hosts[self.start : end + 1]
        try:
            return [hosts[self.start]]
        except IndexError:
            raise UsageError(
                _(
                    "subscript of pattern {term} is out of range: it matches {count} host(s), "
                    "numbered from 0"
                ).format(term=term, count=len(hosts))
            ) from None


def split_subscript(term: str) -> tuple[str, Subscript | None]:
    """Split a term into its expression and its subscript (None without one or for a regex)."""
    if term.startswith("~"):
        return term, None
    match = _SUBSCRIPT_RE.match(term)
    if match is None:
        return term, None
    expression, index, start, separator, end = match.groups()
    if index:
        return expression, Subscript(int(index), None)
    if separator == "-":
        log.warning(
            "pattern %s: write the subscript as [x:y]; ansible-core warns that [x-y] is removed",
            term,
        )
    return expression, Subscript(int(start), int(end) if end else -1)


_SCHOOL_CODES_RE = re.compile(r"[0-9]{10}(?::[0-9]{10})+")


def _is_address(pattern: str) -> bool:
    if not _MAYBE_ADDRESS_RE.search(pattern) or _SCHOOL_CODES_RE.fullmatch(pattern):
        # Ansible reads ``2440281001:2440281002`` as a host and port and selects
        # nothing. Bare school codes are campusctl's own shorthand, so split them.
        return False
    from ansible.errors import AnsibleError
    from ansible.parsing.utils.addresses import parse_address

    try:
        parse_address(pattern, allow_ranges=True)
    except AnsibleError:
        return False
    return True


def has_colon_separator(term: str) -> bool:
    """Tell whether ``term`` would split at ``:`` in a pattern without commas."""
    return len(_TERM_RE.findall(term)) > 1


def split_pattern(pattern: str) -> list[str]:
    """Split a host pattern into its terms, as ``ansible.inventory.manager.split_host_pattern``.

    :raise UsageError: when a bracket outside a comma-separated pattern is unbalanced.
    """
    if "," in pattern:
        parts = pattern.split(",")
    elif _is_address(pattern):
        parts = [pattern]
    else:
        # ansible-core drops a stray bracket here, so ``~[`` would become ``~``
        # and select everything. Reject it instead.
        if not _COLON_PATTERN_RE.fullmatch(pattern):
            raise UsageError(
                _("pattern {pattern} has a [ without its ] or a ] without its [").format(
                    pattern=pattern
                )
            )
        parts = _TERM_RE.findall(pattern)
    return [part.strip() for part in parts if part.strip()]


def expand_files(terms: list[str]) -> list[str]:
    """Replace each ``@file`` term with the terms listed in that file, one per line.

    :raise UsageError: when the file is missing or cannot be read.
    """
    expanded: list[str] = []
    for term in terms:
        if not term.startswith("@"):
            expanded.append(term)
            continue
        path = Path(term[1:])
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise UsageError(
                _("cannot read the limit file {path}: {error}").format(
                    path=path, error=err.strerror or err
                )
            ) from err
        expanded.extend(line.strip() for line in lines if line.strip())
    return expanded


def order_terms(terms: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Return the plain, ``&`` and ``!`` terms; the plain ones are ``all`` when there are none."""
    plain = [t for t in terms if t[0] not in "&!"]
    intersect = [t[1:] for t in terms if t[0] == "&"]
    exclude = [t[1:] for t in terms if t[0] == "!"]
    return plain or ["all"], intersect, exclude
