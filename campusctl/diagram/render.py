"""Render a graph to files with Graphviz's ``dot``."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence
from pathlib import Path

import graphviz

from campusctl.diagram.errors import GraphvizFailed
from campusctl.i18n import _

log = logging.getLogger(__name__)

FORMATS = ("svg", "png")


def render(
    graph: graphviz.Digraph, directory: Path, stem: str, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write ``stem.dot`` and one file per format under ``directory``; return the image paths.

    :raise GraphvizFailed: when ``dot`` is not installed or rejects the graph.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{stem}.dot").write_text(graph.source, encoding="utf-8")
    written: list[Path] = []
    for fmt in formats:
        target = directory / f"{stem}.{fmt}"
        try:
            data = graph.pipe(format=fmt, quiet=True)
        except graphviz.ExecutableNotFound as err:
            raise GraphvizFailed(
                _("Graphviz's dot was not found; install it: apt-get install graphviz")
            ) from err
        except subprocess.CalledProcessError as err:
            stderr = err.stderr.decode("utf-8", "replace") if isinstance(err.stderr, bytes) else ""
            raise GraphvizFailed(
                _("dot failed to render {file}: {error}").format(
                    file=target, error=stderr.strip() or err
                )
            ) from err
        target.write_bytes(data)
        log.debug("wrote %s (%d bytes)", target, len(data))
        written.append(target)
    return written
