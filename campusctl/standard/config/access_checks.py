"""Access-layer configuration checks: snooping, edge protection, VLAN hygiene, IPv6 first hop.

Shared constants and helpers live in :mod:`.checks`, which holds the
management-plane checks.
"""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DhcpMode, PortProfile
from campusctl.platforms import PlatformId
from campusctl.standard.config.checks import _IPV6_ROUTING, _SNOOPING_PER_VLAN, _passed
from campusctl.standard.config.device import DeviceContext, port_key
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status


def _user_vlans(ctx: DeviceContext) -> set[int]:
    """Return the VLANs of the device's end-device ports whose clients use DHCP."""
    vlans: set[int] = set()
    for _name, vlan_id, profile in ctx.user_ports(
        {PortProfile.TERMINAL, PortProfile.PRINTER, PortProfile.CAMERA}
    ):
        vlan = ctx.school.vlan(vlan_id) if vlan_id else None
        if vlan is not None and vlan.dhcp is not DhcpMode.NONE and profile:
            vlans.add(vlan.id)
    return vlans


@check("config.dhcp_snooping", Source.CONFIG)
def dhcp_snooping(ctx: DeviceContext) -> list[Finding]:
    """Require DHCP snooping on every user VLAN, trusted on uplinks only."""
    facts, parsed = ctx.facts, ctx.parsed
    findings: list[Finding] = []
    if facts.dhcp_snooping is None:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("DHCP snooping is not enabled globally"),
                [parsed.absent("DHCP snooping")],
            )
        )

    needed = _user_vlans(ctx)
    if parsed.platform in _SNOOPING_PER_VLAN and needed:
        covered = facts.dhcp_snooping_vlans[0] if facts.dhcp_snooping_vlans else set()
        missing = needed - covered
        if missing:
            evidence = (
                [facts.dhcp_snooping_vlans[1]]
                if facts.dhcp_snooping_vlans
                else [parsed.absent("DHCP snooping VLANs")]
            )
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("DHCP snooping is off on user VLAN(s) {vlans}").format(
                        vlans=", ".join(map(str, sorted(missing)))
                    ),
                    evidence,
                )
            )

    uplinks = ctx.uplink_ports()
    trusted_uplink = False
    for interface in facts.interfaces.values():
        if interface.dhcp_trusted is None:
            continue
        if port_key(interface.name) in uplinks or (
            interface.lag and port_key(interface.lag) in uplinks
        ):
            trusted_uplink = True
            continue
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("DHCP snooping trusts {port}, which is not an uplink").format(
                    port=interface.name
                ),
                [interface.dhcp_trusted],
                port=interface.name,
            )
        )

    # A switch that routes its user VLANs relays DHCP itself, so no port needs trust.
    relays = all(
        (v := ctx.school.vlan(vlan)) is not None and v.gateway == ctx.device.name for vlan in needed
    )
    if not trusted_uplink and facts.dhcp_snooping is not None and not relays:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("no uplink is DHCP-snooping trusted, so clients get no address"),
                [parsed.absent("trusted uplink")],
            )
        )
    return _passed(
        ctx,
        findings,
        _("DHCP snooping on, trusted on uplinks only"),
        [e for e in (facts.dhcp_snooping,) if e],
    )


@check("config.edge_protection", Source.CONFIG)
def edge_protection(ctx: DeviceContext) -> list[Finding]:
    """Require every end-device port to be an edge port with BPDU protection and storm control.

    Storm control counts when the broadcast threshold is at most ``max_storm_percent``
    of the port speed. NOTE: loop detection is not checked, because the vendors'
    loop-detection commands differ too much to read reliably.
    """
    facts = ctx.facts
    maximum = float(ctx.threshold.get("max_storm_percent", 5))
    findings: list[Finding] = []
    for name, _vlan, _profile in ctx.user_ports():
        interface = ctx.interface(name)
        if interface is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("port {port} of the inventory is not in the configuration").format(port=name),
                    [ctx.parsed.absent(f"interface {name}")],
                    port=name,
                )
            )
            continue
        if interface.edge is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} is not an edge port").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        if facts.bpdu_protection is None and interface.bpdu_guard is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no BPDU protection").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        if interface.storm_percent is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no broadcast storm control").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        elif interface.storm_percent[0] > maximum:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} allows broadcast up to {percent:g} %, at most {most:g} %").format(
                        port=name, percent=interface.storm_percent[0], most=maximum
                    ),
                    [interface.storm_percent[1]],
                    port=name,
                    measured=interface.storm_percent[0],
                    threshold=maximum,
                )
            )
    return _passed(
        ctx,
        findings,
        _("edge ports with BPDU protection and storm control"),
        [e for e in (facts.bpdu_protection,) if e],
    )


