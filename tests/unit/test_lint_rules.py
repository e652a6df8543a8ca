"""The project's ansible-lint rule flags task-level timeouts on network tasks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ANSIBLE_LINT = Path(sys.executable).parent / "ansible-lint"
RULES = REPO / "lint" / "rules"


def lint(playbook: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ANSIBLE_LINT), "-q", "--nocolor", "-r", str(RULES), playbook.name],
        capture_output=True,
        text=True,
        cwd=playbook.parent,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "flagged"), [("bad_timeout.yml", True), ("good_timeout.yml", False)]
)
def test_network_timeout_rule(tmp_path: Path, name: str, flagged: bool) -> None:
    playbook = tmp_path / name
    shutil.copy(REPO / "tests" / "data" / "lint" / name, playbook)
    result = lint(playbook)
    assert ("campus-network-timeout" in result.stdout) is flagged, result.stdout + result.stderr
    assert (result.returncode != 0) is flagged
