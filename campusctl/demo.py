"""The main job end to end on the embedded lab: what ``make demo`` runs.

Each step is a real command a bureau engineer would run, executed in order
with its output shown. The lab is stopped in a ``finally`` block, so it stops
whether the steps succeed or not. The lab keeps each device's saved
configuration, so a second run applies no change.
"""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.rule import Rule
from rich.table import Table

from campusctl.cli.output import console, error_console
from campusctl.errors import CampusError
from campusctl.i18n import _


@dataclass(frozen=True)
class Step:
    """One command of the demo."""

    title: str
    argv: tuple[str, ...]
    required: bool = True
    """A failed required step stops the demo; an optional one is reported and skipped."""


@dataclass
class StepResult:
    """The exit code and duration of one step."""

    step: Step
    returncode: int
    seconds: float


def _campusctl(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "campusctl", *args)


def _ansible_playbook() -> str:
    found = Path(sys.executable).parent / "ansible-playbook"
    return (
        str(found) if found.exists() else (shutil.which("ansible-playbook") or "ansible-playbook")
    )


def _site_limit(root: Path) -> tuple[str, ...]:
    """Limit site.yml to the network when the lab runs no Linux hosts (no root or nspawn)."""
    from campusctl.inventory.overlay import load_overlay

    try:
        overlay = load_overlay(root / "inventory")
    except CampusError:
        overlay = None
    if overlay is not None and overlay.hosts:
        return ()
    return ("-l", "network:localhost")


def _ansible_env(env: dict[str, str]) -> dict[str, str]:
    """Return ``env`` with a locale Ansible can load; it refuses to start without one."""
    try:
        locale.setlocale(locale.LC_ALL, "")
    except locale.Error:
        return dict(env, LC_ALL="C.UTF-8")
    finally:
        locale.setlocale(locale.LC_ALL, "C")
    return env


def steps(root: Path, build: Path) -> list[Step]:
    """Return the demo's steps for the repository at ``root``."""
    results = build / "results"
    return [
        Step(_("Validate the inventory"), _campusctl("validate", str(root / "inventory"))),
        Step(_("Summarise the sample schools"), _campusctl("inventory", "show")),
        Step(_("Start the lab"), _campusctl("lab", "up")),
        Step(
            _("Render the intended configurations"),
            _campusctl("render", "--out", str(build / "configs")),
        ),
        Step(
            _("Check the rendered configurations against the standard"),
            _campusctl("check", "--rendered", "--json", str(results / "rendered.json")),
            required=False,
        ),
        Step(_("Plan the changes"), _campusctl("plan", "--configs", str(build / "configs"))),
        Step(
            _("Apply through Ansible"), (_ansible_playbook(), str(root / "playbooks" / "site.yml"))
        ),
        Step(
            _("Verify the running network"),
            _campusctl("check", "--running", "--json", str(results / "running.json")),
            required=False,
        ),
        Step(
            _("Write the diagrams and the audit report"),
            _campusctl("report", "--out", str(build / "report"), "--results", str(results)),
            required=False,
        ),
    ]


# A heading spans the console, which is PIPE_WIDTH wide when the demo's
# output goes to a log; headings stay at a terminal's usual width there.
HEADING_WIDTH = 80


def _heading(title: str) -> None:
    console.print(Rule(title), width=min(console.width, HEADING_WIDTH))


def _run(step: Step, root: Path, env: dict[str, str]) -> StepResult:
    _heading(step.title)
    started = time.monotonic()
    if Path(step.argv[0]).name == "ansible-playbook":
        env = _ansible_env(env)
    completed = subprocess.run(step.argv, cwd=root, env=env, check=False)
    return StepResult(step, completed.returncode, time.monotonic() - started)


def run_demo(root: Path, build: Path, extra_env: dict[str, str] | None = None) -> int:
    """Run every step, stop the lab at the end, print a summary; return the exit code."""
    env = dict(os.environ, ANSIBLE_CONFIG=str(root / "ansible.cfg"), **(extra_env or {}))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    results: list[StepResult] = []
    failed = False
    try:
        for step in steps(root, build):
            result = _run(step, root, env)
            results.append(result)
            if result.returncode != 0 and step.required:
                failed = True
                break
    finally:
        _heading(_("Stop the lab"))
        stop = subprocess.run(_campusctl("lab", "down"), cwd=root, env=env, check=False)
        if stop.returncode != 0:
            error_console.print(_("the lab did not stop cleanly; run `campusctl lab down` again"))
    _summary(results)
    report = build / "report" / "index.html"
    if report.is_file():
        console.print(_("The audit report is at {path}").format(path=report))
    return 1 if failed or any(r.returncode for r in results) else 0


def _summary(results: Sequence[StepResult]) -> None:
    table = Table(title=_("demo summary"), title_justify="left")
    table.add_column(_("step"))
    table.add_column(_("result"))
    table.add_column(_("seconds"), justify="right")
    for result in results:
        ok = result.returncode == 0
        table.add_row(
            result.step.title,
            f"[green]{_('ok')}[/green]"
            if ok
            else f"[red]{_('failed')} ({result.returncode})[/red]",
            f"{result.seconds:.1f}",
        )
    console.print(table)


def main(root: Path) -> None:
    """Entry point used by ``campusctl demo``."""
    try:
        code = run_demo(root, root / "build")
    except CampusError as err:
        error_console.print(str(err), markup=False)
        code = 1
    raise SystemExit(code)