def _is_physical(name: str) -> bool:
    return "ethernet" in name.lower() and not name.lower().startswith(("meth", "vlan"))


@check("config.vlan_hygiene", Source.CONFIG)
def vlan_hygiene(ctx: DeviceContext) -> list[Finding]:
    """Keep VLAN 1 off trunks and access ports, and shut every port the inventory does not use."""
    findings: list[Finding] = []
    for interface in ctx.facts.interfaces.values():
        if interface.trunk_vlans is None or interface.shutdown:
            continue
        if len(interface.trunk_vlans) >= 4094:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("trunk {port} allows every VLAN; list the allowed VLANs").format(
                        port=interface.name
                    ),
                    [interface.trunk_evidence or interface.evidence],
                    port=interface.name,
                )
            )
        elif 1 in interface.trunk_vlans:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("trunk {port} carries VLAN 1").format(port=interface.name),
                    [interface.trunk_evidence or interface.evidence],
                    port=interface.name,
                )
            )
    used = {
        port_key(n)
        for n in ctx.device.port_map()
        if ctx.device.port_map()[n].profile is not PortProfile.UNUSED
    } | ctx.cabled_ports()
    for name, port in ctx.device.port_map().items():
        configured = ctx.interface(name)
        if configured is None:
            continue
        if (
            port.vlan is not None
            and port.profile
            in {PortProfile.TERMINAL, PortProfile.PRINTER, PortProfile.CAMERA, PortProfile.SERVER}
            and configured.access_vlan in {None, 1}
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("access port {port} is in VLAN 1").format(port=name),
                    [configured.evidence],
                    port=name,
                )
            )
    lag_members = {port_key(i.name) for i in ctx.facts.interfaces.values() if i.lag}
    for interface in ctx.facts.interfaces.values():
        key = port_key(interface.name)
        if (
            _is_physical(interface.name)
            and key not in used
            and key not in lag_members
            and not interface.shutdown
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("unused port {port} is not shut down").format(port=interface.name),
                    [interface.evidence],
                    port=interface.name,
                )
            )
    return _passed(
        ctx, findings, _("no VLAN 1 on trunks or access ports; unused ports shut down"), []
    )


@check("config.dual_stack_svi", Source.CONFIG)
def dual_stack_svi(ctx: DeviceContext) -> list[Finding]:
    """Require IPv4 and a global IPv6 address on every SVI this device routes, and on its uplinks."""
    facts, parsed, device = ctx.facts, ctx.parsed, ctx.device
    routed = [v for v in ctx.school.vlans if v.gateway == device.name and (v.ipv4 or v.ipv6)]
    uplinks = [u for u in ctx.school.uplinks if u.device == device.name and u.port]
    if not routed and not uplinks:
        return [ctx.finding(Status.NOT_APPLICABLE, _("the device routes no VLAN"), [])]

    findings: list[Finding] = []
    svis = {i.svi_vlan: i for i in facts.interfaces.values() if i.svi_vlan is not None}
    targets = [(f"VLAN {v.id}", svis.get(v.id)) for v in routed]
    targets += [(str(u.port), ctx.interface(str(u.port))) for u in uplinks]
    for label, interface in targets:
        if interface is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{what} has no routed interface in the configuration").format(what=label),
                    [parsed.absent(label)],
                )
            )
            continue
        if not interface.ipv4:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no IPv4 address").format(port=interface.name),
                    [interface.evidence],
                    port=interface.name,
                )
            )
        if not interface.ipv6:
            extra = interface.ipv6_link_local[:1]
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has IPv4 but no global IPv6 address").format(port=interface.name),
                    [*(ev for _a, ev in interface.ipv4[:1]), *extra] or [interface.evidence],
                    port=interface.name,
                )
            )
        elif parsed.platform is PlatformId.HUAWEI_VRP and interface.ipv6_enabled is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has an IPv6 address but IPv6 is not enabled on it").format(
                        port=interface.name
                    ),
                    [interface.ipv6[0][1]],
                    port=interface.name,
                )
            )

    switch = _IPV6_ROUTING.get(parsed.platform)
    if switch and facts.ipv6_routing is None and any(i.ipv6 for _l, i in targets if i):
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("IPv6 routing is off; add `{command}`").format(command=switch),
                [parsed.absent(switch)],
            )
        )
    return _passed(
        ctx,
        findings,
        _("{count} routed interface(s) on both stacks").format(count=len(targets)),
        [],
    )


