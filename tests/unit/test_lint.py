"""The code and YAML stay lint-clean: CI runs the same linters as `make lint`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BIN = Path(sys.executable).parent
PYTHON_PATHS = ["campusctl", "tests", "bench", "collections", "stacks", "lint"]
YAML_PATHS = ["inventory", "playbooks", "roles"]


def existing(paths: list[str]) -> list[str]:
    """Return the paths that exist in the repository (some folders start empty)."""
    return [path for path in paths if (REPO / path).exists()]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    # Ansible refuses to start under a locale the machine lacks (zh_CN.UTF-8 often is).
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run(
        list(argv), capture_output=True, text=True, cwd=REPO, env=env, check=False
    )


def test_ruff_check_clean() -> None:
    result = run(str(BIN / "ruff"), "check", *existing(PYTHON_PATHS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_clean() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", *existing(PYTHON_PATHS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_clean() -> None:
    result = run(str(BIN / "yamllint"), "-s", *existing(YAML_PATHS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ansible_lint_clean() -> None:
    result = run(str(BIN / "ansible-lint"), "-q", "--nocolor", "playbooks", "roles")
    assert result.returncode == 0, result.stdout + result.stderr
