"""Diffs free their own trees when they end, so the cyclic collector has nothing to walk."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from campusctl.diff import DiffMode, ParsedConfig, plan_remediation, remediation_empty
from campusctl.diff.tree import Scratch, release

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]

# Objects a diff may leave to the collector: caches filled on first use are
# warmed up before counting, so any line of a tree would exceed this.
MAX_LEFT_OBJECTS = 20


def _read(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text(encoding="utf-8")


def _diffs(platform: str, intended: ParsedConfig) -> None:
    running, converged = _read(platform, "running.cfg"), _read(platform, "converged.cfg")
    for mode in DiffMode:
        assert not plan_remediation(running, intended, platform, mode=mode).empty
        assert not remediation_empty(running, intended, platform, mode=mode)
        plan_remediation(converged, intended, platform, mode=mode)
        remediation_empty(converged, intended.text, platform, mode=mode)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_diffs_leave_no_cyclic_garbage(platform: str) -> None:
    intended = ParsedConfig.parse(_read(platform, "intended.cfg"), platform)
    _diffs(platform, intended)
    gc.collect()
    gc.disable()
    try:
        _diffs(platform, intended)
        left = gc.collect()
    finally:
        gc.enable()
    assert left <= MAX_LEFT_OBJECTS


def test_released_tree_freed_without_the_collector() -> None:
    tree = ParsedConfig.parse(_read("huawei_vrp", "intended.cfg"), "huawei_vrp").tree
    gc.collect()
    gc.disable()
    try:
        with Scratch() as scratch:
            scratch.keep(tree)
        del tree
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_release_cuts_every_line_from_its_section() -> None:
    tree = ParsedConfig.parse(_read("cisco_ios", "intended.cfg"), "cisco_ios").tree
    lines = list(tree.all_children())
    assert any(line.children for line in lines)
    release(tree)
    assert all(line.parent is None for line in lines)
