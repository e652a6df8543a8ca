"""How the diff reads what devices display: VRP sections, IOS hidden line defaults."""

from __future__ import annotations

import pytest

from campusctl.diff import DiffMode, plan_remediation
from campusctl.diff.drivers import parse_config

RUNNING = """#
 sysname SW1
#
interface XGigabitEthernet0/0/4
#
 snmp-agent
 ntp-service unicast-server 198.18.255.1
#
user-interface vty 0 4
 authentication-mode aaa
#
return
"""


def test_global_lines_after_empty_section_are_top_level() -> None:
    tree = parse_config(RUNNING, "huawei_vrp")
    port = next(c for c in tree.children if c.text == "interface XGigabitEthernet0/0/4")
    assert [c.text for c in port.children] == []
    assert "snmp-agent" in [c.text for c in tree.children]


def test_undo_of_global_line_is_not_nested() -> None:
    intended = RUNNING.replace(" ntp-service unicast-server 198.18.255.1\n", "")
    plan = plan_remediation(RUNNING, intended, "huawei_vrp", mode=DiffMode.REPLACE)
    assert list(plan.all_commands) == ["undo ntp-service unicast-server 198.18.255.1"]


def test_ios_line_defaults_need_no_change() -> None:
    running = "line con 0\n logging synchronous\nline vty 0 4\n transport input ssh\n"
    intended = (
        "line con 0\n exec-timeout 10 0\n login authentication default\n logging synchronous\n"
        "line vty 0 4\n transport input ssh\n"
    )
    plan = plan_remediation(running, intended, "cisco_ios", mode=DiffMode.REPLACE)
    assert list(plan.all_commands) == []


def test_ios_line_timeout_change_is_pushed() -> None:
    running = "line con 0\n exec-timeout 5 0\n"
    intended = "line con 0\n exec-timeout 10 0\n"
    plan = plan_remediation(running, intended, "cisco_ios", mode=DiffMode.REPLACE)
    assert "exec-timeout 10 0" in " ".join(plan.all_commands)


@pytest.mark.parametrize("platform", ["huawei_vrp", "h3c_comware"])
def test_ipv6_loghost_and_ntp_negation_keeps_address(platform: str) -> None:
    running = (
        "#\n sysname X\n info-center loghost ipv6 2001:db8:ffff::514\n"
        " ntp-service unicast-server ipv6 2001:db8:ffff::123\n#\nreturn\n"
    )
    plan = plan_remediation(running, "#\n sysname X\n#\nreturn\n", platform)
    assert sorted(plan.all_commands) == [
        "undo info-center loghost ipv6 2001:db8:ffff::514",
        "undo ntp-service unicast-server ipv6 2001:db8:ffff::123",
    ]
