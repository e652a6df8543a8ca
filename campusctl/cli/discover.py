"""``campusctl import-config`` and ``campusctl discover``: bring existing schools under management."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from campusctl.cli.output import console, error_console
from campusctl.discover.build import ImportResult, SchoolFacts
from campusctl.discover.gaps import gap_report
from campusctl.discover.importer import import_configs, read_devices
from campusctl.discover.output import dump_school, school_path, write_school
from campusctl.discover.rules import load_rules
from campusctl.discover.todo import is_todo
from campusctl.errors import UsageError
from campusctl.i18n import _
from campusctl.inventory.model import SchoolType


def _school_facts(
    code: str, district: str | None, name: str | None, school_type: str | None, mlps: int | None
) -> SchoolFacts:
    if len(code) != 10 or not code.isdigit():
        raise UsageError(
            _("--school takes the 10-digit school code, not {code!r}").format(code=code)
        )
    if district is None:
        district = code[1:7]
        error_console.print(
            _(
                "district {district} read from the school code; pass --district if it differs"
            ).format(district=district)
        )
    try:
        kind = SchoolType(school_type) if school_type else None
    except ValueError as err:
        raise UsageError(
            _("--type must be one of: {types}").format(types=", ".join(t.value for t in SchoolType))
        ) from err
    if mlps is not None and mlps not in (2, 3):
        raise UsageError(_("--mlps-level is 2 or 3"))
    return SchoolFacts(code=code, district=district, name=name, type=kind, mlps_level=mlps)


def _print_result(result: ImportResult, path: Path) -> None:
    console.print(_("wrote {path}").format(path=path), markup=False)
    for note in result.notes:
        console.print(f"  - {note}", markup=False)
    todos = result.todos()
    if todos:
        console.print(
            _(
                "{count} value(s) could not be inferred and are marked TODO; fill them in, "
                "then run campusctl validate:"
            ).format(count=len(todos)),
            markup=False,
        )
        for key, marker in todos:
            console.print(f"  {key}: {marker}", markup=False)


def _management_vlans(school: dict[str, Any]) -> dict[str, int | None]:
    result: dict[str, int | None] = {}
    for device in school.get("devices", []):
        vlan = device["management"]["vlan"]
        result[device["name"]] = None if is_todo(vlan) else vlan
    return result


def import_config(
    files: list[Path] = typer.Argument(..., help=_("Saved configurations, one per device.")),
    school: str = typer.Option(..., "--school", help=_("The 10-digit school code.")),
    district: str | None = typer.Option(None, "--district", help=_("The 6-digit district code.")),
    name: str | None = typer.Option(None, "--name", help=_("The school's name.")),
    school_type: str | None = typer.Option(None, "--type", help=_("The school type.")),
    mlps_level: int | None = typer.Option(None, "--mlps-level", help=_("等保 level, 2 or 3.")),
    inventory: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder.")
    ),
    out: Path | None = typer.Option(None, "--out", help=_("Write the school file here instead.")),
    rules_file: Path | None = typer.Option(None, "--rules", help=_("Zone and room rules file.")),
    gaps: Path | None = typer.Option(None, "--gaps", help=_("Write the gap report to this file.")),
    intended: Path | None = typer.Option(
        None,
        "--intended",
        help=_("Folder of rendered <device>.cfg files, to plan the remediation."),
    ),
    force: bool = typer.Option(False, "--force", help=_("Replace an existing school file.")),
) -> None:
    """Build a school file from configuration backups, offline, with a gap report."""
    facts = _school_facts(school, district, name, school_type, mlps_level)
    rules = load_rules(rules_file)
    result = import_configs(files, facts, rules)
    path = out or school_path(inventory, facts.code, facts.district)
    header = _("Imported by campusctl import-config from: {files}").format(
        files=", ".join(f.name for f in files)
    )
    write_school(path, dump_school(result.school, header), force=force)
    _print_result(result, path)
    report = gap_report(read_devices(files), rules, _management_vlans(result.school), intended)
    if gaps is not None:
        gaps.write_text(report.text() + "\n", encoding="utf-8")
        console.print(_("gap report written to {path}").format(path=gaps), markup=False)
    else:
        console.print(report.text(), markup=False)


def register(app: typer.Typer) -> None:
    """Add the import and discovery commands."""
    app.command("import-config", help=_("Build a school file from saved device configurations."))(
        import_config
    )
