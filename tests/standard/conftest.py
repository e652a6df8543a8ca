"""Shared fixtures: the test inventory (one school per platform) and the profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.standard.profile import Profile, load_profile

DATA = Path(__file__).parent / "data"
CONFIGS = DATA / "configs"
DEVICES = {
    "huawei_vrp": "HW-ACC-01",
    "h3c_comware": "H3C-ACC-01",
    "cisco_ios": "CS-ACC-01",
    "ruijie_rgos": "RJ-ACC-01",
}
TODAY = date(2026, 12, 4)


@pytest.fixture(scope="session")
def test_inventory() -> Inventory:
    return load_inventory(DATA / "inventory")


@pytest.fixture(scope="session")
def sample_inventory() -> Inventory:
    return load_inventory(Path(__file__).parents[2] / "inventory")


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("gd-digital-campus")
