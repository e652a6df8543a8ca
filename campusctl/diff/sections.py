"""Top-level sections that two configs hold alike, set aside before a convergence check.

A converged device shows most of its intended config as it was written. Only
a few sections differ in how the device prints them: hashed secrets, reflowed
VLAN lists, hidden defaults, lines in another order. Diffing the whole of
both configs costs a copy, every normalisation and hier_config's comparison
of every line. So the check whether a device is in its intended state sets
aside each top-level section that both configs hold alike, and diffs only the
rest.

"Alike" is hier_config's own equality: the same line and, below it, the same
lines in any order. A diff treats two such sections alike, so they add
nothing to the remediation by themselves. Steps that look across sections
only find more to change when part of a config is missing:

* an idempotent command (``sysname``) that both configs contain in the
  set-aside part no longer excuses another running line with the same key,
  which is then negated;
* VRP's ``vlan batch`` lines are merged into one set per side, and removing
  the same VLANs from both sets keeps the sets equal only if they were.

Hence an empty diff of the rest proves the whole diff empty, and any other
result is decided on the whole configs.

A driver with sectional-overwrite rules replaces a whole section whenever
its lines differ in order too, so for such a driver no section is set aside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TypeAlias

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.tree import clone_into

# A line and the sorted keys of the lines below it.
SectionKey: TypeAlias = tuple[str, tuple["SectionKey", ...]]

# Above this share of sections that differ, the rest is most of both configs:
# its diff would cost nearly what the whole costs, and its result would not
# be empty, so the check goes straight to the whole configs.
MAX_DIFFERING_SHARE = 0.5


def section_key(child: HConfigChild) -> SectionKey:
    """Return a key equal for two sections exactly when hier_config finds them equal.

    hier_config compares a section's lines as a sorted multiset, so the key
    sorts the keys of the lines below. Tags are not part of the key: parsed
    configs carry none.
    """
    if not child.children:
        return (child.text, ())
    return (child.text, tuple(sorted(section_key(c) for c in child.children)))


def section_keys(tree: HConfig) -> tuple[SectionKey, ...]:
    """Return the key of each top-level section of ``tree``, in order."""
    return tuple(section_key(child) for child in tree.children)


def differing_sections(
    running: HConfig,
    running_keys: tuple[SectionKey, ...],
    intended: HConfig,
    intended_keys: tuple[SectionKey, ...],
    unshareable: Callable[[str, list[str]], bool] | None = None,
) -> tuple[HConfig, HConfig] | None:
    """Return copies of the top-level sections that the two configs do not hold alike.

    A section that occurs twice on one side and once on the other stays once
    on the first. A section for which ``unshareable`` (given its first line
    and the lines below) is true is never set aside. Returns None when more
    than :data:`MAX_DIFFERING_SHARE` of all sections differ, and when the
    driver overwrites sections.
    """
    rules = running.driver.rules
    if rules.sectional_overwrite or rules.sectional_overwrite_no_negate:
        return None
    common = Counter(running_keys) & Counter(intended_keys)
    if unshareable is not None:
        common = Counter(
            {
                key: n
                for key, n in common.items()
                if not unshareable(key[0], [below[0] for below in key[1]])
            }
        )
    total = len(running_keys) + len(intended_keys)
    shared = 2 * sum(common.values())
    if total and (total - shared) / total > MAX_DIFFERING_SHARE:
        return None
    return (
        _without(running, running_keys, Counter(common)),
        _without(intended, intended_keys, common),
    )


def _without(tree: HConfig, keys: tuple[SectionKey, ...], drop: Counter[SectionKey]) -> HConfig:
    """Return a new tree with copies of the sections of ``tree`` not counted in ``drop``.

    ``drop`` is used up as its sections are skipped.
    """
    rest = HConfig(tree.driver)
    for child, key in zip(tree.children, keys, strict=True):
        if drop[key] > 0:
            drop[key] -= 1
            continue
        clone_into(child, rest)
    return rest
