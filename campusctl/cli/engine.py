"""``campusctl plan``, ``campusctl apply`` and ``campusctl backup``."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from campusctl.cli.inventory import INVENTORY_OPTION, LIMIT_OPTION
from campusctl.cli.output import console, error_console
from campusctl.collector import collector_for_loading
from campusctl.i18n import _

if TYPE_CHECKING:
    from campusctl.engine.transaction import DeviceResult
    from campusctl.inventory.inventory import Inventory

PROGRESS_SECONDS = 0.1
"""Minimum time between two redraws of the progress bar, in seconds."""

CONFIGS_OPTION = typer.Option(
    Path("build/configs"), "--configs", help=_("Folder of rendered intended configs.")
)
WORKERS_OPTION = typer.Option(
    None,
    "--workers",
    min=1,
    envvar="CAMPUSCTL_WORKERS",
    help=_(
        "Worker processes that share the concurrency (default: one more than the CPUs; 1 runs "
        "every device in this process)."
    ),
)
MODE_OPTION = typer.Option(
    "replace",
    "--mode",
    help=_("replace: converge the whole device; merge: only what the intended config mentions."),
)


def _outcome_label(outcome: str) -> str:
    labels = {
        "unchanged": _("unchanged"),
        "applied": _("applied"),
        "failed": _("failed"),
        "rolled_back": _("rolled back"),
        "rollback_failed": _("ROLLBACK FAILED"),
        "skipped": _("skipped"),
        "abandoned": _("abandoned"),
    }
    return labels.get(outcome, outcome)


def _line_style(line: str) -> str:
    stripped = line.strip()
    return "red" if stripped.startswith(("undo ", "no ")) else "green"


def _pattern(inventory: Inventory, pattern: str | None, limit: str | None) -> str | None:
    """Return one host pattern for ``pattern`` narrowed by ``--limit``.

    As in ansible-playbook, the limit narrows the pattern's hosts. Joining the
    two into one pattern would select their union instead, so the devices both
    select are named one by one.
    """
    from campusctl.errors import UsageError
    from campusctl.inventory.selection import names, select

    if not pattern or not limit:
        return pattern or limit
    chosen = names(select(inventory, pattern, limit))
    if not chosen:
        raise UsageError(
            _("--limit {limit} selects none of the devices that {pattern} selects").format(
                limit=limit, pattern=pattern
            )
        )
    return ",".join(chosen)


def _mode(value: str) -> object:
    from campusctl.diff import DiffMode
    from campusctl.errors import UsageError

    try:
        mode = DiffMode(value)
        if mode is DiffMode.EXACT:
            raise ValueError(value)
        return mode
    except ValueError as err:
        raise UsageError(
            _("--mode must be replace or merge, not {value}").format(value=value)
        ) from err


def plan(
    pattern: str = typer.Argument(
        None, help=_("Ansible host pattern: schools, devices or groups.")
    ),
    limit: str | None = LIMIT_OPTION,
    inventory_path: Path = INVENTORY_OPTION,
    configs: Path = CONFIGS_OPTION,
    mode: str = MODE_OPTION,
    out: Path | None = typer.Option(None, "--out", help=_("Also write the plan to this file.")),
    concurrency: int = typer.Option(
        32, "--concurrency", min=1, help=_("Devices read at the same time.")
    ),
    workers: int | None = WORKERS_OPTION,
) -> None:
    """Show, per device, the commands that would bring it to its intended config; change nothing."""
    from campusctl.engine.redact import redact_lines
    from campusctl.engine.runner import make_plan, targets
    from campusctl.inventory import load_inventory
    from campusctl.state import state_dir

    diff_mode = _mode(mode)
    with collector_for_loading():
        inventory = load_inventory(inventory_path)
        found = targets(inventory, _pattern(inventory, pattern, limit), configs)
    result = make_plan(found, diff_mode, concurrency, workers=workers)  # type: ignore[arg-type]
    changes = 0
    for device in result.devices:
        if device.error:
            error_console.print(
                f"[bold red]{device.device}[/bold red]: {device.error}", markup=True
            )
            continue
        if device.empty:
            console.print(_("{device}: no changes").format(device=device.device))
            continue
        changes += 1
        console.print(f"[bold]{device.device}[/bold] ({device.school}, {device.platform})")
        for line in redact_lines(device.commands + device.management_commands):
            console.print(f"  {line}", style=_line_style(line), markup=False)
    path = out or state_dir(inventory.root) / "plans" / f"{result.run}.json"
    result.save(path)
    console.print(
        _("{changes} of {total} device(s) would change; plan written to {path}").format(
            changes=changes, total=len(result.devices), path=path
        )
    )
    if any(d.error for d in result.devices):
        raise typer.Exit(1)


def apply(
    pattern: str = typer.Argument(
        None, help=_("Ansible host pattern: schools, devices or groups.")
    ),
    limit: str | None = LIMIT_OPTION,
    inventory_path: Path = INVENTORY_OPTION,
    configs: Path = CONFIGS_OPTION,
    mode: str = MODE_OPTION,
    plan_file: Path | None = typer.Option(
        None, "--plan", help=_("Apply exactly this plan (from campusctl plan).")
    ),
    concurrency: int = typer.Option(
        32, "--concurrency", min=1, help=_("Devices changed at the same time.")
    ),
    workers: int | None = WORKERS_OPTION,
    canary: int = typer.Option(
        1, "--canary", min=0, help=_("Devices changed first, before any batch.")
    ),
    batch_size: int = typer.Option(
        100, "--batch-size", min=1, help=_("Devices per batch after the canary.")
    ),
    max_fail_percent: float = typer.Option(
        10.0,
        "--max-fail-percent",
        min=0,
        max=100,
        help=_("Stop when more than this share of devices failed."),
    ),
    confirm_timeout: int = typer.Option(
        120,
        "--confirm-timeout",
        min=5,
        help=_("Seconds before a device reverts an unconfirmed management change."),
    ),
    command_timeout: int | None = typer.Option(
        None,
        "--timeout",
        min=1,
        help=_(
            "Seconds to wait for each command's output before the device counts as failed "
            "(default: the school's timeouts)."
        ),
    ),
) -> None:
    """Back up, change, verify and save each device; roll back a device that fails."""
    from campusctl.engine.backup import BACKUP_DIR
    from campusctl.engine.planfile import Plan
    from campusctl.engine.rollout import RolloutAbandoned, RolloutPolicy
    from campusctl.engine.runner import apply as run_apply
    from campusctl.engine.runner import targets
    from campusctl.inventory import load_inventory
    from campusctl.state import state_dir

    with collector_for_loading():
        inventory = load_inventory(inventory_path)
        loaded = Plan.load(plan_file) if plan_file else None
        diff_mode = _mode(loaded.mode if loaded else mode)
        found = targets(inventory, _pattern(inventory, pattern, limit), configs)
    if command_timeout is not None:
        found = [
            replace(t, access=replace(t.access, command_timeout=command_timeout)) for t in found
        ]
    policy = RolloutPolicy(concurrency, canary, batch_size, max_fail_percent, workers)
    results: list[DeviceResult] = []
    # Refreshed on each result rather than by a thread of its own: the worker
    # processes fork from this process, and forking is safe only while it
    # runs a single thread.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console,
        auto_refresh=False,
    ) as progress:
        task = progress.add_task(_("applying"), total=len(found))
        refreshed = [0.0]

        def advance(result: DeviceResult) -> None:
            # Drawing the bar for every device of a large run cost the parent
            # about half a millisecond each, so it is drawn ten times a second.
            progress.advance(task)
            now = time.monotonic()
            if now - refreshed[0] >= PROGRESS_SECONDS or progress.finished:
                refreshed[0] = now
                progress.refresh()

        try:
            results = run_apply(
                inventory,
                found,
                mode=diff_mode,  # type: ignore[arg-type]
                policy=policy,
                plan=loaded,
                confirm_seconds=confirm_timeout,
                on_result=advance,
            )
        except RolloutAbandoned as abandoned:
            progress.stop()
            _report_abandoned(abandoned.devices, state_dir(inventory.root) / BACKUP_DIR)
            raise typer.Exit(130) from abandoned
    table = Table(title=_("apply results"), title_justify="left")
    for column in (_("device"), _("school"), _("result"), _("commands"), _("seconds")):
        table.add_column(column)
    # Text cells: names are never read as markup, and hundreds of rows render faster.
    for result in results:
        table.add_row(
            Text(result.device),
            Text(result.school),
            Text(_outcome_label(result.outcome.value), style="green" if result.ok else "red"),
            Text(str(len(result.commands))),
            Text(f"{result.seconds:.1f}"),
        )
    console.print(table)
    _report_outcomes(results)


def _report_outcomes(results: list[DeviceResult]) -> None:
    """Print each device that did not end as intended and the counts; exit 1 if any."""
    from campusctl.engine.transaction import Outcome

    not_ok = [r for r in results if not r.ok]
    for result in not_ok:
        error_console.print(
            f"{result.device}: {_outcome_label(result.outcome.value)}: {result.error or ''}",
            markup=False,
        )
    skipped = sum(1 for r in not_ok if r.outcome is Outcome.SKIPPED)
    console.print(
        _("{ok} of {total} device(s) succeeded, {failed} failed, {skipped} skipped").format(
            ok=len(results) - len(not_ok),
            total=len(results),
            failed=len(not_ok) - skipped,
            skipped=skipped,
        )
    )
    if not_ok:
        raise typer.Exit(1)


def _report_abandoned(devices: list[str], backups: Path) -> None:
    """Name the devices a second Ctrl-C left in the middle of their change."""
    if not devices:
        error_console.print(_("interrupted again; no device change was running"))
        return
    error_console.print(
        _(
            "interrupted again: the change of {count} device(s) was abandoned mid-change: "
            "{devices}; compare each one's running config with its backup "
            "{backups}/DEVICE/latest.cfg before the next run, which first ends any revert "
            "timer (scheduled reboot or trial commit) these changes left armed"
        ).format(count=len(devices), devices=", ".join(devices), backups=backups),
        markup=False,
    )


def backup(
    pattern: str = typer.Argument(
        None, help=_("Ansible host pattern: schools, devices or groups.")
    ),
    limit: str | None = LIMIT_OPTION,
    inventory_path: Path = INVENTORY_OPTION,
    configs: Path = CONFIGS_OPTION,
) -> None:
    """Back up running configs to the state folder and report drift from the intended configs."""
    from campusctl.diff import DiffMode
    from campusctl.engine.backup import BackupStore
    from campusctl.engine.runner import targets
    from campusctl.engine.transaction import _running, remediation_for
    from campusctl.inventory import load_inventory
    from campusctl.state import state_dir

    inventory = load_inventory(inventory_path)
    store = BackupStore(state_dir(inventory.root))
    table = Table(title=_("backups and drift"), title_justify="left")
    for column in (_("device"), _("backup"), _("drift (commands)")):
        table.add_column(column)
    failures = 0
    for target in targets(inventory, _pattern(inventory, pattern, limit), configs):
        try:
            running = _running(target.access)
        except Exception as err:  # report and go on with the other devices
            failures += 1
            table.add_row(target.access.name, f"[red]{err}[/red]", "")
            continue
        path = store.save(target.access.name, running, reason="scheduled")
        drift = remediation_for(target.access, running, target.intended, DiffMode.REPLACE)
        table.add_row(target.access.name, str(path), str(len(drift.all_commands)))
    console.print(table)
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the engine commands to the command line."""
    app.command(
        "plan",
        help=_(
            "Show, per device, the commands that would bring it to its intended config; change nothing."
        ),
    )(plan)
    app.command(
        "apply",
        help=_("Back up, change, verify and save each device; roll back a device that fails."),
    )(apply)
    app.command(
        "backup",
        help=_(
            "Back up running configs to the state folder and report drift from the intended configs."
        ),
    )(backup)
