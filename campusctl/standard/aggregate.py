"""Roll findings up per school, district, city and province, with the 2015 policy targets.

A school's status for a rule is its worst finding (fail, then unreachable,
then manual, then pass). A school is compliant when no rule of severity
``error`` fails and none of its devices was unreachable. The
targets are the 2015 targets of the 2013 Guangdong policy 粤教信息〔2013〕5号:

==================  =====================================================  ======
target              measured as                                            target
==================  =====================================================  ======
broadband           schools with a broadband uplink (校校通)                 100 %
bandwidth           schools meeting their type's uplink bandwidth           100 %
multimedia          classrooms with multimedia, central primary and above  100 %
interactive         classrooms with an interactive platform, same scope     60 %
wireless            schools passing the wireless-coverage rule              (none)
ipv6                schools whose routed VLANs and uplinks are dual stack  100 %
==================  =====================================================  ======

and the province's demonstration counts: 10 demonstration districts, 100
smart campuses, 1,000 demonstration schools. The policy gives no numeric
wireless-campus target, so that share is reported without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import School, SchoolType, Tier
from campusctl.standard.results import Finding, RunResult, Severity, Status

_ORDER = {
    Status.FAIL: 4,
    Status.UNREACHABLE: 3,
    Status.MANUAL: 2,
    Status.PASS: 1,
    Status.NOT_APPLICABLE: 0,
}
_CLASSROOM_TYPES = {
    SchoolType.CENTRAL_PRIMARY,
    SchoolType.JUNIOR,
    SchoolType.SENIOR,
    SchoolType.VOCATIONAL,
}
DEMONSTRATION_TARGETS = {"demo_districts": 10, "smart_campuses": 100, "demo_schools": 1000}


@dataclass(frozen=True, slots=True)
class Target:
    """One 2015 target measured over a group of schools."""

    id: str
    numerator: float
    denominator: float
    target: float | None

    @property
    def measured(self) -> float | None:
        """The share reached, or None when nothing was in scope."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def met(self) -> bool | None:
        """Whether the share reaches the target (None without a target or a measurement)."""
        if self.target is None or self.measured is None:
            return None
        return self.measured + 1e-9 >= self.target


@dataclass(slots=True)
class SchoolSummary:
    """One school's statuses by rule."""

    school: School
    status_by_rule: dict[str, Status] = field(default_factory=dict)
    failed_errors: list[str] = field(default_factory=list)
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    unreachable: list[str] = field(default_factory=list)
    """Devices that could not be reached, so their rules were not judged."""

    @property
    def compliant(self) -> bool:
        """True when no rule of severity error fails and every device was reached."""
        return not self.failed_errors and not self.unreachable


@dataclass(slots=True)
class Rollup:
    """Statuses and targets of a group of schools (a district, a city or the province)."""

    level: str
    code: str
    name: str
    schools: list[SchoolSummary]
    targets: list[Target]
    demonstration: dict[str, tuple[int, int | None]] | None = None
    """Count and target per demonstration kind (province and cities only)."""

    @property
    def compliant_schools(self) -> int:
        """Schools with no failed error rule."""
        return sum(1 for s in self.schools if s.compliant)

    def rule_counts(self) -> dict[str, dict[Status, int]]:
        """Return, per rule, how many schools have each status."""
        counts: dict[str, dict[Status, int]] = {}
        for summary in self.schools:
            for rule, status in summary.status_by_rule.items():
                counts.setdefault(rule, dict.fromkeys(Status, 0))[status] += 1
        return counts


