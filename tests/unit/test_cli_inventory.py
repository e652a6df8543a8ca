"""The validate and inventory show commands: exit codes and both languages."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from campusctl.cli.output import PIPE_WIDTH, output_width
from tests.conftest import MINIMAL_SCHOOL, REPO, SAMPLE, campusctl_env, replace_in


def run(
    *args: str, lang: str = "C.UTF-8", columns: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run campusctl; without ``columns`` its environment sets no COLUMNS."""
    env = campusctl_env(lang)
    if not columns:
        del env["COLUMNS"]
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def test_validate_sample_exits_zero() -> None:
    result = run("validate", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "valid: 6 school(s)" in result.stdout


def test_validate_broken_exits_one_with_location(minimal: Path) -> None:
    replace_in(minimal / MINIMAL_SCHOOL, "tier: baseline", "tier: baseline\nteir: x")
    result = run("validate", str(minimal))
    assert result.returncode == 1
    assert f"{MINIMAL_SCHOOL.rsplit('/', 1)[1]}:5: teir: unknown key teir" in result.stderr


def test_validate_broken_in_chinese(minimal: Path) -> None:
    replace_in(minimal / MINIMAL_SCHOOL, "tier: baseline", "tier: baseline\nteir: x")
    result = run("validate", str(minimal), lang="zh_CN.UTF-8")
    assert result.returncode == 1
    assert "未知的键 teir" in result.stderr
    assert "校验未通过" in result.stderr


def test_usage_error_exits_two() -> None:
    result = run("validate", "--no-such-option")
    assert result.returncode == 2


def test_unknown_limit_is_usage_error() -> None:
    result = run("inventory", "show", "--inventory", str(SAMPLE), "--limit", "school_0000000000")
    assert result.returncode == 2
    assert "matches no device" in result.stderr


def test_show_in_english_and_chinese() -> None:
    english = run("inventory", "show", "--inventory", str(SAMPLE))
    chinese = run("inventory", "show", "--inventory", str(SAMPLE), lang="zh_CN.UTF-8")
    assert english.returncode == 0, english.stderr
    assert chinese.returncode == 0, chinese.stderr
    assert "teaching point" in english.stdout
    assert "classrooms" in english.stdout
    assert "教学点" in chinese.stdout
    assert "教室" in chinese.stdout
    for code in (
        "2440106001",
        "2440106002",
        "2440113001",
        "2440113002",
        "2440281001",
        "2440281002",
    ):
        assert code in english.stdout


def test_show_limit_to_district() -> None:
    result = run("inventory", "show", "--inventory", str(SAMPLE), "--limit", "district_440281")
    assert result.returncode == 0, result.stderr
    assert "2440281001" in result.stdout
    assert "2440106001" not in result.stdout


def test_piped_table_keeps_school_names_whole() -> None:
    """Without COLUMNS, a table written to a pipe is laid out wider than 80 columns."""
    result = run("inventory", "show", "--inventory", str(SAMPLE), columns=False)
    assert result.returncode == 0, result.stderr
    assert "广州市天河区育才实验中学" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) > 80


@pytest.mark.parametrize(
    ("tty", "columns", "expected"),
    [(False, None, PIPE_WIDTH), (False, "120", None), (True, None, None)],
)
def test_output_width_by_stream(
    monkeypatch: pytest.MonkeyPatch, tty: bool, columns: str | None, expected: int | None
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: tty)
    assert output_width(stream) == expected
