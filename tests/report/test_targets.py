"""The 2013 policy targets are measured on the inventory with the right thresholds."""

from __future__ import annotations

from campusctl.inventory import Inventory
from campusctl.inventory.model import School, SchoolType, Uplink
from campusctl.report.targets import METRICS, Ratio, measure, portfolio

METRIC = {metric.key: metric for metric in METRICS}


def with_bandwidth(school: School, school_type: SchoolType, mbps: float) -> School:
    uplink = Uplink(provider="中国电信", committed_mbps=mbps)
    return school.model_copy(update={"type": school_type, "uplinks": [uplink]})


def test_bandwidth_threshold_by_type(inventory: Inventory) -> None:
    school = inventory.schools["2440281001"]
    bandwidth = METRIC["bandwidth"]
    assert bandwidth.meets(with_bandwidth(school, SchoolType.CENTRAL_PRIMARY, 20)) is True
    assert bandwidth.meets(with_bandwidth(school, SchoolType.CENTRAL_PRIMARY, 19.5)) is False
    assert bandwidth.meets(with_bandwidth(school, SchoolType.SENIOR, 10)) is False
    assert bandwidth.meets(with_bandwidth(school, SchoolType.PRIMARY, 4)) is True
    assert bandwidth.meets(with_bandwidth(school, SchoolType.TEACHING_POINT, 3)) is False
    assert bandwidth.meets(with_bandwidth(school, SchoolType.UNIVERSITY, 1)) is None


def test_broadband_without_uplink(inventory: Inventory) -> None:
    school = inventory.schools["2440281002"].model_copy(update={"uplinks": []})
    assert METRIC["broadband"].meets(school) is False
    assert METRIC["broadband"].measure(school) == Ratio(0, 1)


def test_classroom_shares_match_inventory(inventory: Inventory) -> None:
    school = inventory.schools["2440106001"]
    classrooms = school.classrooms()
    assert METRIC["multimedia"].measure(school) == Ratio(
        sum(r.multimedia for r in classrooms), len(classrooms)
    )
    assert METRIC["interactive"].measure(school) == Ratio(
        sum(r.interactive for r in classrooms), len(classrooms)
    )


def test_interactive_target_is_sixty_percent(inventory: Inventory) -> None:
    school = inventory.schools["2440106001"]
    rooms = list(school.buildings[0].floors[0].rooms)
    count = len(rooms)
    needed = -(-count * 6 // 10)  # ceil(60 %)
    floors = list(school.buildings[0].floors)

    def rebuilt(interactive: int) -> School:
        new_rooms = [
            room.model_copy(update={"interactive": index < interactive})
            for index, room in enumerate(rooms)
        ]
        floor = floors[0].model_copy(update={"rooms": new_rooms})
        building = school.buildings[0].model_copy(update={"floors": [floor]})
        return school.model_copy(update={"buildings": [building]})

    assert METRIC["interactive"].meets(rebuilt(needed)) is True
    assert METRIC["interactive"].meets(rebuilt(needed - 1)) is False


def test_wireless_counts_served_classrooms(inventory: Inventory) -> None:
    school = inventory.schools["2440106001"]
    ratio = METRIC["wireless"].measure(school)
    assert ratio.denominator == len(school.classrooms())
    assert ratio.numerator == sum(r.ap is not None for r in school.classrooms())
    assert METRIC["wireless"].meets(inventory.schools["2440281002"]) is None


def test_ipv6_counts_routed_segments_and_uplinks(inventory: Inventory) -> None:
    school = inventory.schools["2440106001"]
    routed = [v for v in school.vlans if v.gateway and v.zone.value != "management"]
    assert METRIC["ipv6"].measure(school) == Ratio(
        len(routed) + len(school.uplinks), len(routed) + len(school.uplinks)
    )
    broken = school.model_copy(
        update={"vlans": [v.model_copy(update={"ipv6": None}) for v in school.vlans]}
    )
    assert METRIC["ipv6"].measure(broken) == Ratio(
        len(school.uplinks), len(routed) + len(school.uplinks)
    )
    assert METRIC["ipv6"].meets(broken) is False


def test_measure_sums_applicable_schools(inventory: Inventory) -> None:
    schools = list(inventory.schools.values())
    rows = {row.metric.key: row for row in measure(schools)}
    assert rows["broadband"].ratio == Ratio(len(schools), len(schools))
    # Multimedia applies from central primary up: four of the six sample schools.
    assert rows["multimedia"].schools_applicable == 4
    assert rows["broadband"].met is True


def test_portfolio_counts(inventory: Inventory) -> None:
    counted = portfolio(inventory)
    assert counted.demo_districts == 1
    assert counted.smart_campuses == 1
    assert counted.demo_schools == 2
