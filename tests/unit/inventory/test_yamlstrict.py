"""The strict loader: YAML 1.1 surprises, duplicate keys and tabs become located problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from campusctl.inventory.overlay import load_overlay
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import LocatedDict, StrictDumper, load_yaml
from campusctl.lab.state import LabState

FILE = Path("school.yml")


def load(text: str) -> tuple[object, ProblemCollector]:
    problems = ProblemCollector()
    return load_yaml(FILE, problems, text), problems


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("site_code: NO\n", 1),  # YAML 1.1 reads False
        ("name: ok\nshutdown: off\n", 2),
        ("stp_edge: yes\n", 1),
        ("name: y\n", 1),
        ("description: On\n", 1),
    ],
)
def test_yaml11_booleans_rejected_with_line(text: str, line: int) -> None:
    _data, problems = load(text)
    assert len(problems.problems) == 1
    assert problems.problems[0].line == line
    assert "quote it" in problems.problems[0].fix


@pytest.mark.parametrize(
    "value",
    [
        "010",
        "09",
        "02142",
        "0x10",
        "0o17",
        "10_20",
        "1:10",
        "190:20:30",
        "00:1a:2b:3c:4d:5e",
        "001a.2b3c.4d5e",
    ],
)
def test_yaml11_numbers_and_macs_rejected(value: str) -> None:
    data, problems = load(f"vlan_id: {value}\n")
    assert len(problems.problems) == 1
    assert problems.problems[0].line == 1
    # The text is kept unchanged, so later checks still see what was written.
    assert data == {"vlan_id": value}


def test_plain_decimal_and_yaml12_scalars_accepted() -> None:
    data, problems = load("a: 10\nb: -3\nc: 1.5\nd: true\ne: null\nf:\ng: 2024-01-01\nh: '010'\n")
    assert not problems
    assert data == {
        "a": 10,
        "b": -3,
        "c": 1.5,
        "d": True,
        "e": None,
        "f": None,
        "g": "2024-01-01",
        "h": "010",
    }


def test_version_float_keeps_source_text() -> None:
    data, problems = load("os_version: 16.10\n")
    assert not problems
    assert isinstance(data, dict)
    assert data["os_version"] == 16.1
    assert data["os_version"].text == "16.10"


def test_duplicate_key_names_both_lines() -> None:
    _data, problems = load("vlans:\n  10: {name: STAFF}\n  10: {name: STUDENTS}\n")
    assert len(problems.problems) == 1
    problem = problems.problems[0]
    assert problem.line == 3
    assert "lines 2 and 3" in problem.message


def test_merge_keys_still_work() -> None:
    data, problems = load("base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n")
    assert not problems
    assert data == {"base": {"a": 1, "b": 2}, "x": {"a": 1, "b": 3}}


def test_tabs_rejected() -> None:
    _data, problems = load("a:\n\tb: 1\n")
    assert any(p.line == 2 and "tab" in p.message for p in problems.problems)


def test_syntax_error_located() -> None:
    data, problems = load("a: [1, 2\nb: 3\n")
    assert data is None
    assert problems.problems[0].line is not None


def test_mappings_remember_key_lines() -> None:
    data, _problems = load("a: 1\nb:\n  c: 2\n")
    assert isinstance(data, LocatedDict)
    assert data.key_lines == {"a": 1, "b": 2}
    assert data["b"].key_lines == {"c": 3}


def test_all_problems_of_a_file_reported_together() -> None:
    _data, problems = load("a: NO\nb: 010\nc: off\n")
    assert [p.line for p in problems.problems] == [1, 2, 3]


@pytest.mark.parametrize(
    "value",
    ["12e3", "1234e567", "true", "No", "off", "010", "0x1F", "1:10", "00:11:22:33:44:55",
     "", "null", "~", ".inf", "-5", "3.14", "<<", "plain text", "S2440101001-CORE"],
)  # fmt: skip
def test_strict_dumper_round_trips_strings(value: str) -> None:
    """Strings that YAML 1.2 or 1.1 would read as something else come back as the same string."""
    text = yaml.dump({"value": value, "items": [value]}, Dumper=StrictDumper)
    data, problems = load(text)
    assert not problems.problems, text
    assert data == {"value": value, "items": [value]}


def test_overlay_with_numeric_looking_lab_id_loads(tmp_path: Path) -> None:
    """A random hex lab id of digits and one e (a float in YAML 1.2) stays a string."""
    state = LabState(tmp_path / "lab")
    state.folder.mkdir(parents=True)
    (state.folder / "lab_id").write_text("1234e567")
    state.write_overlay_section("hosts", {})
    overlay = load_overlay(path=state.overlay_file)
    assert overlay is not None
    assert overlay.lab_id == "1234e567"
