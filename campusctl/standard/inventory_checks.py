"""Checks that read the inventory alone: bandwidth, classrooms, coverage, addressing, zoning.

Each function judges one school and returns its findings, each with the
school file and line that decided it.
"""

from __future__ import annotations

from ipaddress import IPv6Network

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, PortProfile, RoomKind, Tier, Zone
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status

_SWITCH_ROLES = {DeviceRole.EGRESS, DeviceRole.CORE, DeviceRole.AGGREGATION, DeviceRole.ACCESS}
_ULA = IPv6Network("fc00::/7")


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


def _room_locs(ctx: SchoolContext) -> dict[str, tuple[int | str, ...]]:
    locs: dict[str, tuple[int | str, ...]] = {}
    for b, building in enumerate(ctx.school.buildings):
        for f, floor in enumerate(building.floors):
            for r, room in enumerate(floor.rooms):
                locs[room.id] = ("buildings", b, "floors", f, "rooms", r)
    return locs


@check("inventory.classroom_outlets", Source.INVENTORY)
def classroom_outlets(ctx: SchoolContext) -> list[Finding]:
    """Check every classroom's wired outlets, and a switch port for its in-room AP."""
    minimum = int(ctx.threshold["min_outlets"])
    school = ctx.school
    locs = _room_locs(ctx)
    ap_rooms = {
        port.room
        for device in school.devices
        for port in device.ports
        if port.profile is PortProfile.AP and port.room
    }
    linked = {end.device for link in school.links for end in (link.a, link.b)}
    findings: list[Finding] = []
    for room in school.classrooms():
        loc = locs[room.id]
        if room.outlets < minimum:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("classroom {room} has {count} wired outlet(s), required {minimum}").format(
                        room=room.id, count=room.outlets, minimum=minimum
                    ),
                    [ctx.at((*loc, "outlets"), f"{room.id} outlets: {room.outlets}")],
                    subject=f"{school.code} {room.id}",
                    measured=room.outlets,
                    threshold=minimum,
                )
            )
        if room.ap and room.id not in ap_rooms and room.ap not in linked:
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("classroom {room} has AP {ap} but no switch port or cable serves it").format(
                        room=room.id, ap=room.ap
                    ),
                    [ctx.at((*loc, "ap"), f"{room.id} ap: {room.ap}")],
                    subject=f"{school.code} {room.id}",
                )
            )
    if not findings:
        count = len(school.classrooms())
        findings.append(
            ctx.finding(
                Status.PASS if count else Status.NOT_APPLICABLE,
                _("{count} classroom(s) with {minimum} or more outlets").format(
                    count=count, minimum=minimum
                ),
                [ctx.at(("buildings",), "buildings")],
            )
        )
    return findings


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


# The zone an endpoint class belongs in, by port profile, and by room kind for terminals.
_PROFILE_ZONE = {
    PortProfile.CAMERA: {Zone.SURVEILLANCE},
    PortProfile.SERVER: {Zone.SERVERS},
    PortProfile.PRINTER: {Zone.OFFICE, Zone.TEACHING, Zone.LAB},
    PortProfile.AP: {Zone.MANAGEMENT},
}
_ROOM_ZONE = {
    RoomKind.CLASSROOM: {Zone.TEACHING},
    RoomKind.OFFICE: {Zone.OFFICE},
    RoomKind.LAB: {Zone.LAB},
    RoomKind.SERVER_ROOM: {Zone.SERVERS, Zone.MANAGEMENT},
}


@check("inventory.zoning", Source.INVENTORY)
def zoning(ctx: SchoolContext) -> list[Finding]:
    """Check that a management zone and a user zone exist and each endpoint sits in its zone."""
    school = ctx.school
    zones = {vlan.zone for vlan in school.vlans}
    rooms = {room.id: room for _b, _f, room in school.rooms()}
    findings: list[Finding] = []
    if Zone.MANAGEMENT not in zones or not zones - {Zone.MANAGEMENT}:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _("the school needs a management VLAN and at least one user VLAN"),
                [ctx.at(("vlans",), "zones: " + ", ".join(sorted(z.value for z in zones)))],
            )
        )
    for d_index, device in enumerate(school.devices):
        for p_index, port in enumerate(device.ports):
            if port.vlan is None:
                continue
            expected = _PROFILE_ZONE.get(port.profile)
            room = rooms.get(port.room) if port.room else None
            if expected is None and port.profile is PortProfile.TERMINAL and room is not None:
                expected = _ROOM_ZONE.get(room.kind)
            vlan = school.vlan(port.vlan)
            if expected is None or vlan is None or vlan.zone in expected:
                continue
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "{device} {port} ({profile}) is in VLAN {vlan} of zone {zone}; expected zone {expected}"
                    ).format(
                        device=device.name,
                        port=port.name,
                        profile=port.profile.value,
                        vlan=vlan.id,
                        zone=vlan.zone.value,
                        expected=" or ".join(sorted(z.value for z in expected)),
                    ),
                    [
                        ctx.at(
                            ("devices", d_index, "ports", p_index, "vlan"),
                            f"{port.name} vlan {port.vlan}",
                        )
                    ],
                    subject=f"{device.name} {port.name}",
                    device=device.name,
                )
            )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _("{count} zone(s), every endpoint port in its zone").format(count=len(zones)),
                [ctx.at(("vlans",), "vlans")],
            )
        )
    return findings


