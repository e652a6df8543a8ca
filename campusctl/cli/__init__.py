"""The ``campusctl`` command line: a thin shell over the library.

Each module of this package defines ``register(app)`` and adds its commands,
so a new command group is one new file plus its line in
:data:`campusctl.cli._index.COMMAND_MODULES`. The entry point imports only the
module of the command being run; ``from campusctl.cli import app`` imports
them all.
Exit codes: 0 success, 1 a failure the user must fix (invalid inventory,
failed device, failed rule), 2 wrong usage.
"""

from __future__ import annotations

import gc
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

_app = typer.Typer(
    name="campusctl",
    help=_("Infrastructure as code for Guangdong's education network."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LocalizedGroup,
)


@_app.callback()
def _root(
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help=_("Log more detail (repeat for debug output).")
    ),
) -> None:
    configure_logging(verbose)


_registered: set[str] = set()


def _register_commands(only: str | None = None) -> None:
    """Add the commands of module ``only``, or of every module when None."""
    package = sys.modules[__name__]
    names = (
        [only]
        if only is not None
        else sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    )
    for name in names:
        if name.startswith("_") or name == "output" or name in _registered:
            continue
        _registered.add(name)
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(_app)
    localize(_app)


def __getattr__(name: str) -> object:
    # ``from campusctl.cli import app`` gets the application with every command.
    if name == "app":
        _register_commands()
        return _app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the command line, then end the process (see :func:`_main`)."""
    try:
        _main()
    finally:
        # The process ends next, because main() always ends in sys.exit. At
        # exit the interpreter searches every live object for cycles: about
        # 0.15 s after an apply over 500 devices. Every file the run wrote is
        # closed by now, so freezing the objects skips that search.
        gc.freeze()


def _main() -> None:
    """Run the command line and turn project errors into messages and exit codes."""
    from typer._click import exceptions as click_errors  # typer vendors click

    from campusctl.cli._index import module_for

    # Import only the module of the command being run (see campusctl.cli._index).
    _register_commands(module_for(sys.argv[1:]))
    try:
        result = _app(standalone_mode=False)
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
