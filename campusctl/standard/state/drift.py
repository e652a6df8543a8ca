"""Drift between the running and the intended configuration, without false changes.

Devices hide lines that equal a default, print negations of default-on
commands, reflow VLAN lists, and mask or encrypt secrets, so a plain text
diff reports the same "change" on every run. Both sides are normalised the
way the change engine's diff compares them, and hier_config then computes
the difference in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass

from campusctl.diff.remediation import comparable_trees
from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class Drift:
    """Lines the running config lacks and lines it has beyond the intended config."""

    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected)


def config_drift(platform: PlatformId, running: str, intended: str) -> Drift:
    """Return the difference between ``running`` and ``intended`` as section paths."""
    run_tree, want_tree = comparable_trees(running, intended, platform)
    missing = want_tree.difference(run_tree)
    unexpected = run_tree.difference(want_tree)
    return Drift(
        missing=tuple(" / ".join(c.path()) for c in missing.all_children() if c.is_leaf),
        unexpected=tuple(" / ".join(c.path()) for c in unexpected.all_children() if c.is_leaf),
    )
