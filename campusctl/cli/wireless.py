"""``campusctl wireless coverage`` and the coverage tables of ``campusctl inventory show``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from campusctl.cli.output import console
from campusctl.i18n import _
from campusctl.inventory import load_inventory
from campusctl.inventory.coverage import room_kind_label, school_coverage
from campusctl.inventory.model import School
from campusctl.inventory.selection import select_schools

MAX_LISTED = 12
"""Uncovered rooms listed per row before the rest is counted."""

wireless_app = typer.Typer(help=_("Inspect the wireless campus."), no_args_is_help=True)


def _listed(rooms: list[str]) -> str:
    if not rooms:
        return "-"
    shown = ", ".join(rooms[:MAX_LISTED])
    if len(rooms) > MAX_LISTED:
        shown += " " + _("(+{count} more)").format(count=len(rooms) - MAX_LISTED)
    return shown


def print_coverage(schools: list[School]) -> None:
    """Print one table per school: rooms with and without a serving AP, by room kind."""
    for school in schools:
        table = Table(
            title=_("WLAN coverage of {code} {name}").format(code=school.code, name=school.name),
            title_justify="left",
        )
        table.add_column(_("room kind"))
        table.add_column(_("rooms"), justify="right")
        table.add_column(_("with AP"), justify="right")
        table.add_column(_("without AP"), justify="right")
        table.add_column(_("coverage"), justify="right")
        table.add_column(_("rooms without AP"))
        for entry in school_coverage(school):
            table.add_row(
                room_kind_label(entry.kind),
                str(entry.total),
                str(len(entry.covered)),
                str(len(entry.uncovered)),
                f"{entry.share * 100:.0f}%",
                _listed(entry.uncovered),
            )
        console.print(table)


@wireless_app.command("coverage", help=_("Print the WLAN coverage of each school's rooms."))
def coverage(
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
    limit: str | None = typer.Option(
        None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
) -> None:
    """Print the WLAN coverage of each school's rooms."""
    inventory = load_inventory(inventory_path)
    print_coverage(select_schools(inventory, limit))


def register(app: typer.Typer) -> None:
    """Add the ``wireless`` command group."""
    app.add_typer(wireless_app, name="wireless")
