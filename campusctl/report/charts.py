"""Inline SVG bar charts for the summary pages (no JavaScript, nothing fetched)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from campusctl.i18n import _

WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 150
ROW_HEIGHT = 24
TOP = 30
BAR_HEIGHT = 14

MET_COLOUR = "#6aa84f"
MISSED_COLOUR = "#cc4125"
TARGET_COLOUR = "#333333"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a label, a share in 0–1 (None when nothing was counted) and a detail text."""

    label: str
    share: float | None
    detail: str


def percent(share: float | None) -> str:
    """Format a share as a whole percentage, or an en dash when there is none."""
    return "–" if share is None else f"{share * 100:.0f}%"


def bar_chart(title: str, bars: Sequence[Bar], target: float) -> Markup:
    """Return an inline ``<svg>`` chart of ``bars`` with a dashed line at ``target``.

    A bar at or above the target is green, one below it red. Every label and
    value is also in the SVG's text, so the chart can be read by tools and
    screen readers.
    """
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + 10
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 2}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{plot}" height="{BAR_HEIGHT}" fill="#eeeeee"/>'
        )
        if bar.share is not None:
            colour = MET_COLOUR if bar.share >= target else MISSED_COLOUR
            width = round(plot * min(bar.share, 1.0), 1)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + plot + 8}" y="{y + BAR_HEIGHT - 2}">'
            f"{escape(percent(bar.share))} {escape(bar.detail)}</text>"
        )
    x = LABEL_WIDTH + round(plot * target, 1)
    bottom = TOP + ROW_HEIGHT * max(len(bars), 1) - (ROW_HEIGHT - BAR_HEIGHT)
    parts.append(
        f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{bottom + 4}" stroke="{TARGET_COLOUR}" '
        f'stroke-dasharray="4 3"><title>{escape(_("target"))} {percent(target)}</title></line>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
