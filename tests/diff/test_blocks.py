"""Top-level blocks compared as text before a convergence check parses anything."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from campusctl.diff import DiffMode, ParsedConfig, plan_remediation, remediation_empty
from campusctl.diff.blocks import device_form, differing_blocks, split_blocks
from campusctl.diff.drivers import hconfig_driver
from campusctl.diff.remediation import _empty
from campusctl.diff.tree import Scratch
from campusctl.platforms import PlatformId

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]


def _blocks(text: str, platform: str) -> tuple[str, ...] | None:
    driver = hconfig_driver(platform)
    return split_blocks(driver.config_preprocessor(text), driver)


def _whole_verdict(
    running: str, intended: str, platform: str, mode: DiffMode = DiffMode.REPLACE
) -> bool:
    run = ParsedConfig.parse(running, platform)
    target = ParsedConfig.parse(intended, platform)
    with Scratch() as scratch:
        return _empty(run.copy(), target.copy(), PlatformId(platform), mode, scratch)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_fixture_configs_split_into_blocks(platform: str) -> None:
    for name in ("intended.cfg", "converged.cfg", "running.cfg"):
        text = (FIXTURES / platform / name).read_text(encoding="utf-8")
        assert _blocks(text, platform), name


def test_block_runs_to_next_first_line() -> None:
    text = (
        "hostname SW\ninterface Vlan10\n description MGMT\n\n no shutdown\nntp server 198.18.0.1\n"
    )
    assert _blocks(text, "cisco_ios") == (
        "hostname SW",
        "interface Vlan10\n description MGMT\n\n no shutdown",
        "ntp server 198.18.0.1",
    )


def test_dropped_first_lines_left_out() -> None:
    text = "!\nhostname SW\n!\nend\n"
    assert _blocks(text, "cisco_ios") == ("hostname SW",)


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        # The loader merges two sections with the same first line.
        ("cisco_ios", "interface Vlan10\n description A\ninterface Vlan10\n no shutdown\n"),
        # The lines below a dropped first line belong to the section before it.
        ("cisco_ios", "interface Vlan10\n description A\n! note\n no shutdown\n"),
        # Indented lines before any first line.
        ("cisco_ios", " description A\nhostname SW\n"),
        # A banner the campus driver could not fold.
        ("cisco_ios", "hostname SW\nbanner motd\n"),
        # hier_config splits a VLAN list into sections that may merge with others.
        ("cisco_ios", "vlan 10,20\nvlan 10\n name STAFF\n"),
        # VRP's key blocks shift lines across block borders.
        (
            "huawei_vrp",
            "rsa peer-public-key PEER\n public-key-code begin\n  30\n public-key-code end\n"
            "peer-public-key end\n#\nsysname SW\n",
        ),
    ],
)
def test_blocks_refused_where_they_cannot_stand_alone(platform: str, text: str) -> None:
    assert _blocks(text, platform) is None


def test_mostly_different_blocks_decide_nothing() -> None:
    assert differing_blocks(("a", "b", "c"), ("a", "x", "y")) is None


def test_shared_blocks_set_aside() -> None:
    rest = differing_blocks(("a", "b\n c", "d"), ("a", "b\n c", "e"))
    assert rest == ("d", "e")


def test_reordered_lines_converged_through_whole_diff() -> None:
    """Blocks that differ only in order are not set aside, yet the check still finds no change."""
    intended = "interface Vlan10\n description MGMT\n no shutdown\nhostname SW\n"
    running = "interface Vlan10\n no shutdown\n description MGMT\nhostname SW\n"
    assert _whole_verdict(running, intended, "cisco_ios")
    assert remediation_empty(running, ParsedConfig.parse(intended, "cisco_ios"), "cisco_ios")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_first_plan_parses_intended_once(platform: str) -> None:
    """Blocks that mostly differ send the plan to the whole diff without a section check.

    The section check would build the intended config's shared tree, which
    the whole diff would then copy. Without it, the whole diff parses a
    tree of its own, and the shared tree is never built.
    """
    intended = ParsedConfig.parse(
        (FIXTURES / platform / "intended.cfg").read_text(encoding="utf-8"), platform
    )
    running = "\n".join(intended.text.splitlines()[:3]) + "\n"
    assert intended.blocks is not None
    plan = plan_remediation(running, intended, platform)
    assert plan.commands
    assert not intended._built


def test_changed_block_found() -> None:
    intended = ParsedConfig.parse("hostname SW\nntp server 198.18.0.1\n", "cisco_ios")
    running = "hostname SW\nntp server 198.18.0.2\n"
    assert not _whole_verdict(running, intended.text, "cisco_ios")
    assert not remediation_empty(running, intended, "cisco_ios")


RGOS_PORT = (
    "interface GigabitEthernet 0/1\n switchport mode access\n switchport access vlan 20\n"
    " spanning-tree portfast\n"
)


def test_port_without_default_lines_shared() -> None:
    """RGOS hides an access port's mode; that port is set aside with its intended block."""
    intended = ParsedConfig.parse(RGOS_PORT + "hostname SW\n", "ruijie_rgos")
    running = RGOS_PORT.replace(" switchport mode access\n", "") + "hostname SW\n"
    blocks = _blocks(running, "ruijie_rgos")
    assert blocks is not None
    assert intended.blocks is not None
    driver = hconfig_driver("ruijie_rgos")
    forms = functools.partial(device_form, driver=driver, platform=PlatformId.RUIJIE_RGOS)
    assert differing_blocks(blocks, intended.blocks, None, forms) == ("", "")
    assert _whole_verdict(running, intended.text, "ruijie_rgos")
    assert remediation_empty(running, intended, "ruijie_rgos")


