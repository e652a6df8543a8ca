"""``campusctl import-config`` from the command line."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from campusctl.cli import app


def test_import_config_writes_school_and_lists_todos(
    tmp_path: Path, config_files: list[Path]
) -> None:
    out = tmp_path / "school.yml"
    gaps = tmp_path / "gaps.txt"
    result = CliRunner().invoke(
        app,
        [
            "import-config",
            *map(str, config_files),
            "--school",
            "2440113003",
            "--name",
            "石桥中学",
            "--type",
            "junior",
            "--mlps-level",
            "2",
            "--out",
            str(out),
            "--gaps",
            str(gaps),
        ],
    )
    assert result.exit_code == 0, result.output
    school = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (school["name"], school["type"], school["mlps_level"]) == ("石桥中学", "junior", 2)
    assert school["district"] == "440113"
    assert "TODO" in result.output
    assert "descriptions disagree" in result.output
    assert "ssh_only" in gaps.read_text(encoding="utf-8")


def test_import_config_rejects_bad_school_code(config_files: list[Path]) -> None:
    result = CliRunner().invoke(
        app, ["import-config", str(config_files[0]), "--school", "12345", "--out", "/dev/null"]
    )
    assert result.exit_code != 0
