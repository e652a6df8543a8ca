"""A pattern that selects no device campusctl configures says so."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from campusctl.engine.runner import targets
from campusctl.inventory import load_inventory
from tests.conftest import SAMPLE


def test_access_points_only_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CAMPUSCTL_STATE", str(tmp_path / "state"))
    inventory = load_inventory(SAMPLE)
    with caplog.at_level(logging.WARNING, logger="campusctl.engine.runner"):
        found = targets(inventory, "SQZX-AP-A101,SQZX-AP-A102", tmp_path / "configs")
    assert found == []
    messages = [r.getMessage() for r in caplog.records]
    assert any("(2 access points matched" in m for m in messages), messages


def test_no_match_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CAMPUSCTL_STATE", str(tmp_path / "state"))
    inventory = load_inventory(SAMPLE)
    with caplog.at_level(logging.WARNING, logger="campusctl.engine.runner"):
        found = targets(inventory, "school_2440106001[-1]", tmp_path / "configs")
    assert found == []
    messages = [r.getMessage() for r in caplog.records]
    assert any("matches school_2440106001[-1]" in m for m in messages), messages
