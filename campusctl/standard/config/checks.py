"""Configuration checks: each judges the typed facts of one device against one rule.

Facts come from a running or rendered configuration (see :mod:`.device`).
Where the vendor hides a default, a missing line is judged by the platform
default (:data:`DEFAULTS`). So a running config that omits a default value
is not reported as a failure.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from campusctl.i18n import _
from campusctl.inventory.model import DhcpMode, PortProfile
from campusctl.platforms import PlatformId
from campusctl.standard.config.device import DeviceContext, port_key
from campusctl.standard.config.facts import AclEntry, IPNetwork
from campusctl.standard.registry import check
from campusctl.standard.results import Evidence, Finding, Source, Status

DEFAULTS: dict[PlatformId, dict[str, object]] = {
    # VRP S-series and Comware 7 log out an idle session after 10 minutes, as do IOS and RGOS.
    PlatformId.HUAWEI_VRP: {"idle_timeout_s": 600, "telnet": None},
    PlatformId.H3C_COMWARE: {"idle_timeout_s": 600, "telnet": False},
    PlatformId.CISCO_IOS: {"idle_timeout_s": 600, "telnet": None},
    PlatformId.RUIJIE_RGOS: {"idle_timeout_s": 600, "telnet": True},
}
"""Platform defaults of settings a running configuration does not show.

