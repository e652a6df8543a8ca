"""The YAML writer: the sample layout, and strings the strict loader must read back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.onboard.writer import dump_school, write_atomic

TRICKY = [
    "NO",
    "off",
    "y",
    "010",
    "0x10",
    "1:10",
    "16.10",
    "2440106001",
    "00:11:22:33:44:55",
    "",
    "null",
    "~",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_round_trip(tmp_path: Path, text: str) -> None:
    path = tmp_path / "school.yml"
    data: dict[str, Any] = {"name": text, "ports": [{"name": text, "vlans": [10, 20]}]}
    path.write_text(dump_school(data), encoding="utf-8")
    problems = ProblemCollector()
    loaded = load_yaml(path, problems)
    assert not problems.problems, [p.render() for p in problems.problems]
    assert loaded["name"] == text
    assert loaded["ports"][0]["name"] == text


def test_records_one_per_line() -> None:
    text = dump_school(
        {
            "code": "2440281101",
            "prefixes": {"ipv4": "198.18.52.0/22", "ipv6": "2001:db8:4481::/56"},
            "vlans": [{"id": 10, "name": "MGMT"}, {"id": 20, "name": "TEACHING"}],
            "devices": [
                {
                    "name": "LCCS-CORE-01",
                    "management": {"vlan": 10, "ipv4": "198.18.54.2/27"},
                    "ports": [{"name": "Eth-Trunk1", "vlans": [10, 20]}],
                }
            ],
        }
    )
    assert text.splitlines() == [
        "code: '2440281101'",
        "prefixes: {ipv4: 198.18.52.0/22, ipv6: '2001:db8:4481::/56'}",
        "vlans:",
        "- {id: 10, name: MGMT}",
        "- {id: 20, name: TEACHING}",
        "devices:",
        "- name: LCCS-CORE-01",
        "  management: {vlan: 10, ipv4: 198.18.54.2/27}",
        "  ports:",
        "  - {name: Eth-Trunk1, vlans: [10, 20]}",
    ]


def test_header_becomes_comments() -> None:
    text = dump_school({"code": "2440281101"}, "乐昌市测试小学\nWritten by campusctl")
    assert text.startswith("# 乐昌市测试小学\n# Written by campusctl\ncode: ")


def test_write_atomic_replaces_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.yml"
    write_atomic(path, "one\n")
    write_atomic(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["b.yml"]


@pytest.mark.parametrize(
    "text",
    [
        "- x",
        "a: b",
        "x #y",
        "{a}",
        "[1]",
        "'q'",
        'say "hi"',
        " lead",
        "trail ",
        "a\nb",
        "tab\there",
        "中国电信 出口 100M",
        "%x",
        "@x",
        "!x",
        "*x",
        "&x",
        "?x",
        "a,b",
    ],
)
def test_indicator_strings_round_trip(tmp_path: Path, text: str) -> None:
    path = tmp_path / "school.yml"
    data: dict[str, Any] = {"description": text, "ports": [{"description": text}]}
    path.write_text(dump_school(data), encoding="utf-8")
    problems = ProblemCollector()
    loaded = load_yaml(path, problems)
    assert not problems.problems, [p.render() for p in problems.problems]
    assert loaded["description"] == text
    assert loaded["ports"][0]["description"] == text


def test_layout_matches_pyyaml_reading(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "code": "2440281101",
        "buildings": [{"id": "A", "name": "教学楼A", "floors": [{"level": 1, "rooms": []}]}],
        "uplinks": [
            {"provider": "中国电信", "committed_mbps": 100.0, "port": "Ten-GigabitEthernet1/0/49"}
        ],
        "devices": [
            {
                "name": "X-CORE-01",
                "stack_members": 2,
                "ports": [{"name": "GigabitEthernet 0/1-24", "profile": "unused"}],
            }
        ],
        "hosts": [],
    }
    text = dump_school(data)
    assert yaml.safe_load(text) == {
        **data,
        "uplinks": [{**data["uplinks"][0], "committed_mbps": 100}],
    }


def test_long_record_split_into_block() -> None:
    end = {
        "device": "CSZX-A1-ACC-01",
        "port": "Ten-GigabitEthernet1/0/49",
        "lag": "Bridge-Aggregation1",
    }
    text = dump_school({"links": [{"a": end, "b": end, "speed_mbps": 10000, "medium": "fiber"}]})
    assert max(len(line) for line in text.splitlines()) <= 160
    assert text.splitlines()[1].startswith("- a: {device: CSZX-A1-ACC-01")
    assert yaml.safe_load(text)["links"][0]["b"] == end
