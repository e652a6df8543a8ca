"""The one table of supported platforms.

Every module that needs a vendor fact (netmiko device type, NAPALM driver,
hier_config platform, interface naming, save command) reads it from here, so
adding or correcting a platform is one edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PlatformId(StrEnum):
    """Platform identifiers used in the inventory and in group names."""

    HUAWEI_VRP = "huawei_vrp"
    H3C_COMWARE = "h3c_comware"
    RUIJIE_RGOS = "ruijie_rgos"
    CISCO_IOS = "cisco_ios"


@dataclass(frozen=True, slots=True)
class Platform:
    """Vendor facts for one platform."""

    id: PlatformId
    vendor: str
    os_families: tuple[str, ...]
    netmiko_device_type: str
    napalm_driver: str
    community_napalm_driver: str | None
    netutils_platform: str
    paging_off: str
    config_enter: str
    config_exit: str
    save_command: str
    lag_prefix: str
    svi_prefix: str


PLATFORMS: dict[PlatformId, Platform] = {
    PlatformId.HUAWEI_VRP: Platform(
        id=PlatformId.HUAWEI_VRP,
        vendor="Huawei",
        os_families=("VRP5", "VRP8"),
        netmiko_device_type="huawei",
        napalm_driver="campus_huawei_vrp",
        community_napalm_driver="huawei_vrp",
        netutils_platform="huawei_vrp",
        paging_off="screen-length 0 temporary",
        config_enter="system-view",
        config_exit="return",
        save_command="save",
        lag_prefix="Eth-Trunk",
        svi_prefix="Vlanif",
    ),
    PlatformId.H3C_COMWARE: Platform(
        id=PlatformId.H3C_COMWARE,
        vendor="H3C",
        os_families=("Comware5", "Comware7"),
        netmiko_device_type="hp_comware",
        napalm_driver="campus_h3c_comware",
        community_napalm_driver="h3c_comware",
        netutils_platform="hp_comware",
        paging_off="screen-length disable",
        config_enter="system-view",
        config_exit="return",
        save_command="save force",
        lag_prefix="Bridge-Aggregation",
        svi_prefix="Vlan-interface",
    ),
    PlatformId.RUIJIE_RGOS: Platform(
        id=PlatformId.RUIJIE_RGOS,
        vendor="Ruijie",
        os_families=("RGOS",),
        netmiko_device_type="ruijie_os",
        napalm_driver="campus_ruijie_rgos",
        community_napalm_driver=None,
        netutils_platform="ruijie_rgos",
        paging_off="terminal length 0",
        config_enter="configure terminal",
        config_exit="end",
        save_command="write",
        lag_prefix="AggregatePort",
        svi_prefix="VLAN",
    ),
    PlatformId.CISCO_IOS: Platform(
        id=PlatformId.CISCO_IOS,
        vendor="Cisco",
        os_families=("IOS", "IOS-XE"),
        netmiko_device_type="cisco_ios",
        napalm_driver="campus_cisco_ios",
        community_napalm_driver="ios",
        netutils_platform="cisco_ios",
        paging_off="terminal length 0",
        config_enter="configure terminal",
        config_exit="end",
        save_command="write memory",
        lag_prefix="Port-channel",
        svi_prefix="Vlan",
    ),
}


def platform(platform_id: str) -> Platform:
    """Return the facts of ``platform_id``; raise KeyError naming the known ids."""
    try:
        return PLATFORMS[PlatformId(platform_id)]
    except ValueError as err:
        known = ", ".join(p.value for p in PlatformId)
        raise KeyError(f"unknown platform {platform_id!r}; known platforms: {known}") from err