@check("config.ipv6_first_hop", Source.CONFIG)
def ipv6_first_hop(ctx: DeviceContext) -> list[Finding]:
    """Require DHCPv6 snooping (or DHCPv6 guard) and RA guard on ports of IPv6-enabled user VLANs."""
    facts, parsed = ctx.facts, ctx.parsed
    ports = [
        (name, vlan)
        for name, vlan, _p in ctx.user_ports(
            {PortProfile.TERMINAL, PortProfile.PRINTER, PortProfile.CAMERA}
        )
        if vlan is not None and (v := ctx.school.vlan(vlan)) is not None and v.ipv6 is not None
    ]
    if not ports:
        return [ctx.finding(Status.NOT_APPLICABLE, _("no port in an IPv6-enabled user VLAN"), [])]
    findings: list[Finding] = []
    guard_per_port = parsed.platform is PlatformId.CISCO_IOS
    if not guard_per_port and facts.dhcpv6_snooping is None:
        findings.append(
            ctx.finding(
                Status.FAIL, _("DHCPv6 snooping is not enabled"), [parsed.absent("DHCPv6 snooping")]
            )
        )
    for name, _vlan in ports:
        interface = ctx.interface(name)
        if interface is None:
            continue
        if interface.ra_guard is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no RA guard").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        if guard_per_port and interface.dhcpv6_guard is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no DHCPv6 guard").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
    uplinks = ctx.uplink_ports()
    for interface in facts.interfaces.values():
        if (
            interface.dhcpv6_trusted is not None
            and port_key(interface.name) not in uplinks
            and not (interface.lag and port_key(interface.lag) in uplinks)
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("DHCPv6 snooping trusts {port}, which is not an uplink").format(
                        port=interface.name
                    ),
                    [interface.dhcpv6_trusted],
                    port=interface.name,
                )
            )
    return _passed(
        ctx,
        findings,
        _("RA guard and DHCPv6 protection on {count} port(s)").format(count=len(ports)),
        [],
    )


@check("config.arp_protection", Source.CONFIG)
def arp_protection(ctx: DeviceContext) -> list[Finding]:
    """Require ARP inspection and IP source guard on every end-device port (per port or per VLAN)."""
    facts = ctx.facts
    findings: list[Finding] = []
    for name, vlan, _profile in ctx.user_ports(
        {PortProfile.TERMINAL, PortProfile.PRINTER, PortProfile.CAMERA}
    ):
        interface = ctx.interface(name)
        if interface is None:
            continue
        if interface.arp_check is None and (vlan is None or vlan not in facts.arp_inspection_vlans):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no ARP inspection").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        if interface.source_guard is None and (
            vlan is None or vlan not in facts.source_guard_vlans
        ):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no IP source guard").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
    return _passed(ctx, findings, _("ARP inspection and IP source guard on end-device ports"), [])


@check("config.mac_limit", Source.CONFIG)
def mac_limit(ctx: DeviceContext) -> list[Finding]:
    """Require a MAC limit of at most ``max_terminal`` on every terminal port."""
    maximum = int(ctx.threshold["max_terminal"])
    needs_security = ctx.parsed.platform in {PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS}
    findings: list[Finding] = []
    for name, _vlan, _profile in ctx.user_ports({PortProfile.TERMINAL}):
        interface = ctx.interface(name)
        if interface is None:
            continue
        if interface.mac_limit is None or (needs_security and interface.port_security is None):
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} has no MAC limit").format(port=name),
                    [interface.evidence],
                    port=name,
                )
            )
        elif interface.mac_limit[0] > maximum:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{port} allows {count} MAC addresses, at most {most}").format(
                        port=name, count=interface.mac_limit[0], most=maximum
                    ),
                    [interface.mac_limit[1]],
                    port=name,
                    measured=interface.mac_limit[0],
                    threshold=maximum,
                )
            )
    return _passed(
        ctx, findings, _("terminal ports limited to {most} MAC addresses").format(most=maximum), []
    )
