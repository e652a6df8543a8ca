"""``campusctl report`` and ``campusctl diagram`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from campusctl.inventory import Inventory
from tests.conftest import REPO, campusctl_env


def campusctl(*args: str, state: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = campusctl_env(lang)
    env["CAMPUSCTL_STATE"] = str(state)
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


def test_report_command_writes_site(small_inventory: Inventory, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = campusctl(
        "report", "-i", str(small_inventory.root), "--out", str(out), "--no-pdf", state=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "report written:" in result.stdout
    assert f"open {out / 'index.html'}" in result.stdout
    assert (out / "zh_CN" / "school-2440106001.html").is_file()
    assert (out / "en" / "school-2440106001.html").is_file()
    assert "url=zh_CN/index.html" in (out / "index.html").read_text(encoding="utf-8")


def test_report_command_english_default(small_inventory: Inventory, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = campusctl(
        "report",
        *("-i", str(small_inventory.root), "--out", str(out), "--no-pdf", "--lang", "en"),
        state=tmp_path,
        lang="zh_CN.UTF-8",
    )
    assert result.returncode == 0, result.stderr
    assert "报告已生成" in result.stdout
    assert "url=en/index.html" in (out / "index.html").read_text(encoding="utf-8")


def test_report_command_rejects_language(tmp_path: Path) -> None:
    result = campusctl("report", "--lang", "fr", "--no-pdf", state=tmp_path)
    assert result.returncode == 2
    assert "zh_CN, en" in result.stderr


def test_report_command_missing_results(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    result = campusctl("report", "--results", str(missing), "--no-pdf", state=tmp_path)
    assert result.returncode == 1
    assert "E7200" in result.stderr
    assert str(missing) in result.stderr


def test_diagram_command_selects_schools(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"results": []}), encoding="utf-8")
    out = tmp_path / "diagrams"
    result = campusctl(
        "diagram",
        *("-l", "district_440281", "-o", str(out), "-f", "svg", "--results", str(results)),
        state=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in out.glob("*.svg"))
    assert written == [
        "city-440200.svg",
        "district-440281.svg",
        "school-2440281001-logical.svg",
        "school-2440281001-physical.svg",
        "school-2440281002-logical.svg",
        "school-2440281002-physical.svg",
    ]


def test_report_command_limit(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = campusctl(
        "report", "-l", "district_440281", "--out", str(out), "--no-pdf", state=tmp_path
    )
    assert result.returncode == 0, result.stderr
    schools = sorted(path.name for path in (out / "en").glob("school-*.html"))
    assert schools == ["school-2440281001.html", "school-2440281002.html"]
