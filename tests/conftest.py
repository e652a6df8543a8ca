"""Shared fixtures: the repository root, the sample inventory and a disposable minimal one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from campusctl import i18n
from campusctl.inventory.locate import forget_files

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "inventory"
MINIMAL = REPO / "tests" / "data" / "minimal"
MINIMAL_SCHOOL = "schools/440100/440106/2440106009.yml"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """Return a writable copy of the minimal valid inventory."""
    target = tmp_path / "inventory"
    shutil.copytree(MINIMAL, target)
    forget_files()
    return target


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with English messages."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with Simplified Chinese messages."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    yield
    i18n.reset()


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path``; fail the test otherwise."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    forget_files()


def campusctl_env(lang: str = "C.UTF-8") -> dict[str, str]:
    """Return an environment for running the campusctl command in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    env["COLUMNS"] = "250"
    return env
