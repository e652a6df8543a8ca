"""The wireless part of the inventory: SSID catalogue, radio and WIDS policy, AP identity.

The catalogue is a setting, so it is inherited like the others (province →
city → district → school) and a school may replace it. Each SSID maps to one
functional zone, and the controller puts its clients into the school's VLAN
of that zone. AP groups are not written in the inventory: every building with
APs gets one, named ``<building id>`` (see :func:`ap_groups`).

The model rejects SSIDs whose admission and security contradict each other
(802.1X without an Enterprise cipher suite, an open SSID with neither Portal
nor MAC authentication, a PSK SSID without a key). What the standard requires on
top (isolation on student and guest SSIDs, hidden internal SSIDs, channels
1/6/11) is left to the compliance checks, so that a non-compliant school
still loads and gets a located finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from enum import StrEnum
from ipaddress import IPv4Address, IPv6Address
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field, model_validator

from campusctl.i18n import _
from campusctl.inventory.model.base import Flag, Positive, StrictModel, Text
from campusctl.inventory.model.enums import DeviceRole, Zone

if TYPE_CHECKING:
    from campusctl.inventory.model.school import Device, School

_RE_MAC = re.compile(r"^[0-9a-f]{12}$")
MIN_PSK_LENGTH = 8
"""Shortest WPA pre-shared key the standard allows (GB/T 22239-2019, wireless extension)."""
NON_OVERLAPPING_2G = (1, 6, 11)
MAX_SSID_BYTES = 32
"""IEEE 802.11 limits an SSID to 32 octets; Chinese names take 3 octets per character."""


def normalize_mac(value: str) -> str:
    """Return ``value`` as ``aa:bb:cc:dd:ee:ff``; accepts ``:``, ``-`` and ``.`` groupings."""
    digits = re.sub(r"[:\-.]", "", value.strip().lower())
    if not _RE_MAC.match(digits):
        raise ValueError(
            _("invalid MAC address {value}; write it like 00:e0:fc:12:34:56").format(value=value)
        )
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


MacAddress = Annotated[str, Field(strict=True), AfterValidator(normalize_mac)]
"""A MAC address, stored as ``aa:bb:cc:dd:ee:ff`` whatever grouping the file uses."""


def _ssid_length(value: str) -> str:
    if len(value.encode("utf-8")) > MAX_SSID_BYTES:
        raise ValueError(
            _("SSID {ssid} is {count} bytes in UTF-8; 802.11 allows at most 32").format(
                ssid=value, count=len(value.encode("utf-8"))
            )
        )
    return value


SsidName = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_ssid_length)]
ProfileName = Annotated[str, Field(strict=True, pattern=r"^[a-z][a-z0-9-]{0,14}$")]
"""A profile key: lower-case letters, digits and ``-``, at most 15 characters, so it fits
every vendor's profile-name limit once prefixed."""


class SsidAuth(StrEnum):
    """Admission method of an SSID."""

    DOT1X = "dot1x"
    PORTAL = "portal"
    MAC = "mac"
    PSK = "psk"


class Security(StrEnum):
    """Link-layer security of an SSID; every suite uses CCMP (AES), never WEP or TKIP."""

    WPA2_ENTERPRISE = "wpa2-enterprise"
    WPA3_ENTERPRISE = "wpa3-enterprise"
    WPA2_PSK = "wpa2-psk"
    WPA3_SAE = "wpa3-sae"
    OPEN = "open"

    @property
    def enterprise(self) -> bool:
        """The suite authenticates with 802.1X against RADIUS."""
        return self in (Security.WPA2_ENTERPRISE, Security.WPA3_ENTERPRISE)

    @property
    def psk(self) -> bool:
        """The suite uses a pre-shared key (WPA2-PSK or WPA3-SAE)."""
        return self in (Security.WPA2_PSK, Security.WPA3_SAE)


class Band(StrEnum):
    """Radio bands an SSID is offered on."""

    G24 = "2.4ghz"
    G5 = "5ghz"


class ApAuthMode(StrEnum):
    """AP admission mode of the controller: a whitelist of MAC addresses or of serial numbers."""

    MAC = "mac"
    SERIAL = "serial"


WIRELESS_ZONES = frozenset(
    {Zone.TEACHING, Zone.OFFICE, Zone.LAB, Zone.STUDENT_WIFI, Zone.GUEST, Zone.IOT}
)
"""Zones an SSID may map to; management, server, surveillance and card zones never."""

INTERNAL_ZONES = frozenset({Zone.TEACHING, Zone.OFFICE, Zone.LAB, Zone.IOT})
"""Zones whose SSIDs are internal, so the standard wants them hidden."""


