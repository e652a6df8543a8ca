"""Checks of the school's IPv4 and IPv6 addressing: dual stack and the IPv6 plan."""

from __future__ import annotations

from ipaddress import IPv6Network

from campusctl.i18n import _
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status

_ULA = IPv6Network("fc00::/7")


@check("inventory.dual_stack_prefixes", Source.INVENTORY)
def dual_stack_prefixes(ctx: SchoolContext) -> list[Finding]:
    """Require an IPv4 and an IPv6 prefix on every routed VLAN and on every uplink."""
    school = ctx.school
    findings: list[Finding] = []
    for index, vlan in enumerate(school.vlans):
        if vlan.gateway is None and vlan.ipv4 is None and vlan.ipv6 is None:
            continue
        missing = [
            name for name, value in (("ipv4", vlan.ipv4), ("ipv6", vlan.ipv6)) if value is None
        ]
        if missing:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("VLAN {vlan} ({name}) has no {missing} prefix; give it both stacks").format(
                        vlan=vlan.id, name=vlan.name, missing=", ".join(missing)
                    ),
                    [ctx.at(("vlans", index), f"vlan {vlan.id} {vlan.name}")],
                    subject=f"{school.code} VLAN {vlan.id}",
                )
            )
    for index, uplink in enumerate(school.uplinks):
        if uplink.ipv4 is None or uplink.ipv6 is None:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("uplink {provider} lacks an IPv4 or an IPv6 address").format(
                        provider=uplink.provider
                    ),
                    [
                        ctx.at(
                            ("uplinks", index),
                            f"{uplink.provider} ipv4={uplink.ipv4} ipv6={uplink.ipv6}",
                        )
                    ],
                )
            )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _("every routed VLAN and uplink has IPv4 and IPv6 prefixes"),
                [ctx.at(("vlans",), "vlans")],
            )
        )
    return findings


@check("inventory.ipv6_plan", Source.INVENTORY)
def ipv6_plan(ctx: SchoolContext) -> list[Finding]:
    """Check the school's IPv6 block size and that every VLAN gets a global /64 inside it."""
    school = ctx.school
    vlan_prefix = int(ctx.threshold["vlan_prefix"])
    low, high = int(ctx.threshold["school_min_prefix"]), int(ctx.threshold["school_max_prefix"])
    block = school.prefixes.ipv6
    findings: list[Finding] = []
    if not low <= block.prefixlen <= high:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("school IPv6 block {block} is a /{length}; allocate a /{low} to /{high}").format(
                    block=block, length=block.prefixlen, low=low, high=high
                ),
                [ctx.at(("prefixes", "ipv6"), f"ipv6: {block}")],
            )
        )
    for index, vlan in enumerate(school.vlans):
        if vlan.ipv6 is None:
            continue
        problem = None
        if vlan.ipv6.subnet_of(_ULA):
            problem = _("VLAN {vlan} uses the unique-local prefix {prefix}; use a global prefix")
        elif vlan.ipv6.prefixlen != vlan_prefix:
            problem = _("VLAN {vlan} has the IPv6 prefix {prefix}; every VLAN gets a /{length}")
        elif not vlan.ipv6.subnet_of(block):
            problem = _("VLAN {vlan} prefix {prefix} lies outside the school block")
        if problem:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    problem.format(vlan=vlan.id, prefix=vlan.ipv6, length=vlan_prefix),
                    [ctx.at(("vlans", index, "ipv6"), f"ipv6: {vlan.ipv6}")],
                    subject=f"{school.code} VLAN {vlan.id}",
                )
            )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _("IPv6 block {block} with a /{length} per VLAN").format(
                    block=block, length=vlan_prefix
                ),
                [ctx.at(("prefixes", "ipv6"), f"ipv6: {block}")],
            )
        )
    return findings
