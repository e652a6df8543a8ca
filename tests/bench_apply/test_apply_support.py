"""The apply benchmark's helpers: config preparation, confirmation replies, lab clean-up, RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench._apply_peers import with_answers
from bench._apply_support import (
    Lab,
    Work,
    running_lab,
    select_schools,
    strip_management_acl_bindings,
    tree_rss_kib,
)
from campusctl.lab.state import process_alive
from campusctl.synth import generate_province
from tests.conftest import REPO

VRP = """\
acl number 2000
 rule 5 permit source 198.18.10.0 0.0.0.255
ssh server acl 2000
ssh ipv6 server acl 2000
user-interface vty 0 4
 acl 2000 inbound
 acl ipv6 2000 inbound
 idle-timeout 10 0
snmp-agent acl 2000
"""
COMWARE = """\
ssh server acl 2000
ssh server ipv6 acl ipv6 2000
line vty 0 63
 acl 2000 inbound
 acl ipv6 2000 inbound
"""
IOS = """\
ip access-list standard MGMT-V4
 permit 198.18.10.0 0.0.0.255
line vty 0 15
 access-class MGMT-V4 in
 ipv6 access-class MGMT-V6 in
 transport input ssh
"""


def test_strip_drops_only_the_management_acl_bindings(tmp_path: Path) -> None:
    for name, text in (("vrp", VRP), ("comware", COMWARE), ("ios", IOS)):
        (tmp_path / f"{name}.cfg").write_text(text, encoding="utf-8")

    dropped = strip_management_acl_bindings(tmp_path)

    assert dropped == 4 + 4 + 2
    vrp = (tmp_path / "vrp.cfg").read_text(encoding="utf-8")
    assert "acl number 2000" in vrp
    assert " rule 5 permit" in vrp
    assert "snmp-agent acl 2000" in vrp
    assert " idle-timeout 10 0" in vrp
    assert "inbound" not in vrp
    assert "ssh server acl" not in vrp
    ios = (tmp_path / "ios.cfg").read_text(encoding="utf-8")
    assert "access-class" not in ios
    assert " transport input ssh" in ios
    assert "ip access-list standard MGMT-V4" in ios


def test_answers_follow_the_commands_that_ask() -> None:
    lines = with_answers(
        ["interface GigabitEthernet0/0/1", "clear configuration this", "quit"], "huawei_vrp"
    )
    assert lines == ["interface GigabitEthernet0/0/1", "clear configuration this", "Y", "quit"]


def test_answers_leave_plain_lines_alone() -> None:
    lines = ["vlan batch 10 20", "interface Vlanif10", " ip address 198.18.10.1 24"]
    assert with_answers(lines, "huawei_vrp") == lines


@pytest.mark.slow
def test_selection_takes_whole_schools_and_shares_platforms(tmp_path: Path) -> None:
    province = tmp_path / "province"
    generate_province(province, REPO / "inventory" / "catalog", scale=0.02)

    taken = select_schools(province, tmp_path / "inventory", 40)

    assert set(taken) == {"cisco_ios", "h3c_comware", "huawei_vrp", "ruijie_rgos"}
    for platform, count in taken.items():
        assert 0 < count <= 10, platform
    copies = list((tmp_path / "inventory" / "schools").rglob("*.yml"))
    assert copies
    for copy in copies:
        original = province / copy.relative_to(tmp_path / "inventory")
        assert copy.read_bytes() == original.read_bytes(), copy


def test_tree_rss_counts_the_children() -> None:
    own = tree_rss_kib(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; b = bytearray(64 << 20); time.sleep(30)"]
    )
    try:
        deadline = time.monotonic() + 10
        while tree_rss_kib(os.getpid()) < own + 60_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_rss_kib(os.getpid()) >= own + 60_000
    finally:
        child.kill()
        child.wait()


@pytest.mark.lab
def test_lab_stops_on_an_exception(tmp_path: Path) -> None:
    work = Work(tmp_path)
    province = tmp_path / "province"
    generate_province(province, REPO / "inventory" / "catalog", scale=0.004)
    select_schools(province, work.inventory, 4)
    started: list[Lab] = []
    with pytest.raises(RuntimeError, match="inside the block"), running_lab(work) as lab:
        assert lab.process is not None and process_alive(lab.process.pid)
        started.append(lab)
        pid = lab.process.pid
        raise RuntimeError("inside the block")
    assert started
    assert started[0].process is None
    assert not process_alive(pid)
    assert not (work.lab / "server.pid").exists()
