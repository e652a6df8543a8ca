"""ansible-playbook playbooks/wireless.yml converges every sample controller on the lab, then changes nothing.

The play renders the controllers it selects and converges each one with the
campus_wireless role: backup, push, verify, save. A second run must find
nothing to change on any of the four vendors' controllers.
"""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.lab

# The four schools with a controller, one per vendor.
SCHOOLS = ("2440106001", "2440106002", "2440113001", "2440113002")
CONTROLLERS = ("YCSY-WLC-01", "HYXX-WLC-01", "SQZX-WLC-01", "PYZJ-WLC-01")


def _campusctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def lab_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Start a lab of the four schools; return the environment of the playbook runs."""
    base = tmp_path_factory.mktemp("wireless-play")
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(base / "state"),
        CAMPUSCTL_OPERATOR="pytest",
        LANG="C.UTF-8",
        # The play's modules and its render step import campusctl from this checkout.
        PYTHONPATH=str(REPO),
        PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    )
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    env["CAMPUSCTL_TEST_CONFIGS"] = str(base / "configs")
    # 'lab up' picks free ports before the server binds them; labs of parallel workers take turns.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = _campusctl(
            env, "lab", "up", "--inventory", str(SAMPLE), "--no-hosts", "--limit", ",".join(SCHOOLS)
        )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield env
    finally:
        stopped = _campusctl(env, "lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def _play(env: dict[str, str]) -> dict[str, dict[str, int]]:
    """Run the wireless play on every controller; return the recap counters per host."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "ansible-playbook"),
            "playbooks/wireless.yml",
            "-l",
            "role_wlc",
            "-e",
            f"campus_wireless_configs={env['CAMPUSCTL_TEST_CONFIGS']}",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    recap: dict[str, dict[str, int]] = {}
    for host in CONTROLLERS:
        found = re.search(rf"^{re.escape(host)}\s*:\s*(.*)$", result.stdout, re.MULTILINE)
        assert found is not None, result.stdout[-3000:]
        recap[host] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", found.group(1))}
    return recap


def test_wireless_play_converges(lab_env: dict[str, str]) -> None:
    first = _play(lab_env)
    for host, counts in first.items():
        assert counts["failed"] == 0, host
        assert counts["changed"] == 1, host

    second = _play(lab_env)
    for host, counts in second.items():
        assert counts["failed"] == 0, host
        assert counts["changed"] == 0, host