def summarise_schools(
    schools: Iterable[School], findings: Iterable[Finding]
) -> dict[str, SchoolSummary]:
    """Return every school's summary, keyed by school code."""
    summaries = {s.code: SchoolSummary(s) for s in schools}
    for finding in findings:
        summary = summaries.get(finding.school or "")
        if summary is None:
            continue
        summary.counts[finding.status] += 1
        current = summary.status_by_rule.get(finding.rule)
        if current is None or _ORDER[finding.status] > _ORDER[current]:
            summary.status_by_rule[finding.rule] = finding.status
        if (
            finding.status is Status.FAIL
            and finding.severity is Severity.ERROR
            and finding.rule not in summary.failed_errors
        ):
            summary.failed_errors.append(finding.rule)
        if (
            finding.status is Status.UNREACHABLE
            and finding.device is not None
            and finding.device not in summary.unreachable
        ):
            summary.unreachable.append(finding.device)
    return summaries


def _share_of_schools(
    summaries: list[SchoolSummary], rules: tuple[str, ...], target: float | None, target_id: str
) -> Target:
    judged = [
        s
        for s in summaries
        if any(s.status_by_rule.get(r) in {Status.PASS, Status.FAIL} for r in rules)
    ]
    passed = [s for s in judged if all(s.status_by_rule.get(r) is not Status.FAIL for r in rules)]
    return Target(target_id, len(passed), len(judged), target)


def targets(summaries: list[SchoolSummary]) -> list[Target]:
    """Measure the 2015 targets over ``summaries``."""
    scoped = [s.school for s in summaries if s.school.type in _CLASSROOM_TYPES]
    rooms = [room for school in scoped for room in school.classrooms()]
    return [
        Target("broadband", sum(1 for s in summaries if s.school.uplinks), len(summaries), 1.0),
        _share_of_schools(summaries, ("GD-BW-02", "GD-BW-03"), 1.0, "bandwidth"),
        Target("multimedia", sum(1 for r in rooms if r.multimedia), len(rooms), 1.0),
        Target("interactive", sum(1 for r in rooms if r.interactive), len(rooms), 0.6),
        _share_of_schools(summaries, ("GD-WL-01",), None, "wireless"),
        _share_of_schools(summaries, ("GD-V6-01",), 1.0, "ipv6"),
    ]


def _demonstration(
    inventory: Inventory, schools: list[School], district_codes: set[str], with_targets: bool
) -> dict[str, tuple[int, int | None]]:
    districts = inventory.province.districts()
    counts = {
        "demo_districts": sum(
            1 for code in district_codes if code in districts and districts[code][1].demo_district
        ),
        "smart_campuses": sum(1 for s in schools if s.tier is Tier.SMART_CAMPUS),
        "demo_schools": sum(1 for s in schools if s.tier is Tier.DEMO_SCHOOL),
    }
    return {k: (v, DEMONSTRATION_TARGETS[k] if with_targets else None) for k, v in counts.items()}


def roll_up(
    inventory: Inventory, result: RunResult, schools: list[School]
) -> tuple[dict[str, SchoolSummary], list[Rollup]]:
    """Return the school summaries and the district, city and province roll-ups."""
    summaries = summarise_schools(schools, result.findings)
    districts = inventory.province.districts()
    rollups: list[Rollup] = []
    by_district: dict[str, list[SchoolSummary]] = {}
    for summary in summaries.values():
        by_district.setdefault(summary.school.district, []).append(summary)
    for code in sorted(by_district):
        _city, district = districts[code]
        group = by_district[code]
        rollups.append(Rollup("district", code, district.name, group, targets(group)))
    by_city: dict[str, list[SchoolSummary]] = {}
    for summary in summaries.values():
        city_code = districts[summary.school.district][0].code
        by_city.setdefault(city_code, []).append(summary)
    for code in sorted(by_city):
        group = by_city[code]
        city = inventory.city(code)
        group_schools = [s.school for s in group]
        rollups.append(
            Rollup(
                "city",
                code,
                city.name,
                group,
                targets(group),
                _demonstration(inventory, group_schools, {d.code for d in city.districts}, False),
            )
        )
    everything = list(summaries.values())
    province = inventory.province.province
    rollups.append(
        Rollup(
            "province",
            province.code,
            province.name,
            everything,
            targets(everything),
            _demonstration(inventory, [s.school for s in everything], set(districts), True),
        )
    )
    return summaries, rollups
