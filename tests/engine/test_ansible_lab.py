"""ansible-playbook playbooks/network.yml converges a school of the lab, then changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.engine.conftest import MARKER, EngineLab, running

pytestmark = pytest.mark.lab

SCHOOL_GROUP = "school_2440281002"
SCHOOL_DEVICE = "SPJD-CORE-01"


def playbook(lab: EngineLab, *extra: str) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = dict(lab.env, PATH=bin_dir + os.pathsep + lab.env.get("PATH", ""))
    return subprocess.run(
        [
            str(Path(bin_dir) / "ansible-playbook"),
            "playbooks/network.yml",
            "-l",
            SCHOOL_GROUP,
            "-e",
            f"campus_switch_configs={lab.small}",
            "-e",
            "campus_switch_confirm_timeout=5",
            # The configs are made by the test, so the play must not render over them.
            "-e",
            "campus_switch_render=false",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


def recap(output: str, host: str) -> dict[str, int]:
    found = re.search(rf"^{re.escape(host)}\s*:\s*(.*)$", output, re.MULTILINE)
    assert found is not None, output
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", found.group(1))}


def test_playbook_converges_then_reports_no_change(engine_lab: EngineLab) -> None:
    first = playbook(engine_lab)
    assert first.returncode == 0, first.stdout + first.stderr
    assert recap(first.stdout, SCHOOL_DEVICE)["changed"] == 1
    assert f"description {MARKER}" in running(engine_lab, SCHOOL_DEVICE)

    second = playbook(engine_lab)
    assert second.returncode == 0, second.stdout + second.stderr
    assert recap(second.stdout, SCHOOL_DEVICE)["changed"] == 0
    assert recap(second.stdout, SCHOOL_DEVICE)["failed"] == 0
