"""Configuration checks: each judges the typed facts of one device against one rule.

Facts come from a running or rendered configuration (see :mod:`.device`).
Where the vendor hides a default, a missing line is judged by the platform
default (:data:`DEFAULTS`). So a running config that omits a default value
is not reported as a failure.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from campusctl.i18n import _
from campusctl.platforms import PlatformId
from campusctl.standard.config.device import DeviceContext
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
