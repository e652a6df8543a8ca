"""The convergence check that sets aside the sections two configs hold alike.

Setting sections aside may only ever make the diff find more to change, so
"empty after setting aside" must never disagree with the diff of the whole
configs. Each case compares the check with that whole diff, computed
without the shortcut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config import Platform, get_hconfig, get_hconfig_driver
from hier_config.exceptions import DuplicateChildError
from hier_config.models import MatchRule, SectionalOverwriteRule

from campusctl.diff import DiffMode, ParsedConfig, plan_remediation, remediation_empty
from campusctl.diff.remediation import _empty
from campusctl.diff.sections import differing_sections, section_key, section_keys
from campusctl.diff.tree import Scratch
from campusctl.platforms import PlatformId

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]
MODES = [DiffMode.REPLACE, DiffMode.MERGE, DiffMode.EXACT]


def _read(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text(encoding="utf-8")


def _whole_verdict(running: str, intended: str, platform: str, mode: DiffMode) -> bool:
    """Return the verdict of the diff of both whole configs, with no section set aside."""
    platform_id = PlatformId(platform)
    run = ParsedConfig.parse(running, platform_id)
    target = ParsedConfig.parse(intended, platform_id)
    with Scratch() as scratch:
        return _empty(run.copy(), target.copy(), platform_id, mode, scratch)


def _variants(text: str) -> list[str]:
    """Return ``text`` with one line left out, and with one line moved to the end, for each line."""
    lines = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        if line.strip() in ("", "#", "!"):
            continue
        rest = lines[:index] + lines[index + 1 :]
        out.append("\n".join(rest) + "\n")
        out.append("\n".join([*rest, line.strip()]) + "\n")
    return out


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("mode", MODES)
def test_check_equals_whole_diff_per_line(platform: str, mode: DiffMode) -> None:
    intended_text = _read(platform, "intended.cfg")
    intended = ParsedConfig.parse(intended_text, platform)
    converged = _read(platform, "converged.cfg")
    checked = differing = by_blocks = 0
    for running in [converged, *_variants(converged)]:
        try:
            whole = _whole_verdict(running, intended_text, platform, mode)
        except (DuplicateChildError, ValueError):  # the edit broke a section or a banner
            continue
        # A running text goes through the block check where its blocks stand alone,
        # a parsed running config through the section check.
        assert remediation_empty(running, intended, platform, mode=mode) is whole, running
        assert plan_remediation(running, intended, platform, mode=mode).empty is whole
        parsed = ParsedConfig.parse(running, platform)
        assert remediation_empty(parsed, intended, platform, mode=mode) is whole, running
        checked += 1
        by_blocks += parsed.blocks is not None
        differing += not whole
    assert checked > 50
    assert by_blocks > checked // 2
    assert differing > 0


def test_check_negates_second_sysname() -> None:
    """A running sysname beside the intended one is a change, even with the shared one set aside."""
    intended = "#\nsysname CORE\n#\nstp mode rstp\n#\nlldp enable\n#\nreturn\n"
    running = "#\nsysname CORE\n#\nstp mode rstp\n#\nlldp enable\n#\nsysname OTHER\n#\nreturn\n"
    whole = _whole_verdict(running, intended, "huawei_vrp", DiffMode.REPLACE)
    assert remediation_empty(running, intended, "huawei_vrp") is whole


def test_vlan_batch_split_differently_is_converged() -> None:
    """VRP merges vlan batch lines; a shared line set aside leaves the remaining sets equal."""
    intended = "#\nvlan batch 10 20\n#\nvlan batch 30\n#\nlldp enable\n#\nreturn\n"
    running = "#\nvlan batch 10 20 30\n#\nlldp enable\n#\nreturn\n"
    assert _whole_verdict(running, intended, "huawei_vrp", DiffMode.REPLACE)
    assert remediation_empty(running, intended, "huawei_vrp")
    missing = "#\nvlan batch 10 20\n#\nlldp enable\n#\nreturn\n"
    assert not _whole_verdict(missing, intended, "huawei_vrp", DiffMode.REPLACE)
    assert not remediation_empty(missing, intended, "huawei_vrp")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_section_key_equal_exactly_when_hier_config_equal(platform: str) -> None:
    tree = ParsedConfig.parse(_read(platform, "converged.cfg"), platform).tree
    other = ParsedConfig.parse(_read(platform, "intended.cfg"), platform).tree
    sections = [*tree.children, *other.children]
    for first in sections:
        for second in sections:
            assert (section_key(first) == section_key(second)) is (first == second)


def test_lines_in_another_order_are_alike() -> None:
    first = ParsedConfig.parse("interface Vlan10\n description MGMT\n no shutdown\n", "cisco_ios")
    second = ParsedConfig.parse("interface Vlan10\n no shutdown\n description MGMT\n", "cisco_ios")
    assert first.keys == second.keys
    rest = differing_sections(first.tree, first.keys, second.tree, second.keys)
    assert rest is not None
    assert not rest[0].children
    assert not rest[1].children


def test_mostly_different_configs_go_to_the_whole_diff() -> None:
    running = ParsedConfig.parse(_read("huawei_vrp", "running.cfg"), "huawei_vrp")
    intended = ParsedConfig.parse(_read("huawei_vrp", "intended.cfg"), "huawei_vrp")
    assert differing_sections(running.tree, running.keys, intended.tree, intended.keys) is None


def test_differing_sections_keep_extra_duplicate() -> None:
    """A line held twice on one side and once on the other leaves one copy to diff."""
    once = ParsedConfig.parse("ntp server 198.18.0.1\nlogging on\n", "cisco_ios")
    tree = ParsedConfig.parse(once.text, "cisco_ios").tree
    tree.children.append(tree.instantiate_child("ntp server 198.18.0.1"))
    rest = differing_sections(tree, (*once.keys, once.keys[0]), once.tree, once.keys)
    assert rest is not None
    assert [c.text for c in rest[0].children] == ["ntp server 198.18.0.1"]
    assert not rest[1].children


def test_overwriting_driver_sets_nothing_aside() -> None:
    """A section that a driver overwrites differs when only its line order does."""
    driver = get_hconfig_driver(Platform.GENERIC)
    driver.rules.sectional_overwrite.append(
        SectionalOverwriteRule(match_rules=(MatchRule(startswith="interface "),))
    )
    first = get_hconfig(driver, "interface Vlan10\n description MGMT\n no shutdown\n")
    second = get_hconfig(driver, "interface Vlan10\n no shutdown\n description MGMT\n")
    keys = section_keys(first)
    assert keys == section_keys(second)
    assert differing_sections(first, keys, second, keys) is None
