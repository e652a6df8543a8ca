"""Apply a broken-fixture case (a list of line edits) to a passing configuration.

Every anchor must match exactly once, so an edit that stops matching the
passing config fails the test instead of silently leaving it unchanged.
"""

from __future__ import annotations

from typing import Any


def _index(lines: list[str], text: str, start: int = 0, stop: int | None = None) -> int:
    hits = [i for i in range(start, stop if stop is not None else len(lines)) if lines[i] == text]
    assert len(hits) == 1, f"anchor {text!r} matches {len(hits)} lines"
    return hits[0]


def _section(lines: list[str], header: str) -> tuple[int, int]:
    start = _index(lines, header)
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return start + 1, end


def apply_case(text: str, case: dict[str, Any]) -> str:
    """Return ``text`` with the case's edits applied in a fixed order."""
    lines = text.splitlines()
    for old, new in case.get("replace", {}).items():
        hits = [i for i, line in enumerate(lines) if old in line]
        assert len(hits) == 1, f"replace anchor {old!r} matches {len(hits)} lines"
        lines[hits[0]] = lines[hits[0]].replace(old, new)
    for header, edits in case.get("replace_in_section", {}).items():
        start, end = _section(lines, header)
        for old, new in edits.items():
            lines[_index(lines, old, start, end)] = new
    for header, target in case.get("delete_in_section", {}).items():
        start, end = _section(lines, header)
        del lines[_index(lines, target, start, end)]
    for target in case.get("delete", []):
        del lines[_index(lines, target)]
    for anchor, new in case.get("insert_after", {}).items():
        lines.insert(_index(lines, anchor) + 1, new)
    return "\n".join(lines) + "\n"
