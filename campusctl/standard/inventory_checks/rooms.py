"""Checks of classrooms: wired outlets, 班班通 multimedia and wireless coverage."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, PortProfile, RoomKind
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status


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
