"""Inventory checks of the wireless campus: SSID policy, security, WIDS, whitelist, radio.

A school without a wireless controller has no controller-managed WLAN, so
these checks are not applicable to it (cloud-managed or standalone APs are
judged by attestation). The SSIDs judged are those the school offers: the
catalogue's SSIDs whose zone has a VLAN in the school.
"""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, Zone
from campusctl.inventory.model.wireless import (
    INTERNAL_ZONES,
    NON_OVERLAPPING_2G,
    ApAuthMode,
    Security,
    Ssid,
    SsidAuth,
)
from campusctl.inventory.wireless_checks import offered_ssids
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Evidence, Finding, Source, Status

ADMISSION: dict[Zone, frozenset[SsidAuth]] = {
    Zone.OFFICE: frozenset({SsidAuth.DOT1X}),
    Zone.TEACHING: frozenset({SsidAuth.DOT1X, SsidAuth.MAC}),
    Zone.LAB: frozenset({SsidAuth.DOT1X}),
    Zone.STUDENT_WIFI: frozenset({SsidAuth.DOT1X, SsidAuth.PORTAL}),
    Zone.GUEST: frozenset({SsidAuth.PORTAL}),
    Zone.IOT: frozenset({SsidAuth.MAC, SsidAuth.DOT1X}),
}
"""Admission methods the standard allows per zone: 802.1X for staff, 802.1X or Portal for
students, Portal for guests, MAC or per-device 802.1X for terminals and IoT."""

_ISOLATED_ZONES = frozenset({Zone.STUDENT_WIFI, Zone.GUEST})


def _no_controller(ctx: SchoolContext) -> list[Finding] | None:
    if any(d.role is DeviceRole.WLC for d in ctx.school.devices):
        return None
    return [
        ctx.finding(
            Status.NOT_APPLICABLE,
            _("the school has no wireless controller; its APs are judged by attestation"),
        )
    ]


def _at(ctx: SchoolContext, ssid: Ssid, key: str, value: object) -> Evidence:
    return ctx.at(
        ("settings", "wireless", "ssids"),
        f"settings.wireless.ssids[{ssid.id}].{key}: {value}",
    )


def _result(
    ctx: SchoolContext, findings: list[Finding], message: str, evidence: list[Evidence]
) -> list[Finding]:
    return findings or [ctx.finding(Status.PASS, message, evidence)]


@check("inventory.ssid_policy", Source.INVENTORY)
def ssid_policy(ctx: SchoolContext) -> list[Finding]:
    """Check each offered SSID's admission, isolation and rate limit against its zone."""
    skipped = _no_controller(ctx)
    if skipped is not None:
        return skipped
    findings: list[Finding] = []
    offered = offered_ssids(ctx.school)
    for ssid in offered:
        allowed = ADMISSION.get(ssid.zone, frozenset())
        if ssid.auth not in allowed:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "SSID {ssid} of zone {zone} admits users by {auth}; allowed: {allowed}"
                    ).format(
                        ssid=ssid.ssid,
                        zone=ssid.zone.value,
                        auth=ssid.auth.value,
                        allowed=", ".join(sorted(a.value for a in allowed)),
                    ),
                    [_at(ctx, ssid, "auth", ssid.auth.value)],
                    subject=ssid.ssid,
                )
            )
        if ssid.zone in _ISOLATED_ZONES and not ssid.isolation:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SSID {ssid} of zone {zone} has no client isolation").format(
                        ssid=ssid.ssid, zone=ssid.zone.value
                    ),
                    [_at(ctx, ssid, "isolation", ssid.isolation)],
                    subject=ssid.ssid,
                )
            )
        if ssid.zone is Zone.GUEST and ssid.rate_limit_kbps is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("guest SSID {ssid} has no per-client rate limit").format(ssid=ssid.ssid),
                    [_at(ctx, ssid, "rate_limit_kbps", None)],
                    subject=ssid.ssid,
                )
            )
    return _result(
        ctx,
        findings,
        _("{count} SSID(s) with the admission and isolation of their zone").format(
            count=len(offered)
        ),
        [ctx.at(("settings",), ", ".join(s.ssid for s in offered))],
    )


