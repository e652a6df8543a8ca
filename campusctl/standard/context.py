"""Context of an inventory check: the rule in force, its threshold, and the school it judges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.locate import locate
from campusctl.inventory.model import School
from campusctl.standard.profile import Rule
from campusctl.standard.results import Evidence, Finding, Status


@dataclass(frozen=True, slots=True)
class SchoolContext:
    """A rule applied to one school."""

    inventory: Inventory
    school: School
    rule: Rule
    threshold: dict[str, Any]

    def at(self, loc: Sequence[int | str], text: str) -> Evidence:
        """Return evidence pointing at ``loc`` (a key path) in the school's file."""
        path = self.school.source
        if path is None:
            return Evidence(text=text)
        problem = locate(path, loc, "")
        return Evidence(text=text, file=_relative(path, self.inventory.root), line=problem.line)

    def finding(
        self,
        status: Status,
        message: str,
        evidence: Sequence[Evidence] = (),
        *,
        subject: str | None = None,
        device: str | None = None,
        measured: float | None = None,
        threshold: float | None = None,
    ) -> Finding:
        """Build a finding of this rule on this school (or on one of its devices)."""
        return Finding(
            rule=self.rule.id,
            status=status,
            school=self.school.code,
            subject=subject or device or self.school.code,
            message=message,
            evidence=tuple(evidence),
            device=device,
            severity=self.rule.severity,
            measured=measured,
            threshold=threshold,
        )


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root.parent)
    except ValueError:
        return path
