"""WLAN checks on a controller's running or rendered configuration, for the four vendors.

The facts are read from the configuration tree by the vendors' command forms:

========== ============================== ============================ ==================
platform   AP admission (whitelist)       whitelisted AP               WIDS / containment
========== ============================== ============================ ==================
VRP        ``ap auth-mode mac-auth|sn``   ``ap-id N ap-mac H-H-H``     ``wids device detect
                                                                        enable`` / ``wids
                                                                        contain enable``
Comware    no ``wlan auto-ap enable``     ``wlan ap`` → ``mac-address`` ``wips`` →
                                                                        ``countermeasure``
IOS-XE     ``ap auth-list authorize-mac`` ``username <MAC> mac``       ``wireless wps
                                                                        rogue`` /
                                                                        ``auto-contain``
RGOS       ``ap-auth mac|serial``         ``ap-config`` → ``ap-mac``   ``wids`` →
                                                                        ``countermeasures``
========== ============================== ============================ ==================

On the fast path, facts come from the renderer's intent and there is no
configuration tree. The same facts then come from the controller's WLAN intent,
which states what the templates write. Pre-shared keys are not measured there,
because the intent carries only secret names.

Pre-shared keys shown in cipher form (``cipher``, type 7) cannot be measured,
so only plain-text keys are checked against the minimum length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hier_config import HConfigChild

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, Zone
from campusctl.inventory.model.wireless import INTERNAL_ZONES, MIN_PSK_LENGTH, normalize_mac
from campusctl.inventory.wireless_checks import offered_ssids
from campusctl.platforms import PlatformId
from campusctl.render.wlan import WlanIntent, wlan_intent
from campusctl.standard.config.device import DeviceContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status

_WEAK = re.compile(r"\b(wep(40|104|128)?|static-wep-key|tkip)\b", re.IGNORECASE)
_PSK = {
    PlatformId.HUAWEI_VRP: re.compile(
        r"^security (wpa2|wpa|wpa-wpa2) psk pass-phrase (?P<key>\S+)"
    ),
    PlatformId.H3C_COMWARE: re.compile(r"^preshared-key pass-phrase simple (?P<key>\S+)"),
    PlatformId.CISCO_IOS: re.compile(r"^security wpa psk set-key ascii 0 (?P<key>\S+)"),
    PlatformId.RUIJIE_RGOS: re.compile(r"^security rsn akm psk set-key ascii (?P<key>\S+)"),
}
ISOLATED_ZONES = frozenset({Zone.STUDENT_WIFI, Zone.GUEST})
"""Zones whose SSIDs must isolate clients from each other."""
_MAC = re.compile(r"^[0-9a-fA-F]{4}[.-]?[0-9a-fA-F]{4}[.-]?[0-9a-fA-F]{4}$")


def _intent(ctx: DeviceContext) -> WlanIntent | None:
    """Return the controller's WLAN intent when the facts come from the intent (no tree)."""
    if ctx.parsed.tree.children:
        return None
    return wlan_intent(ctx.school, ctx.device)


def _walk(ctx: DeviceContext) -> Iterator[HConfigChild]:
    yield from ctx.parsed.tree.all_children()


def _is_controller(ctx: DeviceContext) -> bool:
    return ctx.device.role is DeviceRole.WLC


def _whitelist_mode(ctx: DeviceContext) -> tuple[bool, HConfigChild | None]:
    """Return whether the controller admits only listed APs, and the deciding line."""
    platform = ctx.parsed.platform
    for node in _walk(ctx):
        text = node.text
        if platform is PlatformId.HUAWEI_VRP and text.startswith("ap auth-mode "):
            return text.split()[-1] in ("mac-auth", "sn-auth"), node
        if platform is PlatformId.H3C_COMWARE and text == "wlan auto-ap enable":
            return False, node
        if platform is PlatformId.CISCO_IOS and text.startswith("ap auth-list authorize-"):
            return True, node
        if platform is PlatformId.RUIJIE_RGOS and text.startswith("ap-auth "):
            return text.split()[-1] in ("mac", "serial"), node
    # Comware creates no AP on its own unless auto-AP is enabled.
    return platform is PlatformId.H3C_COMWARE, None


def _whitelisted_macs(ctx: DeviceContext) -> set[str]:
    platform = ctx.parsed.platform
    found: set[str] = set()
    for node in _walk(ctx):
        words = node.text.split()
        candidate = None
        if platform is PlatformId.HUAWEI_VRP and words[:1] == ["ap-id"] and "ap-mac" in words:
            candidate = words[words.index("ap-mac") + 1]
        elif platform is PlatformId.H3C_COMWARE and words[:1] == ["mac-address"]:
            candidate = words[-1]
        elif (
            platform is PlatformId.CISCO_IOS and words[:1] == ["username"] and words[2:3] == ["mac"]
        ):
            candidate = words[1]
        elif platform is PlatformId.RUIJIE_RGOS and words[:1] == ["ap-mac"]:
            candidate = words[-1]
        if candidate and _MAC.match(candidate):
            found.add(normalize_mac(candidate))
    return found


