"""A lab of sample schools for ``check --running`` tests, and helpers to drive it."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE

SCHOOL = "2440281001"  # H3C: CNXX-CORE-01 and three access switches
TEACHING_POINT = "2440281002"  # Ruijie: SPJD-CORE-01 only


@dataclass(frozen=True)
class CheckLab:
    """The running lab, its state folder and the environment of campusctl."""

    base: Path
    env: dict[str, str]
    lock: Path
    """Lock file shared by the labs of parallel test workers while they start."""
    schools: str = f"{SCHOOL},{TEACHING_POINT}"
    """The school codes the lab emulates, comma-separated."""

    def up(self) -> None:
        """Start the lab of the schools."""
        # 'lab up' picks free ports before the server binds them, so labs that
        # start at once in parallel test workers take turns.
        with self.lock.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            started = self.campusctl(
                "lab",
                "up",
                "--inventory",
                str(SAMPLE),
                "--limit",
                self.schools,
                "--no-hosts",
            )
        assert started.returncode == 0, started.stdout + started.stderr

    def boot_with(self, configs: dict[str, str]) -> None:
        """Restart the lab with ``configs`` (device name to text) as the devices' saved configs.

        A restarted device runs its saved configuration, as a switch that
        was provisioned in the workshop does on its first boot.
        """
        stopped = self.campusctl("lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        for device, text in configs.items():
            flash = self.base / "state" / "lab" / "devices" / device / "flash"
            flash.mkdir(parents=True, exist_ok=True)
            (flash / "saved.cfg").write_text(text, encoding="utf-8")
        self.up()

    def campusctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=self.env,
            check=False,
        )

    def check_running(self, scope: str, configs: Path, name: str) -> list[dict[str, Any]]:
        """Run ``check --running`` on ``scope`` and return its findings."""
        out = self.base / f"{name}.json"
        result = self.campusctl(
            "check",
            "--running",
            scope,
            "--inventory",
            str(SAMPLE),
            "--configs",
            str(configs),
            "--json",
            str(out),
        )
        assert result.returncode in (0, 1), result.stdout + result.stderr
        findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
        return findings

    def fault(self, device: str, kind: str, value: str = "") -> None:
        result = self.campusctl("lab", "fault", device, kind, value)
        assert result.returncode == 0, result.stdout + result.stderr


def access(lab: CheckLab, device: str) -> Any:
    """Return the engine's access details of a lab device (address, port, credentials)."""
    from campusctl.engine.access import device_access
    from campusctl.inventory import load_inventory
    from campusctl.inventory.overlay import load_overlay

    inventory = load_inventory(SAMPLE)
    school, found = next((s, d) for s, d in inventory.devices() if d.name == device)
    overlay = load_overlay(path=lab.base / "state" / "lab" / "overlay.yml")
    return device_access(inventory, school, found, overlay, lab.base / "state")


def running_config(lab: CheckLab, device: str) -> str:
    """Return the device's running configuration, read through campusctl's driver."""
    from campusctl.engine.session import session

    with session(access(lab, device)) as driver:
        return str(driver.get_config(retrieve="running")["running"])


# netmiko device type per platform, for changes made by hand.
NETMIKO_TYPES = {
    "huawei_vrp": "huawei",
    "h3c_comware": "hp_comware",
    "cisco_ios": "cisco_ios",
    "ruijie_rgos": "ruijie_os",
}


def change_by_hand(lab: CheckLab, device: str, lines: list[str]) -> None:
    """Change a device's running config over SSH with stock netmiko, as an operator would."""
    from netmiko import ConnectHandler

    details = access(lab, device)
    connection = ConnectHandler(
        device_type=NETMIKO_TYPES[details.platform],
        host=details.host,
        port=details.port,
        username=details.username,
        password=details.password,
        encoding=details.charset,
    )
    try:
        output = connection.send_config_set(lines)
    finally:
        connection.disconnect()
    assert "Unrecognized" not in output, output
    assert "Wrong parameter" not in output, output


def statuses(findings: list[dict[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """Return (rule, device) -> the set of statuses its findings have."""
    result: dict[tuple[str, str], set[str]] = {}
    for finding in findings:
        key = (finding["rule"], finding["device"] or finding["subject"])
        result.setdefault(key, set()).add(finding["status"])
    return result


def failed(findings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {key for key, found in statuses(findings).items() if "fail" in found}


def start_lab(
    tmp_path_factory: pytest.TempPathFactory, schools: str = f"{SCHOOL},{TEACHING_POINT}"
) -> Iterator[CheckLab]:
    """Start the lab for ``schools`` of the sample inventory; stop it afterwards.

    Use it as a module-scoped fixture, so every test module gets its own lab.
    """
    base = tmp_path_factory.mktemp("check-running")
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(base / "state"),
        LANG="C.UTF-8",
        COLUMNS="200",
        CAMPUSCTL_OPERATOR="pytest",
    )
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    lab = CheckLab(
        base=base,
        env=env,
        lock=tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock",
        schools=schools,
    )
    lab.up()
    try:
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
