"""Start-up of the command line: only the module of the command being run is imported."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest
import typer
from typer.main import get_command_name

import campusctl.cli
from campusctl.cli._index import COMMAND_MODULES, module_for
from tests.conftest import REPO, campusctl_env


def registered_commands() -> dict[str, str]:
    """Return command name -> module, by registering every module on its own app."""
    found: dict[str, str] = {}
    for info in pkgutil.iter_modules(campusctl.cli.__path__):
        if info.name.startswith("_") or info.name == "output":
            continue
        module = importlib.import_module(f"campusctl.cli.{info.name}")
        app = typer.Typer()
        module.register(app)
        for command in app.registered_commands:
            assert command.callback is not None
            found[command.name or get_command_name(command.callback.__name__)] = info.name
        for group in app.registered_groups:
            assert group.name is not None
            found[group.name] = info.name
    return found


def test_index_lists_every_command() -> None:
    assert registered_commands() == COMMAND_MODULES


@pytest.mark.parametrize(
    ("arguments", "module"),
    [
        (["school", "new", "--spec", "x.yml"], "school"),
        (["-v", "check", "--running"], "check"),
        (["--verbose", "-v", "apply", "all"], "engine"),
        (["import-config", "a.cfg"], "discover"),
        ([], None),
        (["--help"], None),
        (["no-such-command"], None),
        (["--", "school"], None),
    ],
)
def test_module_for_arguments(arguments: list[str], module: str | None) -> None:
    assert module_for(arguments) == module


def test_school_new_skips_device_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "campusctl", "school", "new", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=campusctl_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "--spec" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    for heavy in ("napalm", "netmiko", "hier_config", "campusctl.standard", "campusctl.discover"):
        assert heavy not in imported, heavy


def test_full_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "campusctl", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=campusctl_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in COMMAND_MODULES:
        assert command in result.stdout, command
