"""``campusctl render``: write the intended configuration of every selected device."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from campusctl.cli.output import console, error_console
from campusctl.errors import RenderError, UsageError
from campusctl.i18n import _
from campusctl.inventory import InventoryInvalid
from campusctl.render.pipeline import render_inventory


def render(
    limit: str | None = typer.Option(
        None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
    out: Path = typer.Option(
        Path("build/configs"),
        "--out",
        "-o",
        help=_("Folder the configuration files are written to."),
    ),
    inventory: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
    jobs: int = typer.Option(
        min(os.cpu_count() or 1, 8), "--jobs", "-j", min=1, help=_("Worker processes.")
    ),
    cache: Path = typer.Option(
        Path("build/.cache"),
        "--cache",
        help=_("Folder of parsed school models reused between runs."),
    ),
    force: bool = typer.Option(
        False, "--force", help=_("Render every selected school, changed or not.")
    ),
) -> None:
    """Render the intended configuration of switches, gateways and controllers."""
    if out.exists() and not out.is_dir():
        raise UsageError(
            _("--out {path} is a file; name a folder for the configuration files").format(path=out)
        )
    try:
        summary = render_inventory(inventory, out, limit, jobs=jobs, cache_dir=cache, force=force)
    except OSError as err:
        raise RenderError(
            _("cannot write the configurations to {path}: {error}").format(
                path=err.filename or out, error=err.strerror
            )
        ) from err
    except InventoryInvalid as err:
        for problem in err.problems:
            error_console.print(problem.render(), markup=False)
        error_console.print(
            _("invalid: {count} problem(s) found; nothing was rendered").format(
                count=len(err.problems)
            )
        )
        raise typer.Exit(1) from err
    console.print(
        _(
            "rendered {devices} device(s) into {out}: {written} file(s) changed, "
            "{skipped} school(s) unchanged"
        ).format(
            devices=len(summary.rendered),
            out=out,
            written=len(summary.written),
            skipped=summary.skipped_schools,
        ),
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``render`` to the command line."""
    app.command(
        "render",
        help=_("Render the intended configuration of switches, gateways and controllers."),
    )(render)
