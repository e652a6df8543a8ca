"""``check --running`` on lab devices that boot their full rendered configs.

Each device of the two lab schools boots the configuration ``campusctl
render`` wrote for it, as a switch provisioned in the workshop does, less
the lines that bind the management ACLs to SSH and the VTY lines: the ACLs
are defined but guard nothing. The running-state checks must then fail
exactly the management-ACL rule and the drift rule, on every device, with
those lines as evidence, and pass every other automated rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.standard.labkit import SCHOOL, TEACHING_POINT, CheckLab, failed, start_lab

pytestmark = pytest.mark.lab

SCHOOLS = f"{SCHOOL}:{TEACHING_POINT}"
DEVICES = {"CNXX-CORE-01", "CNXX-A1-ACC-01", "CNXX-A2-ACC-01", "CNXX-B1-ACC-01", "SPJD-CORE-01"}
MANAGEMENT_ACL_RULE = "GD-SEG-05"
DRIFT_RULE = "GD-OPS-01"
# Lines binding the management ACLs: RGOS VTY access-class, Comware SSH
# server and VTY ACLs.
ACL_BINDING = re.compile(
    r"^(?: (?:ipv6 )?access-class \S+ in| acl (?:ipv6 )?\d+ inbound|ssh server (?:ipv6 )?acl .*)$"
)


@pytest.fixture(scope="module")
def check_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckLab]:
    yield from start_lab(tmp_path_factory)


@pytest.fixture(scope="module")
def booted(check_lab: CheckLab) -> tuple[Path, dict[str, list[str]]]:
    """Render the two schools and boot their configs; return the folder and the lines left out."""
    configs = check_lab.base / "configs"
    result = check_lab.campusctl(
        "render",
        "--inventory",
        str(SAMPLE),
        "--limit",
        SCHOOLS,
        "--out",
        str(configs),
        "--cache",
        str(check_lab.base / "render-cache"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    boot: dict[str, str] = {}
    dropped: dict[str, list[str]] = {}
    for device in DEVICES:
        lines = (configs / f"{device}.cfg").read_text(encoding="utf-8").splitlines()
        dropped[device] = [line for line in lines if ACL_BINDING.match(line)]
        assert dropped[device], f"{device}: no management ACL binding in the rendered config"
        boot[device] = "\n".join(line for line in lines if not ACL_BINDING.match(line)) + "\n"
    check_lab.boot_with(boot)
    return configs, dropped


@pytest.fixture(scope="module")
def findings(
    check_lab: CheckLab, booted: tuple[Path, dict[str, list[str]]]
) -> list[dict[str, Any]]:
    configs, _dropped = booted
    return check_lab.check_running(SCHOOLS, configs, "booted")


def test_booted_configs_fail_only_acl_rules(findings: list[dict[str, Any]]) -> None:
    expected = {(rule, device) for rule in (MANAGEMENT_ACL_RULE, DRIFT_RULE) for device in DEVICES}
    assert failed(findings) == expected


def test_booted_configs_pass_state_rules(findings: list[dict[str, Any]]) -> None:
    passed = {(f["rule"], f["device"]) for f in findings if f["status"] == "pass"}
    for rule in ("CC-VER-01", "CC-VER-02", "CC-VER-03"):
        for device in DEVICES:
            assert (rule, device) in passed, (rule, device)
    for device in DEVICES - {"SPJD-CORE-01"}:
        assert ("CC-VER-04", device) in passed, device
    assert ("GD-BW-01", "CNXX-CORE-01") in passed
    assert ("GD-BW-01", "SPJD-CORE-01") in passed


def test_drift_lists_exactly_the_dropped_lines(
    findings: list[dict[str, Any]], booted: tuple[Path, dict[str, list[str]]]
) -> None:
    _configs, dropped = booted
    for device in DEVICES:
        (drift,) = [f for f in findings if f["rule"] == DRIFT_RULE and f["device"] == device]
        texts = [e["text"] for e in drift["evidence"]]
        assert all(t.startswith("missing: ") for t in texts), texts
        assert len(texts) == len(dropped[device]), texts
        for line in dropped[device]:
            assert any(t.endswith(line.strip()) for t in texts), (device, line, texts)