def test_port_with_conflicting_line_not_shared() -> None:
    """A left-out default that a kept line conflicts with is no hidden default: the change shows."""
    port = RGOS_PORT + " switchport mode trunk\n"
    intended = ParsedConfig.parse(port + "hostname SW\n", "ruijie_rgos")
    running = port.replace(" switchport mode access\n", "") + "hostname SW\n"
    assert not _whole_verdict(running, intended.text, "ruijie_rgos")
    assert not remediation_empty(running, intended, "ruijie_rgos")


@pytest.mark.parametrize("parsed", [False, True])
def test_line_conflicting_with_top_level_default_never_shared(parsed: bool) -> None:
    """A shared running line that keeps a default out still counts against that default."""
    intended_text = "hostname SW\nlogging trap informational\nlogging trap warnings\n"
    running = "hostname SW\nlogging trap warnings\n"
    whole = _whole_verdict(running, intended_text, "cisco_ios")
    assert not whole
    intended = ParsedConfig.parse(intended_text, "cisco_ios")
    checked = ParsedConfig.parse(running, "cisco_ios") if parsed else running
    assert remediation_empty(checked, intended, "cisco_ios") is whole


def _verdicts(running: str, intended: str, platform: str, mode: DiffMode) -> set[bool]:
    """Return the verdicts of the block check, the section check and the plan."""
    target = ParsedConfig.parse(intended, platform)
    return {
        remediation_empty(running, target, platform, mode=mode),
        remediation_empty(ParsedConfig.parse(running, platform), target, platform, mode=mode),
        plan_remediation(running, target, platform, mode=mode).empty,
    }


@pytest.mark.parametrize(
    ("platform", "line"),
    [("h3c_comware", "port trunk permit vlan 10"), ("huawei_vrp", "port trunk allow-pass vlan 10")],
)
@pytest.mark.parametrize("mode", list(DiffMode))
def test_trunk_list_on_access_port_not_set_aside(platform: str, line: str, mode: DiffMode) -> None:
    """The list normalisation treats such a port differently on each side, so it is diffed."""
    text = f"interface GigabitEthernet1/0/1\n {line}\n#\nsysname SW\n"
    whole = _whole_verdict(text, text, platform, mode)
    assert _verdicts(text, text, platform, mode) == {whole}


@pytest.mark.parametrize("mode", list(DiffMode))
def test_lines_differing_in_secret_not_set_aside(mode: DiffMode) -> None:
    """Two communities mask to one text; the shared one must not hide the other from a merge."""
    running = "hostname SW\nsnmp-server community A RO\nsnmp-server community B RO\n"
    intended = "hostname SW\nsnmp-server community A RO\n"
    whole = _whole_verdict(running, intended, "cisco_ios", mode)
    assert _verdicts(running, intended, "cisco_ios", mode) == {whole}


# A merge copies the running config through hier_config's add_child, which
# rejects the repeated line in the whole diff as well.
@pytest.mark.parametrize("mode", [DiffMode.REPLACE, DiffMode.EXACT])
def test_repeated_lines_after_callback_copied(mode: DiffMode) -> None:
    """IPv6 ACL entries without sequence numbers repeat; copies of a parsed tree keep both."""
    running = (
        "hostname x\nvlan 10-11\nipv6 access-list A\n sequence 20 permit ipv6 any any\n"
        " sequence 50 permit ipv6 any any\n"
    )
    intended = "hostname x\nvlan 10-11\nipv6 access-list A\n permit ipv6 any any\n"
    whole = _whole_verdict(running, intended, "cisco_ios", mode)
    assert _verdicts(running, intended, "cisco_ios", mode) == {whole}


@pytest.mark.parametrize("mode", list(DiffMode))
def test_vlan_list_lines_in_another_order_not_alike(mode: DiffMode) -> None:
    """An allowed-VLAN list read in another order is another list, so the port is diffed."""
    port = "interface GigabitEthernet 0/2\n switchport mode trunk\n"
    lists = [" switchport trunk allowed vlan only 20", " switchport trunk allowed vlan add 30"]
    intended = "hostname SW\n" + port + "\n".join([" switchport trunk allowed vlan all", *lists])
    running = "hostname SW\n" + port + "\n".join([*lists, " switchport trunk allowed vlan all"])
    whole = _whole_verdict(running, intended, "ruijie_rgos", mode)
    assert _verdicts(running, intended, "ruijie_rgos", mode) == {whole}
