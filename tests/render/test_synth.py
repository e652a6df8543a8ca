"""The synthetic province generator writes inventories that validate."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from pathlib import Path

import pytest

from campusctl.inventory import load_inventory
from campusctl.synth import generate_province
from campusctl.synth.province import PLATFORMS, SCHOOL_MIX, _school_text

from .conftest import SAMPLE

UNIVERSITY = next(shape for shape in SCHOOL_MIX if shape.type == "university")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("synth") / "province"
    generate_province(target, SAMPLE / "catalog", scale=0.0)
    return target


@pytest.mark.parametrize("platform", PLATFORMS)
def test_university_validates_per_platform(province: Path, platform: str) -> None:
    # A university's aggregation switches serve 20 access switches each, more
    # than a 16-port C9500-16X has, so the Cisco ones are generated as stacks.
    district = "440101"
    code = f"2{district}{900 + PLATFORMS.index(platform)}"
    text = _school_text(
        code,
        district,
        UNIVERSITY,
        platform,
        IPv4Network("100.127.252.0/22"),
        IPv6Network("2001:db8:ffff:ff00::/56"),
    )
    (province / "schools" / "440100" / district / f"{code}.yml").write_text(text, encoding="utf-8")
    try:
        inventory = load_inventory(province)
    finally:
        (province / "schools" / "440100" / district / f"{code}.yml").unlink()
    school = inventory.schools[code]
    aggregation = [d for d in school.devices if d.role.value == "aggregation"]
    assert len(aggregation) == UNIVERSITY.aggregation
    access = [d for d in school.devices if d.role.value == "access"]
    assert len(access) == UNIVERSITY.access
    if platform == "cisco_ios":
        assert {d.stack_members for d in aggregation} == {2}
    else:
        assert {d.stack_members for d in aggregation} == {1}


def test_small_province_validates(province: Path) -> None:
    inventory = load_inventory(province)
    assert len(inventory.schools) == len(SCHOOL_MIX)
