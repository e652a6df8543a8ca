"""A pattern that selects no device campusctl configures logs a warning naming it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from campusctl.engine.runner import targets
from campusctl.inventory import load_inventory
from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("SQZX-AP-A101,SQZX-AP-A102", "(2 access points matched"),
        ("school_2440106001[-1]", "matches school_2440106001[-1]"),
    ],
)
def test_empty_selection_warns(
    pattern: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("CAMPUSCTL_STATE", str(tmp_path / "state"))
    inventory = load_inventory(SAMPLE)
    with caplog.at_level(logging.WARNING, logger="campusctl.engine.runner"):
        found = targets(inventory, pattern, tmp_path / "configs")
    assert found == []
    messages = [record.getMessage() for record in caplog.records]
    assert any(expected in message for message in messages), messages
