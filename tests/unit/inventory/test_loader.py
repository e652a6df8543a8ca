"""Loading whole inventories: the sample, inheritance, and every kind of broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.errors import InventoryError
from campusctl.inventory import InventoryInvalid, load_inventory
from campusctl.inventory.model import AaaMode
from tests.conftest import MINIMAL_SCHOOL, SAMPLE, replace_in

SCHOOL = MINIMAL_SCHOOL
PROVINCE = "province.yml"

# (case, file, old text, new text, expected line, fragment of the message)
BROKEN = [
    (
        "unknown key",
        SCHOOL,
        "tier: baseline",
        "tier: baseline\nteir: demo_school",
        5,
        "unknown key teir",
    ),
    ("yaml11 boolean", SCHOOL, "name: 测试小学", "name: NO", 2, "YAML 1.1"),
    ("number as name", SCHOOL, "name: 测试小学", "name: 1234", 2, "expected a string"),
    (
        "octal vlan",
        SCHOOL,
        "{id: 20, name: TEACHING",
        "{id: 020, name: TEACHING",
        22,
        "another base",
    ),
    (
        "vlan out of range",
        SCHOOL,
        "{id: 20, name: TEACHING",
        "{id: 4095, name: TEACHING",
        22,
        "out of range",
    ),
    ("version as float", SCHOOL, "os_version: V200R021C10SPC600", "os_version: 16.10", 28, "16.10"),
    (
        "unquoted school code",
        SCHOOL,
        'code: "2440106009"',
        "code: 2440106009",
        1,
        "expected a string",
    ),
    ("bad school type", SCHOOL, "type: primary", "type: kindergarten", 3, "invalid value"),
    (
        "duplicate key",
        SCHOOL,
        "tier: baseline",
        "tier: baseline\ntier: smart_campus",
        5,
        "duplicate key",
    ),
    ("missing key", SCHOOL, "mlps_level: 2\n", "", 1, "missing required key mlps_level"),
    (
        "host bits in network",
        SCHOOL,
        "ipv4: 198.18.20.128/25",
        "ipv4: 198.18.20.129/25",
        22,
        "invalid address",
    ),
    (
        "code vs file name",
        SCHOOL,
        'code: "2440106009"',
        'code: "2440106008"',
        1,
        "does not match the file name",
    ),
    (
        "district vs folder",
        SCHOOL,
        'district: "440106"',
        'district: "440113"',
        6,
        "does not match the folder",
    ),
    (
        "duplicate vlan",
        SCHOOL,
        "{id: 20, name: TEACHING",
        "{id: 10, name: TEACHING",
        22,
        "defined twice",
    ),
    (
        "ipv6 not /64",
        SCHOOL,
        '"2001:db8:4406:914::/64"',
        '"2001:db8:4406:914::/80"',
        22,
        "not a /64",
    ),
    (
        "vlan outside block",
        SCHOOL,
        "ipv4: 198.18.20.128/25",
        "ipv4: 198.18.21.0/25",
        22,
        "outside the school's block",
    ),
    ("vlan overlap", SCHOOL, "ipv4: 198.18.20.128/25", "ipv4: 198.18.20.0/25", 22, "overlaps"),
    (
        "block outside pool",
        SCHOOL,
        "ipv4: 198.18.20.0/24, ipv6",
        "ipv4: 198.19.20.0/24, ipv6",
        9,
        "outside the pools",
    ),
    (
        "unknown port",
        SCHOOL,
        "GigabitEthernet0/0/1-2,",
        "GigabitEthernet0/0/25-26,",
        32,
        "does not exist",
    ),
    (
        "port twice",
        SCHOOL,
        "GigabitEthernet0/0/3, profile: ap",
        "GigabitEthernet0/0/2, profile: ap",
        33,
        "configured twice",
    ),
    (
        "unknown vlan on port",
        SCHOOL,
        "profile: terminal, vlan: 20",
        "profile: terminal, vlan: 30",
        32,
        "not in the school's VLAN plan",
    ),
    (
        "link to unknown device",
        SCHOOL,
        "b: {device: TEST-AP-A101",
        "b: {device: TEST-AP-A109",
        44,
        "unknown device",
    ),
    (
        "link to unknown port",
        SCHOOL,
        "b: {device: TEST-AP-A101, port: GigabitEthernet0/0/0}",
        "b: {device: TEST-AP-A101, port: GigabitEthernet0/0/7}",
        44,
        "unknown port",
    ),
    (
        "room served by unknown ap",
        SCHOOL,
        "ap: TEST-AP-A101}",
        "ap: TEST-AP-A999}",
        18,
        "unknown access point",
    ),
    (
        "duplicate management address",
        SCHOOL,
        "ipv4: 198.18.20.3/26}",
        "ipv4: 198.18.20.2/26}",
        41,
        "also used",
    ),
    (
        "mgmt outside vlan",
        SCHOOL,
        "ipv4: 198.18.20.2/26}",
        "ipv4: 198.18.20.200/26}",
        30,
        "outside VLAN 10",
    ),
    (
        "os of another platform",
        SCHOOL,
        "    os: VRP5\n    os_version: V200R021C10SPC600",
        "    os: IOS\n    os_version: V200R021C10SPC600",
        27,
        "not an OS of platform",
    ),
    (
        "unknown model",
        SCHOOL,
        "model: S5735-L24P4X-A1",
        "model: S9999",
        29,
        "unknown hardware model",
    ),
    ("tab in file", SCHOOL, "tier: baseline", "tier:\tbaseline", 4, "tab"),
    (
        "district code of other city",
        PROVINCE,
        '- code: "440106"',
        '- code: "440306"',
        14,
        "does not belong to city",
    ),
    (
        "unknown settings key",
        SCHOOL,
        "login: {idle_timeout_s: 300}",
        "login: {idle_timeout: 300}",
        11,
        "unknown key idle_timeout",
    ),
    ("pool typo", PROVINCE, "pools: {ipv4:", "pool: {ipv4:", 16, "unknown key pool"),
    (
        "key pasted as secret name",
        PROVINCE,
        "ntp: [198.18.255.1]",
        "ntp: [198.18.255.1]\n  radius: [{address: 198.18.255.21, secret: 'Pl41n-key!'}]",
        6,
        "invalid secret name",
    ),
]


def test_sample_inventory_is_valid() -> None:
    inventory = load_inventory(SAMPLE)
    assert len(inventory.schools) >= 6
    types = {s.type.value for s in inventory.schools.values()}
    assert {
        "teaching_point",
        "primary",
        "central_primary",
        "junior",
        "vocational",
        "senior",
    } <= types
    platforms = {d.platform.value for _s, d in inventory.devices()}
    assert platforms == {"huawei_vrp", "h3c_comware", "ruijie_rgos", "cisco_ios"}
    assert any(
        s.tier.value == "smart_campus" and s.type.value == "senior"
        for s in inventory.schools.values()
    )


def test_minimal_inventory_is_valid(minimal: Path) -> None:
    inventory = load_inventory(minimal)
    assert list(inventory.schools) == ["2440106009"]


@pytest.mark.parametrize(
    ("case", "file", "old", "new", "line", "fragment"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_broken_inventory_names_file_and_line(
    minimal: Path, english: None, case: str, file: str, old: str, new: str, line: int, fragment: str
) -> None:
    replace_in(minimal / file, old, new)
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    matching = [p for p in caught.value.problems if fragment in p.message or fragment in p.fix]
    assert matching, f"{case}: no problem mentions {fragment!r}: {caught.value}"
    assert matching[0].file.name == Path(file).name
    assert matching[0].line == line, matching[0].render()


def test_all_problems_reported_together(minimal: Path, english: None) -> None:
    replace_in(minimal / SCHOOL, "tier: baseline", "tier: baseline\nteir: x")
    replace_in(minimal / SCHOOL, "{id: 20, name: TEACHING", "{id: 10, name: TEACHING")
    replace_in(minimal / PROVINCE, "pools: {ipv4:", "pool: {ipv4:")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "unknown key teir" in messages
    assert "unknown key pool" in messages


def test_inheritance_order(minimal: Path) -> None:
    replace_in(minimal / PROVINCE, "defaults:\n  login:", "defaults:\n  aaa_mode: radius\n  login:")
    replace_in(
        minimal / PROVINCE,
        "        name: 天河区\n",
        "        name: 天河区\n        defaults: {aaa_mode: tacacs, login: {max_failures: 3}}\n",
    )
    school = load_inventory(minimal).schools["2440106009"]
    # district overrides province; school overrides district; untouched keys inherited
    assert school.settings.aaa_mode is AaaMode.TACACS
    assert school.settings.login.max_failures == 3
    assert school.settings.login.idle_timeout_s == 300
    assert [str(a) for a in school.services.ntp] == ["198.18.255.1"]


def test_school_overrides_services(minimal: Path) -> None:
    replace_in(minimal / SCHOOL, "settings:\n", "services:\n  ntp: [198.18.20.5]\nsettings:\n")
    school = load_inventory(minimal).schools["2440106009"]
    assert [str(a) for a in school.services.ntp] == ["198.18.20.5"]
    assert [str(a) for a in school.services.syslog] == ["198.18.255.11"]


def test_overlapping_school_blocks_across_files(minimal: Path, english: None) -> None:
    other = minimal / "schools/440100/440106/2440106010.yml"
    text = (minimal / SCHOOL).read_text(encoding="utf-8")
    text = text.replace('"2440106009"', '"2440106010"').replace("TEST-", "OTHER-")
    text = text.replace("198.18.20.2/26", "198.18.20.12/26").replace(
        "198.18.20.3/26", "198.18.20.13/26"
    )
    text = text.replace("198.18.20.140/25", "198.18.20.150/25")
    other.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    overlaps = [
        p for p in caught.value.problems if "overlaps" in p.message and "school" in p.message
    ]
    assert len(overlaps) == 2  # IPv4 and IPv6 blocks
    assert all(p.line == 9 for p in overlaps)


def test_duplicate_names_across_schools(minimal: Path, english: None) -> None:
    other = minimal / "schools/440100/440106/2440106010.yml"
    text = (minimal / SCHOOL).read_text(encoding="utf-8").replace('"2440106009"', '"2440106010"')
    text = text.replace("198.18.20.", "198.18.21.").replace("2001:db8:4406:9", "2001:db8:4406:a")
    other.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    assert any("name TEST-CORE-01 is also used" in p.message for p in caught.value.problems)


def test_path_outside_inventory(tmp_path: Path) -> None:
    with pytest.raises(InventoryError):
        load_inventory(tmp_path)


def test_file_inside_inventory_finds_root(minimal: Path) -> None:
    inventory = load_inventory(minimal / SCHOOL)
    assert inventory.root == minimal


def test_todo_markers_reported_once_each(minimal: Path, english: None) -> None:
    replace_in(
        minimal / SCHOOL, "name: 测试小学", "name: 'TODO: the school name from the bureau register'"
    )
    replace_in(minimal / SCHOOL, "type: primary", "type: 'TODO: primary or central_primary'")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    todos = [p for p in caught.value.problems if "left for a person to fill in" in p.message]
    assert [(p.key, p.line) for p in todos] == [("name", 2), ("type", 3)]
    assert "the school name from the bureau register" in todos[0].message
    assert not [p for p in caught.value.problems if p.key == "type" and p not in todos]


def test_secret_value_never_echoed(minimal: Path, english: None) -> None:
    replace_in(
        minimal / PROVINCE,
        "ntp: [198.18.255.1]",
        "ntp: [198.18.255.1]\n  radius: [{address: 198.18.255.21, secret: 'Pl41n-key!'}]",
    )
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    assert "Pl41n" not in str(caught.value)


def test_empty_school_file_is_an_error(minimal: Path, english: None) -> None:
    (minimal / SCHOOL).write_text("# nothing left\n---\n", encoding="utf-8")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    assert any(
        "is empty" in p.message and p.file.name == Path(SCHOOL).name for p in caught.value.problems
    )


def test_alias_bomb_is_rejected(minimal: Path, english: None) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    text = (minimal / SCHOOL).read_text(encoding="utf-8") + "\n".join(lines) + "\n"
    (minimal / SCHOOL).write_text(text, encoding="utf-8")
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    assert any("through YAML aliases" in p.message for p in caught.value.problems)


def test_overlapping_district_pools(minimal: Path, english: None) -> None:
    replace_in(
        minimal / PROVINCE,
        '        pools: {ipv4: [198.18.16.0/20], ipv6: ["2001:db8:4406::/48"]}\n',
        '        pools: {ipv4: [198.18.16.0/20], ipv6: ["2001:db8:4406::/48"]}\n'
        '      - code: "440113"\n        name: 番禺区\n'
        '        pools: {ipv4: [198.18.16.0/21], ipv6: ["2001:db8:4413::/48"]}\n',
    )
    with pytest.raises(InventoryInvalid) as caught:
        load_inventory(minimal)
    overlaps = [p for p in caught.value.problems if "overlaps pool" in p.message]
    assert len(overlaps) == 1
    assert overlaps[0].line == 19
