"""Drift between the running and the intended configuration, without false changes.

Devices hide lines that equal a default, print negations of default-on
commands, reflow VLAN lists, and mask or encrypt secrets, so a plain text
diff reports the same "change" on every run. The drift is what the change
engine's replace would change: the same normalisation, and without the lines
a replace keeps on purpose (protected and device-owned sections, hardware
ports), so a device reports drift exactly when its plan is not empty. Lines the device writes about itself
(:data:`GENERATED_LINES`) and comment lines, such as a rendered file's
header, are left out first, because no configuration command sets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.drivers import parse_config
from campusctl.diff.remediation import replace_changes
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
        changes, run_tree, want_tree = replace_changes(running, intended, platform)
    except Exception as err:  # hier_config raises several unrelated types
        side = _("intended")
        try:
            parse_config(running, platform)
        except Exception:  # the running side is the one that fails
            side = _("running")
        raise ConfigUnreadable(
            _("cannot parse the {side} configuration: {error}").format(side=side, error=err)
        ) from err
    prefix = changes.driver.negation_prefix
    missing = [
        " / ".join(c.path())
        for c in changes.all_children()
        if c.is_leaf and not c.text.startswith(prefix)
    ]
    # What the device has beyond the intended config, within the top-level
    # lines and sections that the replace changes: a line it replaces
    # (``port access vlan 30`` for ``20``) is named as well as one it removes.
    touched = {c.text.removeprefix(prefix) for c in changes.children}
    unexpected = [
        " / ".join(c.path())
        for c in run_tree.difference(want_tree).all_children()
        if c.is_leaf and _top(c).text in touched or _replaced(c, changes)
    ]
    return Drift(missing=tuple(missing), unexpected=tuple(unexpected))


def _top(child: HConfigChild) -> HConfigChild:
    return next(iter(child.lineage()))


def _replaced(child: HConfigChild, changes: HConfig) -> bool:
    """Return whether a top-level line is replaced by one the change sets (``sysname``)."""
    return child.depth() == 1 and changes.driver.idempotent_for(child, changes.children) is not None
