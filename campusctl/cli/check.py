"""``campusctl check``: the standard's rules on the inventory, rendered configs or the running network."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from campusctl.cli.output import console
from campusctl.errors import ComplianceError, UsageError
from campusctl.i18n import _
from campusctl.inventory import load_inventory
from campusctl.inventory.selection import select_devices, select_schools
from campusctl.standard.aggregate import roll_up
from campusctl.standard.config.intent import IntentFacts
from campusctl.standard.engine import CONFIGLESS_ROLES, Run, run_checks
from campusctl.standard.jsonout import to_document, write_json
from campusctl.standard.live import LiveState
from campusctl.standard.profile import Profile, load_profile
from campusctl.standard.results import Finding, RunResult, Status, Unreachable
from campusctl.standard.running import RunningFacts
from campusctl.standard.sources import CapturedState, ConfigDirectory


class ChecksFailed(ComplianceError):
    """Raised when a rule of severity error fails, so the command exits 1."""

    code = "E5005"


class DevicesUnreachable(ComplianceError):
    """Raised when devices could not be reached, so their rules were not judged and the run fails."""

    code = "E5006"


DEFAULT_JSON = Path("build/compliance/results.json")
_STATUS_STYLE = {
    Status.PASS: "green",
    Status.FAIL: "red",
    Status.MANUAL: "yellow",
    Status.NOT_APPLICABLE: "dim",
    Status.UNREACHABLE: "magenta",
}
_COLUMNS = (Status.PASS, Status.FAIL, Status.UNREACHABLE, Status.MANUAL, Status.NOT_APPLICABLE)


def _status_label(status: Status) -> str:
    labels = {
        Status.PASS: _("pass"),
        Status.FAIL: _("fail"),
        Status.MANUAL: _("manual"),
        Status.NOT_APPLICABLE: _("not applicable"),
        Status.UNREACHABLE: _("unreachable"),
    }
    return labels[status]


def _print_summary(profile: Profile, result: RunResult) -> None:
    table = Table(
        title=_("Compliance with profile {profile}").format(profile=profile.id),
        title_justify="left",
    )
    table.add_column(_("rule"))
    table.add_column(_("requirement"))
    unreachable = bool(result.unreachable)
    columns = [s for s in _COLUMNS if unreachable or s is not Status.UNREACHABLE]
    for status in columns:
        table.add_column(_status_label(status), justify="right")
    by_rule = result.by_rule()
    for rule in profile.enabled():
        findings = by_rule.get(rule.id)
        if not findings:
            continue
        counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
        cells = [f"[{_STATUS_STYLE[s]}]{counts[s]}[/]" if counts[s] else "0" for s in columns]
        table.add_row(rule.id, rule.name.local(), *cells)
    console.print(table)


def _print_failures(failures: list[Finding]) -> None:
    if not failures:
        return
    table = Table(title=_("Failed rules"), title_justify="left")
    table.add_column(_("rule"))
    table.add_column(_("severity"))
    table.add_column(_("subject"))
    table.add_column(_("finding"))
    table.add_column(_("evidence"))
    for finding in failures:
        evidence = "\n".join(f"{e.where()}: {e.text}" for e in finding.evidence[:3])
        table.add_row(
            finding.rule, finding.severity.value, finding.subject, finding.message, evidence
        )
    console.print(table)


def _print_unreachable(unreachable: list[Unreachable]) -> None:
    if not unreachable:
        return
    table = Table(title=_("Devices not reached (not checked)"), title_justify="left")
    table.add_column(_("device"))
    table.add_column(_("school"))
    table.add_column(_("address"))
    table.add_column(_("error"))
    for device in unreachable:
        table.add_row(device.device, device.school, device.address, device.error)
    console.print(table)


def _unreachable_error(
    unreachable: list[Unreachable], failed_rules: set[str]
) -> DevicesUnreachable:
    message = _(
        "{count} device(s) could not be reached, so their rules were not checked: {devices}. "
        "Check that each is up and answers SSH at the address shown (for the lab: "
        "`campusctl lab status`), then run the check again."
    ).format(
        count=len(unreachable),
        devices=", ".join(f"{u.device} ({u.address})" for u in unreachable),
    )
    if failed_rules:
        message += " " + _("{count} rule(s) of severity error failed: {rules}").format(
            count=len(failed_rules), rules=", ".join(sorted(failed_rules))
        )
    return DevicesUnreachable(message)


def check(
    scope: str | None = typer.Argument(
        None, help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
    rendered: bool = typer.Option(
        False, "--rendered", help=_("Also check the rendered configurations.")
    ),
    intent: bool = typer.Option(
        False,
        "--intent",
        help=_(
            "With --rendered: check the renderer's device intents instead of parsing the files (fast, for a whole province)."
        ),
    ),
    running: bool = typer.Option(
        False, "--running", help=_("Check the running configurations and device state.")
    ),
    limit: str | None = typer.Option(
        None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
    profile_name: str | None = typer.Option(
        None,
        "--profile",
        "-p",
        help=_("Profile id or file (default: the profile named in province.yml)."),
    ),
    json_path: Path = typer.Option(
        DEFAULT_JSON, "--json", help=_("Where to write the JSON results for the report.")
    ),
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
    configs: Path = typer.Option(
        Path("build/configs"),
        "--configs",
        help=_("Folder of rendered configurations (<device>.cfg)."),
    ),
    state: Path | None = typer.Option(
        None,
        "--state",
        help=_(
            "With --running: folder of captured device state (<device>.json with getter results) instead of reading the devices."
        ),
    ),
) -> None:
    """Check the standard's rules; exit 1 when a rule of severity error fails or a device is unreachable."""
    if rendered and running:
        raise UsageError(_("choose one of --rendered and --running"))
    inventory = load_inventory(inventory_path)
    profile = load_profile(profile_name or inventory.province.province.profile)
    schools = select_schools(inventory, scope, limit)
    selected = scope or limit
    devices = {d.name for _s, d in select_devices(inventory, scope, limit)} if selected else None
    run = Run(inventory, profile)
    if rendered and intent:
        run.facts = IntentFacts(inventory)
    elif rendered:
        run.configs = ConfigDirectory(configs)
    elif running:
        states: CapturedState | LiveState
        if state is not None:
            states = CapturedState(state, ConfigDirectory(configs))
        else:
            states = LiveState(inventory, ConfigDirectory(configs))
            states.prefetch(
                [
                    (school, device)
                    for school in schools
                    for device in school.devices
                    if device.role not in CONFIGLESS_ROLES
                    and (devices is None or device.name in devices)
                ]
            )
        run.states = states
        run.facts = RunningFacts(states)
        run.check_inventory = False
    result = run_checks(run, schools, devices)
    summaries, rollups = roll_up(inventory, result, schools)
    write_json(json_path, to_document(profile, result, summaries, rollups))
    _print_summary(profile, result)
    failures = [f for f in result.findings if f.status is Status.FAIL]
    _print_failures(failures)
    _print_unreachable(result.unreachable)
    errors = result.failed_errors()
    compliant = sum(1 for s in summaries.values() if s.compliant)
    console.print(
        _(
            "{schools} school(s), {compliant} compliant; {failed} failed finding(s) of severity error; results in {path}"
        ).format(schools=len(summaries), compliant=compliant, failed=len(errors), path=json_path)
    )
    if result.unreachable:
        raise _unreachable_error(result.unreachable, {f.rule for f in errors})
    if errors:
        # A project error, not typer.Exit: the entry point turns it into exit code 1.
        raise ChecksFailed(
            _("{count} rule(s) of severity error failed: {rules}").format(
                count=len({f.rule for f in errors}),
                rules=", ".join(sorted({f.rule for f in errors})),
            )
        )


def register(app: typer.Typer) -> None:
    """Add ``campusctl check`` to the command line."""
    app.command(
        "check",
        help=_(
            "Check the standard's rules; exit 1 when a rule of severity error fails or a device "
            "is unreachable."
        ),
    )(check)
