"""Interface names per platform: one canonical long name for every spelling.

LLDP, getters and configs spell one port differently (``XGE0/0/1``,
``GE1/0/6``, ``Gi1/0/1``, ``GigabitEthernet 0/1``). The same abbreviation
means different ports per vendor: ``XGE`` is ``XGigabitEthernet`` on Huawei
but ``Ten-GigabitEthernet`` on H3C, and ``Fi`` on a Catalyst 9300 is
``FiveGigabitEthernet``. So expansion needs the platform, and an abbreviation
without one is rejected rather than guessed.
"""

from __future__ import annotations

import re

from campusctl.platforms import PlatformId

_LONG: dict[PlatformId, tuple[str, ...]] = {
    PlatformId.HUAWEI_VRP: (
        "GigabitEthernet",
        "XGigabitEthernet",
        "25GE",
        "40GE",
        "100GE",
        "Eth-Trunk",
        "Vlanif",
        "MEth",
        "LoopBack",
        "NULL",
        "Ethernet",
        "MultiGE",
    ),
    PlatformId.H3C_COMWARE: (
        "GigabitEthernet",
        "Ten-GigabitEthernet",
        "FortyGigE",
        "HundredGigE",
        "Twenty-FiveGigE",
        "Bridge-Aggregation",
        "Vlan-interface",
        "M-GigabitEthernet",
        "LoopBack",
        "NULL",
    ),
    PlatformId.CISCO_IOS: (
        "GigabitEthernet",
        "TenGigabitEthernet",
        "TwoGigabitEthernet",
        "FiveGigabitEthernet",
        "TwentyFiveGigE",
        "FortyGigabitEthernet",
        "HundredGigE",
        "FastEthernet",
        "Port-channel",
        "Vlan",
        "Loopback",
        "AppGigabitEthernet",
    ),
    PlatformId.RUIJIE_RGOS: (
        "GigabitEthernet",
        "TenGigabitEthernet",
        "FortyGigabitEthernet",
        "HundredGigabitEthernet",
        "TFGigabitEthernet",
        "FastEthernet",
        "AggregatePort",
        "VLAN",
        "Loopback",
        "Mgmt",
    ),
}
_SHORT: dict[PlatformId, dict[str, str]] = {
    PlatformId.HUAWEI_VRP: {
        "ge": "GigabitEthernet",
        "xge": "XGigabitEthernet",
        "eth-trunk": "Eth-Trunk",
        "vlanif": "Vlanif",
        "meth": "MEth",
        "loop": "LoopBack",
    },
    PlatformId.H3C_COMWARE: {
        "ge": "GigabitEthernet",
        "xge": "Ten-GigabitEthernet",
        "fge": "FortyGigE",
        "hge": "HundredGigE",
        "wge": "Twenty-FiveGigE",
        "bagg": "Bridge-Aggregation",
        "vlan-int": "Vlan-interface",
        "mge": "M-GigabitEthernet",
        "loop": "LoopBack",
    },
    PlatformId.CISCO_IOS: {
        "gi": "GigabitEthernet",
        "te": "TenGigabitEthernet",
        "tw": "TwoGigabitEthernet",
        "fi": "FiveGigabitEthernet",
        "twe": "TwentyFiveGigE",
        "fo": "FortyGigabitEthernet",
        "hu": "HundredGigE",
        "fa": "FastEthernet",
        "po": "Port-channel",
        "vl": "Vlan",
        "lo": "Loopback",
        "ap": "AppGigabitEthernet",
    },
    PlatformId.RUIJIE_RGOS: {
        "gi": "GigabitEthernet",
        "te": "TenGigabitEthernet",
        "fo": "FortyGigabitEthernet",
        "hu": "HundredGigabitEthernet",
        "tf": "TFGigabitEthernet",
        "fa": "FastEthernet",
        "ag": "AggregatePort",
        "vl": "VLAN",
        "lo": "Loopback",
    },
}
_RE_NAME = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z0-9-]*?[A-Za-z-])\s*(?P<number>[0-9][0-9/.:]*)$")


def canonical_interface(name: str, platform: PlatformId | str | None) -> str:
    """Return the long name of ``name`` as ``platform`` writes it in its configuration.

    Ruijie keeps a space before the number (``GigabitEthernet 0/1``); the others
    join them. A long name is returned with its case corrected.

    :raise ValueError: when ``name`` is an abbreviation and ``platform`` is None or unknown.
    """
    match = _RE_NAME.match(name.strip())
    if match is None:
        return name.strip()
    stem, number = match["stem"], match["number"]
    if platform is None:
        known = {long.lower() for longs in _LONG.values() for long in longs}
        if stem.lower() in known:
            return f"{stem}{number}"
        raise ValueError(
            f"interface name {name!r} is abbreviated and no platform is known; pass the platform"
        )
    platform_id = PlatformId(platform)
    long_names = {long.lower(): long for long in _LONG[platform_id]}
    full = long_names.get(stem.lower()) or _SHORT[platform_id].get(stem.lower())
    if full is None:
        return name.strip()
    separator = " " if platform_id is PlatformId.RUIJIE_RGOS else ""
    return f"{full}{separator}{number}"


def interface_key(name: str, platform: PlatformId | str | None) -> str:
    """Return a key that equals for every spelling of one port of ``platform``."""
    return canonical_interface(name, platform).replace(" ", "").lower()