@check("inventory.management_zone", Source.INVENTORY)
def management_zone(ctx: SchoolContext) -> list[Finding]:
    """Check that every device is managed from a management-zone VLAN, inside its prefixes."""
    school = ctx.school
    findings: list[Finding] = []
    for index, device in enumerate(school.devices):
        management = device.management
        vlan = school.vlan(management.vlan)
        wrong = None
        if vlan is None or vlan.zone is not Zone.MANAGEMENT:
            wrong = _("{device} is managed in VLAN {vlan}, which is not a management-zone VLAN")
        elif (vlan.ipv4 is not None and management.ipv4.ip not in vlan.ipv4) or (
            management.ipv6 is not None
            and vlan.ipv6 is not None
            and management.ipv6.ip not in vlan.ipv6
        ):
            wrong = _("{device} management address {address} lies outside VLAN {vlan}")
        if wrong:
            address = (
                management.ipv6
                if (management.ipv6 and vlan and vlan.ipv4 and management.ipv4.ip in vlan.ipv4)
                else management.ipv4
            )
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    wrong.format(device=device.name, vlan=management.vlan, address=address),
                    [
                        ctx.at(
                            ("devices", index, "management"),
                            f"management vlan {management.vlan} {management.ipv4}",
                        )
                    ],
                    device=device.name,
                )
            )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _("{count} device(s) managed inside the management zone").format(
                    count=len(school.devices)
                ),
                [ctx.at(("devices",), "devices")],
            )
        )
    return findings


@check("inventory.classroom_multimedia", Source.INVENTORY)
def classroom_multimedia(ctx: SchoolContext) -> list[Finding]:
    """Compare the multimedia and interactive shares of the school's classrooms with the targets."""
    rooms = ctx.school.classrooms()
    if not rooms:
        return [
            ctx.finding(
                Status.FAIL,
                _("the school lists no classrooms"),
                [ctx.at(("buildings",), "buildings")],
            )
        ]
    locs = _room_locs(ctx)
    need_mm = float(ctx.threshold["multimedia_share"])
    need_ia = float(ctx.threshold["interactive_share"])
    multimedia = sum(1 for r in rooms if r.multimedia) / len(rooms)
    interactive = sum(1 for r in rooms if r.interactive) / len(rooms)
    findings: list[Finding] = []
    if multimedia < need_mm:
        lacking = [r for r in rooms if not r.multimedia]
        findings.append(
            ctx.finding(
                Status.FAIL,
                _(
                    "{share:.0%} of classrooms have multimedia, required {need:.0%}; lacking: {rooms}"
                ).format(share=multimedia, need=need_mm, rooms=", ".join(r.id for r in lacking)),
                [ctx.at((*locs[r.id], "multimedia"), f"{r.id} multimedia: false") for r in lacking],
                measured=multimedia,
                threshold=need_mm,
            )
        )
    if interactive < need_ia:
        findings.append(
            ctx.finding(
                Status.FAIL,
                _(
                    "{share:.0%} of classrooms have an interactive platform, required {need:.0%}"
                ).format(share=interactive, need=need_ia),
                [
                    ctx.at((*locs[r.id], "interactive"), f"{r.id} interactive: false")
                    for r in rooms
                    if not r.interactive
                ],
                measured=interactive,
                threshold=need_ia,
            )
        )
    if not findings:
        findings.append(
            ctx.finding(
                Status.PASS,
                _(
                    "{multimedia:.0%} multimedia, {interactive:.0%} interactive of {count} classroom(s)"
                ).format(multimedia=multimedia, interactive=interactive, count=len(rooms)),
                [ctx.at(("buildings",), "buildings")],
                measured=interactive,
                threshold=need_ia,
            )
        )
    return findings


@check("inventory.wireless_coverage", Source.INVENTORY)
def wireless_coverage(ctx: SchoolContext) -> list[Finding]:
    """Check that the rooms in scope each have a serving AP that the school's devices include.

    ``scope`` is ``classrooms``, ``interactive_classrooms`` or ``offices``;
    ``min_share`` is the covered share required.
    """
    school = ctx.school
    scope = str(ctx.threshold["scope"])
    need = float(ctx.threshold.get("min_share", 1.0))
    aps = {d.name for d in school.devices if d.role is DeviceRole.AP}
    rooms = [room for _b, _f, room in school.rooms()]
    if scope == "classrooms":
        chosen = [r for r in rooms if r.kind is RoomKind.CLASSROOM]
    elif scope == "interactive_classrooms":
        chosen = [r for r in rooms if r.kind is RoomKind.CLASSROOM and r.interactive]
    else:
        chosen = [r for r in rooms if r.kind is RoomKind.OFFICE]
    if not chosen:
        return [
            ctx.finding(Status.NOT_APPLICABLE, _("no rooms in scope {scope}").format(scope=scope))
        ]
    locs = _room_locs(ctx)
    uncovered = [r for r in chosen if r.ap is None or r.ap not in aps]
    share = 1 - len(uncovered) / len(chosen)
    message = _(
        "{covered} of {count} room(s) in scope {scope} have a serving AP ({share:.0%}, required {need:.0%})"
    ).format(
        covered=len(chosen) - len(uncovered), count=len(chosen), scope=scope, share=share, need=need
    )
    if share + 1e-9 < need:
        evidence = [
            ctx.at((*locs[r.id], "ap") if r.ap else locs[r.id], f"{r.id} ap: {r.ap or '-'}")
            for r in uncovered
        ]
        return [ctx.finding(Status.FAIL, message, evidence, measured=share, threshold=need)]
    return [
        ctx.finding(
            Status.PASS,
            message,
            [ctx.at(("buildings",), "buildings")],
            measured=share,
            threshold=need,
        )
    ]


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
