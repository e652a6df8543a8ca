"""The ``campusctl`` command line: a thin shell over the library.

Each module of this package defines ``register(app)`` and adds its commands;
the modules are found at start-up, so a new command group is one new file.
Exit codes: 0 success, 1 a failure the user must fix (invalid inventory,
failed device, failed rule), 2 wrong usage.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from campusctl.cli._localize import (
    LocalizedGroup,
    configure_logging,
    localize,
    show_usage_error,
)
from campusctl.cli.output import error_console
from campusctl.errors import CampusError, UsageError
from campusctl.i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="campusctl",
    help=_("Infrastructure as code for Guangdong's education network."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LocalizedGroup,
)


@app.callback()
def _root(
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help=_("Log more detail (repeat for debug output).")
    ),
) -> None:
    configure_logging(verbose)


def _register_commands() -> None:
    package = sys.modules[__name__]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "output":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()
localize(app)


def main() -> None:
    """Run the command line and turn project errors into messages and exit codes."""
    from typer._click import exceptions as click_errors  # typer vendors click

    try:
        result = app(standalone_mode=False)
    except UsageError as err:
        error_console.print(str(err), markup=False)
        sys.exit(EXIT_USAGE)
    except CampusError as err:
        error_console.print(str(err), markup=False)
        sys.exit(EXIT_FAILED)
    except click_errors.UsageError as err:
        show_usage_error(err)
        sys.exit(EXIT_USAGE)
    except click_errors.ClickException as err:
        err.show()
        sys.exit(EXIT_FAILED)
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        error_console.print(_("Aborted."))
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else EXIT_OK)
