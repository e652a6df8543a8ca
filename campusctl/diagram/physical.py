"""The physical topology of one school: egress, core, aggregation, access, controllers, APs.

Access and aggregation switches and the APs are drawn inside their building
and floor; egress, core and controllers sit on top. Parallel links of one
link aggregation (Eth-Trunk, Bridge-Aggregation, Port-channel) become one thick
edge labelled with the member count and the total bandwidth. APs on the same
switch and floor share one node listing each AP and the room it serves.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import graphviz

from campusctl.diagram.style import (
    MEDIUM_COLOURS,
    PROVIDER_COLOUR,
    ROLE_COLOURS,
    Row,
    add_legend,
    html,
    new_graph,
    set_title,
    speed_text,
    table,
)
from campusctl.i18n import N_, _
from campusctl.inventory.labels import role_label
from campusctl.inventory.model import Building, Device, DeviceRole, Link, Medium, School

log = logging.getLogger(__name__)

ROLE_ORDER: dict[DeviceRole, int] = {
    DeviceRole.EGRESS: 0,
    DeviceRole.CORE: 1,
    DeviceRole.WLC: 2,
    DeviceRole.AGGREGATION: 2,
    DeviceRole.ACCESS: 3,
    DeviceRole.AP: 4,
}
"""Top-down order of roles; an edge always runs from the lower number to the higher."""

_TOP_ROLES = (DeviceRole.EGRESS, DeviceRole.CORE, DeviceRole.WLC)


@dataclass
class _Bundle:
    """Links between one pair of devices that belong together (one LAG, or one plain link)."""

    upper: Device
    lower: Device
    lag: str | None
    links: list[Link] = field(default_factory=list)


@dataclass
class _ApGroup:
    """APs on one floor that hang off the same switch (or off none)."""

    building: str
    floor: int | None
    switch: str | None
    aps: list[Device] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def node_id(self) -> str:
        return f"aps_{self.building}_{self.floor}_{self.switch or 'none'}"


def _floor_text(level: int | None) -> str:
    if level is None:
        return _("floor unknown")
    return _("{level}F").format(level=level) if level > 0 else _("B{level}").format(level=-level)


def _device_label(device: Device) -> str:
    rows = [Row([html(device.name)], bold=True), Row([html(role_label(device.role))])]
    model = device.model if device.stack_members == 1 else f"{device.model} ×{device.stack_members}"
    rows.append(Row([html(model)]))
    rows.append(Row([html(f"{device.os.value} {device.os_version}")]))
    rows.append(Row([html(device.management.ipv4.ip)]))
    if device.management.ipv6 is not None:
        rows.append(Row([html(device.management.ipv6.ip)]))
    if device.role in _TOP_ROLES and device.building is not None:
        rows.append(Row([html(f"{device.building} {_floor_text(device.floor)}")]))
    return table(rows, background=ROLE_COLOURS[device.role])


def _ap_group_label(group: _ApGroup, rooms: dict[str, str]) -> str:
    header = _("{count} × access point").format(count=len(group.aps))
    rows = [Row([html(header)], bold=True)]
    for ap in sorted(group.aps, key=lambda d: d.name):
        rows.append(Row([html(ap.name), html(rooms.get(ap.name, ""))]))
    return table(rows, background=ROLE_COLOURS[DeviceRole.AP])


def _ap_rooms(school: School) -> dict[str, str]:
    """Return, for each AP name, the rooms it serves ("A101 高一(1)班")."""
    served: dict[str, list[str]] = defaultdict(list)
    for _building, _floor, room in school.rooms():
        if room.ap is not None:
            served[room.ap].append(f"{room.id} {room.name}" if room.name else room.id)
    return {ap: ", ".join(names) for ap, names in served.items()}


def _bundles(school: School, devices: dict[str, Device]) -> list[_Bundle]:
    bundles: dict[tuple[str, str, str | None], _Bundle] = {}
    for link in school.links:
        a, b = devices.get(link.a.device), devices.get(link.b.device)
        if a is None or b is None:
            log.warning(
                N_("school %s: link %s-%s names an unknown device"),
                school.code,
                link.a.device,
                link.b.device,
            )
            continue
        upper_end, lower_end = (link.a, link.b)
        if ROLE_ORDER[b.role] < ROLE_ORDER[a.role]:
            upper_end, lower_end = lower_end, upper_end
        lag = upper_end.lag or lower_end.lag
        # Plain links stay separate edges, so the key includes the upper port.
        key = (upper_end.device, lower_end.device, lag or f"port:{upper_end.port}")
        bundle = bundles.setdefault(
            key, _Bundle(devices[upper_end.device], devices[lower_end.device], lag)
        )
        bundle.links.append(link)
    return list(bundles.values())


def _bundle_edge(graph: graphviz.Digraph, bundle: _Bundle) -> None:
    speeds = {link.speed_mbps for link in bundle.links}
    total = sum(link.speed_mbps for link in bundle.links)
    media = {link.medium for link in bundle.links}
    colour = MEDIUM_COLOURS[media.pop()] if len(media) == 1 else "black"
    ports = "; ".join(
        f"{link.a.device} {link.a.port} — {link.b.device} {link.b.port}" for link in bundle.links
    )
    if bundle.lag is not None:
        members = len(bundle.links)
        member_speed = speed_text(speeds.pop()) if len(speeds) == 1 else _("mixed")
        label = f"{bundle.lag}\n{members}×{member_speed} = {speed_text(total)}"
        penwidth = "3.5"
    else:
        link = bundle.links[0]
        ends = {link.a.device: link.a.port, link.b.device: link.b.port}
        label = f"{ends[bundle.lower.name]}\n{speed_text(total)}"
        penwidth = "2" if total >= 10000 else "1.2"
    graph.edge(
        bundle.upper.name,
        bundle.lower.name,
        label=label,
        color=colour,
        penwidth=penwidth,
        tooltip=ports,
    )


def _ap_groups(school: School, devices: dict[str, Device]) -> list[_ApGroup]:
    serving: dict[str, tuple[str, Link]] = {}
    for link in school.links:
        for ap_end, other_end in ((link.a, link.b), (link.b, link.a)):
            ap, other = devices.get(ap_end.device), devices.get(other_end.device)
            if ap is None or other is None or ap.role is not DeviceRole.AP:
                continue
            if other.role is not DeviceRole.AP:  # a mesh link between APs serves nothing
                serving[ap.name] = (other.name, link)
    groups: dict[tuple[str, int | None, str | None], _ApGroup] = {}
    for device in devices.values():
        if device.role is not DeviceRole.AP:
            continue
        served = serving.get(device.name)
        switch = served[0] if served is not None else None
        key = (device.building or "", device.floor, switch)
        group = groups.setdefault(key, _ApGroup(key[0], key[1], switch))
        group.aps.append(device)
        if served is not None:
            group.links.append(served[1])
    return sorted(groups.values(), key=lambda g: (g.building, g.floor or 0, g.switch or ""))


def _ap_group_edge(graph: graphviz.Digraph, group: _ApGroup) -> None:
    if group.switch is None or not group.links:
        return
    speeds = sorted({link.speed_mbps for link in group.links})
    media = {link.medium for link in group.links}
    colour = MEDIUM_COLOURS[media.pop()] if len(media) == 1 else "black"
    member_speeds = "/".join(speed_text(speed) for speed in speeds)
    graph.edge(
        group.switch,
        group.node_id,
        label=f"{len(group.links)}×{member_speeds}",
        color=colour,
        penwidth="1.2",
    )


def _uplinks(graph: graphviz.Digraph, school: School, devices: dict[str, Device]) -> None:
    with graph.subgraph(name="rank_uplinks") as rank:
        rank.attr(rank="min")
        for index, uplink in enumerate(school.uplinks, start=1):
            rows = [
                Row([html(uplink.provider)], bold=True),
                Row(
                    [
                        html(
                            _("committed {bandwidth}").format(
                                bandwidth=speed_text(uplink.committed_mbps)
                            )
                        )
                    ]
                ),
            ]
            if uplink.ipv4 is not None:
                rows.append(Row([html(uplink.ipv4)]))
            if uplink.ipv6 is not None:
                rows.append(Row([html(uplink.ipv6)]))
            rank.node(f"uplink_{index}", label=table(rows, background=PROVIDER_COLOUR))
    for index, uplink in enumerate(school.uplinks, start=1):
        if uplink.device is None or uplink.device not in devices:
            continue
        graph.edge(
            f"uplink_{index}",
            uplink.device,
            label=f"{uplink.port or ''}\n{speed_text(uplink.committed_mbps)}",
            style="dashed",
            penwidth="2",
        )


def _placed(
    graph: graphviz.Digraph,
    buildings: Iterable[Building],
    devices: list[Device],
    ap_groups: list[_ApGroup],
    rooms: dict[str, str],
) -> None:
    """Draw the devices and AP groups inside building and floor clusters."""
    names = {building.id: building.name for building in buildings}
    by_place: dict[str, dict[int | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, str] = {}
    for device in devices:
        by_place[device.building or ""][device.floor].append(device.name)
        labels[device.name] = _device_label(device)
    for group in ap_groups:
        by_place[group.building][group.floor].append(group.node_id)
        labels[group.node_id] = _ap_group_label(group, rooms)
    for building_id in sorted(by_place):
        title = (
            f"{building_id} {names.get(building_id, '')}".strip()
            if building_id
            else _("location unknown")
        )
        with graph.subgraph(name=f"cluster_building_{building_id or 'none'}") as cluster:
            cluster.attr(label=title, style="rounded", color="#666666")
            floors = by_place[building_id]
            for level in sorted(floors, key=lambda f: (f is None, f or 0)):
                with cluster.subgraph(
                    name=f"cluster_floor_{building_id or 'none'}_{level}"
                ) as floor:
                    floor.attr(label=_floor_text(level), style="dashed", color="#999999")
                    for node_id in floors[level]:
                        floor.node(node_id, label=labels[node_id])


def physical_view(school: School, *, font: str, revision: str) -> graphviz.Digraph:
    """Return the physical topology graph of ``school``.

    :param school: the school to draw.
    :param font: the CJK-capable font family for every label (see :func:`cjk_font`).
    :param revision: the inventory revision printed in the title.
    """
    graph = new_graph(f"physical_{school.code}", font)
    set_title(
        graph,
        f"{school.name} ({school.code})",
        _(
            "Physical topology · egress bandwidth {bandwidth} · inventory revision {revision}"
        ).format(bandwidth=speed_text(school.committed_mbps), revision=revision),
    )
    devices = {device.name: device for device in school.devices}

    _uplinks(graph, school, devices)
    top = [d for d in school.devices if d.role in _TOP_ROLES]
    for role in _TOP_ROLES:
        with graph.subgraph(name=f"rank_{role.value}") as rank:
            rank.attr(rank="same")
            for device in (d for d in top if d.role is role):
                rank.node(device.name, label=_device_label(device))

    others = [d for d in school.devices if d.role in (DeviceRole.AGGREGATION, DeviceRole.ACCESS)]
    ap_groups = _ap_groups(school, devices)
    _placed(graph, school.buildings, others, ap_groups, _ap_rooms(school))

    for bundle in _bundles(school, devices):
        if DeviceRole.AP not in (bundle.upper.role, bundle.lower.role):
            _bundle_edge(graph, bundle)
    for group in ap_groups:
        _ap_group_edge(graph, group)

    add_legend(
        graph,
        _("Legend"),
        [(ROLE_COLOURS[role], role_label(role)) for role in DeviceRole]
        + [
            (PROVIDER_COLOUR, _("broadband uplink (committed bandwidth)")),
            ("line:" + MEDIUM_COLOURS[Medium.FIBER], _("fibre")),
            ("line:" + MEDIUM_COLOURS[Medium.COPPER], _("copper")),
            ("line:black", _("thick edge: link aggregation, members × speed = total")),
        ],
    )
    return graph