@check("inventory.ssid_security", Source.INVENTORY)
def ssid_security(ctx: SchoolContext) -> list[Finding]:
    """Check encryption: internal SSIDs at MLPS level 3 authenticate against RADIUS.

    ``wpa3`` in the threshold (true or false) makes WPA3 required instead of preferred.
    """
    skipped = _no_controller(ctx)
    if skipped is not None:
        return skipped
    findings: list[Finding] = []
    offered = offered_ssids(ctx.school)
    need_wpa3 = bool(ctx.threshold.get("wpa3", False))
    for ssid in offered:
        internal = ssid.zone in INTERNAL_ZONES
        if (
            ctx.school.mlps_level >= 3
            and internal
            and ssid.auth not in (SsidAuth.DOT1X, SsidAuth.MAC)
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "internal SSID {ssid} at MLPS level 3 must authenticate against RADIUS (802.1X or MAC), not {auth}"
                    ).format(ssid=ssid.ssid, auth=ssid.auth.value),
                    [_at(ctx, ssid, "auth", ssid.auth.value)],
                    subject=ssid.ssid,
                )
            )
        if internal and ssid.security is Security.OPEN:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("internal SSID {ssid} is unencrypted").format(ssid=ssid.ssid),
                    [_at(ctx, ssid, "security", ssid.security.value)],
                    subject=ssid.ssid,
                )
            )
        if need_wpa3 and ssid.security not in (
            Security.WPA3_ENTERPRISE,
            Security.WPA3_SAE,
            Security.OPEN,
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SSID {ssid} uses {security}; WPA3 is required").format(
                        ssid=ssid.ssid, security=ssid.security.value
                    ),
                    [_at(ctx, ssid, "security", ssid.security.value)],
                    subject=ssid.ssid,
                )
            )
    return _result(
        ctx,
        findings,
        _("{count} SSID(s) with CCMP encryption or Portal admission, none WEP or TKIP").format(
            count=len(offered)
        ),
        [ctx.at(("settings",), ", ".join(f"{s.ssid}={s.security.value}" for s in offered))],
    )


@check("inventory.wids", Source.INVENTORY)
def wids(ctx: SchoolContext) -> list[Finding]:
    """Check rogue detection, containment at MLPS level 3, and hidden internal SSIDs."""
    skipped = _no_controller(ctx)
    if skipped is not None:
        return skipped
    wireless = ctx.school.settings.wireless
    evidence = [
        ctx.at(
            ("settings", "wireless", "wids"),
            f"wids: rogue_detection {wireless.wids.rogue_detection}, "
            f"containment {wireless.wids.containment}",
        )
    ]
    findings: list[Finding] = []
    if not wireless.wids.rogue_detection:
        findings.append(
            ctx.finding(Status.FAIL, _("rogue AP and attack detection is off"), evidence)
        )
    if ctx.school.mlps_level >= 3 and not wireless.wids.containment:
        findings.append(
            ctx.finding(
                Status.FAIL, _("MLPS level 3 requires rogue AP containment, which is off"), evidence
            )
        )
    for ssid in offered_ssids(ctx.school):
        if ssid.zone in INTERNAL_ZONES and not ssid.hidden:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("internal SSID {ssid} of zone {zone} is broadcast").format(
                        ssid=ssid.ssid, zone=ssid.zone.value
                    ),
                    [_at(ctx, ssid, "hidden", ssid.hidden)],
                    subject=ssid.ssid,
                )
            )
    return _result(ctx, findings, _("WIDS on and internal SSIDs hidden"), evidence)


