"""``campusctl school new``: onboard a new model school (or a batch) in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from campusctl.cli.output import console
from campusctl.errors import UsageError
from campusctl.i18n import _
from campusctl.inventory.labels import role_label, school_type_label, tier_label, zone_label
from campusctl.inventory.model import SchoolType, Tier
from campusctl.inventory.model.catalog import SourceStatus
from campusctl.onboard.onboard import onboard
from campusctl.onboard.plan import SchoolPlan
from campusctl.onboard.rules import load_rules
from campusctl.onboard.spec import SchoolSpec, load_specs, parse_spec
from campusctl.onboard.summary import device_counts, model_sources, switch_loads
from campusctl.platforms import PlatformId

OPTION_OF_FIELD = {
    "code": "--code",
    "name": "--name",
    "name_en": "--name-en",
    "short": "--short",
    "type": "--type",
    "tier": "--tier",
    "district": "--district",
    "mlps_level": "--mlps-level",
    "platform": "--platform",
    "bandwidth_mbps": "--bandwidth",
    "provider": "--provider",
    "uplink_ipv4": "--uplink-ipv4",
    "uplink_ipv6": "--uplink-ipv6",
    "buildings": "--buildings",
    "floors": "--floors",
    "classrooms": "--classrooms",
    "labs": "--labs",
    "offices": "--offices",
    "dorm_rooms": "--dorm-rooms",
}
"""The command-line option of every spec field, for error messages."""

school_app = typer.Typer(help=_("Onboard and inspect schools."), no_args_is_help=True)


def _options(**values: Any) -> dict[str, Any]:
    """Return the options the user gave, with enum values as their strings."""
    return {
        key: getattr(value, "value", value) for key, value in values.items() if value is not None
    }


@school_app.command(
    "new", help=_("Plan a new school from a short description and write its inventory file.")
)
def new(
    code: str | None = typer.Option(None, "--code", help=_("10-digit MoE school identifier.")),
    name: str | None = typer.Option(None, "--name", help=_("School name as registered.")),
    name_en: str | None = typer.Option(None, "--name-en", help=_("English name of the school.")),
    short: str | None = typer.Option(
        None, "--short", help=_("Upper-case prefix of device and host names (2-12 characters).")
    ),
    school_type: SchoolType | None = typer.Option(None, "--type", help=_("School type.")),
    tier: Tier | None = typer.Option(None, "--tier", help=_("Demonstration tier.")),
    district: str | None = typer.Option(None, "--district", help=_("6-digit district code.")),
    mlps_level: int | None = typer.Option(
        None,
        "--mlps-level",
        help=_("等保 level (2 or 3); defaults to the level the type requires."),
    ),
    platform: PlatformId | None = typer.Option(
        None, "--platform", help=_("Vendor platform of every device.")
    ),
    bandwidth: float | None = typer.Option(
        None, "--bandwidth", help=_("Committed uplink bandwidth in Mbps.")
    ),
    provider: str | None = typer.Option(None, "--provider", help=_("Broadband provider.")),
    uplink_ipv4: str | None = typer.Option(
        None, "--uplink-ipv4", help=_("School address on the provider link (198.19.81.10/30).")
    ),
    uplink_ipv6: str | None = typer.Option(
        None,
        "--uplink-ipv6",
        help=_("School IPv6 address on the provider link, with its prefix length."),
    ),
    buildings: int | None = typer.Option(None, "--buildings", help=_("Number of buildings.")),
    floors: int | None = typer.Option(None, "--floors", help=_("Floors per building.")),
    classrooms: int | None = typer.Option(None, "--classrooms", help=_("Number of classrooms.")),
    labs: int | None = typer.Option(None, "--labs", help=_("Number of labs.")),
    offices: int | None = typer.Option(
        None, "--offices", help=_("Number of offices (default: one per 12 classrooms).")
    ),
    dorm_rooms: int | None = typer.Option(None, "--dorm-rooms", help=_("Number of dorm rooms.")),
    spec_file: Path | None = typer.Option(
        None, "--spec", help=_("YAML spec of one school or a batch; options above override it.")
    ),
    rules_file: Path | None = typer.Option(
        None, "--rules", help=_("Sizing rules file (default: the packaged rules).")
    ),
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=_("Print the plan and write nothing.")),
    replace: bool = typer.Option(
        False, "--replace", help=_("Plan existing schools again, keeping their address blocks.")
    ),
    diagram_dir: Path | None = typer.Option(
        None,
        "--diagram",
        help=_("Also draw the physical diagram (SVG) of each planned school into this folder."),
    ),
) -> None:
    """Plan a new school from a short description and write its inventory file."""
    from_options = _options(
        code=code,
        name=name,
        name_en=name_en,
        short=short,
        type=school_type,
        tier=tier,
        district=district,
        mlps_level=mlps_level,
        platform=platform,
        bandwidth_mbps=bandwidth,
        provider=provider,
        uplink_ipv4=uplink_ipv4,
        uplink_ipv6=uplink_ipv6,
        buildings=buildings,
        floors=floors,
        classrooms=classrooms,
        labs=labs,
        offices=offices,
        dorm_rooms=dorm_rooms,
    )
    specs: list[SchoolSpec] = (
        load_specs(spec_file, from_options)
        if spec_file is not None
        else [parse_spec(from_options, OPTION_OF_FIELD)]
    )
    rules = load_rules(rules_file)
    result = onboard(inventory_path, specs, rules, dry_run=dry_run, replace=replace)
    for plan in result.plans:
        _print_plan(plan, detailed=dry_run or len(result.plans) == 1)
        if diagram_dir is not None:
            _draw(plan, diagram_dir, None if dry_run else result.inventory.root)
    if dry_run:
        console.print(
            _("dry run: {count} school(s) planned, nothing written").format(count=len(result.plans))
        )
        return
    for path in result.written:
        console.print(_("wrote {path}").format(path=path))
    console.print(
        _("{count} school(s) written; next: campusctl validate {inventory}").format(
            count=len(result.written), inventory=result.inventory.root
        )
    )


def _source_label(status: SourceStatus) -> str:
    labels = {
        SourceStatus.DATA_SHEET: _("checked against the data sheet"),
        SourceStatus.COMMUNITY: _("ports checked against a community source"),
        SourceStatus.UNVERIFIED: _("unverified: no data sheet found"),
    }
    return labels[status]


def _print_plan(plan: SchoolPlan, *, detailed: bool) -> None:
    school = plan.school
    header = Text(
        _(
            "{code} {name}: {type}, {tier}, 等保 level {level}, "
            "IPv4 {ipv4}, IPv6 {ipv6}, {devices} devices, {links} links, {hosts} hosts"
        ).format(
            code=school.code,
            name=school.name,
            type=school_type_label(school.type),
            tier=tier_label(school.tier),
            level=school.mlps_level,
            ipv4=school.prefixes.ipv4,
            ipv6=school.prefixes.ipv6,
            devices=len(school.devices),
            links=len(school.links),
            hosts=len(school.hosts),
        )
    )
    console.print(header)
    if not detailed:
        return
    devices = Table(title=_("Devices"), title_justify="left")
    devices.add_column(_("role"))
    devices.add_column(_("model"))
    devices.add_column(_("count"), justify="right")
    devices.add_column(_("catalogue values"))
    sources = model_sources(plan)
    for role, model, count in device_counts(plan):
        source = sources.get(model)
        devices.add_row(
            Text(role_label(role)),
            Text(model),
            Text(str(count)),
            Text(_source_label(source) if source else "-"),
        )
    console.print(devices)

    loads = Table(title=_("Switch load"), title_justify="left")
    loads.add_column(_("device"))
    loads.add_column(_("model"))
    loads.add_column(_("stack"), justify="right")
    loads.add_column(_("ports used"), justify="right")
    loads.add_column(_("PoE (W)"), justify="right")
    for load in switch_loads(plan):
        loads.add_row(
            Text(load.name),
            Text(load.model),
            Text(str(load.members)),
            Text(f"{load.ports_used}/{load.ports_total}"),
            Text(f"{load.poe_w:g}/{load.poe_budget_w}" if load.poe_budget_w else "-"),
        )
    console.print(loads)

    vlans = Table(title=_("VLANs"), title_justify="left")
    for column in (_("VLAN"), _("name"), _("zone"), "IPv4", "IPv6"):
        vlans.add_column(column)
    for vlan in school.vlans:
        vlans.add_row(
            *(
                Text(str(value))
                for value in (vlan.id, vlan.name, zone_label(vlan.zone), vlan.ipv4, vlan.ipv6)
            )
        )
    console.print(vlans)

    console.print(_("Cabling"), markup=False)
    for link in school.links:
        console.print(
            Text(
                _("{a} {a_port} ↔ {b} {b_port}, {speed} Mbps {medium}").format(
                    a=link.a.device,
                    a_port=link.a.port + (f" ({link.a.lag})" if link.a.lag else ""),
                    b=link.b.device,
                    b_port=link.b.port + (f" ({link.b.lag})" if link.b.lag else ""),
                    speed=link.speed_mbps,
                    medium=_("fibre") if link.medium.value == "fiber" else _("copper"),
                )
            )
        )


def _draw(plan: SchoolPlan, directory: Path, root: Path | None) -> None:
    """Draw the plan's physical topology with the diagram package, when this build has it.

    :param root: the inventory the school was written to; None on a dry run.
    """
    try:
        from campusctl import diagram  # type: ignore[attr-defined,unused-ignore]
    except ImportError as err:
        raise UsageError(
            _("--diagram needs the campusctl.diagram package, which this installation lacks")
        ) from err
    revision = diagram.inventory_revision(root) if root is not None else _("plan, not written")
    graph = diagram.physical_view(plan.school, font=diagram.cjk_font(), revision=revision)
    for path in diagram.render(graph, directory, f"{plan.school.code}-physical", ("svg",)):
        console.print(_("diagram: {path}").format(path=path))


def register(app: typer.Typer) -> None:
    """Add the school commands to the command line."""
    app.add_typer(school_app, name="school")
