"""The command table: the module of :mod:`campusctl.cli` that defines each top-level command.

Importing every command module doubles the start-up CPU time of a command
(bench/onboard_batch.md), because the check, engine and discover commands
pull in napalm, netmiko and hier_config. The
entry point reads this table and imports only the module of the command
being run. A test registers every module and compares the result with this
table, so a new command that is missing here fails the test suite.
"""

from __future__ import annotations

from collections.abc import Sequence

COMMAND_MODULES: dict[str, str] = {
    "apply": "engine",
    "backup": "engine",
    "check": "check",
    "demo": "demo",
    "diagram": "report",
    "discover": "discover",
    "hostkey": "hostkey",
    "import-config": "discover",
    "inventory": "inventory",
    "lab": "lab",
    "plan": "engine",
    "render": "render",
    "report": "report",
    "school": "school",
    "stack": "stack",
    "validate": "inventory",
    "wireless": "wireless",
}


def module_for(arguments: Sequence[str]) -> str | None:
    """Return the command module that ``arguments`` run, or None when all are needed.

    The first argument that is not an option names the command; the root
    options (``-v``, ``--verbose``, ``--help``) take no value. No command, or
    one not in the table, needs every module: to print the full help, or to
    let typer report the unknown command.
    """
    for argument in arguments:
        if argument == "--":
            return None
        if not argument.startswith("-"):
            return COMMAND_MODULES.get(argument)
    return None
