"""Every ``--help`` page reads in Chinese under a Chinese locale."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO, campusctl_env

# Runs in a Chinese-locale process, because campusctl translates help texts
# when its modules are imported. Prints {command path: help page} as JSON.
_DUMP_HELP = """
import json
import typer.main
from typer.testing import CliRunner
from campusctl.cli import app

def walk(command, path):
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not sub.hidden:
            yield from walk(sub, [*path, name])

runner = CliRunner()
pages = {}
for path in walk(typer.main.get_command(app), []):
    result = runner.invoke(app, [*path, "--help"], prog_name="campusctl", env={"COLUMNS": "400"})
    pages[" ".join(path)] = result.output
print(json.dumps(pages, ensure_ascii=False))
"""

# Three or more English words in a row: a sentence or a phrase left untranslated.
_ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']+(?:,? [A-Za-z][a-z']+){2,}\b")
# The words typer and click print around the help texts, in English.
_ENGLISH_FRAME = re.compile(
    r"^(?:Usage|Arguments|Options|Commands):|\[(?:default|required|env var)\b", re.MULTILINE
)
# Text that stays as it is in any language: code spans, quoted values, option
# names and metavars.
_VERBATIM = (
    re.compile(r"`[^`]*`"),
    re.compile(r"'[^']*'"),
    re.compile(r"(?<![\w])--?[A-Za-z][\w-]*"),
    re.compile(r"<[^<>]*>"),
)


@pytest.fixture(scope="module")
def chinese_pages() -> dict[str, str]:
    """Return every command's help page printed under ``LANG=zh_CN.UTF-8``."""
    result = subprocess.run(
        [sys.executable, "-c", _DUMP_HELP],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=campusctl_env("zh_CN.UTF-8"),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages: dict[str, str] = json.loads(result.stdout)
    return pages


def english_runs(path: str, page: str) -> list[str]:
    """Return the English phrases of a help page, leaving verbatim text out."""
    frame = [match.group(0) for match in _ENGLISH_FRAME.finditer(page)]
    text = page.replace(f"campusctl {path}".strip(), " ")
    for pattern in _VERBATIM:
        text = pattern.sub(" ", text)
    return frame + _ENGLISH_RUN.findall(text)


def test_help_pages_cover_commands(chinese_pages: dict[str, str]) -> None:
    assert "" in chinese_pages
    assert "plan" in chinese_pages
    assert "lab fault" in chinese_pages
    assert "hostkey pin" in chinese_pages
    for path, page in chinese_pages.items():
        assert "campusctl" in page, f"no help page for {path!r}: {page[:200]}"


def test_help_pages_have_no_english(chinese_pages: dict[str, str]) -> None:
    found = {
        path or "campusctl": runs
        for path, page in chinese_pages.items()
        if (runs := english_runs(path, page))
    }
    assert not found, "English left in help pages:\n" + "\n".join(
        f"{path}: {runs}" for path, runs in sorted(found.items())
    )


def test_english_detector_catches_sentence() -> None:
    page = "用法：campusctl plan [OPTIONS]\n  --help  Show this message and exit.\n"
    assert english_runs("plan", page) == ["Show this message and exit"]
    assert english_runs("plan", "Options:\n  -i <path>  资产清单。  [default: inventory]\n") == [
        "Options:",
        "[default",
    ]
    assert (
        english_runs("plan", "  --mode <int range>  同时读取 VLAN 与 `campusctl lab up`。\n") == []
    )


def run_campusctl(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run campusctl with ``args`` in the language of ``lang``."""
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=campusctl_env(lang),
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (("plan", "--nope"), "错误：没有选项 --nope", "Error: No such option: --nope"),
        (("hostkey", "pin"), "错误：缺少参数 'device'。", "Error: Missing argument 'device'."),
        (("nosuch",), "错误：没有命令 'nosuch'。", "Error: No such command 'nosuch'."),
        (
            ("plan", "--concurrency", "x"),
            "错误：'--concurrency' 的值无效：'x' 不是整数",
            "Error: Invalid value for '--concurrency': 'x' is not a whole number",
        ),
        (
            ("apply", "--max-fail-percent", "lots"),
            "错误：'--max-fail-percent' 的值无效：'lots' 不是数字",
            "Error: Invalid value for '--max-fail-percent': 'lots' is not a number",
        ),
    ],
)
def test_usage_error_language(args: tuple[str, ...], chinese: str, english: str) -> None:
    in_chinese = run_campusctl("zh_CN.UTF-8", *args)
    assert in_chinese.returncode == 2
    assert chinese in in_chinese.stderr
    assert in_chinese.stderr.startswith("用法：")
    assert "查看帮助" in in_chinese.stderr
    in_english = run_campusctl("C.UTF-8", *args)
    assert in_english.returncode == 2
    assert english in in_english.stderr
    assert in_english.stderr.startswith("Usage: ")


def test_bad_mode_rejected_before_inventory() -> None:
    """A wrong --mode is the error shown, even where the inventory or configs are missing too."""
    result = run_campusctl("C.UTF-8", "plan", "--mode", "bogus", "--configs", "/nonexistent")
    assert result.returncode == 2
    assert "--mode must be replace or merge, not bogus" in result.stderr
    assert "/nonexistent" not in result.stderr
