"""Remediation from running to intended configs, per platform, with idempotent twins.

Each platform folder under ``fixtures/`` holds a running config as the device
prints it, the intended config as the renderer writes it, the config the
device prints once the intended one is applied (``converged.cfg``: reflowed
VLAN lists, re-hashed secrets, hidden defaults), and the expected commands.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.diff import DiffMode, plan_remediation

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]


def _read(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text(encoding="utf-8")


def _expected(platform: str, name: str) -> list[str]:
    text = _read(platform, name)
    return text.splitlines() if text.strip() else []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_replace_commands_exact_order(platform: str) -> None:
    plan = plan_remediation(
        _read(platform, "running.cfg"),
        _read(platform, "intended.cfg"),
        platform,
        management_vlan=99,
    )
    assert list(plan.commands) == _expected(platform, "expected_commands.txt")
    assert list(plan.management_commands) == _expected(platform, "expected_management.txt")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_replace_converged_device_is_empty(platform: str) -> None:
    plan = plan_remediation(
        _read(platform, "converged.cfg"),
        _read(platform, "intended.cfg"),
        platform,
        management_vlan=99,
    )
    assert plan.all_commands == ()
    assert plan.empty


@pytest.mark.parametrize("platform", PLATFORMS)
def test_merge_commands_exact_order(platform: str) -> None:
    plan = plan_remediation(
        _read(platform, "running.cfg"),
        _read(platform, "intended.cfg"),
        platform,
        mode=DiffMode.MERGE,
        management_vlan=99,
    )
    assert list(plan.all_commands) == _expected(platform, "expected_merge.txt")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_merge_converged_device_is_empty(platform: str) -> None:
    plan = plan_remediation(
        _read(platform, "converged.cfg"),
        _read(platform, "intended.cfg"),
        platform,
        mode=DiffMode.MERGE,
    )
    assert plan.empty


@pytest.mark.parametrize("platform", PLATFORMS)
def test_intended_against_itself_is_empty(platform: str) -> None:
    intended = _read(platform, "intended.cfg")
    assert plan_remediation(intended, intended, platform).empty


def test_merge_keeps_unmentioned_lines() -> None:
    running = "hostname SW\nntp server 198.18.0.1\nlogging host 198.18.0.20\n"
    intended = "hostname SW\nlogging host 198.18.0.21\n"
    merge = plan_remediation(running, intended, "cisco_ios", mode=DiffMode.MERGE)
    replace = plan_remediation(running, intended, "cisco_ios")
    assert merge.all_commands == ("logging host 198.18.0.21",)
    assert "no ntp server 198.18.0.1" in replace.all_commands
    assert "no logging host 198.18.0.20" in replace.all_commands


def test_merge_keeps_repeated_acl_entries() -> None:
    """IPv6 ACL entries read without their sequence numbers repeat, and a merge copies both."""
    running = (
        "hostname x\nipv6 access-list A\n sequence 20 permit ipv6 any any\n"
        " sequence 50 permit ipv6 any any\n"
    )
    intended = "hostname x\nipv6 access-list A\n permit ipv6 any any\n deny ipv6 any any\n"
    merge = plan_remediation(running, intended, "cisco_ios", mode=DiffMode.MERGE)
    assert merge.all_commands == ("ipv6 access-list A", "  deny ipv6 any any", "  exit")


@pytest.mark.parametrize("mode", list(DiffMode))
def test_stray_allowed_line_pushed_as_written(mode: DiffMode) -> None:
    """Only interfaces' allowed lists are made canonical, so RGOS's ``only`` elsewhere stays as written."""
    intended = " switchport trunk allowed vlan only 10,20,30,99\n"
    plan = plan_remediation("", intended, "ruijie_rgos", mode=mode)
    assert plan.all_commands == ("switchport trunk allowed vlan only 10,20,30,99",)


def test_protected_negation_keeps_login_aaa_late() -> None:
    """Dropping a protected section's negation must not hide what the login AAA names.

    ``domain system`` is device-owned on Comware, so a replace drops its
    ``undo`` line. The RADIUS scheme the login AAA names stays in the
    management part, with the domain that names it, as in the intended config.
    """
    intended = (
        "sysname X\n#\nradius scheme R\n#\n"
        "domain campus\n authentication lan-access radius-scheme R\n#\n"
        "domain system\n authentication login local\n undo authorization login radius-scheme R\n#\n"
    )
    plan = plan_remediation("sysname X\n", intended, "h3c_comware", mode=DiffMode.REPLACE)
    assert plan.commands == ("domain system", "  authentication login local", "  quit")
    assert plan.management_commands == (
        "radius scheme R",
        "  quit",
        "domain campus",
        "  authentication lan-access radius-scheme R",
        "  quit",
    )


def test_plans_leave_shared_empty_facts_empty() -> None:
    """The empty dependency facts that leaves share stay empty after whole plans."""
    from campusctl.diff.dependencies import _NO_FACTS

    for platform in ("huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"):
        folder = Path(__file__).parent / "fixtures" / platform
        intended = (folder / "intended.cfg").read_text(encoding="utf-8")
        assert plan_remediation("", intended, platform).commands
        assert plan_remediation(
            (folder / "running.cfg").read_text(encoding="utf-8"), intended, platform
        ).commands
    assert not _NO_FACTS.defines
    assert not _NO_FACTS.references
    assert not _NO_FACTS.removes
