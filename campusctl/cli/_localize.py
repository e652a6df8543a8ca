"""Translation of the text that typer, click and logging print around campusctl's own.

Typer 0.29 prints its section titles and the ``[default: …]`` and
``[required]`` marks through :func:`gettext.gettext`, so binding the process's
global gettext domain to campusctl's catalog translates them. The usage
prefix and the ``--help`` option's help are fixed English strings in typer's
bundled click, so campusctl's command classes replace them, and
:func:`show_usage_error` prints usage errors in place of click. Log records are
translated when the command line prints them: a message marked with
:func:`campusctl.i18n.N_` where it is logged is looked up in the catalog, and
the record itself stays English for log files.
"""

from __future__ import annotations

import gettext
import logging
from typing import Any

import typer
from pydantic import ValidationError
from typer._click import exceptions as click_errors  # typer bundles its own click
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from campusctl.engine.redact import redact
from campusctl.i18n import DOMAIN, LOCALE_DIR, N_, _

# The messages typer 0.29 looks up with gettext.gettext, listed here so that
# the catalog extraction finds them and the catalog test requires them.
TYPER_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)


class LocalizedHelpFormatter(HelpFormatter):
    """Help formatter whose usage line starts with the translated ``Usage:``."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write the usage line with the translated prefix unless a caller gives one."""
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class LocalizedContext(typer.Context):
    """Context that formats help with :class:`LocalizedHelpFormatter`."""

    formatter_class = LocalizedHelpFormatter


class _LocalizedHelp:
    """Mixin for typer's command classes: translated ``--help`` text and usage line."""

    context_class: type[Context] = LocalizedContext

    def get_help_option(self, ctx: Any) -> Any:
        """Return the ``--help`` option with its help text translated."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class LocalizedCommand(_LocalizedHelp, TyperCommand):
    """A command whose help page is translated, the ``--help`` option included."""


class LocalizedGroup(_LocalizedHelp, TyperGroup):
    """A command group whose help page is translated, the ``--help`` option included."""


def localize(app: typer.Typer) -> None:
    """Make every command and group of ``app`` print translated help.

    Commands registered with a class of their own keep it. Typer records
    ``TyperCommand`` for a command registered without one.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = LocalizedCommand
    for group in app.registered_groups:
        if not isinstance(group.cls, type) or group.cls is TyperGroup:
            group.cls = LocalizedGroup
        if group.typer_instance is not None:
            localize(group.typer_instance)


def _usage_error_message(err: click_errors.UsageError) -> str:
    """Return the error's message in the user's language where its kind is known.

    A value that typer's pydantic conversion rejects is worded by
    :func:`_validation_message` where its kind is known. Other messages
    stay in English.
    """
    if isinstance(err, click_errors.NoSuchOption):
        message = _("No such option: {option}").format(option=err.option_name)
        if err.possibilities:
            message += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(err.possibilities))
            )
        return message
    if isinstance(err, click_errors.MissingParameter) and err.param is not None:
        kinds = {"argument": _("argument"), "option": _("option")}
        return _("Missing {kind} {name}.").format(
            kind=kinds.get(err.param.param_type_name, err.param.param_type_name),
            name=err.param.get_error_hint(),
        )
    if isinstance(err, click_errors.BadParameter) and err.param is not None:
        return _("Invalid value for {name}: {message}").format(
            name=err.param.get_error_hint(),
            message=_validation_message(err.__cause__) or err.message,
        )
    return err.format_message()


# Typer 0.29 converts option values with pydantic, whose messages are English
# only: the common ones by pydantic's error type, with its context as fields.
_VALIDATION_MESSAGES = {
    "int_parsing": N_("{input!r} is not a whole number"),
    "int_from_float": N_("{input!r} is not a whole number"),
    "float_parsing": N_("{input!r} is not a number"),
    "bool_parsing": N_("{input!r} is not true or false"),
    "enum": N_("{input!r} is not one of {expected}"),
    "literal_error": N_("{input!r} is not one of {expected}"),
    "greater_than": N_("{input!r} is not greater than {gt}"),
    "greater_than_equal": N_("{input!r} is less than {ge}"),
    "less_than": N_("{input!r} is not less than {lt}"),
    "less_than_equal": N_("{input!r} is greater than {le}"),
}


def _validation_message(cause: BaseException | None) -> str | None:
    """Return pydantic's rejection of an option value in the user's language; None when unknown."""
    if not isinstance(cause, ValidationError):
        return None
    messages = []
    for error in cause.errors():
        template = _VALIDATION_MESSAGES.get(error["type"])
        if template is None:
            return None
        messages.append(_(template).format(input=error["input"], **error.get("ctx", {})))
    return "; ".join(messages) or None


def show_usage_error(err: click_errors.UsageError) -> None:
    """Print a usage error as click does (usage line, help hint, error) in the user's language."""
    lines = []
    if err.ctx is not None:
        lines.append(err.ctx.get_usage())
        if err.ctx.command.get_help_option(err.ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=err.ctx.command_path, option=err.ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=_usage_error_message(err)))
    typer.echo("\n".join(lines), err=True)


def _level_name(level: int) -> str:
    names = {
        logging.DEBUG: _("debug"),
        logging.INFO: _("info"),
        logging.WARNING: _("warning"),
        logging.ERROR: _("error"),
        logging.CRITICAL: _("critical"),
    }
    return names.get(level, logging.getLevelName(level))


class LocalizedFormatter(logging.Formatter):
    """Formatter that prints a record's message and level in the user's language, secrets masked.

    The message is looked up in the catalog before its %-arguments are
    applied, so a message that is not in the catalog prints in English. With
    ``show_logger`` the logger's name follows the level, for debugging.
    """

    def __init__(self, show_logger: bool = False) -> None:
        super().__init__()
        self.show_logger = show_logger

    def format(self, record: logging.LogRecord) -> str:
        """Return ``level: message`` (and the logger's name with ``show_logger``)."""
        message = _(record.msg) if isinstance(record.msg, str) and record.msg else record.msg
        text = str(message) % record.args if record.args else str(message)
        level = _level_name(record.levelno)
        if self.show_logger:
            line = _("{level} {logger}: {message}").format(
                level=level, logger=record.name, message=text
            )
        else:
            line = _("{level}: {message}").format(level=level, message=text)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        # Debug output of netmiko and paramiko carries whole configurations,
        # so every line is masked before it is printed.
        return redact(line)


def configure_logging(verbose: int) -> None:
    """Send campusctl's log to stderr in the user's language; ``verbose`` lowers the level."""
    handler = logging.StreamHandler()
    handler.setFormatter(LocalizedFormatter(show_logger=verbose > 0))
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2), handlers=[handler])
