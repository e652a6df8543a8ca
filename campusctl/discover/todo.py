"""TODO markers: what import and discovery could not infer, left for a person.

A marker is a string ``TODO: <what to fill in>`` put where the value
belongs. The inventory schema rejects it wherever the field has a type,
pattern or closed vocabulary. Free-text fields accept it, so
:func:`find_todos` lists every marker and ``import-config`` reports them all.
"""

from __future__ import annotations

from typing import Any

MARKER = "TODO"


def todo(hint: str) -> str:
    """Return a TODO marker carrying ``hint`` (what to fill in and where to look)."""
    return f"{MARKER}: {hint}"


def is_todo(value: object) -> bool:
    """Return True when ``value`` is a TODO marker."""
    return isinstance(value, str) and value.startswith(f"{MARKER}:")


def find_todos(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Return ``(key path, marker)`` for every marker in a nested structure."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(find_todos(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            label = _label(item)
            found.extend(find_todos(item, f"{path}[{label or index}]"))
    elif is_todo(data):
        found.append((path, str(data)))
    return found


def _label(item: Any) -> str:
    if isinstance(item, dict):
        for field in ("name", "id", "code"):
            value = item.get(field)
            if isinstance(value, str | int) and not is_todo(value):
                return str(value)
    return ""
