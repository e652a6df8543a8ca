"""Fixtures for onboarding: a sample inventory with room for many schools, and spec builders."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from campusctl.inventory.locate import forget_files
from campusctl.onboard.spec import SchoolSpec, parse_spec
from tests.conftest import SAMPLE, replace_in

LECHANG_POOLS = 'pools: {ipv4: [198.18.48.0/20], ipv6: ["2001:db8:4481::/48"]}'
LARGE_POOLS = (
    "pools: {ipv4: [198.18.48.0/20, 198.18.64.0/18, 198.18.128.0/17, 198.19.0.0/16],"
    ' ipv6: ["2001:db8:4481::/48"]}'
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """Return a writable copy of the sample inventory."""
    target = tmp_path / "inventory"
    shutil.copytree(SAMPLE, target)
    forget_files()
    return target


@pytest.fixture
def roomy(sample: Path) -> Path:
    """Return a copy of the sample inventory whose district 440281 has large IPv4 pools."""
    replace_in(sample / "province.yml", LECHANG_POOLS, LARGE_POOLS)
    return sample


def make_spec(**overrides: Any) -> SchoolSpec:
    """Return a valid primary-school spec in district 440281, changed by ``overrides``."""
    raw: dict[str, Any] = {
        "code": "2440281101",
        "name": "乐昌市测试小学",
        "short": "LCCS",
        "type": "primary",
        "district": "440281",
        "bandwidth_mbps": 100,
        "platform": "huawei_vrp",
        "buildings": 2,
        "floors": 3,
        "classrooms": 12,
        "labs": 2,
    }
    raw.update(overrides)
    return parse_spec(raw)
