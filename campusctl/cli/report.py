"""``campusctl report`` and ``campusctl diagram``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import typer

from campusctl.cli.output import console
from campusctl.diagram import (
    city_overview,
    cjk_font,
    district_overview,
    inventory_revision,
    logical_view,
    physical_view,
    render,
)
from campusctl.i18n import _, language
from campusctl.inventory import load_inventory
from campusctl.inventory.selection import select_schools
from campusctl.report.browser import Chromium
from campusctl.report.history import read_audit, read_drift, state_dir
from campusctl.report.language import LANGUAGES, use_language
from campusctl.report.pages import ReportInputs
from campusctl.report.results import read_results
from campusctl.report.site import build_report

INVENTORY_OPTION = typer.Option(
    Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
)
RESULTS_OPTION = typer.Option(
    None,
    "--results",
    "-r",
    help=_(
        "Compliance results (JSON) to show per school; without it schools show as not verified."
    ),
)


def _language(value: str | None) -> str:
    chosen = value or language()
    if chosen not in LANGUAGES:
        raise typer.BadParameter(
            _("choose one of: {choices}").format(choices=", ".join(LANGUAGES)),
            param_hint="--lang",
        )
    return chosen


def report(
    out: Path = typer.Option(
        Path("build/report"), "--out", "-o", help=_("Folder the report is written to.")
    ),
    results: Path | None = RESULTS_OPTION,
    lang: str = typer.Option(
        "zh_CN", "--lang", help=_("Language the report opens in (zh_CN or en); both are written.")
    ),
    inventory_path: Path = INVENTORY_OPTION,
    limit: str | None = typer.Option(
        None,
        "--limit",
        "-l",
        help=_("Ansible host pattern selecting the schools to report (default: all)."),
    ),
    pdf: bool = typer.Option(
        True, "--pdf/--no-pdf", help=_("Print each school's page to PDF with headless Chromium.")
    ),
    screenshot: Path | None = typer.Option(
        None,
        "--screenshot",
        help=_("Also save a PNG screenshot of the first school's page (for documentation)."),
    ),
) -> None:
    """Write the audit report: an HTML site with diagrams, compliance, drift and changes."""
    default_language = _language(lang)
    inventory = load_inventory(inventory_path)
    if limit is not None:
        selected = select_schools(inventory, limit)
        inventory = replace(inventory, schools={school.code: school for school in selected})

    font = cjk_font()
    state = state_dir(inventory.root)
    inputs = ReportInputs(
        inventory=inventory,
        revision=inventory_revision(inventory.root),
        font=font,
        built=datetime.now().astimezone(),
        results=read_results(results) if results is not None else None,
        audit=read_audit(state),
        drift=read_drift(state),
    )
    if inputs.audit.skipped:
        console.print(
            _("{count} unreadable audit log line(s) skipped; see the warnings above").format(
                count=inputs.audit.skipped
            )
        )

    result = build_report(
        inputs,
        out,
        default_language=default_language,
        pdf=pdf,
        progress=lambda message: console.print(f"· {message}"),
    )
    console.print(
        _("report written: {pages} pages, {diagrams} diagram files, {pdfs} PDFs").format(
            pages=len(result.pages), diagrams=len(result.diagrams), pdfs=len(result.pdfs)
        )
    )
    if screenshot is not None and inventory.schools:
        first = min(inventory.schools)
        page_file = (out / default_language / f"school-{first}.html").resolve()
        with Chromium() as browser:
            page = browser.open(page_file.as_uri(), width=1280, height=1000)
            page.screenshot(screenshot, full_page=False)
        console.print(_("screenshot written: {path}").format(path=screenshot))
    console.print(_("open {index}").format(index=result.index.resolve()))


def diagram(
    limit: str | None = typer.Option(
        None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
    out: Path = typer.Option(
        Path("build/diagrams"), "--out", "-o", help=_("Folder the diagrams are written to.")
    ),
    formats: list[str] = typer.Option(
        ["svg", "png"], "--format", "-f", help=_("Output format (repeatable): svg, png or pdf.")
    ),
    results: Path | None = RESULTS_OPTION,
    lang: str | None = typer.Option(
        None, "--lang", help=_("Label language (zh_CN or en); default from the locale.")
    ),
    inventory_path: Path = INVENTORY_OPTION,
) -> None:
    """Draw the physical and logical diagrams of the selected schools and their district and city overviews."""
    chosen = _language(lang)
    inventory = load_inventory(inventory_path)
    schools = select_schools(inventory, limit)
    font = cjk_font()
    revision = inventory_revision(inventory.root)
    tallies = read_results(results).tallies() if results is not None else {}
    written: list[Path] = []
    with use_language(chosen):
        for school in schools:
            for view, name in ((physical_view, "physical"), (logical_view, "logical")):
                graph = view(school, font=font, revision=revision)
                written += render(graph, out, f"school-{school.code}-{name}", formats)
        for code in sorted({s.district for s in schools}):
            graph = district_overview(inventory, code, tallies, font=font, revision=revision)
            written += render(graph, out, f"district-{code}", formats)
        for code in sorted({s.city for s in schools}):
            graph = city_overview(inventory, code, tallies, font=font, revision=revision)
            written += render(graph, out, f"city-{code}", formats)
    for path in written:
        console.print(str(path))
    console.print(_("{count} diagram file(s) written to {out}").format(count=len(written), out=out))


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``diagram`` to the command line."""
    app.command(
        "report",
        help=_(
            "Write the audit report: an HTML site with diagrams, compliance, drift and changes."
        ),
    )(report)
    app.command(
        "diagram",
        help=_(
            "Draw the physical and logical diagrams of the selected schools and their "
            "district and city overviews."
        ),
    )(diagram)
