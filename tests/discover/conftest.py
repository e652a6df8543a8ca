"""Fixtures of the import and discovery tests: one brownfield school, four platforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.discover.brownfield import SAMPLES
from campusctl.discover.rules import Rules, load_rules

SCHOOL = SAMPLES / "2440113003"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def config_files() -> list[Path]:
    return sorted(SCHOOL.glob("*.cfg"))
