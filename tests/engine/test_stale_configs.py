"""Plan and apply refuse intended configs rendered from other inputs than the current ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from campusctl.secrets import LAB_SECRETS_ENV
from tests.conftest import REPO, SAMPLE

LAB_SECRETS = REPO / "tests" / "render" / "data" / "lab-secrets.yml"
DEVICE = "CNXX-A1-ACC-01"


def campusctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


def test_plan_refuses_config_older_than_inventory(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(SAMPLE, inventory)
    configs = tmp_path / "configs"
    env = dict(
        os.environ,
        LANG="C.UTF-8",
        CAMPUSCTL_STATE=str(tmp_path / "state"),
        **{LAB_SECRETS_ENV: str(LAB_SECRETS)},
    )
    rendered = campusctl(env, "render", "--inventory", str(inventory), "--out", str(configs))
    assert rendered.returncode == 0, rendered.stderr
    school = next(inventory.rglob("2440281001.yml"))
    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace("description: A101 班班通", "description: A101 一体机", 1))

    planned = campusctl(
        env, "plan", DEVICE, "--inventory", str(inventory), "--configs", str(configs)
    )
    assert planned.returncode == 1
    assert "E4007" in planned.stderr
    assert DEVICE in planned.stderr
    assert "campusctl render" in planned.stderr


def test_hand_written_config_is_not_stale(tmp_path: Path) -> None:
    from campusctl.engine.runner import _check_current

    _check_current("sysname X\n", "inputs sha256 " + "0" * 64, DEVICE)
