"""The intended WLAN state of a wireless controller, computed from the inventory.

Every SSID of the catalogue that the school offers (its zone has a VLAN
there) becomes one WLAN with the VLAN of that zone. Its traffic is tunnelled
to the controller, so wireless users enter the wired network at the
controller and not at the AP's access port. APs are admitted only by
the whitelist built from their MAC (or serial) numbers, and each building
with APs gets one AP group. The controller authenticates and accounts 802.1X
and MAC users against the school's own RADIUS server (the host of kind
server) when there is one, else against the RADIUS servers the school
inherits from its district or the province.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

from campusctl.inventory.model import Device, DeviceRole, HostKind, School
from campusctl.inventory.model.wireless import (
    ApAuthMode,
    Security,
    Ssid,
    ap_groups,
)
from campusctl.inventory.wireless_checks import offered_ssids
from campusctl.render.model import AaaServerIntent

PROFILE_PREFIX = "campus-"
"""Prefix of every WLAN profile campusctl writes, which marks its profiles among any others."""


@dataclass(slots=True)
class ApIntent:
    """One whitelisted AP."""

    id: int
    """Number of the AP on the controller, from 1 in AP-group order (Huawei ``ap-id``)."""
    name: str
    model: str
    group: str
    mac: str | None
    serial: str | None
    location: str
    mac_dashed: str
    """The MAC as Huawei and H3C write it (``0000-5e00-5301``); empty without a MAC."""
    mac_dotted: str
    """The MAC as Cisco and Ruijie write it (``0000.5e00.5301``); empty without a MAC."""


@dataclass(slots=True)
class ApGroupIntent:
    """The APs of one building."""

    name: str
    aps: list[str]


@dataclass(slots=True)
class WlanSsidIntent:
    """One SSID with its VLAN and policy."""

    wlan_id: int
    """WLAN number, from 1 in catalogue order (Huawei ``wlan``, Cisco and Ruijie WLAN id)."""
    profile: str
    ssid: str
    zone: str
    vlan: int
    auth: str
    security: str
    psk_secret: str | None
    hidden: bool
    isolation: bool
    rate_limit_kbps: int | None
    bands: list[str]
    enterprise: bool
    """802.1X with WPA2- or WPA3-Enterprise."""
    wpa3: bool
    """WPA3 (Enterprise or SAE)."""
    psk: bool
    """The SSID uses a pre-shared key."""


@dataclass(slots=True)
class PortalIntent:
    """The Portal server that guest and student SSIDs redirect to."""

    address: IPv4Address | IPv6Address
    url: str
    key_secret: str
    """Name of the secret holding the key the controller shares with the Portal server."""


@dataclass(slots=True)
class WlanIntent:
    """Everything the controller's WLAN configuration contains."""

    country_code: str
    ap_auth: str
    aps: list[ApIntent]
    groups: list[ApGroupIntent]
    ssids: list[WlanSsidIntent]
    radius: list[AaaServerIntent]
    radius_source: str
    """``school`` (the school's own server) or ``inherited`` (district or province)."""
    portal: PortalIntent | None
    channels_24ghz: list[int]
    width_24ghz_mhz: int
    width_5ghz_mhz: int
    band_steering: bool
    rrm: bool
    rogue_detection: bool
    containment: bool
    source_vlan: int
    """The VLAN whose interface sources CAPWAP toward the APs (the management VLAN)."""
    max_ssids_per_radio: int = 4


def _grouped(mac: str | None, separator: str) -> str:
    digits = (mac or "").replace(":", "")
    return separator.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _radius(school: School) -> tuple[list[AaaServerIntent], str]:
    wireless = school.settings.wireless
    servers = [h for h in school.hosts if h.kind is HostKind.SERVER]
    if servers:
        return [
            AaaServerIntent(h.ipv4.ip, 1812, 1813, wireless.radius_secret) for h in servers
        ], "school"
    return [
        AaaServerIntent(s.address, s.auth_port, s.acct_port, s.secret)
        for s in school.services.radius
    ], "inherited"


def _ssid(index: int, entry: Ssid, vlan: int) -> WlanSsidIntent:
    return WlanSsidIntent(
        wlan_id=index,
        profile=PROFILE_PREFIX + entry.id,
        ssid=entry.ssid,
        zone=entry.zone.value,
        vlan=vlan,
        auth=entry.auth.value,
        security=entry.security.value,
        psk_secret=entry.psk_secret,
        hidden=entry.hidden,
        isolation=entry.isolation,
        rate_limit_kbps=entry.rate_limit_kbps,
        bands=[band.value for band in entry.bands],
        enterprise=entry.security.enterprise,
        wpa3=entry.security in (Security.WPA3_ENTERPRISE, Security.WPA3_SAE),
        psk=entry.security.psk,
    )


def wlan_intent(school: School, device: Device) -> WlanIntent | None:
    """Return the WLAN intent of controller ``device``, or None for other roles."""
    if device.role is not DeviceRole.WLC:
        return None
    wireless = school.settings.wireless
    vlan_of_zone = {vlan.zone: vlan.id for vlan in school.vlans}

    ssids = [
        _ssid(index, entry, vlan_of_zone[entry.zone])
        for index, entry in enumerate(offered_ssids(school), start=1)
    ]

    rooms = {room.ap: room.id for _b, _f, room in school.rooms() if room.ap}
    aps: list[ApIntent] = []
    groups: list[ApGroupIntent] = []
    serial_mode = wireless.ap_auth is ApAuthMode.SERIAL
    for group, all_members in ap_groups(school).items():
        # An AP without the identity the controller admits by is not installed yet.
        members = [ap for ap in all_members if (ap.serial if serial_mode else ap.mac)]
        if not members:
            continue
        groups.append(ApGroupIntent(group, [ap.name for ap in members]))
        for ap in members:
            aps.append(
                ApIntent(
                    id=len(aps) + 1,
                    name=ap.name,
                    model=ap.model,
                    group=group,
                    mac=ap.mac,
                    serial=ap.serial,
                    location=rooms.get(ap.name, f"{ap.building or '-'}/{ap.floor or '-'}F"),
                    mac_dashed=_grouped(ap.mac, "-"),
                    mac_dotted=_grouped(ap.mac, "."),
                )
            )

    radius, source = _radius(school)
    radio = wireless.radio
    return WlanIntent(
        country_code=wireless.country_code,
        ap_auth="serial" if serial_mode else "mac",
        aps=aps,
        groups=groups,
        ssids=ssids,
        radius=radius,
        radius_source=source,
        portal=(
            PortalIntent(wireless.portal.address, wireless.portal.url, wireless.portal.key_secret)
            if wireless.portal
            else None
        ),
        channels_24ghz=list(radio.channels_24ghz),
        width_24ghz_mhz=radio.width_24ghz_mhz,
        width_5ghz_mhz=radio.width_5ghz_mhz,
        band_steering=radio.band_steering,
        rrm=radio.rrm,
        rogue_detection=wireless.wids.rogue_detection,
        containment=wireless.wids.containment,
        source_vlan=device.management.vlan,
        max_ssids_per_radio=radio.max_ssids_per_radio,
    )


__all__ = [
    "ApGroupIntent",
    "ApIntent",
    "PortalIntent",
    "WlanIntent",
    "WlanSsidIntent",
    "wlan_intent",
]
