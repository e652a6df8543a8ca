"""``campusctl school new`` from options and from a batch file, in English and Chinese."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from campusctl.cli import app
from campusctl.inventory import load_inventory
from campusctl.inventory.locate import forget_files
from tests.conftest import campusctl_env

OPTIONS = [
    "school",
    "new",
    "--code",
    "2440281301",
    "--name",
    "乐昌市试点小学",
    "--short",
    "LCSD",
    "--type",
    "primary",
    "--district",
    "440281",
    "--bandwidth",
    "100",
    "--classrooms",
    "12",
    "--floors",
    "3",
    "--buildings",
    "2",
    "--labs",
    "1",
]


def test_dry_run_prints_plan_and_writes_nothing(sample: Path, english: None) -> None:
    result = CliRunner().invoke(app, [*OPTIONS, "--inventory", str(sample), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2440281301 乐昌市试点小学: primary" in result.output
    assert "LCSD-CORE-01" in result.output
    assert "Eth-Trunk1" in result.output
    assert "dry run: 1 school(s) planned, nothing written" in result.output
    assert not list(sample.glob("schools/**/2440281301.yml"))


def test_new_school_written_and_valid(sample: Path, english: None) -> None:
    result = CliRunner().invoke(app, [*OPTIONS, "--inventory", str(sample)])
    assert result.exit_code == 0, result.output
    path = sample / "schools" / "440200" / "440281" / "2440281301.yml"
    assert f"wrote {path}" in result.output
    forget_files()
    assert "2440281301" in load_inventory(sample).schools


def test_batch_file(sample: Path, tmp_path: Path, english: None) -> None:
    batch = tmp_path / "batch.yml"
    batch.write_text(
        'defaults: {district: "440281", type: teaching_point, bandwidth_mbps: 20, platform: ruijie_rgos}\n'
        "schools:\n"
        '  - {code: "2440281302", name: 甲教学点, short: JJXD, classrooms: 2}\n'
        '  - {code: "2440281303", name: 乙教学点, short: YJXD, classrooms: 3}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["school", "new", "--spec", str(batch), "--inventory", str(sample)]
    )
    assert result.exit_code == 0, result.output
    assert "2 school(s) written" in result.output
    forget_files()
    schools = load_inventory(sample).schools
    assert schools["2440281302"].devices[0].charset.value == "gbk"


def test_refusal_exits_one_with_message(sample: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "campusctl",
        *OPTIONS,
        "--bandwidth",
        "2",
        "--inventory",
        str(sample),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=campusctl_env(), check=False
    )
    assert result.returncode == 1
    assert "E1103" in result.stderr
    assert "2 Mbps is below the 4 Mbps" in result.stderr


def test_refusal_in_chinese(sample: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "campusctl",
        *OPTIONS,
        "--code",
        "2440281001",
        "--inventory",
        str(sample),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=campusctl_env("zh_CN.UTF-8"), check=False
    )
    assert result.returncode == 1
    assert "E1101" in result.stderr
    assert "已存在" in result.stderr


def test_diagram_option(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "diagrams"
    command = [
        sys.executable,
        "-m",
        "campusctl",
        *OPTIONS,
        "--inventory",
        str(sample),
        "--dry-run",
        "--diagram",
        str(out),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=campusctl_env(), check=False
    )
    if importlib.util.find_spec("campusctl.diagram") is None:
        assert result.returncode == 2
        assert "--diagram needs the campusctl.diagram package" in result.stderr
        assert not out.exists()
    else:
        assert result.returncode == 0, result.stderr
        assert (out / "2440281301-physical.svg").is_file()
        assert "LCSD-CORE-01" in (out / "2440281301-physical.dot").read_text(encoding="utf-8")
    assert not list(sample.glob("schools/**/2440281301.yml"))
