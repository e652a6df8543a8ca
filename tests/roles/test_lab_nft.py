"""Each lab's no-forwarding rules live in its own nftables table; stopping one lab keeps another's.

Needs root and nft. The tables are made inside a network namespace the test
creates and deletes, so the machine's own ruleset is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("nft") is None, reason="needs root and nft"
)

REPO = Path(__file__).resolve().parents[2]
# Run inside the namespace: install the rules of lab "aaaa", a legacy shared
# table that names lab "aaaa"'s bridge, then stop labs given on the command line.
SCRIPT = """
import sys
from campusctl.lab.linux import network, system
network.install_drop_rules(network.bridge_name("aaaa"), network.nft_table("aaaa"))
network.install_drop_rules(network.bridge_name("aaaa"), network.LEGACY_NFT_TABLE)
for tag in sys.argv[1:]:
    network.remove_bridge(tag)
print(system.run(["nft", "list", "tables"]).stdout)
"""


@pytest.fixture
def namespace() -> Iterator[str]:
    name = f"cctest-nft-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], check=True)


def _tables_after_stopping(namespace: str, *tags: str) -> set[str]:
    result = subprocess.run(
        ["ip", "netns", "exec", namespace, sys.executable, "-c", SCRIPT, *tags],
        env={**os.environ, "PYTHONPATH": os.fspath(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {line.split()[-1] for line in result.stdout.splitlines() if line.startswith("table")}


def test_stopping_other_lab_keeps_tables(namespace: str) -> None:
    tables = _tables_after_stopping(namespace, "bbbb")
    assert tables == {"campusctl_lab_aaaa", "campusctl_lab"}


def test_stopping_own_lab_removes_tables(namespace: str) -> None:
    assert _tables_after_stopping(namespace, "aaaa") == set()
