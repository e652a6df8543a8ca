"""Network diagrams drawn with Graphviz: physical, logical and overview views.

Every label may contain Chinese, so each graph names a CJK-capable font on the
graph, its nodes and its edges, declares ``charset="UTF-8"`` and uses HTML-like
labels (Graphviz ``record`` shapes have dropped leading CJK characters).
"""

from campusctl.diagram.errors import DiagramError, FontMissing, GraphvizFailed
from campusctl.diagram.fonts import cjk_font
from campusctl.diagram.logical import logical_view
from campusctl.diagram.overview import city_overview, district_overview
from campusctl.diagram.physical import physical_view
from campusctl.diagram.render import render
from campusctl.diagram.revision import inventory_revision

__all__ = [
    "DiagramError",
    "FontMissing",
    "GraphvizFailed",
    "city_overview",
    "cjk_font",
    "district_overview",
    "inventory_revision",
    "logical_view",
    "physical_view",
    "render",
]
