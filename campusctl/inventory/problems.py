"""Located problems found while loading or validating an inventory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from campusctl.errors import InventoryError
from campusctl.i18n import _


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the inventory, with where it is and how to fix it."""

    file: Path
    line: int | None
    key: str
    message: str
    fix: str = ""

    def location(self) -> str:
        """Return ``file:line`` (or the file alone when the line is unknown)."""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def render(self) -> str:
        """Format the problem as one or two lines for a terminal or a log."""
        text = (
            f"{self.location()}: {self.key}: {self.message}"
            if self.key
            else (f"{self.location()}: {self.message}")
        )
        if self.fix:
            text += "\n    " + _("fix: {fix}").format(fix=self.fix)
        return text

    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by file, then line, then key."""
        return (str(self.file), self.line or 0, self.key)


class InventoryInvalid(InventoryError):
    """Raised when the inventory has problems; carries every problem of the run."""

    code = "E1001"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        count = len(self.problems)
        super().__init__(
            _("the inventory has {count} problem(s)").format(count=count)
            + "\n"
            + "\n".join(p.render() for p in self.problems)
        )


class ProblemCollector:
    """Accumulates problems so that one run reports all of them, not only the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: Path, line: int | None, key: str, message: str, fix: str = "") -> None:
        """Record one problem."""
        self.problems.append(Problem(file, line, key, message, fix))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        """Raise :class:`InventoryInvalid` when any problem was recorded."""
        if self.problems:
            raise InventoryInvalid(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
