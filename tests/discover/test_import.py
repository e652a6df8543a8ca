"""The whole import: the school file, its TODO markers and validation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from campusctl.discover.build import SchoolFacts, os_family
from campusctl.discover.importer import import_configs
from campusctl.discover.output import dump_school, school_path, write_school
from campusctl.discover.rules import Rules
from campusctl.discover.todo import is_todo
from campusctl.inventory import InventoryInvalid, load_inventory
from campusctl.inventory.model import OsFamily
from campusctl.platforms import PlatformId

REPO = Path(__file__).resolve().parents[2]
FACTS = SchoolFacts(code="2440113003", district="440113")

# What a person fills in after reading the import's TODO list.
FILLED: dict[str, Any] = {
    "name": "广州市番禺区石桥中学",
    "type": "junior",
    "mlps_level": 2,
    "uplinks[0].provider": "中国电信",
    "uplinks[0].committed_mbps": 500,
    "prefixes.ipv6": "2001:db8:4413:300::/56",
    "buildings[A].name": "教学楼A",
    "buildings[B].name": "实验楼B",
    "buildings[C].name": "办公楼C",
    "rooms[A102].kind": "classroom",
    "vlans[50].dhcp": "relay",
    "vlans[10].ipv6": "2001:db8:4413:30a::/64",
    "vlans[30].ipv6": "2001:db8:4413:31e::/64",
    "vlans[40].ipv6": "2001:db8:4413:328::/64",
    "vlans[50].ipv6": "2001:db8:4413:332::/64",
    "vlans[60].ipv6": "2001:db8:4413:33c::/64",
    "uplinks[0].ipv6": "2001:db8:ff13::2/64",
    "vlans[99].zone": "iot",
    "devices[PY-ShiQiao-Core].model": "S6730-H24X6C",
    "devices[SYL-S2910].model": "RG-S2910-24GT4XS-UP-H",
    "devices[sqxx_jxl_1F].model": "S5130S-52S-PWR-EI",
    "devices[SYL-S2910].management": {"vlan": 10, "ipv4": "198.18.36.13/26"},
    "ports[GigabitEthernet1/0/6].vlan": 30,
    "links[SYL-S2910].port": "XGigabitEthernet0/0/6",
}


@pytest.fixture(scope="module")
def imported(config_files: list[Path], rules: Rules) -> dict[str, Any]:
    return import_configs(config_files, FACTS, rules).school


def _fill(school: dict[str, Any]) -> dict[str, Any]:
    filled = yaml.safe_load(yaml.safe_dump(school, allow_unicode=True))
    filled.update({k: FILLED[k] for k in ("name", "type", "mlps_level")})
    filled["uplinks"][0].update(
        provider=FILLED["uplinks[0].provider"],
        committed_mbps=500,
        ipv6=FILLED["uplinks[0].ipv6"],
    )
    filled["prefixes"]["ipv6"] = FILLED["prefixes.ipv6"]
    for building in filled["buildings"]:
        if is_todo(building["name"]):
            building["name"] = FILLED[f"buildings[{building['id']}].name"]
        for floor in building["floors"]:
            for room in floor["rooms"]:
                if is_todo(room["kind"]):
                    room["kind"] = FILLED[f"rooms[{room['id']}].kind"]
    for vlan in filled["vlans"]:
        for key in ("zone", "dhcp", "ipv6"):
            if is_todo(vlan.get(key)):
                vlan[key] = FILLED[f"vlans[{vlan['id']}].{key}"]
    for device in filled["devices"]:
        if is_todo(device["model"]):
            device["model"] = FILLED[f"devices[{device['name']}].model"]
        if is_todo(device["management"]["vlan"]):
            device["management"] = FILLED[f"devices[{device['name']}].management"]
        for port in device.get("ports", []):
            if is_todo(port.get("vlan")):
                port["vlan"] = FILLED[f"ports[{port['name']}].vlan"]
    for link in filled["links"]:
        for end in (link["a"], link["b"]):
            if is_todo(end["port"]):
                other = link["b"] if end is link["a"] else link["a"]
                end["port"] = FILLED[f"links[{other['device']}].port"]
    return filled


def _inventory_with(tmp_path: Path, school: dict[str, Any]) -> Path:
    root = tmp_path / "inventory"
    shutil.copytree(REPO / "inventory", root)
    write_school(school_path(root, FACTS.code, FACTS.district), dump_school(school, "test"))
    return root


def test_import_reads_every_device_and_the_vlan_plan(imported: dict[str, Any]) -> None:
    assert sorted(d["name"] for d in imported["devices"]) == [
        "BanGongLou_SW",
        "PY-ShiQiao-Core",
        "SYL-S2910",
        "sqxx_jxl_1F",
    ]
    zones = {v["id"]: v["zone"] for v in imported["vlans"]}
    assert {k: v for k, v in zones.items() if not is_todo(v)} == {
        10: "management",
        20: "teaching",
        30: "office",
        40: "surveillance",
        50: "campus_card",
        60: "student_wifi",
    }
    assert 1 not in zones
    assert is_todo(zones[99])
    vlan20 = next(v for v in imported["vlans"] if v["id"] == 20)
    assert vlan20["ipv6"] == "2001:db8:4413:314::/64"
    assert vlan20["gateway"] == "PY-ShiQiao-Core"


def test_import_maps_rooms_from_latin_and_chinese_descriptions(imported: dict[str, Any]) -> None:
    jxl = next(d for d in imported["devices"] if d["name"] == "sqxx_jxl_1F")
    rooms = {p["name"]: p.get("room") for p in jxl["ports"]}
    assert rooms["GigabitEthernet1/0/1"] == "A101"
    assert rooms["GigabitEthernet1/0/3"] == "教学楼-102"
    assert rooms["GigabitEthernet1/0/5"] is None
    profiles = {p["name"]: p["profile"] for p in jxl["ports"]}
    assert profiles["GigabitEthernet1/0/2"] == "ap"
    assert profiles["GigabitEthernet1/0/5"] == "camera"
    assert profiles["Bridge-Aggregation1"] == "uplink"
    buildings = {b["id"]: b for b in imported["buildings"]}
    assert buildings["教学楼"]["name"] == "教学楼"
    assert buildings["教学楼"]["floors"][0]["level"] == 1


def test_nothing_uninferable_is_guessed(imported: dict[str, Any]) -> None:
    core = next(d for d in imported["devices"] if d["name"] == "PY-ShiQiao-Core")
    assert is_todo(core["model"])
    assert is_todo(imported["prefixes"]["ipv6"])
    ruijie = next(d for d in imported["devices"] if d["name"] == "SYL-S2910")
    assert is_todo(ruijie["management"]["vlan"])
    assert "VLAN 1" in ruijie["management"]["vlan"]
    jxl = next(d for d in imported["devices"] if d["name"] == "sqxx_jxl_1F")
    teacher = next(p for p in jxl["ports"] if p["name"] == "GigabitEthernet1/0/6")
    assert is_todo(teacher["vlan"])
    # Only VLAN 20 is dual-stack; the standard wants every routed segment so.
    ipv6 = {v["id"]: v.get("ipv6") for v in imported["vlans"]}
    assert ipv6[20] == "2001:db8:4413:314::/64"
    assert all(is_todo(ipv6[vlan]) for vlan in (10, 30, 40, 50, 60))
    assert ipv6[99] is None
    assert is_todo(imported["uplinks"][0]["ipv6"])


def test_validate_reports_the_typed_todos(tmp_path: Path, imported: dict[str, Any]) -> None:
    root = _inventory_with(tmp_path, imported)
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(root)
    ours = [p for p in caught.value.problems if p.file.name == "2440113003.yml"]
    assert ours
    assert all("TODO" in p.message for p in ours), [p.render() for p in ours]
    assert {p.key for p in ours} >= {"type", "mlps_level", "prefixes.ipv6"}


def test_filled_import_validates(tmp_path: Path, imported: dict[str, Any]) -> None:
    root = _inventory_with(tmp_path, _fill(imported))
    inventory = load_inventory(root)
    school = inventory.schools["2440113003"]
    assert len(school.devices) == 4
    assert len(school.links) == 4


def test_write_refuses_to_replace_without_force(tmp_path: Path) -> None:
    from campusctl.discover.errors import ImportConfigError

    path = tmp_path / "s.yml"
    write_school(path, "a: 1\n")
    with pytest.raises(ImportConfigError, match="--force"):
        write_school(path, "a: 2\n")
    write_school(path, "a: 2\n", force=True)
    assert path.read_text(encoding="utf-8") == "a: 2\n"


@pytest.mark.parametrize(
    ("platform", "version", "family"),
    [
        (PlatformId.HUAWEI_VRP, "V200R019C10SPC500", OsFamily.VRP5),
        (PlatformId.HUAWEI_VRP, "V300R020C10SPC200", OsFamily.VRP8),
        (PlatformId.H3C_COMWARE, "5.20.99 Release 1112", OsFamily.COMWARE5),
        (PlatformId.H3C_COMWARE, "7.1.070 Release 6328P03", OsFamily.COMWARE7),
        (PlatformId.CISCO_IOS, "15.2", OsFamily.IOS),
        (PlatformId.CISCO_IOS, "17.9", OsFamily.IOS_XE),
        (PlatformId.HUAWEI_VRP, None, None),
    ],
)
def test_os_family_from_version(
    platform: PlatformId, version: str | None, family: OsFamily | None
) -> None:
    assert os_family(platform, version) is family


def test_trunk_allowing_all_keeps_school_vlans_and_says_so(
    tmp_path: Path, config_files: list[Path], rules: Rules
) -> None:
    cisco = next(f for f in config_files if "cisco" in f.name)
    text = cisco.read_text(encoding="utf-8")
    text = text.replace(
        " switchport trunk allowed vlan 10,30\n switchport trunk allowed vlan add 40,50\n", ""
    )
    changed = tmp_path / "bgl-cisco.cfg"
    changed.write_text(text, encoding="utf-8")
    files = [f for f in config_files if f != cisco] + [changed]
    result = import_configs(files, FACTS, rules)
    bgl = next(d for d in result.school["devices"] if d["name"] == "BanGongLou_SW")
    uplink = next(p for p in bgl["ports"] if p["name"] == "TenGigabitEthernet1/1/1")
    assert uplink["vlans"] == [10, 20, 30, 40, 50, 60, 99]
    assert any("allows 4094 VLANs" in note for note in result.notes)


def test_unreadable_allowed_list_becomes_todo(
    tmp_path: Path, config_files: list[Path], rules: Rules
) -> None:
    cisco = next(f for f in config_files if "cisco" in f.name)
    text = cisco.read_text(encoding="utf-8").replace(
        "allowed vlan add 40,50", "allowed vlan add 40,5000"
    )
    changed = tmp_path / "bgl-cisco.cfg"
    changed.write_text(text, encoding="utf-8")
    files = [f for f in config_files if f != cisco] + [changed]
    bgl = next(
        d
        for d in import_configs(files, FACTS, rules).school["devices"]
        if d["name"] == "BanGongLou_SW"
    )
    uplink = next(p for p in bgl["ports"] if p["name"] == "TenGigabitEthernet1/1/1")
    assert is_todo(uplink["vlans"])
