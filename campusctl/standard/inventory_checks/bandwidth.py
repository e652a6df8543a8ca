"""Checks of the uplink, backbone and desktop bandwidth against the standard's thresholds."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, PortProfile
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status

_SWITCH_ROLES = {DeviceRole.EGRESS, DeviceRole.CORE, DeviceRole.AGGREGATION, DeviceRole.ACCESS}


@check("inventory.uplink_present", Source.INVENTORY)
def uplink_present(ctx: SchoolContext) -> list[Finding]:
    """Pass when the school has at least one broadband uplink."""
    school = ctx.school
    if not school.uplinks:
        return [
            ctx.finding(
                Status.FAIL,
                _("the school has no broadband uplink; add one under uplinks"),
                [ctx.at(("uplinks",), "uplinks: []")],
            )
        ]
    evidence = [
        ctx.at(("uplinks", i), f"{u.provider} {u.committed_mbps:g} Mbps")
        for i, u in enumerate(school.uplinks)
    ]
    return [
        ctx.finding(Status.PASS, _("{count} uplink(s)").format(count=len(school.uplinks)), evidence)
    ]


@check("inventory.uplink_bandwidth", Source.INVENTORY)
def uplink_bandwidth(ctx: SchoolContext) -> list[Finding]:
    """Compare the committed uplink bandwidth (sum of all uplinks) with ``min_mbps``."""
    minimum = float(ctx.threshold["min_mbps"])
    school = ctx.school
    total = school.committed_mbps
    evidence = [
        ctx.at(
            ("uplinks", i, "committed_mbps"), f"{u.provider}: committed_mbps {u.committed_mbps:g}"
        )
        for i, u in enumerate(school.uplinks)
    ] or [ctx.at(("uplinks",), "uplinks: []")]
    ok = total >= minimum
    message = _("committed uplink bandwidth {total:g} Mbps, required {minimum:g} Mbps").format(
        total=total, minimum=minimum
    )
    return [
        ctx.finding(
            Status.PASS if ok else Status.FAIL, message, evidence, measured=total, threshold=minimum
        )
    ]


@check("inventory.backbone_speed", Source.INVENTORY)
def backbone_speed(ctx: SchoolContext) -> list[Finding]:
    """Check switch-to-switch links against ``backbone_mbps`` and core links against ``core_mbps``.

    A link counts as backbone when both ends are switches (egress, core,
    aggregation or access). It counts as a core link when one end is a core
    switch or when the ends sit in different buildings.
    """
    school = ctx.school
    backbone = int(ctx.threshold["backbone_mbps"])
    core = int(ctx.threshold["core_mbps"])
    devices = {d.name: d for d in school.devices}
    findings: list[Finding] = []
    checked = 0
    for index, link in enumerate(school.links):
        a, b = devices.get(link.a.device), devices.get(link.b.device)
        if a is None or b is None or a.role not in _SWITCH_ROLES or b.role not in _SWITCH_ROLES:
            continue
        checked += 1
        is_core = DeviceRole.CORE in (a.role, b.role) or (
            a.building is not None and b.building is not None and a.building != b.building
        )
        required = core if is_core else backbone
        if link.speed_mbps < required:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "link {a} {pa} – {b} {pb} runs at {speed} Mbps, required {required} Mbps"
                    ).format(
                        a=a.name,
                        pa=link.a.port,
                        b=b.name,
                        pb=link.b.port,
                        speed=link.speed_mbps,
                        required=required,
                    ),
                    [ctx.at(("links", index, "speed_mbps"), f"speed_mbps: {link.speed_mbps}")],
                    subject=f"{a.name} {link.a.port}",
                    device=a.name,
                    measured=link.speed_mbps,
                    threshold=required,
                )
            )
    findings.extend(_desktop_speed(ctx))
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _("{count} backbone link(s) at or above {backbone} Mbps (core {core} Mbps)").format(
                    count=checked, backbone=backbone, core=core
                ),
                [ctx.at(("links",), "links")],
            )
        )
    return findings


def _desktop_speed(ctx: SchoolContext) -> list[Finding]:
    desktop = int(ctx.threshold["desktop_mbps"])
    findings: list[Finding] = []
    for d_index, device in enumerate(ctx.school.devices):
        model = ctx.inventory.hardware(device)
        if model is None:
            continue
        speeds = model.speeds(device.stack_members)
        for p_index, port in enumerate(device.ports):
            if port.profile is not PortProfile.TERMINAL:
                continue
            for name in port.names():
                speed = speeds.get(name)
                if speed is not None and speed < desktop:
                    findings.append(
                        ctx.finding(
                            Status.FAIL,
                            _(
                                "terminal port {port} is {speed} Mbps, required {required} Mbps"
                            ).format(port=name, speed=speed, required=desktop),
                            [
                                ctx.at(
                                    ("devices", d_index, "ports", p_index),
                                    f"{name}: {device.model}",
                                )
                            ],
                            subject=f"{device.name} {name}",
                            device=device.name,
                            measured=speed,
                            threshold=desktop,
                        )
                    )
    return findings
