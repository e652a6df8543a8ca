"""Running-state acceptance: lab schools after ``campusctl apply`` of their full rendered configs.

Three schools of the sample inventory cover the four platforms: an H3C
school, a Ruijie teaching point, and a Cisco school with a Huawei
aggregation block. After the apply, ``check --running`` must pass every
automated rule on their devices (manual and not-applicable findings are
allowed). A change made by hand at a device's CLI afterwards must fail the
rule it breaks and the drift rule, on that device only.
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

CISCO_SCHOOL = "2440113002"  # Cisco core and access, Huawei aggregation and access
CODES = (SCHOOL, TEACHING_POINT, CISCO_SCHOOL)
SCHOOLS = ":".join(CODES)
PLATFORM_DEVICES = {
    "h3c_comware": "CNXX-A1-ACC-01",
    "ruijie_rgos": "SPJD-CORE-01",
    "cisco_ios": "PYZJ-A1-ACC-01",
    "huawei_vrp": "PYZJ-S1-ACC-01",
}
# A hand change per platform that sets a 30-minute idle timeout on the VTY lines.
IDLE_TIMEOUT_CHANGES = {
    "CNXX-A1-ACC-01": ["line vty 0 63", "idle-timeout 30 0"],
    "PYZJ-S1-ACC-01": ["user-interface vty 0 4", "idle-timeout 30 0"],
}


@pytest.fixture(scope="module")
def check_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckLab]:
    yield from start_lab(tmp_path_factory, ",".join(CODES))


@pytest.fixture(scope="module")
def configs(check_lab: CheckLab) -> Path:
    """Render the schools and apply their full configs; return the configs folder."""
    folder = check_lab.base / "configs"
    rendered = check_lab.campusctl(
        "render",
        "--inventory",
        str(SAMPLE),
        "--limit",
        SCHOOLS,
        "--out",
        str(folder),
        "--cache",
        str(check_lab.base / "render-cache"),
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    applied = check_lab.campusctl(
        "apply",
        SCHOOLS,
        "--inventory",
        str(SAMPLE),
        "--configs",
        str(folder),
        "--confirm-timeout",
        "5",
        "--max-fail-percent",
        "100",
        "--canary",
        "0",
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    return folder


def failures(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['rule']} {f['subject']}: {f['message']}" for f in findings if f["status"] == "fail"
    ]


def test_applied_schools_pass_every_rule(check_lab: CheckLab, configs: Path) -> None:
    findings = check_lab.check_running(SCHOOLS, configs, "applied")

    assert failures(findings) == []
    passed = {(f["rule"], f["device"]) for f in findings if f["status"] == "pass"}
    for platform, device in PLATFORM_DEVICES.items():
        for rule in ("CC-VER-01", "CC-VER-02", "CC-VER-03", "GD-OPS-01", "GD-MGT-04"):
            assert (rule, device) in passed, (platform, rule)
    assert {f["school"] for f in findings} == set(CODES)


def test_hand_change_fails_only_its_rules(check_lab: CheckLab, configs: Path) -> None:
    for device, lines in IDLE_TIMEOUT_CHANGES.items():
        change_by_hand(check_lab, device, lines)

    findings = check_lab.check_running(SCHOOLS, configs, "changed")

    expected = {(rule, d) for rule in ("GD-MGT-04", "GD-OPS-01") for d in IDLE_TIMEOUT_CHANGES}
    assert failed(findings) == expected
    for device in IDLE_TIMEOUT_CHANGES:
        (drift,) = [f for f in findings if f["rule"] == "GD-OPS-01" and f["device"] == device]
        texts = [e["text"] for e in drift["evidence"]]
        assert any(t.startswith("unexpected: ") and "idle-timeout 30 0" in t for t in texts), texts
        assert any(t.startswith("missing: ") and "idle-timeout" in t for t in texts), texts
