"""Sections and lines that a replace leaves on the device: protected and device-owned."""

from __future__ import annotations

from campusctl.platforms import PlatformId

# Sections a replace never negates, matched against the top-level line.
PROTECTED: tuple[str, ...] = (
    r"^stack\b",
    r"^irf\b",
    r"^irf-port\b",
    r"^switch \d+ provision\b",
    r"^license\b",
    r"^(?:rsa|dsa|ecc) peer-public-key\b",
    r"^(?:rsa|dsa|ecc) local-key-pair\b",
    r"^public-key (?:peer|local)\b",
    r"^crypto (?:key|pki)\b",
    r"^pki\b",
    r"^user-interface con\b",
    r"^line (?:con|console|class console)\b",
    # Objects every device has and none can delete.
    r"^vlan 1$",
    r"^interface (?:NULL|Null) ?0$",
)

# Lines each platform writes into its running configuration by itself; an
# intended config need not repeat them, and negating them fails or harms.
# NOTE: gathered from typical running configs of each OS, not exhaustive.
DEVICE_OWNED: dict[PlatformId, tuple[str, ...]] = {
    PlatformId.CISCO_IOS: (
        r"^boot-(?:start|end)-marker$",
        r"^spanning-tree extend system-id$",
        r"^ip forward-protocol nd$",
        r"^control-plane$",
        r"^diagnostic bootup level\b",
        r"^redundancy$",
        r"^interface Vlan1$",
        r"^transceiver type all$",
    ),
    PlatformId.RUIJIE_RGOS: (
        r"^install \d",
        r"^sysmac\b",
        r"^interface VLAN ?1$",
    ),
    PlatformId.HUAWEI_VRP: (
        r"^ip vpn-instance __LOCAL_OAM_VPN__$",
        r"^interface Vlanif1$",
    ),
    PlatformId.H3C_COMWARE: (
        r"^domain system$",
        r"^domain default enable system$",
        r"^user-group system$",
        r"^system-working-mode\b",
        r"^password-recovery enable$",
        r"^interface Vlan-interface1$",
    ),
}
