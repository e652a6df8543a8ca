"""Results of the compliance checks: one finding per rule and subject, with evidence.

A subject is what a rule was judged on: a school, a device or an interface.
Evidence points at the exact place that decided the result: an inventory file
and line, a device configuration and line, or a getter of the running device.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from campusctl.engine.redact import redact


class Status(StrEnum):
    """Outcome of one rule on one subject."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    MANUAL = "manual"
    """No configuration or inventory shows it: an auditor attaches evidence (attestation)."""
    UNREACHABLE = "unreachable"
    """The device could not be reached, so the rule was not judged on it."""


class Severity(StrEnum):
    """How much a failed rule matters; a failed ``error`` rule fails the run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Source(StrEnum):
    """Fact source of a check."""

    INVENTORY = "inventory"
    CONFIG = "config"
    STATE = "state"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One place that shows why a rule passed or failed.

    ``file`` is an inventory or configuration file, and ``device`` the device
    whose configuration or state was read. ``line`` is the 1-based line in that
    file or configuration, and ``text`` the line itself or the getter value.
    """

    text: str
    file: Path | None = None
    device: str | None = None
    line: int | None = None
    command: str | None = None
    """The getter or show command the value came from (state checks)."""

    def __post_init__(self) -> None:
        # Evidence reaches tables, JSON results and the audit report, so a
        # password hash, key or community read from a config never does.
        object.__setattr__(self, "text", redact(self.text))

    def where(self) -> str:
        """Return ``file:line`` or ``device:line`` for a table cell."""
        place = str(self.file) if self.file else (self.device or "")
        if self.line is not None:
            return f"{place}:{self.line}"
        if self.command:
            return f"{place} ({self.command})"
        return place


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one rule on one subject."""

    rule: str
    status: Status
    school: str | None
    subject: str
    """Judged object: the school code, a device name, or ``device interface``."""
    message: str
    evidence: tuple[Evidence, ...] = ()
    device: str | None = None
    severity: Severity = Severity.ERROR
    measured: float | None = None
    """The measured value where the rule has a number (bandwidth, share, seconds)."""
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class Unreachable:
    """A device whose running state could not be read at all, and why."""

    school: str
    device: str
    address: str
    """The ``host:port`` the session was opened to, or the management address when the
    device's access settings failed before any session."""
    error: str


@dataclass(slots=True)
class RunResult:
    """Every finding of one run, with what was checked."""

    profile: str
    sources: tuple[Source, ...]
    findings: list[Finding] = field(default_factory=list)
    unreachable: list[Unreachable] = field(default_factory=list)
    """Devices that no config or state rule could judge, in the order they were met."""

    def failed_errors(self) -> list[Finding]:
        """Return the failed findings of severity ``error`` (these fail the run)."""
        return [
            f for f in self.findings if f.status is Status.FAIL and f.severity is Severity.ERROR
        ]

    def by_rule(self) -> dict[str, list[Finding]]:
        """Group the findings by rule id, in rule order of appearance."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.rule, []).append(finding)
        return grouped
