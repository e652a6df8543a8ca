"""A lab of the sample inventory, its rendered configs, and small lab-safe changes."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE

# One access switch per platform, and the teaching point's Ruijie core.
DEVICES = ("YCSY-A1-ACC-01", "CNXX-A1-ACC-01", "PYZJ-A1-ACC-01", "SPJD-CORE-01")
PATTERN = ":".join(DEVICES)
MARKER = "ENGINE-TEST"
FAULT_MARKER = "ENGINE-FAULT"


@dataclass(frozen=True)
class EngineLab:
    """Paths and environment of the running test lab."""

    state: Path
    configs: Path
    small: Path
    faulty: Path
    env: dict[str, str]

    def campusctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run campusctl against the test lab."""
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=self.env,
            check=False,
        )


def running(lab: EngineLab, device: str) -> str:
    """Return the device's running config, read through the engine's driver."""
    from campusctl.engine.access import device_access
    from campusctl.engine.transaction import _running
    from campusctl.inventory import load_inventory
    from campusctl.inventory.overlay import load_overlay

    inventory = load_inventory(SAMPLE)
    school, found = next((s, d) for s, d in inventory.devices() if d.name == device)
    overlay = load_overlay(path=lab.state / "lab" / "overlay.yml")
    return _running(device_access(inventory, school, found, overlay, lab.state))


_FIRST_PORT = re.compile(r"^interface (\S*Ethernet ?\d\S*)$", re.MULTILINE)


def with_description(config: str, text: str) -> str:
    """Return ``config`` with a description on its first Ethernet port."""
    found = _FIRST_PORT.search(config)
    assert found is not None, "no Ethernet port in the running config"
    return config[: found.end()] + f"\n description {text}" + config[found.end() :]


@pytest.fixture(scope="module")
def engine_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineLab]:
    """Start the lab for the sample inventory, render configs, stop the lab afterwards."""
    base = tmp_path_factory.mktemp("engine")
    state = base / "state"
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(state),
        LANG="C.UTF-8",
        COLUMNS="200",
        CAMPUSCTL_OPERATOR="pytest",
        # Ansible's plugins import campusctl; take it from this checkout, not
        # from wherever the venv's editable install points.
        PYTHONPATH=str(REPO),
    )
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    lab = EngineLab(
        state=state,
        configs=base / "configs",
        small=base / "small",
        faulty=base / "faulty",
        env=env,
    )
    # 'lab up' picks free ports before the server binds them, so two labs
    # starting at once in parallel test workers can pick the same ports.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = lab.campusctl("lab", "up", "--inventory", str(SAMPLE), "--no-hosts")
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        rendered = lab.campusctl(
            "render",
            "--inventory",
            str(SAMPLE),
            "--limit",
            PATTERN,
            "--out",
            str(lab.configs),
            "--cache",
            str(base / "cache"),
        )
        assert rendered.returncode == 0, rendered.stdout + rendered.stderr
        # Changes the lab accepts on every platform: one port description each.
        # The fault tests use their own text, so a change is left to make even
        # after the small change was applied.
        lab.small.mkdir()
        lab.faulty.mkdir()
        for device in DEVICES:
            day0 = running(lab, device)
            small = with_description(day0, MARKER)
            (lab.small / f"{device}.cfg").write_text(small, encoding="utf-8")
            faulty = with_description(day0, FAULT_MARKER)
            (lab.faulty / f"{device}.cfg").write_text(faulty, encoding="utf-8")
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def plan(lab: EngineLab, configs: Path, pattern: str = PATTERN) -> dict[str, dict[str, object]]:
    """Plan ``pattern`` with ``configs`` and return the plan file's entries by device."""
    out = lab.state / "plan.json"
    # One process here, several in apply: both ways of running devices meet the lab.
    result = lab.campusctl(
        "plan",
        pattern,
        "--inventory",
        str(SAMPLE),
        "--configs",
        str(configs),
        "--out",
        str(out),
        "--workers",
        "1",
    )
    assert result.returncode in (0, 1), result.stderr
    return {d["device"]: d for d in json.loads(out.read_text(encoding="utf-8"))["devices"]}


def apply(lab: EngineLab, configs: Path, pattern: str = PATTERN, *extra: str) -> tuple[int, str]:
    """Apply ``configs`` to ``pattern`` at once (no canary, short confirm timeout)."""
    result = lab.campusctl(
        "apply",
        pattern,
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
        "--workers",
        "2",
        *extra,
    )
    return result.returncode, result.stdout + result.stderr
