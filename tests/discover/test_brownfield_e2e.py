"""A brownfield school brought under management end to end, on ``campusctl lab up --brownfield``.

The steps are the commands a bureau engineer runs: discover the school from
its core switch, import its configuration backups, fill in what the import
marks TODO, validate, render, plan, apply, and check the running network.
Each command runs as its own process against the lab, as in production.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from campusctl.discover.output import dump_school, school_path

from .conftest import SCHOOL
from .test_import import _fill

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
CODE = "2440113003"
DEVICES = ("BanGongLou_SW", "PY-ShiQiao-Core", "SYL-S2910", "sqxx_jxl_1F")


@dataclass(frozen=True)
class Brownfield:
    """The running brownfield lab, its own inventory copy and work folder."""

    base: Path
    inventory: Path
    configs: Path
    env: dict[str, str]

    def campusctl(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        """Run campusctl against the brownfield lab."""
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=self.base,
            env=self.env,
            check=False,
            timeout=timeout,
        )

    def plan(self) -> dict[str, dict[str, Any]]:
        """Plan the school and return the entry of each device."""
        out = self.base / "plan.json"
        result = self.campusctl(
            "plan",
            f"school_{CODE}",
            "--inventory",
            str(self.inventory),
            "--configs",
            str(self.configs),
            "--out",
            str(out),
        )
        assert result.returncode in (0, 1), result.stdout + result.stderr
        return {d["device"]: d for d in json.loads(out.read_text(encoding="utf-8"))["devices"]}


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def brownfield(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Brownfield]:
    """Start the brownfield lab on a copy of the inventory; stop it afterwards."""
    base = tmp_path_factory.mktemp("brownfield")
    inventory = base / "inventory"
    shutil.copytree(REPO / "inventory", inventory)
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(base / "state"),
        LANG="C.UTF-8",
        COLUMNS="200",
        CAMPUSCTL_OPERATOR="pytest",
        PYTHONPATH=str(REPO),
    )
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    lab = Brownfield(base, inventory, base / "configs", env)
    # 'lab up' picks free ports before the server binds them; labs started
    # at once by parallel test workers take turns.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = lab.campusctl(
            "lab",
            "up",
            "--brownfield",
            "--limit",
            CODE,
            "--no-hosts",
            "--inventory",
            str(inventory),
        )
    assert started.returncode == 0, _output(started)
    try:
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, _output(stopped)


@pytest.fixture(scope="module")
def imported(brownfield: Brownfield) -> Brownfield:
    """Import the backups into the inventory, fill the TODOs as a person would, render."""
    result = brownfield.campusctl(
        "import-config",
        *map(str, sorted(SCHOOL.glob("*.cfg"))),
        "--school",
        CODE,
        "--inventory",
        str(brownfield.inventory),
        "--gaps",
        str(brownfield.base / "gaps.txt"),
    )
    assert result.returncode == 0, _output(result)
    path = school_path(brownfield.inventory, CODE, "440113")
    school = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(dump_school(_fill(school), "filled in by the test"), encoding="utf-8")
    rendered = brownfield.campusctl(
        "render",
        "--inventory",
        str(brownfield.inventory),
        "--limit",
        f"school_{CODE}",
        "--out",
        str(brownfield.configs),
    )
    assert rendered.returncode == 0, _output(rendered)
    return brownfield


def test_discover_from_core_finds_school(brownfield: Brownfield) -> None:
    out = brownfield.base / "discovered.yml"
    result = brownfield.campusctl(
        "discover",
        "--seed",
        "PY-ShiQiao-Core",
        "--school",
        CODE,
        "--inventory",
        str(brownfield.inventory),
        "--out",
        str(out),
    )
    assert result.returncode == 0, _output(result)
    school = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert sorted(d["name"] for d in school["devices"]) == list(DEVICES)
    links = {
        (lk["a"]["device"], lk["a"]["port"], lk["b"]["device"], lk["b"]["port"])
        for lk in school["links"]
    }
    assert len(links) == 4
    assert (
        "PY-ShiQiao-Core",
        "XGigabitEthernet0/0/6",
        "SYL-S2910",
        "TenGigabitEthernet 0/25",
    ) in links
    assert "LLDP does not see" in result.stdout


def test_filled_import_validates(imported: Brownfield) -> None:
    result = imported.campusctl("validate", str(imported.inventory))
    assert result.returncode == 0, _output(result)
    gaps = (imported.base / "gaps.txt").read_text(encoding="utf-8")
    assert "ssh_only: 4 finding(s)" in gaps


def test_plan_is_remediation_not_rewrite(imported: Brownfield) -> None:
    planned = imported.plan()
    assert sorted(planned) == list(DEVICES)
    for device, entry in planned.items():
        assert entry["error"] is None, f"{device}: {entry['error']}"
        commands = [*entry["commands"], *entry["management_commands"]]
        assert not any(c.strip().startswith(("undo interface", "no interface")) for c in commands)
    core = [c.strip() for c in planned["PY-ShiQiao-Core"]["commands"]]
    assert "undo telnet server enable" in core
    h3c = [c.strip() for c in planned["sqxx_jxl_1F"]["commands"]]
    intended = (imported.configs / "sqxx_jxl_1F.cfg").read_text(encoding="utf-8")
    # The access ports already in their VLAN are not pushed again.
    assert "port access vlan 20" in intended
    assert "port access vlan 20" not in h3c
    ruijie = [c.strip() for c in planned["SYL-S2910"]["commands"]]
    assert "no enable service telnet-server" in ruijie


@pytest.mark.xfail(
    strict=True,
    reason=(
        "apply does not converge on the lab yet: the rendered management ACLs permit only "
        "the management subnets while the lab sees every client as 127.0.0.1, so each device "
        "reverts its management change (E4004 'the change cut the management path'); the lab's "
        "Comware rejects the IPv6 basic ACL form 'rule 5 permit source 2001:db8:fffa:: 48'; "
        "and a rollback never negates protected sections, so 'line con 0' and "
        "'user-interface con 0' changes stay after it"
    ),
)
def test_apply_converges_and_running_passes(imported: Brownfield) -> None:
    applied = imported.campusctl(
        "apply",
        f"school_{CODE}",
        "--inventory",
        str(imported.inventory),
        "--configs",
        str(imported.configs),
        "--confirm-timeout",
        "5",
        "--timeout",
        "10",
        "--max-fail-percent",
        "100",
        "--canary",
        "0",
        timeout=600,
    )
    output = _output(applied)
    assert "rollback_failed" not in output, output
    assert applied.returncode == 0, output
    for device, entry in imported.plan().items():
        assert entry["commands"] == [], f"{device}: {entry['commands'][:5]}"
        assert entry["management_commands"] == [], device
    checked = imported.campusctl(
        "check",
        f"school_{CODE}",
        "--running",
        "--inventory",
        str(imported.inventory),
        "--configs",
        str(imported.configs),
        "--json",
        str(imported.base / "running.json"),
    )
    assert checked.returncode == 0, _output(checked)
