"""Tests that the stack suite cannot pass without checking anything.

A test that neither returns nor awaits an Output, a test file in a folder
pytest does not collect, or a missing mock would otherwise leave the suite
green while nothing was checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campusctl.stacks.mocks import CapturingMonitor, PlanMocks
from tests.stacks.support import REPO, MocksNotSetError, require_mocks

HERE = Path(__file__).parent

#: The number of stack tests collected when this was written; the suite only grows.
EXPECTED_MIN_TESTS = 182


def _pytest(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTEST_ADDOPTS": "",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_canary_fails_on_its_own() -> None:
    result = _pytest("-q", str(HERE / "canary_unchecked_apply.py"))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "canary: wrong owner expected on purpose" in output
    assert re.search(r"\b1 (failed|error)\b", output), output


def test_guard_rejects_missing_mocks() -> None:
    require_mocks()
    # A real run talks to the engine through a gRPC stub, not a MockMonitor.
    with pytest.raises(MocksNotSetError, match="set_mocks"):
        require_mocks(object())


def test_guard_accepts_plan_monitor() -> None:
    require_mocks(CapturingMonitor(PlanMocks()))


def test_collected_count_and_files() -> None:
    result = _pytest("--collect-only", "-q", str(HERE))
    assert result.returncode == 0, result.stdout + result.stderr
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    assert len(ids) >= EXPECTED_MIN_TESTS, f"only {len(ids)} stack tests collected"
    collected = {line.split("::", 1)[0] for line in ids}
    on_disk = {p.relative_to(REPO).as_posix() for p in HERE.rglob("test_*.py")}
    assert on_disk - collected == set(), "test files that pytest does not collect"
    assert "tests/stacks/canary_unchecked_apply.py" not in collected
