"""The logical view of one school: functional zones, their VLANs and IPv4/IPv6 prefixes.

Each zone is a cluster that contains its VLANs. Each VLAN shows its id, name,
both prefixes, DHCP mode and the gateway that owns its SVI. A missing IPv6
prefix is printed in red, because the standard requires dual stack on every
routed user segment.
"""

from __future__ import annotations

import graphviz

from campusctl.diagram.style import (
    MISSING_COLOUR,
    PROVIDER_COLOUR,
    ROLE_COLOURS,
    ZONE_COLOURS,
    Row,
    add_legend,
    html,
    new_graph,
    set_title,
    speed_text,
    table,
)
from campusctl.i18n import _
from campusctl.inventory.labels import role_label, zone_label
from campusctl.inventory.model import DhcpMode, School, Vlan, Zone
from campusctl.platforms import PLATFORMS


def _dhcp_text(mode: DhcpMode) -> str:
    labels = {
        DhcpMode.LOCAL: _("DHCP on the gateway"),
        DhcpMode.RELAY: _("DHCP relay"),
        DhcpMode.NONE: _("static addresses"),
    }
    return labels[mode]


def _vlan_label(vlan: Vlan) -> str:
    rows = [Row([html(f"VLAN {vlan.id} {vlan.name}")], bold=True)]
    rows.append(Row([html(vlan.ipv4 if vlan.ipv4 is not None else _("no IPv4 prefix"))]))
    if vlan.ipv6 is not None:
        rows.append(Row([html(vlan.ipv6)]))
    else:
        rows.append(Row([html(_("no IPv6 prefix"))], colour=MISSING_COLOUR))
    rows.append(Row([html(_dhcp_text(vlan.dhcp))]))
    if vlan.gateway is None:
        rows.append(Row([html(_("layer 2 only"))]))
    return table(rows, background=ZONE_COLOURS[vlan.zone])


def logical_view(school: School, *, font: str, revision: str) -> graphviz.Digraph:
    """Return the zones-and-VLANs graph of ``school``.

    :param school: the school to draw.
    :param font: the CJK-capable font family for every label (see :func:`cjk_font`).
    :param revision: the inventory revision printed in the title.
    """
    graph = new_graph(f"logical_{school.code}", font)
    set_title(
        graph,
        f"{school.name} ({school.code})",
        _(
            "Logical view: zones, VLANs and prefixes · address blocks {ipv4}, {ipv6} · "
            "inventory revision {revision}"
        ).format(ipv4=school.prefixes.ipv4, ipv6=school.prefixes.ipv6, revision=revision),
    )

    with graph.subgraph(name="rank_uplinks") as rank:
        rank.attr(rank="min")
        for index, uplink in enumerate(school.uplinks, start=1):
            rows = [
                Row([html(uplink.provider)], bold=True),
                Row([html(speed_text(uplink.committed_mbps))]),
                Row([html(uplink.ipv4 if uplink.ipv4 is not None else _("no IPv4 address"))]),
            ]
            if uplink.ipv6 is not None:
                rows.append(Row([html(uplink.ipv6)]))
            else:
                rows.append(Row([html(_("no IPv6 address"))], colour=MISSING_COLOUR))
            rank.node(f"uplink_{index}", label=table(rows, background=PROVIDER_COLOUR))

    gateways = sorted({vlan.gateway for vlan in school.vlans if vlan.gateway is not None})
    with graph.subgraph(name="rank_gateways") as rank:
        rank.attr(rank="same")
        for name in gateways:
            device = school.device(name)
            rows = [Row([html(name)], bold=True)]
            colour = PROVIDER_COLOUR
            if device is not None:
                rows.append(Row([html(role_label(device.role))]))
                colour = ROLE_COLOURS[device.role]
            rank.node(f"gw_{name}", label=table(rows, background=colour))
    for index, uplink in enumerate(school.uplinks, start=1):
        if uplink.device in gateways:
            graph.edge(f"uplink_{index}", f"gw_{uplink.device}", style="dashed")

    for zone in Zone:
        vlans = sorted((v for v in school.vlans if v.zone is zone), key=lambda v: v.id)
        if not vlans:
            continue
        with graph.subgraph(name=f"cluster_zone_{zone.value}") as cluster:
            cluster.attr(label=zone_label(zone), style="rounded,filled", fillcolor="#fafafa")
            for vlan in vlans:
                cluster.node(f"vlan_{vlan.id}", label=_vlan_label(vlan))
    for vlan in school.vlans:
        if vlan.gateway is None:
            continue
        device = school.device(vlan.gateway)
        svi = PLATFORMS[device.platform].svi_prefix if device is not None else "VLAN"
        graph.edge(f"gw_{vlan.gateway}", f"vlan_{vlan.id}", label=f"{svi}{vlan.id}")

    add_legend(
        graph,
        _("Legend"),
        [(ZONE_COLOURS[zone], zone_label(zone)) for zone in Zone]
        + [(MISSING_COLOUR, _("red text: prefix or address missing"))],
    )
    return graph
