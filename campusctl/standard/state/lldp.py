"""LLDP state check: the neighbours each port sees against the inventory's cabling.

A miscabled port shows up on both ends of the moved cable. The port it now
sits in sees a neighbour the inventory does not cable there, and the port
it left sees no one (or someone else). Each finding names the device and
port, what LLDP sees and the neighbour the inventory expects.
"""

from __future__ import annotations

from typing import Any

from campusctl.i18n import _
from campusctl.platforms import PlatformId
from campusctl.standard.ifnames import interface_key
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status
from campusctl.standard.state.model import StateContext


def _same_port(reported: str, expected: str, peer: PlatformId | None, local: PlatformId) -> bool:
    """Tell whether an LLDP remote port names ``expected``.

    The port ID is the neighbour's spelling, but some devices shorten it in
    their own style (VRP shows a Cisco AP's ``GigabitEthernet0`` as ``GE0``),
    so the names are compared as the neighbour and as the reporting device
    spell ports.
    """
    return any(
        interface_key(reported, platform) == interface_key(expected, platform)
        for platform in (peer, local)
    )


def _same_host(reported: str, expected: str) -> bool:
    return reported.split(".", maxsplit=1)[0].strip().lower() == expected.lower()


@check("state.lldp", Source.STATE)
def lldp(ctx: StateContext) -> list[Finding]:
    """Compare LLDP neighbours with the inventory's cabling; a miscabled port names both ends."""
    table = ctx.state.lldp_neighbors
    if table is None:
        return ctx.not_read("get_lldp_neighbors")
    keyed = ctx.keyed(dict(table))
    devices = {d.name: d for d in ctx.school.devices}
    findings: list[Finding] = []
    checked = 0
    for index, link in enumerate(ctx.school.links):
        for near, far in ((link.a, link.b), (link.b, link.a)):
            if near.device != ctx.device.name:
                continue
            peer = devices.get(far.device)
            peer_platform = peer.platform if peer else None
            checked += 1
            cabling = ctx.inventory_evidence(
                ("links", index), f"{near.device} {near.port} – {far.device} {far.port}"
            )
            found = keyed.get(interface_key(near.port, ctx.device.platform))
            neighbours = found[1] if found else []
            if any(
                _same_host(n["hostname"], far.device)
                and _same_port(n["port"], far.port, peer_platform, ctx.device.platform)
                for n in neighbours
            ):
                continue
            seen = "; ".join(f"{n['hostname']} {n['port']}" for n in neighbours) or _(
                "no neighbour"
            )
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _(
                        "{device} {port}: cabled to {peer} {peer_port} in the inventory, LLDP sees {seen}"
                    ).format(
                        device=near.device,
                        port=near.port,
                        peer=far.device,
                        peer_port=far.port,
                        seen=seen,
                    ),
                    [
                        cabling,
                        ctx.getter(
                            "get_lldp_neighbors", f"{found[0] if found else near.port}: {seen}"
                        ),
                    ],
                    port=near.port,
                )
            )
    findings += _unexpected_neighbours(ctx, keyed)
    if not checked and not findings:
        return [
            ctx.finding(Status.NOT_APPLICABLE, _("no cabling of this device in the inventory"), [])
        ]
    return findings or [
        ctx.finding(
            Status.PASS,
            _("{count} cabled port(s) match LLDP").format(count=checked),
            [ctx.getter("get_lldp_neighbors", _("{count} neighbour(s)").format(count=len(table)))],
        )
    ]


def _unexpected_neighbours(ctx: StateContext, keyed: dict[str, tuple[str, Any]]) -> list[Finding]:
    """Report school devices that LLDP sees on ports the inventory cables to no one.

    Neighbours that are not devices of the school (phones, hosts running
    lldpd) are left alone, because the inventory does not model them.
    """
    devices = {d.name.lower(): d for d in ctx.school.devices}
    cabled = {
        interface_key(end.port, ctx.device.platform)
        for link in ctx.school.links
        for end in (link.a, link.b)
        if end.device == ctx.device.name
    }
    ends = [
        (near, far)
        for link in ctx.school.links
        for near, far in ((link.a, link.b), (link.b, link.a))
    ]
    findings: list[Finding] = []
    for key, (shown, neighbours) in sorted(keyed.items()):
        if key in cabled:
            continue
        for neighbour in neighbours:
            peer = devices.get(neighbour["hostname"].split(".")[0].strip().lower())
            if peer is None:
                continue
            seen = f"{peer.name} {neighbour['port']}"
            # The inventory's other end of the cable at the port LLDP reports.
            owner = next(
                (
                    (far.device, far.port)
                    for near, far in ends
                    if near.device == peer.name
                    and _same_port(neighbour["port"], near.port, peer.platform, ctx.device.platform)
                ),
                None,
            )
            if owner is None:
                message = _(
                    "{device} {port}: LLDP sees {seen}, but the inventory cables nothing to this port"
                ).format(device=ctx.device.name, port=shown, seen=seen)
            else:
                message = _(
                    "{device} {port}: LLDP sees {seen}, which the inventory cables to {expected}"
                ).format(
                    device=ctx.device.name, port=shown, seen=seen, expected=f"{owner[0]} {owner[1]}"
                )
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    message,
                    [ctx.getter("get_lldp_neighbors", f"{shown}: {seen}")],
                    port=shown,
                )
            )
    return findings
