"""VRP and Comware ACL rules are negated by number: ``undo rule 12``."""

from __future__ import annotations

import pytest

from campusctl.diff.remediation import plan_remediation

RULE_5 = " rule 5 permit source 198.18.1.0 0.0.0.255\n"
RULE_12 = " rule 12 permit source 198.18.99.0 0.0.0.255\n"


@pytest.mark.parametrize(
    ("platform", "acl"),
    [
        ("huawei_vrp", "acl number 2000"),
        ("h3c_comware", "acl basic 2000"),
        ("huawei_vrp", "acl ipv6 number 2001"),
    ],
)
def test_rule_removed_by_number(platform: str, acl: str) -> None:
    running = f"#\n{acl}\n{RULE_5}{RULE_12}#\nreturn\n"
    intended = f"#\n{acl}\n{RULE_5}#\nreturn\n"
    commands = plan_remediation(running, intended, platform).all_commands
    assert commands == (acl, "  undo rule 12", "  quit")


def test_changed_rule_removed_then_added() -> None:
    running = f"#\nacl number 2000\n{RULE_5}{RULE_12}#\nreturn\n"
    intended = running.replace("198.18.99.0", "198.18.98.0")
    commands = plan_remediation(running, intended, "huawei_vrp").all_commands
    assert commands == (
        "acl number 2000",
        "  undo rule 12",
        "  rule 12 permit source 198.18.98.0 0.0.0.255",
        "  quit",
    )
