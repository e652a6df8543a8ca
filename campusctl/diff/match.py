"""hier_config's ordering and exit rules, matched with compiled predicates.

``HConfig.set_order_weight`` builds the lineage of every line and tests it
against every ordering rule through ``is_match`` with five optional
criteria. On a full switch config that took about a fifth of a plan's time.
:func:`set_order_weight` gives the same weights: each rule becomes one
predicate per level, rules are grouped by the depth they match, and a line is
tested from its own level up, where rules differ most. :func:`sectional_exit`
does the same for the exit rules, which every line of a plan is tested
against, and :func:`is_idempotent` for the idempotent-command rules, which
every running line that the intended config lacks is tested against.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from hier_config.child import HConfigChild
from hier_config.models import MatchRule
from hier_config.platforms.driver_base import HConfigDriverBase
from hier_config.root import HConfig

from campusctl.diff.nodes import lines_below

Predicate = Callable[[str], bool]


def predicate(rule: MatchRule) -> Predicate:
    """Return a function that is true for a line's text exactly when ``HConfigChild.is_match`` is."""
    tests: list[Predicate] = []
    equals = rule.equals
    if isinstance(equals, str):
        tests.append(lambda text: text == equals)
    elif isinstance(equals, frozenset):
        tests.append(lambda text: text in equals)
    startswith = rule.startswith
    if isinstance(startswith, (str, tuple)):
        tests.append(lambda text: text.startswith(startswith))
    if isinstance(rule.re_search, str):
        search = re.compile(rule.re_search).search
        tests.append(lambda text: search(text) is not None)
    endswith = rule.endswith
    if isinstance(endswith, (str, tuple)):
        tests.append(lambda text: text.endswith(endswith))
    contains = rule.contains
    if isinstance(contains, str):
        tests.append(lambda text: contains in text)
    elif isinstance(contains, tuple):
        tests.append(lambda text: any(c in text for c in contains))
    if not tests:
        return lambda _text: True
    if len(tests) == 1:
        return tests[0]
    return lambda text: all(test(text) for test in tests)


# Per depth: (predicates from the deepest level up, weight), last rule first,
# because the last matching rule wins.
_Ordering = dict[int, list[tuple[tuple[Predicate, ...], int]]]


@functools.cache
def _ordering(driver: HConfigDriverBase) -> _Ordering:
    """Compile ``driver``'s ordering rules; drivers are shared and never change."""
    by_depth: _Ordering = {}
    for rule in reversed(driver.rules.ordering):
        levels = tuple(predicate(m) for m in reversed(rule.match_rules))
        by_depth.setdefault(len(levels), []).append((levels, rule.weight))
    return by_depth


def set_order_weight(tree: HConfig) -> None:
    """Set each line's ``order_weight`` as ``HConfig.set_order_weight`` does: the last matching rule wins."""
    ordering = _ordering(tree.driver)
    if ordering:
        _weigh(lines_below(tree), (), ordering)


def _weigh(children: Iterable[HConfigChild], above: tuple[str, ...], ordering: _Ordering) -> None:
    """Weigh ``children``, whose sections above have the texts ``above`` (nearest first)."""
    rules = ordering.get(len(above) + 1, ())
    for child in children:
        text = child.text
        for levels, weight in rules:
            if levels[0](text) and _matches(levels[1:], above):
                child.order_weight = weight
                break
        below = lines_below(child)
        if below:
            _weigh(below, (text, *above), ordering)


# Per depth: (predicates from the deepest level up, exit text, exit at the parent's level).
_Exits = dict[int, list[tuple[tuple[Predicate, ...], str | None, bool]]]


@functools.cache
def _exits(driver: HConfigDriverBase) -> _Exits:
    """Compile ``driver``'s exit rules, in rule order within each depth."""
    by_depth: _Exits = {}
    for rule in driver.rules.sectional_exiting:
        levels = tuple(predicate(m) for m in reversed(rule.match_rules))
        by_depth.setdefault(len(levels), []).append(
            (levels, rule.exit_text or None, rule.exit_text_parent_level)
        )
    return by_depth


def sectional_exit(
    node: HConfigChild, path: tuple[str, ...], driver: HConfigDriverBase
) -> tuple[str | None, bool]:
    """Return ``node``'s exit command and whether it goes at the parent's level.

    Equal to ``driver.sectional_exit(node)`` and
    ``node.sectional_exit_text_parent_level``. ``path`` contains the texts from
    ``node`` up to the top level. A driver that changes hier_config's
    result names the change in ``adjust_exit``; a driver without it is asked
    directly.
    """
    adjust: Callable[[HConfigChild, str | None], str | None] | None = getattr(
        driver, "adjust_exit", None
    )
    if adjust is None:
        text = driver.sectional_exit(node)
        return text, bool(text) and node.sectional_exit_text_parent_level
    for levels, exit_text, parent_level in _exits(driver).get(len(path), ()):
        if _matches(levels, path):
            return adjust(node, exit_text), parent_level
    return adjust(node, "exit" if node.children else None), False


# Per depth: predicates from the deepest level up, and the rule's match rules.
_Rules = dict[int, list[tuple[tuple[Predicate, ...], tuple[MatchRule, ...]]]]


@functools.cache
def _idempotent_rules(driver: HConfigDriverBase) -> tuple[_Rules, _Rules]:
    """Compile ``driver``'s idempotent-command rules and the rules that exclude lines from them."""
    rules = driver.rules
    return (
        _by_depth([rule.match_rules for rule in rules.idempotent_commands]),
        _by_depth([rule.match_rules for rule in rules.idempotent_commands_avoid]),
    )


def _by_depth(lineages: list[tuple[MatchRule, ...]]) -> _Rules:
    by_depth: _Rules = {}
    for match_rules in lineages:
        levels = tuple(predicate(m) for m in reversed(match_rules))
        by_depth.setdefault(len(levels), []).append((levels, match_rules))
    return by_depth


def is_idempotent(
    node: HConfigChild,
    path: tuple[str, ...],
    others: Iterable[HConfigChild],
    driver: HConfigDriverBase,
) -> bool:
    """Return whether another line of ``others`` sets what ``node`` sets; equal to ``node.is_idempotent_command(others)``.

    ``path`` contains the texts from ``node`` up to the top level, and
    ``others`` are lines of a section with the same path above them.
    """
    rules, avoid = _idempotent_rules(driver)
    if any(_matches(levels, path) for levels, _rule in avoid.get(len(path), ())):
        return False
    # The lines of ``others`` have the same path above them as ``node``, so
    # only their own level is tested.
    for levels, match_rules in rules.get(len(path), ()):
        if not _matches(levels, path):
            continue
        key = driver._idempotency_key(node, match_rules)
        own = levels[0]
        for other in others:
            if own(other.text) and driver._idempotency_key(other, match_rules) == key:
                return True
    return False


def _matches(levels: tuple[Predicate, ...], path: tuple[str, ...]) -> bool:
    # A loop, not all() over a generator: this runs for every line of a plan.
    for test, text in zip(levels, path, strict=True):  # noqa: SIM110
        if not test(text):
            return False
    return True
