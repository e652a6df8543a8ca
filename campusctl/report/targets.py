"""The 2013 Guangdong policy's targets, measured on the inventory.

粤教信息〔2013〕5号 《关于加快推进教育信息化发展的意见》 sets these targets for
2015:

- 校校通: broadband for every school, at ≥20 Mbps from central primary schools
  up and ≥4 Mbps for other primary schools and teaching points.
- 班班通: multimedia teaching equipment in every classroom from central
  primary up, with ≥60 % of classes on an interactive platform.
- Wireless campus networks and IPv4/IPv6 dual stack.
- A portfolio of 10 demonstration districts, 100 smart campuses and 1,000
  demonstration schools.

 Universities are held to their own bandwidth
standard, so the 2013 bandwidth figures do not apply to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from campusctl.i18n import _
from campusctl.inventory import Inventory
from campusctl.inventory.model import School, SchoolType, Tier, Zone

CENTRAL_AND_ABOVE = frozenset(
    {
        SchoolType.CENTRAL_PRIMARY,
        SchoolType.JUNIOR,
        SchoolType.SENIOR,
        SchoolType.VOCATIONAL,
    }
)
"""中心小学以上 in the 2013 policy's K-12 targets (universities have their own standard)."""

BANDWIDTH_MBPS: dict[SchoolType, float] = {
    SchoolType.TEACHING_POINT: 4,
    SchoolType.PRIMARY: 4,
    **dict.fromkeys(CENTRAL_AND_ABOVE, 20.0),
}
"""Minimum committed uplink bandwidth by school type (2015 targets)."""

WIRELESS_FULL = frozenset({SchoolType.SENIOR, SchoolType.VOCATIONAL, SchoolType.UNIVERSITY})
"""Types where every classroom must be served by an AP."""

PORTFOLIO_TARGETS = {"demo_districts": 10, "smart_campuses": 100, "demo_schools": 1000}


@dataclass(frozen=True, slots=True)
class Ratio:
    """A measured share: ``numerator`` of ``denominator`` (both counts)."""

    numerator: int
    denominator: int

    @property
    def share(self) -> float | None:
        """The share in 0–1, or None when there is nothing to count."""
        return self.numerator / self.denominator if self.denominator else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)


@dataclass(frozen=True, slots=True)
class Metric:
    """One policy target: how to count it in a school and the share it requires."""

    key: str
    short: Callable[[], str]
    """A column heading: the target in a few words."""
    label: Callable[[], str]
    target: float
    measure: Callable[[School], Ratio]
    applies: Callable[[School], bool]
    unit: Callable[[], str]

    def meets(self, school: School) -> bool | None:
        """Return whether ``school`` meets the target, or None when it does not apply."""
        if not self.applies(school):
            return None
        share = self.measure(school).share
        return share is not None and share >= self.target


def _broadband(school: School) -> Ratio:
    return Ratio(1 if school.uplinks else 0, 1)


def _bandwidth(school: School) -> Ratio:
    threshold = BANDWIDTH_MBPS.get(school.type)
    if threshold is None:
        return Ratio(0, 0)
    return Ratio(1 if school.committed_mbps >= threshold else 0, 1)


def _multimedia(school: School) -> Ratio:
    rooms = school.classrooms()
    return Ratio(sum(room.multimedia for room in rooms), len(rooms))


def _interactive(school: School) -> Ratio:
    rooms = school.classrooms()
    return Ratio(sum(room.interactive for room in rooms), len(rooms))


def _wireless(school: School) -> Ratio:
    rooms = school.classrooms()
    if school.type not in WIRELESS_FULL and school.type not in (
        SchoolType.TEACHING_POINT,
        SchoolType.PRIMARY,
    ):
        # Central primary and junior schools: classrooms with an interactive platform.
        rooms = [room for room in rooms if room.interactive]
    return Ratio(sum(room.ap is not None for room in rooms), len(rooms))


def _ipv6(school: School) -> Ratio:
    """Count routed segments (VLANs with a gateway, except management) and egress uplinks."""
    segments = [
        vlan.ipv6 is not None
        for vlan in school.vlans
        if vlan.gateway is not None and vlan.zone is not Zone.MANAGEMENT
    ]
    segments += [uplink.ipv6 is not None for uplink in school.uplinks]
    return Ratio(sum(segments), len(segments))


def _always(_school: School) -> bool:
    return True


METRICS: tuple[Metric, ...] = (
    Metric(
        "broadband",
        lambda: _("校校通 coverage"),
        lambda: _("校校通: schools with a broadband uplink"),
        1.0,
        _broadband,
        _always,
        lambda: _("schools"),
    ),
    Metric(
        "bandwidth",
        lambda: _("校校通 bandwidth"),
        lambda: _("校校通: uplink ≥20 Mbps (central primary and above), ≥4 Mbps (others)"),
        1.0,
        _bandwidth,
        lambda s: s.type in BANDWIDTH_MBPS,
        lambda: _("schools"),
    ),
    Metric(
        "multimedia",
        lambda: _("班班通 multimedia"),
        lambda: _("班班通: classrooms with multimedia equipment"),
        1.0,
        _multimedia,
        lambda s: s.type in CENTRAL_AND_ABOVE,
        lambda: _("classrooms"),
    ),
    Metric(
        "interactive",
        lambda: _("班班通 interactive"),
        lambda: _("班班通: classes with an interactive platform"),
        0.6,
        _interactive,
        lambda s: s.type in CENTRAL_AND_ABOVE,
        lambda: _("classrooms"),
    ),
    Metric(
        "wireless",
        lambda: _("wireless coverage"),
        lambda: _("Wireless campus: classrooms served by an AP"),
        1.0,
        _wireless,
        lambda s: s.type not in (SchoolType.TEACHING_POINT, SchoolType.PRIMARY),
        lambda: _("classrooms"),
    ),
    Metric(
        "ipv6",
        lambda: _("IPv6 dual stack"),
        lambda: _("IPv6: routed segments and uplinks with an IPv6 prefix"),
        1.0,
        _ipv6,
        _always,
        lambda: _("segments"),
    ),
)


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One metric over a group of schools."""

    metric: Metric
    ratio: Ratio
    schools_meeting: int
    schools_applicable: int

    @property
    def met(self) -> bool | None:
        """Whether the group reaches the target share, or None with nothing to count."""
        share = self.ratio.share
        return None if share is None else share >= self.metric.target


def measure(schools: Iterable[School]) -> list[MetricRow]:
    """Return every metric summed over ``schools`` (only schools where it applies count)."""
    schools = list(schools)
    rows = []
    for metric in METRICS:
        applicable = [s for s in schools if metric.applies(s)]
        ratio = sum((metric.measure(s) for s in applicable), Ratio(0, 0))
        meeting = sum(1 for s in applicable if metric.meets(s))
        rows.append(MetricRow(metric, ratio, meeting, len(applicable)))
    return rows


@dataclass(frozen=True, slots=True)
class Portfolio:
    """The province's demonstration portfolio counted from the inventory."""

    demo_districts: int
    smart_campuses: int
    demo_schools: int


def portfolio(inventory: Inventory) -> Portfolio:
    """Count demonstration districts, smart campuses and demonstration schools."""
    districts = inventory.province.districts().values()
    tiers = [school.tier for school in inventory.schools.values()]
    return Portfolio(
        demo_districts=sum(1 for _city, district in districts if district.demo_district),
        smart_campuses=tiers.count(Tier.SMART_CAMPUS),
        demo_schools=tiers.count(Tier.DEMO_SCHOOL),
    )
