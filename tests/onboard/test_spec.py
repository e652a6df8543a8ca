"""School specs from options and files: defaults, batches, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.inventory.model import RoomKind, SchoolType
from campusctl.onboard.errors import SpecInvalid, StandardNotMet
from campusctl.onboard.layout import building_id, building_specs, plan_layout
from campusctl.onboard.rules import load_rules
from campusctl.onboard.spec import load_specs, parse_spec
from tests.onboard.conftest import make_spec

RULES = load_rules()

BATCH = """\
defaults: {district: "440281", type: primary, platform: h3c_comware, bandwidth_mbps: 100, floors: 3}
schools:
  - {code: "2440281201", name: 乐昌市一小, short: LCYX, classrooms: 12}
  - {code: "2440281202", name: 乐昌市二中, short: LCEZ, type: junior, classrooms: 24, labs: 3}
"""


def test_batch_file_applies_defaults(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(BATCH, encoding="utf-8")
    first, second = load_specs(path)
    assert first.type is SchoolType.PRIMARY
    assert first.floors == 3
    assert second.type is SchoolType.JUNIOR
    assert second.labs == 3


def test_command_line_overrides_batch(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(BATCH, encoding="utf-8")
    specs = load_specs(path, {"platform": "cisco_ios"})
    assert {spec.platform.value for spec in specs} == {"cisco_ios"}


def test_single_school_file(tmp_path: Path) -> None:
    path = tmp_path / "one.yml"
    path.write_text(
        'code: "2440281203"\nname: 乐昌市三小\ntype: primary\ndistrict: "440281"\n'
        "bandwidth_mbps: 50\nclassrooms: 6\n",
        encoding="utf-8",
    )
    (spec,) = load_specs(path)
    assert spec.prefix == "S281203"


def test_unquoted_code_located(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(BATCH.replace('code: "2440281202"', "code: 2440281202"), encoding="utf-8")
    with pytest.raises(
        SpecInvalid, match=r"batch.yml:4: schools\[乐昌市二中\]\.code: expected a string"
    ):
        load_specs(path)


def test_yaml11_boolean_rejected(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(BATCH.replace("short: LCYX", "short: NO"), encoding="utf-8")
    with pytest.raises(SpecInvalid, match=r"batch.yml:3: .NO. is a boolean in YAML 1.1"):
        load_specs(path)


def test_unknown_key_rejected(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(BATCH.replace("labs: 3", "lab: 3"), encoding="utf-8")
    with pytest.raises(SpecInvalid, match="lab: unknown key"):
        load_specs(path)


def test_missing_bandwidth_named() -> None:
    with pytest.raises(SpecInvalid, match="missing required key bandwidth_mbps"):
        parse_spec({"code": "2440281204", "name": "x", "type": "primary", "district": "440281"})


def test_rooms_given_twice_rejected() -> None:
    with pytest.raises(SpecInvalid, match="not both"):
        make_spec(buildings=[{"classrooms": 4}], classrooms=4)


def test_building_ids_continue_past_z() -> None:
    assert [building_id(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_buildings_by_purpose() -> None:
    spec = make_spec(buildings=4, classrooms=24, labs=4, dorm_rooms=10, offices=3)
    purposes = [b.purpose for b in building_specs(spec, RULES)]
    assert purposes == ["teaching", "lab", "office", "dorm"]


def test_few_buildings_fold_into_teaching() -> None:
    spec = make_spec(buildings=2, classrooms=24, labs=4, dorm_rooms=10, offices=3)
    teaching, dorm = building_specs(spec, RULES)
    assert (teaching.purpose, teaching.labs, teaching.offices) == ("teaching", 4, 3)
    assert (dorm.purpose, dorm.dorm_rooms) == ("dorm", 10)


def test_extra_buildings_share_classrooms() -> None:
    spec = make_spec(buildings=4, classrooms=25, labs=0, offices=2)
    counts = [b.classrooms for b in building_specs(spec, RULES) if b.purpose == "teaching"]
    assert counts == [9, 8, 8]


def test_layout_room_ids_and_network_room() -> None:
    buildings = plan_layout(
        make_spec(buildings=2, floors=3, classrooms=12, labs=2, offices=2), RULES
    )
    ids = [room.id for b in buildings for f in b.floors for room in f.rooms]
    assert len(ids) == len(set(ids))
    assert ids[0] == "A101"
    office = buildings[1]
    assert office.floors[0].rooms[0].id == "B100"
    assert office.floors[0].rooms[0].kind is RoomKind.SERVER_ROOM


def test_explicit_buildings_used() -> None:
    spec = make_spec(
        classrooms=0,
        labs=0,
        buildings=[
            {"id": "N", "name": "北楼", "floors": 2, "classrooms": 8},
            {"name": "南楼", "purpose": "office", "offices": 2},
        ],
    )
    north, south = plan_layout(spec, RULES)
    assert (north.id, north.name) == ("N", "北楼")
    assert south.id == "A"
    assert [len(f.rooms) for f in north.floors] == [4, 4]


def test_floor_over_99_rooms_rejected() -> None:
    with pytest.raises(StandardNotMet, match="more floors"):
        plan_layout(make_spec(buildings=1, floors=1, classrooms=100, labs=0, offices=0), RULES)


def test_duplicate_key_rejected(tmp_path: Path) -> None:
    path = tmp_path / "batch.yml"
    path.write_text(
        BATCH.replace("classrooms: 12}", "classrooms: 12, classrooms: 14}"), encoding="utf-8"
    )
    with pytest.raises(SpecInvalid, match=r"batch.yml:3: .*duplicate key"):
        load_specs(path)


def test_command_line_errors_name_options() -> None:
    with pytest.raises(SpecInvalid) as caught:
        parse_spec(
            {"code": "123", "name": "x", "type": "primary"},
            {"code": "--code", "bandwidth_mbps": "--bandwidth"},
        )
    text = str(caught.value)
    assert "--code: invalid value '123'" in text
    assert "--bandwidth: missing required option --bandwidth" in text
    assert "fix: give --bandwidth" in text
    assert "district: missing required key district" in text
