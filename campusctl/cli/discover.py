"""``campusctl import-config`` and ``campusctl discover``: bring existing schools under management."""

from __future__ import annotations

import os
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any

import typer

from campusctl.cli.output import console, error_console
from campusctl.discover.build import (
    ImportResult,
    SchoolFacts,
    build_school,
    covering_block,
    infer_roles,
)
from campusctl.discover.crawl import (
    Resolver,
    Target,
    crawl,
    hinted_platforms,
    open_driver,
    read_device,
)
from campusctl.discover.facts import DeviceFacts
from campusctl.discover.gaps import gap_report
from campusctl.discover.importer import import_configs, read_devices
from campusctl.discover.links import (
    compare_with_descriptions,
    links_from_descriptions,
    links_from_lldp,
)
from campusctl.discover.output import dump_school, school_path, write_school
from campusctl.discover.rules import load_rules
from campusctl.discover.targets import GivenTargets, LabTargets
from campusctl.discover.todo import is_todo
from campusctl.errors import UsageError
from campusctl.i18n import _
from campusctl.inventory.model import SchoolType
from campusctl.inventory.overlay import load_overlay

PASSWORD_ENV = "CAMPUSCTL_PASSWORD"
SECRET_ENV = "CAMPUSCTL_ENABLE_SECRET"


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


def _ranges(values: list[str]) -> list[IPv4Network | IPv6Network]:
    try:
        return [ip_network(v, strict=False) for v in values]
    except ValueError as err:
        raise UsageError(
            _("--range takes networks like 198.18.36.0/22: {error}").format(error=err)
        ) from err


def _given_addresses(values: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for value in values:
        name, sep, address = value.partition("=")
        if not sep or not name or not address:
            raise UsageError(_("--address takes NAME=IP, not {value!r}").format(value=value))
        result[name] = address
    return result


def _resolver(
    inventory: Path,
    seed: str,
    addresses: dict[str, str],
    username: str | None,
    known_hosts: Path | None,
) -> tuple[Resolver, Target]:
    overlay = load_overlay(inventory if inventory.exists() else None)
    if overlay is not None and seed in overlay.devices:
        lab = LabTargets(overlay, Path.cwd())
        target = lab(seed, None)
        if target is None:
            raise UsageError(_("the lab overlay has no login for {seed}").format(seed=seed))
        return lab, target
    password = os.environ.get(PASSWORD_ENV, "")
    if not username or not password:
        raise UsageError(
            _(
                "{seed} is not a lab device; give --username and the password in ${env}, "
                "and --known-hosts with the devices' SSH keys"
            ).format(seed=seed, env=PASSWORD_ENV)
        )
    given = GivenTargets(
        addresses,
        username,
        password,
        str(known_hosts) if known_hosts else None,
        os.environ.get(SECRET_ENV, ""),
    )
    host = addresses.get(seed, seed)
    target = Target(
        seed,
        host,
        22,
        username,
        password,
        secret=given.secret,
        known_hosts=given.known_hosts,
        address=host,
    )
    return given, target


def _seed_ranges(facts: DeviceFacts) -> list[IPv4Network | IPv6Network]:
    """Return the smallest block covering the seed's SVI subnets: the school's block."""
    block = covering_block([svi.ipv4[0].network for svi in facts.svis() if svi.ipv4])
    return [block] if block is not None else []


def discover(
    seed: str = typer.Option(
        ..., "--seed", help=_("The device to start from: a lab device name or an address.")
    ),
    school: str = typer.Option(..., "--school", help=_("The 10-digit school code.")),
    district: str | None = typer.Option(None, "--district", help=_("The 6-digit district code.")),
    name: str | None = typer.Option(None, "--name", help=_("The school's name.")),
    school_type: str | None = typer.Option(None, "--type", help=_("The school type.")),
    mlps_level: int | None = typer.Option(None, "--mlps-level", help=_("等保 level, 2 or 3.")),
    ranges: list[str] = typer.Option(
        [],
        "--range",
        help=_(
            "Management networks to crawl (default: the block covering the seed's SVI subnets)."
        ),
    ),
    addresses: list[str] = typer.Option(
        [], "--address", help=_("NAME=IP of a device outside the lab.")
    ),
    username: str | None = typer.Option(None, "--username", help=_("Login name outside the lab.")),
    known_hosts: Path | None = typer.Option(
        None, "--known-hosts", help=_("known_hosts file with the devices' keys.")
    ),
    inventory: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder.")
    ),
    out: Path | None = typer.Option(None, "--out", help=_("Write the school file here instead.")),
    rules_file: Path | None = typer.Option(None, "--rules", help=_("Zone and room rules file.")),
    gaps: Path | None = typer.Option(None, "--gaps", help=_("Write the gap report to this file.")),
    force: bool = typer.Option(False, "--force", help=_("Replace an existing school file.")),
) -> None:
    """Crawl a school's switches by LLDP from one device and build its school file."""
    facts = _school_facts(school, district, name, school_type, mlps_level)
    rules = load_rules(rules_file)
    resolve, target = _resolver(inventory, seed, _given_addresses(addresses), username, known_hosts)
    seed_facts = read_device(target, open_driver, hinted_platforms(seed))
    networks = _ranges(ranges) or _seed_ranges(seed_facts)
    console.print(
        _("crawling from {seed} within {ranges}").format(
            seed=seed_facts.hostname, ranges=", ".join(map(str, networks)) or "-"
        ),
        markup=False,
    )
    found = crawl(target, resolve, networks, seed_facts=seed_facts)
    links, notes = links_from_lldp(found.devices)
    roles = infer_roles(found.devices, rules, [])
    described, _described_notes = links_from_descriptions(found.devices, roles, rules)
    notes.extend(compare_with_descriptions(links, described))
    result = build_school(facts, found.devices, links, rules, notes)
    path = out or school_path(inventory, facts.code, facts.district)
    header = _("Discovered by campusctl discover from {seed}").format(seed=seed_facts.hostname)
    write_school(path, dump_school(result.school, header), force=force)
    _print_result(result, path)
    for missing in found.unreached:
        error_console.print(
            _("not reached: {device} (seen from {seen_from}): {reason}").format(
                device=missing.name, seen_from=missing.seen_from, reason=missing.reason
            ),
            markup=False,
        )
    for skipped in found.skipped:
        console.print(
            _("outside the management range, not crawled: {device}").format(device=skipped)
        )
    report = gap_report(found.devices, rules, _management_vlans(result.school))
    if gaps is not None:
        gaps.write_text(report.text() + "\n", encoding="utf-8")
    else:
        console.print(report.text(), markup=False)
    if found.unreached:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the import and discovery commands."""
    app.command("import-config", help=_("Build a school file from saved device configurations."))(
        import_config
    )
    app.command(
        "discover", help=_("Crawl a school by LLDP from one device and build its school file.")
    )(discover)
