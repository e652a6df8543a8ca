"""Consoles shared by the commands: results on stdout, messages on stderr.

Written to a pipe or a file (a CI log, ``| tee``), rich would lay tables
out for 80 columns and wrap device names and messages inside their cells.
Such output gets the width in ``COLUMNS`` when it is set, and otherwise
:data:`PIPE_WIDTH`; a terminal keeps its own width.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console

PIPE_WIDTH = 400
"""Columns for output that goes to a pipe or a file when ``COLUMNS`` is not set."""


def output_width(stream: TextIO) -> int | None:
    """Return the width for a console writing to ``stream``, or None to let rich measure a terminal."""
    try:
        if stream.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or replaced stream
        pass
    return None if os.environ.get("COLUMNS") else PIPE_WIDTH


console = Console(highlight=False, soft_wrap=True, width=output_width(sys.stdout))
error_console = Console(
    stderr=True, highlight=False, soft_wrap=True, width=output_width(sys.stderr)
)