class Ssid(StrictModel):
    """One SSID of the catalogue and its policy."""

    id: ProfileName
    """Key of the SSID's controller profiles (``staff`` → ``campus-staff``)."""
    ssid: SsidName
    zone: Zone
    auth: SsidAuth
    security: Security
    psk_secret: Text | None = None
    """Name of the secret holding the pre-shared key (never the key itself)."""
    hidden: Flag = False
    isolation: Flag = False
    """Client (layer 2) isolation between the SSID's users."""
    rate_limit_kbps: Positive | None = None
    """Per-client rate limit, upstream and downstream, in kbit/s."""
    bands: list[Band] = [Band.G24, Band.G5]

    @model_validator(mode="after")
    def _consistent(self) -> Ssid:
        if self.zone not in WIRELESS_ZONES:
            allowed = ", ".join(sorted(WIRELESS_ZONES))
            raise ValueError(
                _(
                    "SSID {ssid} maps to zone {zone}, which takes no wireless users; use one of: {allowed}"
                ).format(ssid=self.ssid, zone=self.zone.value, allowed=allowed)
            )
        if self.auth is SsidAuth.DOT1X and not self.security.enterprise:
            raise ValueError(
                _(
                    "SSID {ssid} uses 802.1X, which needs security wpa2-enterprise or wpa3-enterprise"
                ).format(ssid=self.ssid)
            )
        if self.security.enterprise and self.auth is not SsidAuth.DOT1X:
            raise ValueError(
                _("SSID {ssid} has Enterprise security, which needs auth dot1x").format(
                    ssid=self.ssid
                )
            )
        if self.auth is SsidAuth.PSK and not self.security.psk:
            raise ValueError(
                _("SSID {ssid} uses auth psk, which needs security wpa2-psk or wpa3-sae").format(
                    ssid=self.ssid
                )
            )
        if self.security.psk and self.psk_secret is None:
            raise ValueError(
                _("SSID {ssid} uses a pre-shared key but names no psk_secret").format(
                    ssid=self.ssid
                )
            )
        if not self.security.psk and self.psk_secret is not None:
            raise ValueError(
                _("SSID {ssid} names a psk_secret but its security {security} takes no key").format(
                    ssid=self.ssid, security=self.security.value
                )
            )
        if self.security is Security.OPEN and self.auth not in (SsidAuth.PORTAL, SsidAuth.MAC):
            raise ValueError(
                _("open SSID {ssid} has no admission control; use auth portal or mac").format(
                    ssid=self.ssid
                )
            )
        if not self.bands:
            raise ValueError(_("SSID {ssid} is offered on no band").format(ssid=self.ssid))
        return self


class RadioPolicy(StrictModel):
    """Radio settings every AP group gets."""

    channels_24ghz: list[Annotated[int, Field(strict=True, ge=1, le=13)]] = list(NON_OVERLAPPING_2G)
    """2.4 GHz channels the controller's channel selection may use."""
    width_24ghz_mhz: Annotated[int, Field(strict=True)] = 20
    width_5ghz_mhz: Annotated[int, Field(strict=True)] = 40
    band_steering: Flag = True
    """Steer dual-band clients to 5 GHz."""
    rrm: Flag = True
    """Automatic channel and transmit-power selection (radio resource management)."""
    max_ssids_per_radio: Annotated[int, Field(strict=True, ge=1, le=16)] = 4

    @model_validator(mode="after")
    def _widths(self) -> RadioPolicy:
        if self.width_24ghz_mhz not in (20, 40):
            raise ValueError(_("2.4 GHz channel width must be 20 or 40 MHz"))
        if self.width_5ghz_mhz not in (20, 40, 80, 160):
            raise ValueError(_("5 GHz channel width must be 20, 40, 80 or 160 MHz"))
        return self


class WidsPolicy(StrictModel):
    """Wireless intrusion detection on the controller."""

    rogue_detection: Flag = True
    """Detect rogue APs and clients, floods, spoofing and weak-key attacks."""
    containment: Flag = False
    """Contain (deauthenticate clients of) rogue APs that spoof the school's SSIDs."""


class PortalServer(StrictModel):
    """The Portal (web authentication) server of guest and student SSIDs."""

    address: IPv4Address | IPv6Address
    url: Text
    """The login page clients are redirected to."""
    key_secret: Text = "wlan_portal_key"
    """Name of the secret the controller and the Portal server share to sign their messages.

    Ruijie's second-generation web authentication (``web-auth template eportalv2``)
    does not start without it (``web-auth portal key``).
    """


class WirelessSettings(StrictModel):
    """The SSID catalogue and the radio, WIDS and AP-admission policy."""

    ssids: list[Ssid] = []
    radio: RadioPolicy = RadioPolicy()
    wids: WidsPolicy = WidsPolicy()
    ap_auth: ApAuthMode = ApAuthMode.MAC
    country_code: Annotated[str, Field(strict=True, pattern=r"^[A-Z]{2}$")] = "CN"
    portal: PortalServer | None = None
    radius_secret: Text = "radius_shared_secret"
    """Name of the secret shared with the school's RADIUS server when the controller uses it."""

    @model_validator(mode="after")
    def _unique(self) -> WirelessSettings:
        for attribute in ("id", "ssid"):
            seen: set[str] = set()
            for entry in self.ssids:
                value = getattr(entry, attribute)
                if value in seen:
                    raise ValueError(
                        _("{key} {value} appears twice in the SSID catalogue").format(
                            key=attribute, value=value
                        )
                    )
                seen.add(value)
        if self.portal is None and any(s.auth is SsidAuth.PORTAL for s in self.ssids):
            raise ValueError(_("an SSID uses Portal authentication, but no portal server is set"))
        return self

    def per_band(self) -> dict[Band, list[Ssid]]:
        """Return the SSIDs offered on each band."""
        result: dict[Band, list[Ssid]] = defaultdict(list)
        for entry in self.ssids:
            for band in entry.bands:
                result[band].append(entry)
        return dict(result)


def ap_groups(school: School) -> dict[str, list[Device]]:
    """Return the school's APs by AP group: one group per building, in inventory order.

    An AP without a building lands in group ``default``; the inventory checks
    report it.
    """
    groups: dict[str, list[Device]] = {}
    for device in school.devices:
        if device.role is DeviceRole.AP:
            groups.setdefault(device.building or "default", []).append(device)
    return groups
