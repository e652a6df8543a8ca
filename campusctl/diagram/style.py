"""Shared look of the diagrams: fonts, colours, HTML-like labels and the legend.

Labels are Graphviz HTML-like labels, never ``record`` shapes: a record label
that starts with CJK characters has lost them in Graphviz 2.38, and HTML-like
labels also give tables, colours and line breaks without escaping surprises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

import graphviz

from campusctl.inventory.model import DeviceRole, Medium, Zone

FONT_SIZE = "11"
TITLE_FONT_SIZE = "16"

ROLE_COLOURS: dict[DeviceRole, str] = {
    DeviceRole.EGRESS: "#f4cccc",
    DeviceRole.CORE: "#f9cb9c",
    DeviceRole.AGGREGATION: "#ffe599",
    DeviceRole.ACCESS: "#b6d7a8",
    DeviceRole.WLC: "#a4c2f4",
    DeviceRole.AP: "#d9d2e9",
}
PROVIDER_COLOUR = "#eeeeee"

MEDIUM_COLOURS: dict[Medium, str] = {Medium.FIBER: "#e69138", Medium.COPPER: "#3d85c6"}

ZONE_COLOURS: dict[Zone, str] = {
    Zone.MANAGEMENT: "#cfe2f3",
    Zone.TEACHING: "#d9ead3",
    Zone.OFFICE: "#fff2cc",
    Zone.LAB: "#d0e0e3",
    Zone.STUDENT_WIFI: "#ead1dc",
    Zone.GUEST: "#f4cccc",
    Zone.SURVEILLANCE: "#d9d2e9",
    Zone.CAMPUS_CARD: "#fce5cd",
    Zone.IOT: "#e6e6e6",
    Zone.SERVERS: "#c9daf8",
}
MISSING_COLOUR = "#cc0000"
"""Text colour of a value the standard expects but the inventory lacks (an IPv6 prefix)."""


def html(text: object) -> str:
    """Escape ``text`` for a Graphviz HTML-like label."""
    return escape(str(text), quote=True)


def speed_text(mbps: float) -> str:
    """Format a speed in Mbps as vendors print it: 100M, 1G, 2.5G, 10G, 40G."""
    if mbps >= 1000:
        gbps = mbps / 1000
        return f"{gbps:g}G"
    return f"{mbps:g}M"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an HTML-like label table: cells of already escaped markup."""

    cells: Sequence[str]
    bold: bool = False
    colour: str | None = None


def table(rows: Iterable[Row], *, background: str | None = None, border: int = 1) -> str:
    """Return an HTML-like label (``<…>``) holding a table of ``rows``."""
    rows = list(rows)
    width = max((len(row.cells) for row in rows), default=1)
    bgcolor = f' BGCOLOR="{background}"' if background else ""
    parts = [f'<<TABLE BORDER="{border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"{bgcolor}>']
    for row in rows:
        parts.append("<TR>")
        for index, cell in enumerate(row.cells):
            span = width - len(row.cells) + 1 if index == len(row.cells) - 1 else 1
            text = f"<B>{cell}</B>" if row.bold else cell
            if row.colour:
                text = f'<FONT COLOR="{row.colour}">{text}</FONT>'
            colspan = f' COLSPAN="{span}"' if span > 1 else ""
            parts.append(f'<TD ALIGN="LEFT"{colspan}>{text}</TD>')
        parts.append("</TR>")
    parts.append("</TABLE>>")
    return "".join(parts)


def new_graph(name: str, font: str, *, rankdir: str = "TB") -> graphviz.Digraph:
    """Return an empty graph whose graph, node and edge defaults all name ``font``.

    ``charset="UTF-8"`` is declared so that Graphviz never reads a label as Latin-1.
    """
    graph = graphviz.Digraph(name=name, encoding="utf-8")
    graph.attr(
        "graph",
        charset="UTF-8",
        fontname=font,
        fontsize=FONT_SIZE,
        rankdir=rankdir,
        labelloc="t",
        labeljust="l",
        nodesep="0.3",
        ranksep="0.6",
        newrank="true",
        compound="true",
        bgcolor="white",
    )
    graph.attr("node", fontname=font, fontsize=FONT_SIZE, shape="plain")
    graph.attr("edge", fontname=font, fontsize="9", arrowhead="none")
    return graph


def set_title(graph: graphviz.Digraph, title: str, subtitle: str) -> None:
    """Put a two-line title at the top left of ``graph``."""
    graph.attr(
        "graph",
        label=(
            f'<<FONT POINT-SIZE="{TITLE_FONT_SIZE}"><B>{html(title)}</B></FONT>'
            f'<BR ALIGN="LEFT"/>{html(subtitle)}<BR ALIGN="LEFT"/>>'
        ),
    )


def add_legend(graph: graphviz.Digraph, heading: str, entries: Sequence[tuple[str, str]]) -> None:
    """Add a legend box: ``entries`` are (colour, meaning) pairs drawn as swatches.

    A colour starting with ``line:`` is drawn as a coloured line label instead
    of a filled swatch (for link media).
    """
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html(heading)}</B></TD></TR>']
    for colour, meaning in entries:
        if colour.startswith("line:"):
            swatch = f'<TD><FONT COLOR="{colour[5:]}"><B>━━━</B></FONT></TD>'
        else:
            swatch = f'<TD BGCOLOR="{colour}" WIDTH="24">  </TD>'
        rows.append(f'<TR>{swatch}<TD ALIGN="LEFT">{html(meaning)}</TD></TR>')
    label = (
        '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
        + "".join(rows)
        + "</TABLE>>"
    )
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="", style="invis")
        legend.node("legend", label=label)
