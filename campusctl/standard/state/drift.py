"""Drift between the running and the intended configuration, without false changes.

Devices hide lines that equal a default and mask or encrypt secrets, so a
plain text diff reports the same "change" on every run. Both sides are
normalised first: separator lines (``#``, ``!``) are dropped and Comware's
indented global block is shifted left, as for every parsed configuration,
then default lines (:data:`HIDDEN_DEFAULTS`) and lines the device writes
about itself (:data:`GENERATED_LINES`) are dropped and secret values
(:data:`SECRET_PATTERNS`) are replaced by a marker, so lines carrying secrets
are compared by structure. Both texts are then read and normalised as the
engine's plan reads them (:mod:`campusctl.diff`: the campus hier_config
drivers, VLAN list forms, lines the device never shows, hidden defaults,
masked secrets), so the drift rule and ``campusctl plan`` agree on what
differs. hier_config computes the difference in both directions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campusctl.diff.drivers import parse_config as parse_device_config
from campusctl.diff.lists import normalise_lists
from campusctl.diff.normalise import add_defaults, drop_hidden, mask_tree
from campusctl.i18n import _
from campusctl.platforms import PlatformId
from campusctl.standard.config.parse import ConfigUnreadable, config_lines

HIDDEN_DEFAULTS: dict[PlatformId, frozenset[str]] = {
    # IOS and IOS-XE leave these defaults out of show running-config.
    PlatformId.CISCO_IOS: frozenset(
        {"logging on", "logging facility local7", "logging trap informational"}
    ),
    PlatformId.RUIJIE_RGOS: frozenset({"logging on"}),
    PlatformId.HUAWEI_VRP: frozenset(),
    PlatformId.H3C_COMWARE: frozenset(),
}
SECRET_PATTERNS: dict[PlatformId, tuple[re.Pattern[str], ...]] = {
    PlatformId.CISCO_IOS: (
        re.compile(r"^(snmp-server community )\S+"),
        re.compile(r"^(username \S+ (?:.* )?(?:secret|password) (?:[0-9]+ )?)\S+"),
        re.compile(r"^(enable secret (?:[0-9]+ )?)\S+"),
        re.compile(r"^((?:tacacs|radius)-server key (?:[0-9]+ )?)\S+"),
        re.compile(r"^(key (?:[0-9]+ )?)\S+"),
    ),
    PlatformId.RUIJIE_RGOS: (
        re.compile(r"^(snmp-server community (?:[0-9] )?)\S+"),
        re.compile(r"^(username \S+ (?:.* )?(?:secret|password) (?:[0-9]+ )?)\S+"),
        re.compile(r"^(enable secret (?:[0-9]+ )?)\S+"),
    ),
    PlatformId.HUAWEI_VRP: (
        re.compile(r"^(local-user \S+ password (?:irreversible-cipher|cipher|simple) )\S+"),
        re.compile(r"^(snmp-agent community (?:read|write) (?:cipher |simple )?)\S+"),
        re.compile(
            r"^(snmp-agent usm-user v3 \S+ (?:authentication|privacy)-mode \S+ (?:cipher )?)\S+"
        ),
        re.compile(r"^((?:shared-key|hwtacacs-server shared-key) (?:cipher |simple )?)\S+"),
    ),
    PlatformId.H3C_COMWARE: (
        re.compile(r"^(password (?:hash|cipher|simple) )\S+"),
        re.compile(r"^(snmp-agent community (?:read|write) (?:cipher |simple )?)\S+"),
        re.compile(r"^(snmp-agent usm-user v3 .* (?:cipher|simple) )\S+"),
        re.compile(r"^(key (?:authentication|authorization|accounting) (?:cipher|simple) )\S+"),
    ),
}
# Lines the device writes about itself (software version, build banners,
# change stamps), which no configuration sets.
GENERATED_LINES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^version \S"),  # Comware "version 7.1.070, ...", IOS "version 15.2", RGOS
    re.compile(r"^!"),  # IOS and VRP comment lines: "! Last configuration change at ..."
    re.compile(r"^#"),  # VRP and Comware comment lines, such as a rendered file's header
    re.compile(r"^Building configuration"),
    re.compile(r"^Current configuration ?:"),
)
SECRET = "<secret>"


@dataclass(frozen=True, slots=True)
class Drift:
    """Lines to add to the running config to reach the intended one, and lines to remove."""

    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected)


def _normalise(platform: PlatformId, text: str) -> str:
    hidden = HIDDEN_DEFAULTS[platform]
    patterns = SECRET_PATTERNS[platform]
    kept: list[str] = []
    for _number, line in config_lines(platform, text):
        stripped = line.strip()
        if stripped in hidden or any(p.match(stripped) for p in GENERATED_LINES):
            continue
        indent = line[: len(line) - len(line.lstrip())]
        for pattern in patterns:
            stripped = pattern.sub(lambda m: m.group(1) + SECRET, stripped)
        kept.append(indent + stripped)
    return "\n".join(kept)


def config_drift(platform: PlatformId, running: str, intended: str) -> Drift:
    """Return the difference between ``running`` and ``intended`` as section paths.

    :raise ConfigUnreadable: when hier_config rejects either text (such as a
        repeated section); the message names the side that failed.
    """
    trees = []
    for side, text in ((_("running"), running), (_("intended"), intended)):
        try:
            trees.append(parse_device_config(_normalise(platform, text), platform))
        except Exception as err:  # hier_config raises several unrelated types
            raise ConfigUnreadable(
                _("cannot parse the {side} configuration: {error}").format(side=side, error=err)
            ) from err
    run_tree, want_tree = trees
    # The engine's rules, in the order its plan applies them: list forms,
    # lines the device never shows, hidden defaults, masked secrets.
    normalise_lists(run_tree, want_tree, platform)
    for tree in trees:
        drop_hidden(tree, platform)
    add_defaults(run_tree, want_tree, platform)
    for tree in trees:
        mask_tree(tree, platform)
    missing = want_tree.difference(run_tree)
    unexpected = run_tree.difference(want_tree)
    return Drift(
        missing=tuple(" / ".join(c.path()) for c in missing.all_children() if c.is_leaf),
        unexpected=tuple(" / ".join(c.path()) for c in unexpected.all_children() if c.is_leaf),
    )
