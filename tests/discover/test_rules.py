"""Zone, profile, room and role rules kept as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.discover.errors import ZoneRulesError
from campusctl.discover.rules import Rules, load_rules
from campusctl.inventory.model import DeviceRole, PortProfile, Zone


@pytest.mark.parametrize(
    ("texts", "zone"),
    [
        (("网管",), Zone.MANAGEMENT),
        (("jiaoxue", "教学班班通"), Zone.TEACHING),
        (("BanGong",), Zone.OFFICE),
        (("JianKong",), Zone.SURVEILLANCE),
        (("一卡通",), Zone.CAMPUS_CARD),
        (("wifi-student",), Zone.STUDENT_WIFI),
        (("广播",), Zone.IOT),
        (("",), None),
    ],
)
def test_zone_from_names(rules: Rules, texts: tuple[str, ...], zone: Zone | None) -> None:
    assert rules.zone_of(99, *texts) is zone


@pytest.mark.parametrize(
    ("description", "room_id", "floor"),
    [
        ("A101班班通", "A101", 1),
        ("A102-AP", "A102", 1),
        ("教学楼1楼102", "教学楼-102", 1),
        ("实验楼2楼201", "实验楼-201", 2),
        ("C101 校长室", "C101", 1),
        ("综合楼305室", "综合楼-305", 3),
    ],
)
def test_room_from_description(rules: Rules, description: str, room_id: str, floor: int) -> None:
    room = rules.room_of(description)
    assert room is not None
    assert room.room_id == room_id
    assert room.floor == floor


@pytest.mark.parametrize("description", ["uplink-SYL-S2910", "to-core-XGE0/0/6", "1F走廊监控", ""])
def test_no_room_in_port_and_model_names(rules: Rules, description: str) -> None:
    assert rules.room_of(description) is None


def test_profiles_and_roles(rules: Rules) -> None:
    assert rules.profile_of("A101 AP") is PortProfile.AP
    assert rules.profile_of("打印机") is PortProfile.PRINTER
    assert rules.profile_of("预留") is PortProfile.UNUSED
    assert rules.profile_of("A101 备用") is None
    assert rules.role_of("PY-ShiQiao-Core") is DeviceRole.CORE
    assert rules.role_of("sqxx_jxl_1F") is None


def test_id_rules_apply_after_names(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(
        "version: 1\n"
        "zones:\n  - {zone: office, names: ['bangong']}\n"
        "zone_ids:\n  - {zone: surveillance, ids: '70-79'}\n"
        "rooms: []\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert rules.zone_of(75, "") is Zone.SURVEILLANCE
    assert rules.zone_of(75, "bangong") is Zone.OFFICE
    assert rules.zone_of(80, "") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("zones:\n  - {zone: kitchen, names: ['x']}\n", "kitchen"),
        ("zones:\n  - {zone: office, names: ['(']}\n", "invalid"),
        ("rooms: ['(?P<building>[A-Z])']\n", "no (?P<room>"),
        ("zone_ids:\n  - {zone: office, ids: 'ten'}\n", "not a VLAN list"),
    ],
)
def test_invalid_rules_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "rules.yml"
    path.write_text("version: 1\n" + body, encoding="utf-8")
    with pytest.raises(ZoneRulesError, match=message.replace("(", r"\(").replace("?", r"\?")):
        load_rules(path)
