"""``campusctl wireless associate`` and ``clients`` without a running lab."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from campusctl.cli import app
from campusctl.errors import LabError
from tests.wireless.conftest import SAMPLE


@pytest.mark.parametrize(
    "args",
    [
        ["wireless", "associate", "HYXX-WLC-01", "GDEDU-Staff", "--user", "lab-teacher"],
        ["wireless", "clients", "HYXX-WLC-01"],
    ],
)
def test_lab_commands_need_running_lab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("CAMPUSCTL_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("CAMPUSCTL_LAB_STATION_PASSWORD", "not-used")
    result = CliRunner().invoke(app, [*args, "--inventory", str(SAMPLE)])
    assert result.exit_code != 0
    # The command raises; the entry point prints the error with its code.
    assert isinstance(result.exception, LabError)
    assert "campusctl lab up" in str(result.exception)
