"""``campusctl demo``: the main job end to end on the embedded lab."""

from __future__ import annotations

from pathlib import Path

import typer

from campusctl.i18n import _


def demo(
    root: Path = typer.Option(
        Path("."), "--root", help=_("Repository folder with inventory/ and playbooks/.")
    ),
) -> None:
    """Run the main job on the embedded lab."""
    from campusctl.demo import main

    main(root.resolve())


def register(app: typer.Typer) -> None:
    """Add the demo command."""
    app.command(
        "demo", help=_("Run the main job on the embedded lab: render, plan, apply, verify, report.")
    )(demo)