@check("inventory.ap_whitelist", Source.INVENTORY)
def ap_whitelist(ctx: SchoolContext) -> list[Finding]:
    """Check that every AP can be whitelisted (MAC or serial) and that RRM controls the radios.

    APs without the identity the controller admits by are not installed yet
    (a newly planned school), so they make the finding manual rather than
    failed: the whitelist is complete once their labels are recorded.
    """
    skipped = _no_controller(ctx)
    if skipped is not None:
        return skipped
    wireless = ctx.school.settings.wireless
    kind = wireless.ap_auth.value
    aps = [(i, d) for i, d in enumerate(ctx.school.devices) if d.role is DeviceRole.AP]
    unknown = [
        (index, ap)
        for index, ap in aps
        if (ap.mac if wireless.ap_auth is ApAuthMode.MAC else ap.serial) is None
    ]
    if not wireless.radio.rrm:
        return [
            ctx.finding(
                Status.FAIL,
                _("radio resource management is off, so nothing limits channel and power"),
                [ctx.at(("settings", "wireless", "radio"), "radio.rrm: false")],
            )
        ]
    if unknown:
        return [
            ctx.finding(
                Status.MANUAL,
                _(
                    "{count} of {total} AP(s) have no {kind} yet, so the controller cannot admit them; record it from each AP's label"
                ).format(count=len(unknown), total=len(aps), kind=kind),
                [ctx.at(("devices", index), f"{ap.name} {kind}: -") for index, ap in unknown[:10]],
                measured=len(aps) - len(unknown),
                threshold=len(aps),
            )
        ]
    return [
        ctx.finding(
            Status.PASS,
            _("{count} of {total} AP(s) whitelisted by {kind}, RRM on").format(
                count=len(aps), total=len(aps), kind=kind
            ),
            [ctx.at(("devices",), f"ap_auth: {kind}")],
        )
    ]


@check("inventory.radio_policy", Source.INVENTORY)
def radio_policy(ctx: SchoolContext) -> list[Finding]:
    """Check 2.4 GHz channels 1/6/11 at 20 MHz, band steering and ``max_ssids`` per radio."""
    skipped = _no_controller(ctx)
    if skipped is not None:
        return skipped
    wireless = ctx.school.settings.wireless
    radio = wireless.radio
    limit = int(ctx.threshold.get("max_ssids", 4))
    where = ("settings", "wireless", "radio")
    findings: list[Finding] = []

    extra = sorted(set(radio.channels_24ghz) - set(NON_OVERLAPPING_2G))
    if extra:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("2.4 GHz channels {channels} overlap; use only 1, 6 and 11").format(
                    channels=", ".join(str(c) for c in extra)
                ),
                [ctx.at(where, f"channels_24ghz: {radio.channels_24ghz}")],
            )
        )
    if radio.width_24ghz_mhz != 20:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("2.4 GHz channels are {width} MHz wide; use 20 MHz").format(
                    width=radio.width_24ghz_mhz
                ),
                [ctx.at(where, f"width_24ghz_mhz: {radio.width_24ghz_mhz}")],
            )
        )
    if not radio.band_steering:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("band steering is off, so dual-band clients are not moved to 5 GHz"),
                [ctx.at(where, "band_steering: false")],
            )
        )

    offered = offered_ssids(ctx.school)
    for band in ("2.4ghz", "5ghz"):
        names = [s.ssid for s in offered if band in {b.value for b in s.bands}]
        if len(names) > limit:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "{count} SSIDs on the {band} radio exceed the limit of {limit}: {ssids}"
                    ).format(count=len(names), band=band, limit=limit, ssids=", ".join(names)),
                    [ctx.at(("settings", "wireless", "ssids"), ", ".join(names))],
                    measured=len(names),
                    threshold=limit,
                )
            )
    return _result(
        ctx,
        findings,
        _(
            "2.4 GHz on channels 1/6/11 at 20 MHz, band steering on, at most {limit} SSIDs per radio"
        ).format(limit=limit),
        [ctx.at(where, f"channels_24ghz: {radio.channels_24ghz}")],
    )
