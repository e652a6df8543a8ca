"""Running-state acceptance: a lab school after ``campusctl apply`` of its full rendered configs.

After the apply, ``check --running`` must pass every automated rule on the
school's devices (manual and not-applicable findings are allowed). A change
made by hand at a device's CLI afterwards must fail the rule it breaks and
the drift rule, on that device only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.standard.labkit import (
    SCHOOL,
    TEACHING_POINT,
    CheckLab,
    change_by_hand,
    failed,
    start_lab,
)

pytestmark = pytest.mark.lab

ACCESS = "CNXX-A1-ACC-01"
SCHOOLS = f"{SCHOOL}:{TEACHING_POINT}"


@pytest.fixture(scope="module")
def check_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckLab]:
    yield from start_lab(tmp_path_factory)


def render(lab: CheckLab) -> Path:
    configs = lab.base / "configs"
    result = lab.campusctl(
        "render",
        "--inventory",
        str(SAMPLE),
        "--limit",
        SCHOOLS,
        "--out",
        str(configs),
        "--cache",
        str(lab.base / "render-cache"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return configs


def apply(lab: CheckLab, configs: Path) -> str:
    result = lab.campusctl(
        "apply",
        SCHOOLS,
        "--inventory",
        str(SAMPLE),
        "--configs",
        str(configs),
        "--confirm-timeout",
        "5",
        "--max-fail-percent",
        "100",
        "--canary",
        "0",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def failures(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['rule']} {f['subject']}: {f['message']}" for f in findings if f["status"] == "fail"
    ]


def test_applied_school_passes_then_hand_change_fails(check_lab: CheckLab) -> None:
    configs = render(check_lab)
    apply(check_lab, configs)

    applied = check_lab.check_running(SCHOOLS, configs, "applied")
    assert failures(applied) == []
    assert any(f["rule"] == "CC-VER-04" and f["status"] == "pass" for f in applied)

    change_by_hand(check_lab, ACCESS, ["line vty 0 63", "idle-timeout 30 0"])
    changed = check_lab.check_running(SCHOOLS, configs, "changed")

    assert failed(changed) == {("GD-MGT-04", ACCESS), ("GD-OPS-01", ACCESS)}
