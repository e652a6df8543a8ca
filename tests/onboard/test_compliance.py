"""Onboarded schools render and pass the standard's checks on their rendered configurations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from campusctl.onboard.onboard import onboard
from tests.conftest import REPO, campusctl_env
from tests.onboard.conftest import make_spec

LAB_SECRETS = REPO / "tests" / "render" / "data" / "lab-secrets.yml"


def campusctl(*args: str) -> subprocess.CompletedProcess[str]:
    env = campusctl_env()
    env["CAMPUSCTL_LAB_SECRETS"] = str(LAB_SECRETS)
    command = [sys.executable, "-m", "campusctl", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=REPO)


def test_new_schools_render_and_comply(roomy: Path, tmp_path: Path) -> None:
    specs = [
        make_spec(
            code="2440281701",
            short="CTP",
            type="teaching_point",
            bandwidth_mbps=20,
            platform="ruijie_rgos",
            buildings=1,
            floors=1,
            classrooms=3,
            labs=0,
        ),
        make_spec(
            code="2440281702",
            short="CPS",
            type="central_primary",
            bandwidth_mbps=200,
            platform="h3c_comware",
            buildings=2,
            floors=2,
            classrooms=16,
            labs=1,
        ),
    ]
    onboard(roomy, specs)
    selection = "school_2440281701:school_2440281702"
    configs = tmp_path / "configs"

    rendered = campusctl(
        "render",
        "-j",
        "1",
        "-i",
        str(roomy),
        "-l",
        selection,
        "-o",
        str(configs),
        "--cache",
        str(tmp_path / "cache"),
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert (configs / "CTP-CORE-01.cfg").is_file()
    assert (configs / "CPS-WLC-01.cfg").is_file()

    checked = campusctl(
        "check",
        "--rendered",
        "-i",
        str(roomy),
        "-l",
        selection,
        "--configs",
        str(configs),
        "--json",
        str(tmp_path / "results.json"),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2 school(s), 2 compliant; 0 failed finding(s)" in checked.stdout
