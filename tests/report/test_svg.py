"""Rendered SVG diagrams contain every label string exactly, in Chinese and in English."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
import pytest

from campusctl.diagram import (
    city_overview,
    district_overview,
    logical_view,
    physical_view,
    render,
)
from campusctl.diagram.overview import Tally
from campusctl.inventory import Inventory
from campusctl.inventory.model import DeviceRole, School
from campusctl.report.language import use_language

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> list[str]:
    """Return the content of every <text> element of an SVG file."""
    root = ET.parse(path).getroot()
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def render_svg(graph: graphviz.Digraph, folder: Path, stem: str) -> list[str]:
    (path,) = render(graph, folder, stem, ("svg",))
    return svg_texts(path)


def physical_labels(school: School) -> list[str]:
    labels = [f"{school.name} ({school.code})"]
    labels += [uplink.provider for uplink in school.uplinks]
    for device in school.devices:
        labels.append(device.name)
        if device.role is not DeviceRole.AP:
            labels.append(str(device.management.ipv4.ip))
    for building, _floor, room in school.rooms():
        if room.ap is not None and room.name is not None:
            labels.append(f"{room.id} {room.name}")
        labels.append(f"{building.id} {building.name}")
    return labels


@pytest.mark.parametrize("code", ["2440106001", "2440113002", "2440281002"])
def test_physical_svg_has_every_label(
    inventory: Inventory, font: str, revision: str, tmp_path: Path, code: str
) -> None:
    school = inventory.schools[code]
    with use_language("zh_CN"):
        texts = render_svg(physical_view(school, font=font, revision=revision), tmp_path, code)
    for label in physical_labels(school):
        assert label in texts, f"{label!r} is not a text of the SVG"
    assert "图例" in texts
    assert "核心" in texts or school.type.value == "teaching_point"


def test_physical_svg_shows_lag_bandwidth(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    school = inventory.schools["2440106001"]
    texts = render_svg(physical_view(school, font=font, revision=revision), tmp_path, "lag")
    assert "Eth-Trunk1" in texts
    assert "2×10G = 20G" in texts
    # The two uplinks: 1000 + 500 Mbps committed.
    assert any("1.5G" in text for text in texts)


def test_logical_svg_has_every_vlan_and_prefix(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    school = inventory.schools["2440106001"]
    with use_language("zh_CN"):
        texts = render_svg(logical_view(school, font=font, revision=revision), tmp_path, "logical")
    for vlan in school.vlans:
        assert f"VLAN {vlan.id} {vlan.name}" in texts
        assert str(vlan.ipv4) in texts
        assert str(vlan.ipv6) in texts
    for zone_name in ("管理", "教学", "学生无线", "视频监控"):
        assert zone_name in texts


def test_logical_svg_flags_missing_ipv6(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    school = inventory.schools["2440106001"]
    first = school.vlans[1].model_copy(update={"ipv6": None})
    changed = school.model_copy(update={"vlans": [school.vlans[0], first, *school.vlans[2:]]})
    with use_language("en"):
        texts = render_svg(logical_view(changed, font=font, revision=revision), tmp_path, "v6")
    assert texts.count("no IPv6 prefix") == 1


def test_district_svg_colours_schools_by_state(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    tallies = {"2440106001": Tally(passed=3, failed=1), "2440106002": Tally(passed=4)}
    with use_language("zh_CN"):
        graph = district_overview(inventory, "440106", tallies, font=font, revision=revision)
        texts = render_svg(graph, tmp_path, "district")
    for school in inventory.schools_in("440106"):
        assert school.name in texts
    assert "不合规" in texts
    assert "合规" in texts
    assert "天河区教育城域网" in texts
    source = graph.source
    assert 'BGCOLOR="#ea9999"' in source  # not compliant
    assert 'BGCOLOR="#b6d7a8"' in source  # compliant


def test_city_svg_counts_schools_per_type(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    with use_language("zh_CN"):
        texts = render_svg(
            city_overview(inventory, "440200", {}, font=font, revision=revision), tmp_path, "city"
        )
    assert "韶关市 (440200)" in texts
    assert "乐昌市 (440281)" in texts
    assert "小学：1" in texts
    assert "教学点：1" in texts


def test_english_labels(inventory: Inventory, font: str, revision: str, tmp_path: Path) -> None:
    school = inventory.schools["2440106002"]
    with use_language("en"):
        texts = render_svg(physical_view(school, font=font, revision=revision), tmp_path, "en")
    assert "core" in texts
    assert "Legend" in texts
    assert "核心" not in texts


def test_render_is_deterministic(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    school = inventory.schools["2440106002"]
    first = render(physical_view(school, font=font, revision=revision), tmp_path / "a", "p")
    second = render(physical_view(school, font=font, revision=revision), tmp_path / "b", "p")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