@check("config.wlan_whitelist", Source.CONFIG)
def wlan_whitelist(ctx: DeviceContext) -> list[Finding]:
    """Check that the controller admits only whitelisted APs and lists every AP of the school."""
    if not _is_controller(ctx):
        return [ctx.finding(Status.NOT_APPLICABLE, _("not a wireless controller"))]
    intent = _intent(ctx)
    if intent is not None:
        only_listed, node = True, None
        listed = {ap.mac for ap in intent.aps if ap.mac}
    else:
        only_listed, node = _whitelist_mode(ctx)
        listed = _whitelisted_macs(ctx)
    evidence = [ctx.parsed.evidence(node)] if node is not None else []
    findings: list[Finding] = []
    if not only_listed:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("the controller admits APs that are not on its whitelist"),
                evidence or [ctx.parsed.absent("ap auth-mode mac-auth")],
            )
        )
    aps = [d for d in ctx.school.devices if d.role is DeviceRole.AP and d.mac]
    missing = [ap.name for ap in aps if ap.mac not in listed]
    if missing:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("{count} AP(s) of the inventory are not whitelisted: {aps}").format(
                    count=len(missing), aps=", ".join(missing[:10])
                ),
                [
                    ctx.parsed.absent(
                        _("whitelist entries of {aps}").format(aps=", ".join(missing[:3]))
                    )
                ],
                measured=len(aps) - len(missing),
                threshold=len(aps),
            )
        )
    return findings or [
        ctx.finding(
            Status.PASS,
            _("{count} AP(s) whitelisted; unknown APs are not admitted").format(count=len(aps)),
            evidence,
        )
    ]


@check("config.wlan_security", Source.CONFIG)
def wlan_security(ctx: DeviceContext) -> list[Finding]:
    """Reject WEP and TKIP anywhere in the configuration, and plain-text PSKs under 8 characters."""
    if not _is_controller(ctx):
        return [ctx.finding(Status.NOT_APPLICABLE, _("not a wireless controller"))]
    findings: list[Finding] = []
    psk_form = _PSK[ctx.parsed.platform]
    keys = 0
    for node in _walk(ctx):
        if _WEAK.search(node.text):
            findings.append(
                ctx.finding(
                    Status.FAIL, _("WEP or TKIP is configured"), [ctx.parsed.evidence(node)]
                )
            )
        match = psk_form.match(node.text)
        if match is None or match["key"] in ("cipher", "7"):
            continue
        keys += 1
        if len(match["key"]) < MIN_PSK_LENGTH:
            # The evidence names the line but never shows the key.
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "a pre-shared key has {length} characters; at least {minimum} are required"
                    ).format(length=len(match["key"]), minimum=MIN_PSK_LENGTH),
                    [
                        ctx.parsed.evidence(node.parent)
                        if isinstance(node.parent, HConfigChild)
                        else ctx.parsed.absent("")
                    ],
                )
            )
    return findings or [
        ctx.finding(
            Status.PASS,
            _(
                "no WEP or TKIP; {count} plain-text pre-shared key(s) of 8 characters or more"
            ).format(count=keys),
        )
    ]


_DETECT = {
    PlatformId.HUAWEI_VRP: ("wids device detect enable", "wids contain enable"),
    PlatformId.H3C_COMWARE: ("attack-detect-policy", "countermeasure rogue-ap"),
    PlatformId.CISCO_IOS: ("wireless wps rogue ap notify-min-rssi", "wireless wps auto-contain"),
    PlatformId.RUIJIE_RGOS: ("device-detect enable", "countermeasures enable"),
}


@check("config.wlan_wids", Source.CONFIG)
def wlan_wids(ctx: DeviceContext) -> list[Finding]:
    """Check rogue detection, and containment at MLPS level 3."""
    if not _is_controller(ctx):
        return [ctx.finding(Status.NOT_APPLICABLE, _("not a wireless controller"))]
    detect, contain = _DETECT[ctx.parsed.platform]
    detect_node = next((n for n in _walk(ctx) if n.text.startswith(detect)), None)
    contain_node = next((n for n in _walk(ctx) if n.text.startswith(contain)), None)
    intent = _intent(ctx)
    detecting = intent.rogue_detection if intent is not None else detect_node is not None
    containing = intent.containment if intent is not None else contain_node is not None
    findings: list[Finding] = []
    if not detecting:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("rogue AP and attack detection is off"),
                [ctx.parsed.absent(detect)],
            )
        )
    if ctx.school.mlps_level >= 3 and not containing:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("MLPS level 3 requires rogue AP containment, which is off"),
                [ctx.parsed.absent(contain)],
            )
        )
    evidence = [ctx.parsed.evidence(n) for n in (detect_node, contain_node) if n is not None]
    return findings or [ctx.finding(Status.PASS, _("WIDS on"), evidence)]


