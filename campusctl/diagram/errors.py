"""Errors raised while drawing diagrams."""

from __future__ import annotations

from campusctl.errors import ReportError


class DiagramError(ReportError):
    """Raised when a diagram cannot be drawn."""

    code = "E7100"


class FontMissing(DiagramError):
    """Raised when fontconfig lists no font with Chinese glyphs."""

    code = "E7101"


class GraphvizFailed(DiagramError):
    """Raised when Graphviz's ``dot`` is missing or rejects a graph."""

    code = "E7102"
