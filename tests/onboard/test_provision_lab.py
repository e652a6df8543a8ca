"""A school created with `school new` provisions on the lab through site.yml, one type each."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE

pytestmark = pytest.mark.lab

# One school per type the sizing rules know, each on another platform.
SCHOOLS = [
    ("2440281311", "LCTP", "teaching_point", "ruijie_rgos"),
    ("2440281312", "LCXX", "primary", "huawei_vrp"),
    ("2440281313", "LCZX", "junior", "h3c_comware"),
    ("2440281314", "LCGZ", "senior", "cisco_ios"),
]


def run(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env, check=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A copy of the inventory, playbooks, roles and collections with the new schools, and a lab."""
    root = tmp_path_factory.mktemp("provision")
    for name in ("playbooks", "roles", "collections"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(SAMPLE, root / "inventory")
    shutil.copy(REPO / "ansible.cfg", root / "ansible.cfg")

    env = dict(
        os.environ,
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        CAMPUSCTL_STATE=str(root / "state"),
        PYTHONPATH=str(REPO),
        ANSIBLE_CONFIG=str(root / "ansible.cfg"),
    )
    campusctl = (sys.executable, "-m", "campusctl")

    for code, short, kind, platform in SCHOOLS:
        created = run(
            env,
            REPO,
            *campusctl,
            "school", "new", "--inventory", str(root / "inventory"),
            "--code", code, "--name", f"乐昌市{short}", "--short", short,
            "--type", kind, "--platform", platform, "--district", "440281",
            "--bandwidth", "200", "--classrooms", "6", "--floors", "2", "--buildings", "1",
        )  # fmt: skip
        assert created.returncode == 0, created.stdout + created.stderr
    limit = ",".join(code for code, *_rest in SCHOOLS)

    started = run(
        env, REPO, *campusctl, "lab", "up", "--inventory", str(root / "inventory"),
        "--limit", limit, "--no-hosts",
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield root, env
    finally:
        stopped = run(env, REPO, *campusctl, "lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def changed_hosts(output: str) -> dict[str, tuple[int, int]]:
    """Return (changed, failed) of every host in a play recap."""
    found = re.findall(
        r"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", output, re.M
    )
    return {host: (int(changed), int(failed)) for host, changed, failed in found}


@pytest.mark.parametrize(("code", "short", "kind", "platform"), SCHOOLS)
def test_new_school_provisions_then_holds(
    workspace: tuple[Path, dict[str, str]], code: str, short: str, kind: str, platform: str
) -> None:
    root, env = workspace
    playbook = str(Path(sys.executable).parent / "ansible-playbook")
    limit = f"school_{code}:&network"
    first = run(env, root, playbook, "playbooks/site.yml", "-l", limit)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-2000:]
    recap = changed_hosts(first.stdout)
    devices = {h for h in recap if h.startswith(short)}
    assert devices, first.stdout[-3000:]
    assert all(recap[h] == (1, 0) for h in devices), recap

    second = run(env, root, playbook, "playbooks/site.yml", "-l", limit)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-2000:]
    assert all(changed_hosts(second.stdout)[h] == (0, 0) for h in devices)