``telnet`` None means the default depends on the software release, so the
configuration must set it explicitly. NOTE: the Telnet default differs
between VRP releases, which is why Huawei and IOS need the explicit form.
"""

# Platforms that enable DHCP snooping per VLAN; the others cover every VLAN once global.
_SNOOPING_PER_VLAN = {PlatformId.HUAWEI_VRP, PlatformId.CISCO_IOS}
# Platforms whose management plane is also restricted by an SSH server ACL.
_SSH_ACL = {PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE}
# Platforms that need a global switch before routing IPv6.
_IPV6_ROUTING = {PlatformId.HUAWEI_VRP: "ipv6", PlatformId.CISCO_IOS: "ipv6 unicast-routing"}
_DEFAULT_USERS = {
    "admin",
    "huawei",
    "h3c",
    "ruijie",
    "cisco",
    "root",
    "super",
    "manager",
    "user",
    "guest",
}
_DEFAULT_COMMUNITIES = {"public", "private"}


def _passed(
    ctx: DeviceContext, findings: list[Finding], message: str, evidence: list[Evidence]
) -> list[Finding]:
    return findings or [ctx.finding(Status.PASS, message, evidence)]


@check("config.ssh_only", Source.CONFIG)
def ssh_only(ctx: DeviceContext) -> list[Finding]:
    """Require SSHv2, Telnet off on IPv4 and IPv6, and SSH as the only protocol of every VTY line."""
    facts, parsed = ctx.facts, ctx.parsed
    findings: list[Finding] = []
    if facts.ssh_server is None:
        findings.append(
            ctx.finding(
                Status.FAIL, _("the SSH server is not enabled"), [parsed.absent("SSH server")]
            )
        )
    if facts.ssh_v1_allowed is not None:
        findings.append(
            ctx.finding(Status.FAIL, _("SSH version 1 is allowed"), [facts.ssh_v1_allowed])
        )
    default = DEFAULTS[parsed.platform]["telnet"]
    for stack, fact in (("IPv4", facts.telnet_v4), ("IPv6", facts.telnet_v6)):
        if parsed.platform is PlatformId.CISCO_IOS:
            break  # IOS serves Telnet only through VTY transport, judged below.
        enabled = fact.value if fact is not None else default
        if enabled is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "Telnet over {stack} is not disabled explicitly; the default differs between releases"
                    ).format(stack=stack),
                    [parsed.absent(f"telnet {stack} disabled")],
                )
            )
        elif enabled:
            evidence = (
                [fact.evidence] if fact is not None else [parsed.absent(f"telnet {stack} disabled")]
            )
            findings.append(
                ctx.finding(
                    Status.FAIL, _("Telnet is enabled over {stack}").format(stack=stack), evidence
                )
            )
    vty = [line for line in facts.lines if line.kind == "vty"]
    if not vty:
        findings.append(
            ctx.finding(Status.FAIL, _("no VTY line is configured"), [parsed.absent("VTY lines")])
        )
    for line in vty:
        if line.transports is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{line} does not restrict inbound protocols to SSH").format(line=line.name),
                    [line.evidence],
                )
            )
        elif line.transports[0] != {"ssh"}:
            allowed = ", ".join(sorted(line.transports[0])) or "none"
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{line} allows {allowed}, required SSH only").format(
                        line=line.name, allowed=allowed
                    ),
                    [line.transports[1]],
                )
            )
    return _passed(
        ctx,
        findings,
        _("SSHv2 only, Telnet off on both stacks"),
        [e for e in (facts.ssh_server,) if e],
    )


def _allowed_networks(ctx: DeviceContext) -> list[IPNetwork]:
    networks: list[IPNetwork] = list(ctx.school.settings.management_acl)
    vlan = ctx.school.vlan(ctx.device.management.vlan)
    if vlan is not None:
        networks.extend(n for n in (vlan.ipv4, vlan.ipv6) if n is not None)
    return networks


def _acl_problems(ctx: DeviceContext, name: str, key: str, where: Evidence) -> list[Finding]:
    entries: list[AclEntry] | None = ctx.facts.acls.get(key)
    if entries is None:
        return [
            ctx.finding(
                Status.FAIL, _("ACL {acl} is referenced but not defined").format(acl=name), [where]
            )
        ]
    allowed = _allowed_networks(ctx)
    permits = [e for e in entries if e.action == "permit"]
    findings: list[Finding] = []
    if not permits:
        findings.append(
            ctx.finding(Status.FAIL, _("ACL {acl} permits nothing").format(acl=name), [where])
        )
    for entry in permits:
        source = entry.source
        inside = source is not None and any(
            source.version == net.version and source.subnet_of(net)  # type: ignore[arg-type]
            for net in allowed
        )
        if not inside:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("ACL {acl} permits {source}, outside the management networks").format(
                        acl=name, source=source or "any"
                    ),
                    [entry.evidence],
                )
            )
    return findings


@check("config.management_acl", Source.CONFIG)
def management_acl(ctx: DeviceContext) -> list[Finding]:
    """Require a management ACL on every VTY line (and the SSH server on VRP and Comware).

    Every permit of the ACL must lie inside the school's management VLAN or the
    bastion networks of ``settings.management_acl``.
    """
    facts, parsed = ctx.facts, ctx.parsed
    findings: list[Finding] = []
    for line in (line for line in facts.lines if line.kind == "vty"):
        if line.acl_v4 is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{line} has no inbound ACL").format(line=line.name),
                    [line.evidence],
                )
            )
        else:
            findings.extend(_acl_problems(ctx, line.acl_v4[0], line.acl_v4[0], line.acl_v4[1]))
        if line.acl_v6 is not None:
            findings.extend(
                _acl_problems(ctx, line.acl_v6[0], f"ipv6 {line.acl_v6[0]}", line.acl_v6[1])
            )
    if parsed.platform in _SSH_ACL:
        if facts.ssh_acl_v4 is None:
            findings.append(
                ctx.finding(
                    Status.FAIL, _("the SSH server has no ACL"), [parsed.absent("ssh server acl")]
                )
            )
        else:
            findings.extend(
                _acl_problems(ctx, facts.ssh_acl_v4[0], facts.ssh_acl_v4[0], facts.ssh_acl_v4[1])
            )
    return _passed(ctx, findings, _("management restricted to the management networks"), [])


@check("config.management_ipv6_parity", Source.CONFIG)
def management_ipv6_parity(ctx: DeviceContext) -> list[Finding]:
    """Require an IPv6 twin of every IPv4 management restriction (VTY ACL, SSH ACL, Telnet off)."""
    facts, parsed = ctx.facts, ctx.parsed
    findings: list[Finding] = []
    for line in facts.lines:
        if line.kind == "vty" and line.acl_v4 is not None and line.acl_v6 is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{line} restricts IPv4 with ACL {acl} but has no IPv6 ACL").format(
                        line=line.name, acl=line.acl_v4[0]
                    ),
                    [line.acl_v4[1]],
                )
            )
    if facts.ssh_acl_v4 is not None and facts.ssh_acl_v6 is None and parsed.platform in _SSH_ACL:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("the SSH server has an IPv4 ACL but no IPv6 ACL"),
                [facts.ssh_acl_v4[1]],
            )
        )
    default = DEFAULTS[parsed.platform]["telnet"]
    v4 = facts.telnet_v4.value if facts.telnet_v4 else default
    v6 = facts.telnet_v6.value if facts.telnet_v6 else default
    if v4 is False and v6 is not False and facts.telnet_v4 is not None:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("Telnet is disabled over IPv4 but not over IPv6"),
                [facts.telnet_v4.evidence, parsed.absent("telnet IPv6 disabled")],
            )
        )
    return _passed(ctx, findings, _("every IPv4 management restriction has an IPv6 twin"), [])


@check("config.login_lockout", Source.CONFIG)
def login_lockout(ctx: DeviceContext) -> list[Finding]:
    """Require a lockout after at most ``max_failures`` failures, for ``min_lock_minutes`` or more."""
    maximum = int(ctx.threshold["max_failures"])
    least = int(ctx.threshold["min_lock_minutes"])
    if ctx.facts.lockout is None:
        return [
            ctx.finding(
                Status.FAIL,
                _("no login-failure lockout is configured"),
                [ctx.parsed.absent("login lockout")],
            )
        ]
    failures, minutes, evidence = ctx.facts.lockout
    if failures < 1 or failures > maximum or minutes < least:
        return [
            ctx.finding(
                Status.FAIL,
                _(
                    "lockout after {failures} failure(s) for {minutes} min; required at most {most} failures and {least} min or more"
                ).format(failures=failures, minutes=minutes, most=maximum, least=least),
                [evidence],
                measured=failures,
                threshold=maximum,
            )
        ]
    return [
        ctx.finding(
            Status.PASS,
            _("lockout after {failures} failure(s) for {minutes} min").format(
                failures=failures, minutes=minutes
            ),
            [evidence],
            measured=failures,
            threshold=maximum,
        )
    ]


@check("config.idle_timeout", Source.CONFIG)
def idle_timeout(ctx: DeviceContext) -> list[Finding]:
    """Require every console and VTY line to time out after at most ``max_seconds`` (0 fails)."""
    maximum = int(ctx.threshold["max_seconds"])
    default = int(DEFAULTS[ctx.parsed.platform]["idle_timeout_s"])  # type: ignore[call-overload]
    findings: list[Finding] = []
    if not any(line.kind == "vty" for line in ctx.facts.lines):
        return [
            ctx.finding(
                Status.FAIL, _("no VTY line is configured"), [ctx.parsed.absent("VTY lines")]
            )
        ]
    for line in ctx.facts.lines:
        if line.idle_timeout_s is None:
            seconds, evidence = (
                default,
                Evidence(
                    text=_("{line}: platform default {seconds} s").format(
                        line=line.name, seconds=default
                    ),
                    device=ctx.device.name,
                    file=ctx.parsed.file,
                    line=line.evidence.line,
                ),
            )
        else:
            seconds, evidence = line.idle_timeout_s
        if seconds == 0 or seconds > maximum:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{line} idle timeout is {seconds} s; required 1 to {most} s").format(
                        line=line.name, seconds=seconds, most=maximum
                    ),
                    [evidence],
                    measured=seconds,
                    threshold=maximum,
                )
            )
    return _passed(
        ctx, findings, _("every line times out within {most} s").format(most=maximum), []
    )


@check("config.snmp", Source.CONFIG)
def snmp(ctx: DeviceContext) -> list[Finding]:
    """Reject default communities; with ``v3_only`` reject SNMPv1/v2c, otherwise require ACLs on communities."""
    facts = ctx.facts
    v3_only = bool(ctx.threshold.get("v3_only"))
    findings: list[Finding] = []
    for name, acl, evidence in facts.snmp_communities:
        if name.lower() in _DEFAULT_COMMUNITIES:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SNMP community {name} is a vendor default").format(name=name),
                    [evidence],
                )
            )
        elif v3_only:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("SNMPv1/v2c community configured; MLPS level 3 requires SNMPv3 only"),
                    [evidence],
                )
            )
        elif acl is None:
            findings.append(ctx.finding(Status.FAIL, _("SNMP community has no ACL"), [evidence]))
    if v3_only:
        community_lines = {e for _n, _a, e in facts.snmp_communities}
        findings.extend(
            ctx.finding(
                Status.FAIL, _("SNMPv1/v2c is enabled; MLPS level 3 requires SNMPv3 only"), [e]
            )
            for e in facts.snmp_v1v2
            if e not in community_lines
        )
    if not facts.snmp_v3 and not facts.snmp_communities and not facts.snmp_v1v2:
        return [ctx.finding(Status.PASS, _("the SNMP agent is not configured"), [])]
    return _passed(
        ctx,
        findings,
        _("SNMP hardened (SNMPv3 users: {count})").format(count=len(facts.snmp_v3)),
        facts.snmp_v3[:1],
    )


@check("config.syslog_ntp", Source.CONFIG)
def syslog_ntp(ctx: DeviceContext) -> list[Finding]:
    """Count the provincial syslog collectors and NTP servers the device uses against the minimums."""
    services = ctx.school.services
    findings: list[Finding] = []
    for kind, configured, expected, minimum in (
        ("syslog", ctx.facts.syslog_hosts, services.syslog, int(ctx.threshold["min_syslog"])),
        ("NTP", ctx.facts.ntp_servers, services.ntp, int(ctx.threshold["min_ntp"])),
    ):
        known: set[IPv4Address | IPv6Address] = set(expected)
        used = [(address, ev) for address, ev in configured if address in known]
        if len({address for address, _ev in used}) < minimum:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{kind}: {count} provincial server(s) configured, required {minimum}").format(
                        kind=kind, count=len(used), minimum=minimum
                    ),
                    [ev for _a, ev in configured] or [ctx.parsed.absent(f"{kind} server")],
                    measured=len(used),
                    threshold=minimum,
                )
            )
    evidence = [ev for _a, ev in ctx.facts.syslog_hosts[:1] + ctx.facts.ntp_servers[:1]]
    return _passed(ctx, findings, _("central syslog and NTP configured"), evidence)


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


@check("config.admin_accounts", Source.CONFIG)
def admin_accounts(ctx: DeviceContext) -> list[Finding]:
    """Reject vendor-default account names and local accounts the inventory does not name."""
    named = {user.name for user in ctx.school.settings.local_users}
    findings: list[Finding] = []
    for name, evidence in ctx.facts.local_users:
        if name.lower() in _DEFAULT_USERS:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("local account {name} is a vendor default name").format(name=name),
                    [evidence],
                )
            )
        elif name not in named:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("local account {name} is not in the inventory's local_users").format(
                        name=name
                    ),
                    [evidence],
                )
            )
    return _passed(
        ctx,
        findings,
        _("{count} named local account(s)").format(count=len(ctx.facts.local_users)),
        [],
    )


@check("config.unneeded_services", Source.CONFIG)
def unneeded_services(ctx: DeviceContext) -> list[Finding]:
    """Reject HTTP, FTP and TFTP servers on network devices."""
    findings = [
        ctx.finding(Status.FAIL, _("cleartext service enabled"), [ev])
        for ev in ctx.facts.cleartext_services
    ]
    return _passed(ctx, findings, _("no HTTP, FTP or TFTP server"), [])
