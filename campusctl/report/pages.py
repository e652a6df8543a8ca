"""The content of the report pages: the inputs joined per province, city, district and school."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from campusctl.diagram.overview import Tally
from campusctl.i18n import N_
from campusctl.inventory import Inventory
from campusctl.inventory.model import City, District, School
from campusctl.report.history import AuditEntry, AuditLog, DriftDevice, DriftFile
from campusctl.report.results import ResultsFile, RuleResult

log = logging.getLogger(__name__)

HISTORY_LIMIT = 200
"""Newest audit entries shown per school; the page states how many more exist."""


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Everything the report is built from, read once."""

    inventory: Inventory
    revision: str
    font: str
    built: datetime
    results: ResultsFile | None = None
    audit: AuditLog = field(default_factory=lambda: AuditLog([], 0))
    drift: DriftFile | None = None


@dataclass(frozen=True, slots=True)
class SchoolDrift:
    """The last verification as it concerns one school."""

    verified: bool
    """Whether the last verification covered any device of the school."""
    time: datetime | None
    devices: list[DriftDevice]
    in_sync: int


@dataclass(frozen=True, slots=True)
class SchoolFacts:
    """One school's page: inventory facts, rule results, drift and change history."""

    school: School
    city: City
    district: District
    results: list[RuleResult]
    tally: Tally
    drift: SchoolDrift | None
    history: list[AuditEntry]
    history_total: int


def _owners(inventory: Inventory) -> dict[str, str]:
    """Return the school code of every device and host name."""
    owners = {device.name: school.code for school, device in inventory.devices()}
    owners.update({host.name: school.code for school, host in inventory.hosts()})
    return owners


class ReportData:
    """The inputs joined for the pages; built once and shared by both languages."""

    def __init__(self, inputs: ReportInputs) -> None:
        self.inputs = inputs
        inventory = inputs.inventory
        self.results = inputs.results.by_school() if inputs.results else {}
        self.tallies = inputs.results.tallies() if inputs.results else {}
        unknown = sorted(set(self.results) - set(inventory.schools))
        if unknown:
            log.warning(
                N_("compliance results name %d school(s) not in the inventory, not shown: %s"),
                len(unknown),
                ", ".join(unknown[:10]),
            )
        owners = _owners(inventory)

        self._history: dict[str, list[AuditEntry]] = {}
        for entry in inputs.audit.entries:
            code = entry.school or owners.get(entry.device)
            if code is not None:
                self._history.setdefault(code, []).append(entry)

        self._drift: dict[str, list[DriftDevice]] = {}
        if inputs.drift is not None:
            for device in inputs.drift.devices:
                code = device.school or owners.get(device.device)
                if code is not None:
                    self._drift.setdefault(code, []).append(device)

    def tally(self, code: str) -> Tally:
        """Return the outcome counts of one school (all zero when it has no results)."""
        return self.tallies.get(code, Tally())

    def tally_of(self, schools: list[School]) -> dict[str, int]:
        """Return how many of ``schools`` are in each compliance state."""
        counts: dict[str, int] = {}
        for school in schools:
            state = self.tally(school.code).state.value
            counts[state] = counts.get(state, 0) + 1
        return counts

    def school(self, code: str) -> SchoolFacts:
        """Return everything the page of school ``code`` shows."""
        inventory = self.inputs.inventory
        school = inventory.schools[code]
        city, district = inventory.province.districts()[school.district]
        drift = None
        if self.inputs.drift is not None:
            devices = self._drift.get(code, [])
            drift = SchoolDrift(
                verified=bool(devices),
                time=self.inputs.drift.time,
                devices=[d for d in devices if d.diff],
                in_sync=sum(1 for d in devices if not d.diff),
            )
        history = self._history.get(code, [])
        return SchoolFacts(
            school=school,
            city=city,
            district=district,
            results=self.results.get(code, []),
            tally=self.tally(code),
            drift=drift,
            history=history[:HISTORY_LIMIT],
            history_total=len(history),
        )
