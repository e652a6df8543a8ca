"""Checks that each endpoint and the management plane sit in the right security zone."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import PortProfile, RoomKind, Zone
from campusctl.standard.context import SchoolContext
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status

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
