"""Map schema errors and semantic findings back to file lines and readable keys."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from campusctl.i18n import _
from campusctl.inventory.problems import Problem, ProblemCollector
from campusctl.inventory.yamlstrict import LocatedDict, LocatedList, SourceFloat, load_yaml

Loc = Sequence[int | str]


def line_at(raw: Any, loc: Loc) -> int | None:
    """Return the line of the deepest part of ``loc`` that exists in ``raw``."""
    line: int | None = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, LocatedDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def key_text(raw: Any, loc: Loc) -> str:
    """Return ``loc`` as ``devices[CORE-01].management.ipv4``: list items by name or id."""
    text = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            label = str(part)
            item = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(item, dict):
                for field in ("name", "id", "code"):
                    if isinstance(item.get(field), str | int):
                        label = str(item[field])
                        break
            text += f"[{label}]"
            node = item
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, dict, typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Return the model class that ``loc`` points into, if the path leads to one."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return current
        models = [
            a for a in _unwrap(field.annotation) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        current = models[0] if models else None
    return current


def _shown(value: Any) -> str:
    if isinstance(value, SourceFloat):
        return value.text
    if isinstance(value, dict | list):
        return type(value).__name__
    return repr(value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("boolean")
    if isinstance(value, int | float):
        return _("number")
    if isinstance(value, str):
        return _("string")
    if value is None:
        return _("empty value")
    if isinstance(value, dict):
        return _("mapping")
    if isinstance(value, list):
        return _("list")
    return type(value).__name__


def describe(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    """Return the message and the fix for one pydantic error, in the user's language."""
    kind = error["type"]
    value = error.get("input")
    loc = error["loc"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        owner = model_at(model, loc[:-1])
        allowed = ", ".join(sorted(owner.model_fields)) if owner else ""
        return (
            _("unknown key {key}").format(key=loc[-1]),
            _("remove it or correct its spelling; allowed keys here: {allowed}").format(
                allowed=allowed
            ),
        )
    if kind == "missing":
        return (
            _("missing required key {key}").format(key=loc[-1]),
            _("add {key} here").format(key=loc[-1]),
        )
    if kind in ("string_type",):
        return (
            _("expected a string, got the {kind} {value}").format(
                kind=_type_name(value), value=_shown(value)
            ),
            _('quote it: "{text}"').format(text=_shown(value).strip("'")),
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return (
            _("expected a whole number, got the {kind} {value}").format(
                kind=_type_name(value), value=_shown(value)
            ),
            _("write a plain decimal number without quotes"),
        )
    if kind in ("bool_type", "bool_parsing"):
        return (
            _("expected true or false, got the {kind} {value}").format(
                kind=_type_name(value), value=_shown(value)
            ),
            _("write true or false"),
        )
    if kind in ("float_type", "float_parsing"):
        return (
            _("expected a number, got the {kind} {value}").format(
                kind=_type_name(value), value=_shown(value)
            ),
            _("write a number without quotes"),
        )
    if kind in ("enum", "literal_error"):
        return (
            _("invalid value {value}").format(value=_shown(value)),
            _("use one of: {expected}").format(expected=ctx.get("expected", "")),
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = next(iter(ctx.values()), "")
        symbol = {
            "greater_than_equal": "≥",
            "less_than_equal": "≤",
            "greater_than": ">",
            "less_than": "<",
        }[kind]
        return (
            _("value {value} is out of range (must be {rule} {limit})").format(
                value=_shown(value), rule=symbol, limit=limit
            ),
            _("use a value within the allowed range"),
        )
    if kind == "string_pattern_mismatch" and str(loc[-1]).endswith("secret"):
        # Never echo the value: it may be a key pasted where a secret's name belongs.
        return (
            _("invalid secret name"),
            _(
                "write the name of a secret (lowercase letters, digits, _) and put its value in Ansible Vault or CAMPUSCTL_SECRET_<NAME>"
            ),
        )
    if kind == "string_pattern_mismatch":
        return (
            _("invalid value {value}").format(value=_shown(value)),
            _("it must match the pattern {pattern}").format(pattern=ctx.get("pattern", "")),
        )
    if kind == "string_too_short":
        return (_("the value is empty"), _("write a value or remove the key"))
    if kind.startswith("ip_"):
        return (
            _("invalid address or network {value}").format(value=_shown(value)),
            _("write it like 198.18.1.0/24 or 2001:db8:1::/64 (a network has no host bits)"),
        )
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return (
            _("expected a {expected}, got the {kind} {value}").format(
                expected=_("list") if kind == "list_type" else _("mapping"),
                kind=_type_name(value),
                value=_shown(value),
            ),
            _("check the indentation and the YAML form of this key"),
        )
    message = str(error.get("msg", kind))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message, ""


def report_validation(
    err: ValidationError,
    raw: Any,
    path: Path,
    model: type[BaseModel],
    problems: ProblemCollector,
    prefix: Loc = (),
) -> None:
    """Turn every error of ``err`` into a located problem."""
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        full = (*prefix, *loc)
        message, fix = describe(error, model)
        problems.add(path, line_at(raw, full), key_text(raw, full), message, fix)


@cache
def _reload(path: Path) -> Any:
    return load_yaml(path, ProblemCollector())


def locate(path: Path, loc: Loc, message: str, fix: str = "") -> Problem:
    """Build a problem for a finding at ``loc`` in ``path``, re-reading the file for lines."""
    raw = _reload(path)
    return Problem(path, line_at(raw, loc), key_text(raw, loc), message, fix)


def forget_files() -> None:
    """Drop re-read files, so an edited file is read again (long-lived processes, tests)."""
    _reload.cache_clear()
