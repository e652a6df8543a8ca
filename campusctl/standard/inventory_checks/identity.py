"""Checks of the school's identity and demonstration tier."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, Tier
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status


@check("inventory.school_identity", Source.INVENTORY)
def school_identity(ctx: SchoolContext) -> list[Finding]:
    """Check the 10-digit school identifier, its file name, and the 粤教云 endpoints on both stacks."""
    school = ctx.school
    findings: list[Finding] = []
    if school.source is not None and school.source.stem != school.code:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("school code {code} differs from the file name {name}; rename the file").format(
                    code=school.code, name=school.source.name
                ),
                [ctx.at(("code",), f"code: {school.code}")],
            )
        )
    endpoints = school.services.yuejiaoyun
    dual = [e for e in endpoints if e.ipv4 is not None and e.ipv6 is not None]
    if not endpoints or len(dual) < len(endpoints):
        findings.append(
            ctx.finding(
                Status.FAIL,
                _(
                    "粤教云 endpoints must be listed with IPv4 and IPv6 addresses in services.yuejiaoyun"
                ),
                [ctx.at(("services",), f"yuejiaoyun: {len(dual)}/{len(endpoints)} dual-stack")],
            )
        )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _(
                    "school code {code}, type {type}, {count} 粤教云 endpoint(s) on both stacks"
                ).format(code=school.code, type=school.type.value, count=len(dual)),
                [ctx.at(("code",), f"code: {school.code}")],
            )
        )
    return findings


@check("inventory.tier", Source.INVENTORY)
def tier(ctx: SchoolContext) -> list[Finding]:
    """Check the uplift of a smart campus: MLPS level 3 and every classroom covered by an AP."""
    school = ctx.school
    evidence = [ctx.at(("tier",), f"tier: {school.tier.value}")]
    if school.tier is not Tier.SMART_CAMPUS:
        return [ctx.finding(Status.PASS, _("tier {tier}").format(tier=school.tier.value), evidence)]
    findings: list[Finding] = []
    if school.mlps_level < 3:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("a smart campus is held to MLPS level 3, but mlps_level is {level}").format(
                    level=school.mlps_level
                ),
                [ctx.at(("mlps_level",), f"mlps_level: {school.mlps_level}"), *evidence],
            )
        )
    aps = {d.name for d in school.devices if d.role is DeviceRole.AP}
    uncovered = [r.id for r in school.classrooms() if r.ap is None or r.ap not in aps]
    if uncovered:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("a smart campus covers every classroom with WLAN; uncovered: {rooms}").format(
                    rooms=", ".join(uncovered)
                ),
                evidence,
            )
        )
    return findings or [
        ctx.finding(
            Status.PASS, _("smart campus at MLPS level 3 with full classroom coverage"), evidence
        )
    ]