class _SsidFacts:
    """Isolation and broadcast of one SSID as the controller's configuration shows them."""

    def __init__(self, node: HConfigChild) -> None:
        self.node = node
        self.isolation = False
        self.hidden = False


def _child_texts(node: HConfigChild) -> set[str]:
    return {child.text for child in node.all_children()}


def _ssid_facts(ctx: DeviceContext) -> dict[str, _SsidFacts]:
    """Return the facts of every SSID the configuration defines, by SSID name."""
    platform = ctx.parsed.platform
    tree = ctx.parsed.tree
    found: dict[str, _SsidFacts] = {}
    if platform is PlatformId.HUAWEI_VRP:
        # ssid-profile → SSID name; vap-profile → ssid-profile and traffic-profile.
        wlan = next(iter(tree.get_children(equals="wlan")), None)
        if wlan is None:
            return found
        ssid_of: dict[str, tuple[str, bool]] = {}
        isolated: set[str] = set()
        for child in wlan.children:
            words = child.text.split()
            texts = _child_texts(child)
            if words[:2] == ["ssid-profile", "name"]:
                name = next((t[5:] for t in texts if t.startswith("ssid ")), "")
                ssid_of[words[2]] = (name, "ssid-hide enable" in texts)
            elif words[:2] == ["traffic-profile", "name"] and any(
                t.startswith("user-isolate") for t in texts
            ):
                isolated.add(words[2])
        for child in wlan.children:
            words = child.text.split()
            if words[:2] != ["vap-profile", "name"]:
                continue
            texts = _child_texts(child)
            ssid_profile = next((t.split()[1] for t in texts if t.startswith("ssid-profile ")), "")
            traffic = next((t.split()[1] for t in texts if t.startswith("traffic-profile ")), "")
            if ssid_profile in ssid_of:
                name, hidden = ssid_of[ssid_profile]
                facts = found.setdefault(name, _SsidFacts(child))
                facts.hidden = hidden
                facts.isolation = traffic in isolated
        return found
    for node in tree.children:
        words = node.text.split()
        texts = _child_texts(node)
        name = ""
        if platform is PlatformId.H3C_COMWARE and words[:2] == ["wlan", "service-template"]:
            name = next((t[5:] for t in texts if t.startswith("ssid ")), "")
            hidden, isolation = "beacon ssid-hide" in texts, "user-isolation enable" in texts
        elif platform is PlatformId.CISCO_IOS and words[:1] == ["wlan"] and len(words) >= 4:
            name = " ".join(words[3:])
            hidden = "no broadcast-ssid" in texts
            isolation = any(t.startswith("peer-blocking") for t in texts)
        elif (
            platform is PlatformId.RUIJIE_RGOS and words[:1] == ["wlan-config"] and len(words) >= 4
        ):
            name = " ".join(words[3:])
            hidden = "no enable-broad-ssid" in texts
            isolation = "sta-isolation enable" in texts
        if name:
            facts = found.setdefault(name, _SsidFacts(node))
            facts.hidden, facts.isolation = hidden, isolation
    return found


@check("config.wlan_ssids", Source.CONFIG)
def wlan_ssids(ctx: DeviceContext) -> list[Finding]:
    """Check client isolation on student and guest SSIDs and hidden internal SSIDs."""
    if not _is_controller(ctx):
        return [ctx.finding(Status.NOT_APPLICABLE, _("not a wireless controller"))]
    offered = offered_ssids(ctx.school)
    intent = _intent(ctx)
    if intent is not None:
        configured = {s.ssid: (s.isolation, s.hidden) for s in intent.ssids}
        nodes: dict[str, HConfigChild | None] = {s.ssid: None for s in intent.ssids}
    else:
        facts = _ssid_facts(ctx)
        configured = {name: (f.isolation, f.hidden) for name, f in facts.items()}
        nodes = {name: f.node for name, f in facts.items()}
    findings: list[Finding] = []
    for ssid in offered:
        if ssid.ssid not in configured:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SSID {ssid} of the catalogue is not configured").format(ssid=ssid.ssid),
                    [ctx.parsed.absent(ssid.ssid)],
                )
            )
            continue
        isolation, hidden = configured[ssid.ssid]
        node = nodes[ssid.ssid]
        evidence = [ctx.parsed.evidence(node)] if node is not None else []
        if ssid.zone in ISOLATED_ZONES and not isolation:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SSID {ssid} of zone {zone} has no client isolation").format(
                        ssid=ssid.ssid, zone=ssid.zone.value
                    ),
                    evidence or [ctx.parsed.absent(ssid.ssid)],
                )
            )
        if ssid.zone in INTERNAL_ZONES and not hidden:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("internal SSID {ssid} of zone {zone} is broadcast").format(
                        ssid=ssid.ssid, zone=ssid.zone.value
                    ),
                    evidence or [ctx.parsed.absent(ssid.ssid)],
                )
            )
    return findings or [
        ctx.finding(
            Status.PASS,
            _("{count} SSID(s) with the admission and isolation of their zone").format(
                count=len(offered)
            ),
        )
    ]
