"""Interface names per platform: canonical long names from any spelling.

The same abbreviation means different ports on different vendors (``XGE`` is
``XGigabitEthernet`` on Huawei but ``Ten-GigabitEthernet`` on H3C; ``Fi`` is
``FiveGigabitEthernet`` on Catalyst 9300, not FiftyGigabitEthernet), so every
lookup is per platform. netutils' ``canonical_interface_name`` is
platform-unaware for these cases, so the tables here are kept per platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campusctl.errors import RenderError
from campusctl.i18n import _
from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class NamingRules:
    """How one platform spells its interface types."""

    long_names: tuple[str, ...]
    abbreviations: dict[str, str]
    """Lower-case abbreviation to long name."""
    separator: str = ""
    """Text between the type and the number (Ruijie prints ``GigabitEthernet 0/1``)."""


NAMING: dict[PlatformId, NamingRules] = {
    PlatformId.HUAWEI_VRP: NamingRules(
        long_names=(
            "GigabitEthernet",
            "XGigabitEthernet",
            "MultiGE",
            "10GE",
            "25GE",
            "40GE",
            "100GE",
            "Ethernet",
            "Eth-Trunk",
            "Vlanif",
            "LoopBack",
            "MEth",
            "NULL",
        ),
        abbreviations={
            "ge": "GigabitEthernet",
            "xge": "XGigabitEthernet",
            "mge": "MultiGE",
            "eth": "Ethernet",
            "loop": "LoopBack",
        },
    ),
    PlatformId.H3C_COMWARE: NamingRules(
        long_names=(
            "GigabitEthernet",
            "Ten-GigabitEthernet",
            "Twenty-FiveGigE",
            "FortyGigE",
            "HundredGigE",
            "M-GigabitEthernet",
            "Bridge-Aggregation",
            "Route-Aggregation",
            "Vlan-interface",
            "LoopBack",
            "NULL",
        ),
        abbreviations={
            "ge": "GigabitEthernet",
            "xge": "Ten-GigabitEthernet",
            "wge": "Twenty-FiveGigE",
            "fge": "FortyGigE",
            "hge": "HundredGigE",
            "mge": "M-GigabitEthernet",
            "bagg": "Bridge-Aggregation",
            "ragg": "Route-Aggregation",
            "vlan-int": "Vlan-interface",
            "vlan": "Vlan-interface",
            "loop": "LoopBack",
        },
    ),
    PlatformId.CISCO_IOS: NamingRules(
        long_names=(
            "FastEthernet",
            "GigabitEthernet",
            "TwoGigabitEthernet",
            "FiveGigabitEthernet",
            "TenGigabitEthernet",
            "TwentyFiveGigE",
            "FortyGigabitEthernet",
            "HundredGigE",
            "AppGigabitEthernet",
            "Port-channel",
            "Vlan",
            "Loopback",
        ),
        abbreviations={
            "fa": "FastEthernet",
            "gi": "GigabitEthernet",
            "gig": "GigabitEthernet",
            "tw": "TwoGigabitEthernet",
            "fi": "FiveGigabitEthernet",
            "te": "TenGigabitEthernet",
            "ten": "TenGigabitEthernet",
            "twe": "TwentyFiveGigE",
            "fo": "FortyGigabitEthernet",
            "hu": "HundredGigE",
            "ap": "AppGigabitEthernet",
            "po": "Port-channel",
            "vl": "Vlan",
            "lo": "Loopback",
        },
    ),
    PlatformId.RUIJIE_RGOS: NamingRules(
        long_names=(
            "FastEthernet",
            "GigabitEthernet",
            "TenGigabitEthernet",
            "TFGigabitEthernet",
            "FortyGigabitEthernet",
            "HundredGigabitEthernet",
            "AggregatePort",
            "VLAN",
            "Loopback",
            "Mgmt",
        ),
        abbreviations={
            "fa": "FastEthernet",
            "gi": "GigabitEthernet",
            "te": "TenGigabitEthernet",
            "tf": "TFGigabitEthernet",
            "fo": "FortyGigabitEthernet",
            "hu": "HundredGigabitEthernet",
            "ag": "AggregatePort",
            "vl": "VLAN",
            "vlan": "VLAN",
            "lo": "Loopback",
        },
        separator=" ",
    ),
}


def _split(name: str) -> tuple[str, str]:
    text = name.strip()
    index = 0
    # Huawei type names such as 10GE and 100GE start with digits.
    while index < len(text) and text[index].isdigit():
        index += 1
    while index < len(text) and not text[index].isdigit() and text[index] != " ":
        index += 1
    kind, rest = text[:index], text[index:].strip()
    if not kind or (rest and not rest[0].isdigit()):
        raise RenderError(
            _("invalid interface name {name!r}: expected a type followed by a number").format(
                name=name
            )
        )
    return kind, rest


def _long_name(kind: str, rules: NamingRules) -> str | None:
    lowered = kind.lower()
    for long_name in rules.long_names:
        if long_name.lower() == lowered:
            return long_name
    if lowered in rules.abbreviations:
        return rules.abbreviations[lowered]
    matches = {n for n in rules.long_names if n.lower().startswith(lowered)}
    if len(matches) == 1:
        return matches.pop()
    return None


def canonical(name: str, platform: PlatformId | str | None) -> str:
    """Return the canonical long name of ``name`` on ``platform``.

    With ``platform=None`` the name is looked up on every platform; if the
    platforms disagree (``XGE0/0/1``, ``Fi1/0/1``) RenderError is raised
    instead of guessing.
    """
    kind, rest = _split(name)
    if platform is None:
        # Without a platform only full type names are trusted: an abbreviation such
        # as XGE, GE or Fi means different ports on different vendors and models.
        results = {
            long_name
            for rules in NAMING.values()
            for long_name in rules.long_names
            if long_name.lower() == kind.lower()
        }
        if len(results) != 1:
            choices = {n for r in NAMING.values() if (n := _long_name(kind, r)) is not None}
            raise RenderError(
                _(
                    "interface name {name!r} is ambiguous without a platform "
                    "(could be: {choices}); pass the device's platform"
                ).format(name=name, choices=", ".join(sorted(choices)) or "-")
            )
        return f"{results.pop()}{rest}"
    rules = NAMING[PlatformId(platform)]
    long_name = _long_name(kind, rules)
    if long_name is None:
        raise RenderError(
            _("unknown interface type {kind!r} in {name!r} on platform {platform}").format(
                kind=kind, name=name, platform=PlatformId(platform).value
            )
        )
    return f"{long_name}{rules.separator}{rest}" if rest else long_name


def is_lag(name: str, platform: PlatformId | str) -> bool:
    """Return whether ``name`` is a link aggregation on ``platform``."""
    return canonical(name, platform).startswith(
        ("Eth-Trunk", "Bridge-Aggregation", "Port-channel", "AggregatePort")
    )


def lag_number(name: str) -> int:
    """Return the number of a LAG name (``Eth-Trunk12`` gives 12)."""
    match = re.search(r"([0-9]+)$", name)
    if match is None:
        raise RenderError(_("LAG name {name!r} has no number").format(name=name))
    return int(match.group(1))
