"""Planning schools: sizing rules, device choice, cabling, addresses and the result's validity."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from ipaddress import ip_network
from pathlib import Path

import pytest

from campusctl.inventory import load_inventory
from campusctl.inventory.locate import forget_files
from campusctl.inventory.model import DeviceRole, PortProfile, RoomKind, SchoolType
from campusctl.onboard.hardware import ports_of
from campusctl.onboard.onboard import onboard, plan_batch
from campusctl.onboard.plan import SchoolPlan
from campusctl.onboard.rules import load_rules
from campusctl.platforms import PlatformId
from tests.conftest import REPO
from tests.onboard.conftest import make_spec

RULES = load_rules()
BANDWIDTH = {
    SchoolType.TEACHING_POINT: 20,
    SchoolType.PRIMARY: 100,
    SchoolType.CENTRAL_PRIMARY: 200,
    SchoolType.JUNIOR: 300,
    SchoolType.SENIOR: 1000,
    SchoolType.VOCATIONAL: 1000,
    SchoolType.UNIVERSITY: 10000,
}
SIZES = {
    SchoolType.TEACHING_POINT: {"buildings": 1, "floors": 1, "classrooms": 3, "labs": 0},
    SchoolType.PRIMARY: {"buildings": 2, "floors": 3, "classrooms": 12, "labs": 1},
    SchoolType.CENTRAL_PRIMARY: {"buildings": 2, "floors": 4, "classrooms": 24, "labs": 2},
    SchoolType.JUNIOR: {"buildings": 3, "floors": 4, "classrooms": 30, "labs": 4},
    SchoolType.SENIOR: {"buildings": 4, "floors": 5, "classrooms": 36, "labs": 6, "dorm_rooms": 40},
    SchoolType.VOCATIONAL: {
        "buildings": 4,
        "floors": 4,
        "classrooms": 30,
        "labs": 12,
        "dorm_rooms": 24,
    },
    SchoolType.UNIVERSITY: {
        "buildings": 4,
        "floors": 5,
        "classrooms": 40,
        "labs": 10,
        "dorm_rooms": 30,
    },
}


def plan_one(inventory: Path, **overrides: object) -> SchoolPlan:
    (plan,) = plan_batch(load_inventory(inventory), [make_spec(**overrides)], RULES)
    return plan


def test_one_school_of_each_type_validates(roomy: Path) -> None:
    specs = [
        make_spec(
            code=f"24402811{index:02d}",
            short=f"T{index:02d}",
            type=school_type.value,
            bandwidth_mbps=BANDWIDTH[school_type],
            platform="huawei_vrp",
            **SIZES[school_type],
        )
        for index, school_type in enumerate(SchoolType)
    ]
    result = onboard(roomy, specs)
    assert len(result.written) == len(SchoolType)
    forget_files()
    inventory = load_inventory(roomy)
    for spec in specs:
        assert inventory.schools[spec.code].type is spec.type


@pytest.mark.parametrize("platform", list(PlatformId))
def test_junior_school_of_each_platform_validates(roomy: Path, platform: PlatformId) -> None:
    spec = make_spec(
        type="junior", platform=platform.value, bandwidth_mbps=300, **SIZES[SchoolType.JUNIOR]
    )
    onboard(roomy, [spec])
    forget_files()
    school = load_inventory(roomy).schools[spec.code]
    assert {device.platform for device in school.devices} == {platform}


def test_teaching_point_has_collapsed_core(roomy: Path) -> None:
    plan = plan_one(
        roomy, type="teaching_point", bandwidth_mbps=20, **SIZES[SchoolType.TEACHING_POINT]
    )
    roles = Counter(device.role for device in plan.school.devices)
    assert plan.collapsed
    assert roles[DeviceRole.CORE] == 1
    assert roles[DeviceRole.ACCESS] == 0
    assert roles[DeviceRole.WLC] == 0
    core = plan.school.devices[0]
    assert plan.school.uplinks[0].port in {p.name for p in ports_of(plan.core.model) if p.uplink}
    assert any(port.profile is PortProfile.TERMINAL for port in core.ports)


def test_teaching_rooms_and_offices_have_aps(roomy: Path) -> None:
    plan = plan_one(roomy)
    aps = {d.name for d in plan.school.devices if d.role is DeviceRole.AP}
    for _building, _floor, room in plan.school.rooms():
        if room.kind in (RoomKind.CLASSROOM, RoomKind.LAB, RoomKind.OFFICE):
            assert room.ap in aps, room.id
        if room.kind in (RoomKind.CLASSROOM, RoomKind.LAB):
            assert room.multimedia, room.id
        if room.kind is RoomKind.CLASSROOM:
            assert room.outlets >= 2, room.id


def test_interactive_share_meets_sixty_percent(roomy: Path) -> None:
    plan = plan_one(roomy, classrooms=7)
    classrooms = plan.school.classrooms()
    interactive = sum(1 for room in classrooms if room.interactive)
    assert interactive == 5
    assert interactive / len(classrooms) >= 0.6


def test_smart_campus_equips_every_classroom(roomy: Path) -> None:
    plan = plan_one(roomy, tier="smart_campus")
    assert all(room.interactive for room in plan.school.classrooms())
    assert plan.school.mlps_level == 3


def test_wlc_planned_from_sixteen_aps(roomy: Path) -> None:
    below = plan_one(roomy, classrooms=15, labs=0, offices=0)
    at = plan_one(roomy, code="2440281102", short="LCCT", classrooms=16, labs=0, offices=0)
    assert sum(1 for d in below.school.devices if d.role is DeviceRole.AP) == 15
    assert below.wlc is None
    assert at.wlc is not None
    assert at.school.device(at.wlc.name) is not None


def test_ap_ports_carry_wifi_vlans_without_wlc(roomy: Path) -> None:
    plan = plan_one(roomy, classrooms=6, labs=0, buildings=1, floors=2)
    assert plan.wlc is None
    ap_ports = [p for d in plan.school.devices for p in d.ports if p.profile is PortProfile.AP]
    assert ap_ports
    assert all(port.vlan == 10 for port in ap_ports)
    assert all(port.vlans == [10, 50] for port in ap_ports)


def test_ap_ports_are_management_only_with_wlc(roomy: Path) -> None:
    plan = plan_one(roomy, classrooms=20)
    ap_ports = [p for d in plan.school.devices for p in d.ports if p.profile is PortProfile.AP]
    assert all(port.vlan == 10 and port.vlans == [] for port in ap_ports)
    wlc = plan.school.device(plan.wlc.name if plan.wlc else "")
    assert wlc is not None
    # The controller carries every SSID's VLAN: staff (30), student Wi-Fi (50).
    assert wlc.ports[0].vlans == [10, 30, 50]


def test_access_switches_keep_spare_ports_and_poe(roomy: Path) -> None:
    plan = plan_one(roomy, type="junior", bandwidth_mbps=300, **SIZES[SchoolType.JUNIOR])
    rule = RULES.access
    for switch in plan.access:
        access_ports = [p for p in ports_of(switch.model) if not p.uplink]
        assert len(switch.demands) <= len(access_ports) * (100 - rule.spare_ports_percent) / 100
        assert switch.poe_w <= switch.model.poe_budget_w * (100 - rule.poe_headroom_percent) / 100


def test_crowded_floor_gets_second_switch(roomy: Path) -> None:
    plan = plan_one(roomy, buildings=1, floors=1, classrooms=30, labs=0, offices=0)
    floor_switches = [s for s in plan.access if s.building == "A" and s.floor == 1]
    assert len(floor_switches) >= 2
    rooms_by_switch = [{d.room for d in s.demands if d.room} for s in floor_switches]
    assert not set.intersection(*rooms_by_switch)


def test_senior_school_gets_stacked_core(roomy: Path) -> None:
    plan = plan_one(roomy, type="senior", bandwidth_mbps=1000, **SIZES[SchoolType.SENIOR])
    core = plan.school.device(plan.core.name)
    assert core is not None
    assert core.stack_members == RULES.core.stack_members


def test_access_uplinks_bundle_across_stack_members(roomy: Path) -> None:
    plan = plan_one(roomy, type="senior", bandwidth_mbps=1000, **SIZES[SchoolType.SENIOR])
    core = plan.core.name
    for switch in plan.access:
        cables = [
            link
            for link in plan.school.links
            if link.a.device == switch.name and link.b.device == core
        ]
        assert len(cables) == RULES.access.uplinks
        assert {link.a.lag for link in cables} == {"Eth-Trunk1"}
        assert len({link.b.lag for link in cables}) == 1
        assert {link.b.port.split("/")[0][-1] for link in cables} == {"0", "1"}
        assert all(link.speed_mbps >= 10000 for link in cables)


def test_core_downlink_vlans_match_access_uplink(roomy: Path) -> None:
    plan = plan_one(roomy)
    core = plan.school.device(plan.core.name)
    assert core is not None
    downlinks = {p.description: p.vlans for p in core.ports if p.profile is PortProfile.DOWNLINK}
    for switch in plan.access:
        device = plan.school.device(switch.name)
        assert device is not None
        uplink = device.ports[0]
        assert uplink.profile is PortProfile.UPLINK
        assert downlinks[f"downlink {switch.name}"] == uplink.vlans


def test_unused_ports_are_listed(roomy: Path) -> None:
    plan = plan_one(roomy)
    catalog = load_inventory(roomy).catalog
    for device in plan.school.devices:
        if device.role is DeviceRole.AP:
            continue
        configured = device.port_map()
        model = catalog[device.model]
        physical = set(model.interfaces(device.stack_members))
        lag_members = {
            end.port
            for link in plan.school.links
            for end in (link.a, link.b)
            if end.device == device.name and end.lag
        }
        assert physical - lag_members <= set(configured), device.name


def test_addresses_inside_vlans_and_unique(roomy: Path) -> None:
    plan = plan_one(roomy)
    school = plan.school
    management = school.vlan(10)
    assert management is not None
    assert management.ipv4 is not None
    addresses = [d.management.ipv4.ip for d in school.devices] + [h.ipv4.ip for h in school.hosts]
    assert len(addresses) == len(set(addresses))
    for device in school.devices:
        assert device.management.ipv4.ip in management.ipv4
        assert device.management.ipv4.ip != management.ipv4.network_address + 1
    for vlan in school.vlans:
        assert vlan.ipv4 is not None and vlan.ipv4.subnet_of(school.prefixes.ipv4)
        assert vlan.ipv6 is not None and vlan.ipv6.subnet_of(school.prefixes.ipv6)
        assert int(vlan.ipv6.network_address) >> 64 & 0xFF == vlan.id


def test_student_wifi_sized_for_clients(roomy: Path) -> None:
    plan = plan_one(roomy, classrooms=20, labs=0)
    wifi = plan.school.vlan(50)
    assert wifi is not None and wifi.ipv4 is not None
    assert wifi.ipv4.num_addresses - 3 >= 20 * RULES.addressing.clients_per_ap[wifi.zone]


def test_batch_allocates_disjoint_blocks(roomy: Path) -> None:
    specs = [make_spec(code=f"24402812{i:02d}", short=f"B{i:02d}") for i in range(12)]
    plans = plan_batch(load_inventory(roomy), specs, RULES)
    blocks = [plan.school.prefixes.ipv4 for plan in plans]
    blocks6 = [plan.school.prefixes.ipv6 for plan in plans]
    for index, block in enumerate(blocks):
        assert not any(block.overlaps(other) for other in blocks[index + 1 :])
        assert not any(blocks6[index].overlaps(other) for other in blocks6[index + 1 :])
    existing = [s.prefixes.ipv4 for s in load_inventory(roomy).schools.values()]
    assert not any(b.overlaps(e) for b in blocks for e in existing)


def test_plan_is_deterministic(roomy: Path) -> None:
    first = plan_one(roomy)
    second = plan_one(roomy)
    assert first.data == second.data


def test_replace_keeps_blocks_and_file(roomy: Path) -> None:
    spec = make_spec()
    result = onboard(roomy, [spec])
    written = result.written[0].read_text(encoding="utf-8")
    forget_files()
    again = onboard(roomy, [spec], replace=True)
    assert again.written[0].read_text(encoding="utf-8") == written


def test_replace_keeps_prefixes_when_school_grows_a_little(roomy: Path) -> None:
    onboard(roomy, [make_spec()])
    forget_files()
    first = load_inventory(roomy).schools["2440281101"].prefixes
    (plan,) = onboard(roomy, [make_spec(labs=3)], replace=True, dry_run=True).plans
    assert plan.school.prefixes == first


def test_uplink_addresses_passed_through(roomy: Path) -> None:
    plan = plan_one(roomy, uplink_ipv4="198.19.81.10/30", uplink_ipv6="2001:db8:4481:ffff::a/126")
    (uplink,) = plan.school.uplinks
    assert str(uplink.ipv4) == "198.19.81.10/30"
    assert str(uplink.ipv6) == "2001:db8:4481:ffff::a/126"
    assert uplink.device == plan.core.name


def test_written_files_pass_yamllint(roomy: Path) -> None:
    specs = [
        make_spec(code=f"244028150{index}", short=f"Y{index}", platform=platform.value)
        for index, platform in enumerate(PlatformId)
    ]
    result = onboard(roomy, specs)
    command = [str(Path(sys.executable).parent / "yamllint"), "-s", "-c", str(REPO / ".yamllint")]
    lint = subprocess.run(
        [*command, *map(str, result.written)], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_senior_school_gets_controller_pair(roomy: Path) -> None:
    plan = plan_one(roomy, type="senior", bandwidth_mbps=1000, **SIZES[SchoolType.SENIOR])
    names = [wlc.name for wlc in plan.wlcs]
    assert names == ["LCCS-WLC-01", "LCCS-WLC-02"]
    core_ports = [
        link.b.port
        for link in plan.school.links
        if link.a.device in names and link.b.device == plan.core.name
    ]
    assert len(core_ports) == 2
    assert {port.split("/")[0][-1] for port in core_ports} == {"0", "1"}


def test_primary_school_gets_one_controller(roomy: Path) -> None:
    plan = plan_one(roomy, classrooms=20)
    assert [wlc.name for wlc in plan.wlcs] == ["LCCS-WLC-01"]


def test_district_ipv6_ends_stay_free(roomy: Path) -> None:
    plan = plan_one(roomy)
    block = plan.school.prefixes.ipv6
    assert str(block) != "2001:db8:4481::/56"
    assert str(block) != "2001:db8:4481:ff00::/56"
    assert str(block) == "2001:db8:4481:300::/56"


def test_replace_into_other_district_moves_file(roomy: Path) -> None:
    onboard(roomy, [make_spec()])
    forget_files()
    moved = make_spec(district="440106", classrooms=4, labs=0, buildings=1, floors=1)
    onboard(roomy, [moved], replace=True)
    forget_files()
    assert not list(roomy.glob("schools/440200/**/2440281101.yml"))
    school = load_inventory(roomy).schools["2440281101"]
    assert school.district == "440106"
    assert school.prefixes.ipv4.subnet_of(ip_network("198.18.16.0/20"))  # type: ignore[arg-type]


def test_uplink_addresses_allocated(roomy: Path) -> None:
    plan = plan_one(roomy)
    (uplink,) = plan.school.uplinks
    assert str(uplink.ipv4) == "198.19.255.254/30"
    assert str(uplink.ipv6) == "2001:db8:4481:ffff::a/126"


def test_batch_uplinks_are_distinct(roomy: Path) -> None:
    specs = [make_spec(code=f"24402816{i:02d}", short=f"U{i:02d}") for i in range(5)]
    plans = plan_batch(load_inventory(roomy), specs, RULES)
    networks4 = [
        plan.school.uplinks[0].ipv4.network for plan in plans if plan.school.uplinks[0].ipv4
    ]
    networks6 = [
        plan.school.uplinks[0].ipv6.network for plan in plans if plan.school.uplinks[0].ipv6
    ]
    assert len(set(networks4)) == 5
    assert len(set(networks6)) == 5
    blocks = [plan.school.prefixes.ipv4 for plan in plans]
    assert not any(n.overlaps(b) for n in networks4 for b in blocks)
