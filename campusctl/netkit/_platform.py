"""Resolve the platform names that drivers, netmiko and inventories use."""

from __future__ import annotations

from campusctl.netkit.errors import UnknownPlatform
from campusctl.platforms import PlatformId

# Names that mean one of our platforms: our own ids, netmiko device types,
# NAPALM driver names, hier_config and netutils platform names.
_ALIASES: dict[str, PlatformId] = {
    "huawei_vrp": PlatformId.HUAWEI_VRP,
    "huawei": PlatformId.HUAWEI_VRP,
    "huawei_vrpv8": PlatformId.HUAWEI_VRP,
    "campus_huawei_vrp": PlatformId.HUAWEI_VRP,
    "h3c_comware": PlatformId.H3C_COMWARE,
    "hp_comware": PlatformId.H3C_COMWARE,
    "hp_comware5": PlatformId.H3C_COMWARE,
    "comware": PlatformId.H3C_COMWARE,
    "campus_h3c_comware": PlatformId.H3C_COMWARE,
    "ruijie_rgos": PlatformId.RUIJIE_RGOS,
    "ruijie_os": PlatformId.RUIJIE_RGOS,
    "campus_ruijie_rgos": PlatformId.RUIJIE_RGOS,
    "cisco_ios": PlatformId.CISCO_IOS,
    "cisco_xe": PlatformId.CISCO_IOS,
    "ios": PlatformId.CISCO_IOS,
    "campus_cisco_ios": PlatformId.CISCO_IOS,
}


def resolve_platform(name: str | PlatformId) -> PlatformId:
    """Map a platform id, netmiko device type or driver name to a :class:`PlatformId`.

    :raise UnknownPlatform: when ``name`` is none of the known spellings.
    """
    if isinstance(name, PlatformId):
        return name
    try:
        return _ALIASES[name.strip().lower()]
    except KeyError:
        raise UnknownPlatform(name, sorted(_ALIASES)) from None
