"""``campusctl validate`` and ``campusctl inventory show``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from campusctl.cli.output import console, error_console
from campusctl.i18n import _
from campusctl.inventory import InventoryInvalid, load_inventory
from campusctl.inventory.labels import role_label, school_type_label, tier_label
from campusctl.inventory.model import DeviceRole, SchoolType, Tier
from campusctl.inventory.selection import select_schools
from campusctl.inventory.summary import summarize

INVENTORY_OPTION = typer.Option(
    Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
)
LIMIT_OPTION = typer.Option(
    None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
)

inventory_app = typer.Typer(help=_("Inspect the inventory."), no_args_is_help=True)


def validate(
    path: Path = typer.Argument(
        Path("inventory"), help=_("Inventory folder (or any file inside it).")
    ),
) -> None:
    """Validate the inventory: schema, YAML pitfalls and cross-checks; exit 1 when invalid."""
    try:
        inventory = load_inventory(path)
    except InventoryInvalid as err:
        for problem in err.problems:
            error_console.print(problem.render(), markup=False)
        error_console.print(
            _("invalid: {count} problem(s) found in {path}").format(
                count=len(err.problems), path=path
            )
        )
        raise typer.Exit(1) from err
    devices = sum(1 for _ in inventory.devices())
    console.print(
        _("valid: {schools} school(s), {devices} device(s), {hosts} host(s) in {path}").format(
            schools=len(inventory.schools),
            devices=devices,
            hosts=sum(1 for _ in inventory.hosts()),
            path=inventory.root,
        )
    )


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


@inventory_app.command("show", help=_("Print a summary table per school, grouped by district."))
def show(
    inventory_path: Path = INVENTORY_OPTION,
    limit: str | None = LIMIT_OPTION,
    coverage: bool = typer.Option(
        False, "--coverage", help=_("Also print each school's rooms with and without an AP.")
    ),
) -> None:
    """Print a summary table per school, grouped by district."""
    inventory = load_inventory(inventory_path)
    schools = select_schools(inventory, limit)
    districts = inventory.province.districts()
    roles = [
        DeviceRole.CORE,
        DeviceRole.AGGREGATION,
        DeviceRole.ACCESS,
        DeviceRole.WLC,
        DeviceRole.AP,
    ]
    for code in sorted({s.district for s in schools}):
        city, district = districts[code]
        table = Table(title=f"{city.name} {district.name} ({district.code})", title_justify="left")
        table.add_column(_("code"), no_wrap=True, min_width=10)
        table.add_column(_("school"), overflow="fold", min_width=8)
        table.add_column(_("type"))
        table.add_column(_("tier"))
        table.add_column(_("MLPS"), justify="right")
        table.add_column(_("bandwidth (Mbps)"), justify="right")
        for role in roles:
            table.add_column(role_label(role), justify="right")
        table.add_column(_("classrooms"), justify="right")
        table.add_column(_("multimedia"), justify="right")
        table.add_column(_("interactive"), justify="right")
        table.add_column(_("AP coverage"), justify="right")
        for school in (s for s in schools if s.district == code):
            summary = summarize(school)
            table.add_row(
                summary.code,
                summary.name,
                school_type_label(SchoolType(summary.school_type)),
                tier_label(Tier(summary.tier)),
                str(summary.mlps_level),
                f"{summary.committed_mbps:g}",
                *(str(summary.devices[role]) for role in roles),
                str(summary.classrooms),
                _percent(summary.multimedia_share),
                _percent(summary.interactive_share),
                f"{summary.covered_classrooms}/{summary.classrooms}",
            )
        console.print(table)
    if coverage:
        from campusctl.cli.wireless import print_coverage

        print_coverage(schools)


def register(app: typer.Typer) -> None:
    """Add the inventory commands to the command line."""
    app.command(
        "validate",
        help=_(
            "Validate the inventory: schema, YAML pitfalls and cross-checks; exit 1 when invalid."
        ),
    )(validate)
    app.add_typer(inventory_app, name="inventory")
