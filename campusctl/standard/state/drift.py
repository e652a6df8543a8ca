"""Drift between the running and the intended configuration, without false changes.

Devices hide lines that equal a default, print negations of default-on
commands, reflow VLAN lists, and mask or encrypt secrets, so a plain text
diff reports the same "change" on every run. Both sides are normalised the
way the change engine's diff compares them, and hier_config then computes
the difference in both directions. Lines the device writes about itself
(:data:`GENERATED_LINES`) and comment lines, such as a rendered file's
header, are left out first, because no configuration command sets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campusctl.diff.drivers import parse_config
from campusctl.diff.remediation import comparable_trees
from campusctl.i18n import _
from campusctl.platforms import PlatformId
from campusctl.standard.config.parse import ConfigUnreadable

# Matched against each stripped line. A lone "#" or "!" is a section
# separator, which the engine's parser needs, so only comments with text go.
GENERATED_LINES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^version \d+\.\d"),  # Comware "version 7.1.070, ...", IOS "version 15.2"
    re.compile(r"^version RGOS "),
    re.compile(r"^!\s*\S"),  # IOS "! Last configuration change at ...", VRP "!Software Version"
    re.compile(r"^#\s*\S"),  # VRP and Comware comments, such as a rendered file's header
    re.compile(r"^Building configuration"),
    re.compile(r"^Current configuration ?:"),
)


@dataclass(frozen=True, slots=True)
class Drift:
    """Lines the running config lacks and lines it has beyond the intended config."""

    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected)


def _without_generated(text: str) -> str:
    return "\n".join(
        line
        for line in text.splitlines()
        if not any(pattern.match(line.strip()) for pattern in GENERATED_LINES)
    )


def config_drift(platform: PlatformId, running: str, intended: str) -> Drift:
    """Return the difference between ``running`` and ``intended`` as section paths.

    :raise ConfigUnreadable: when hier_config rejects either text (such as a
        repeated section); the message names the side that failed.
    """
    running, intended = _without_generated(running), _without_generated(intended)
    try:
        run_tree, want_tree = comparable_trees(running, intended, platform)
    except Exception as err:  # hier_config raises several unrelated types
        side = _("intended")
        try:
            parse_config(running, platform)
        except Exception:  # the running side is the one that fails
            side = _("running")
        raise ConfigUnreadable(
            _("cannot parse the {side} configuration: {error}").format(side=side, error=err)
        ) from err
    missing = want_tree.difference(run_tree)
    unexpected = run_tree.difference(want_tree)
    return Drift(
        missing=tuple(" / ".join(c.path()) for c in missing.all_children() if c.is_leaf),
        unexpected=tuple(" / ".join(c.path()) for c in unexpected.all_children() if c.is_leaf),
    )
