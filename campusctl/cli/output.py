"""Consoles shared by the commands: results on stdout, messages on stderr."""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
error_console = Console(stderr=True, highlight=False, soft_wrap=True)
