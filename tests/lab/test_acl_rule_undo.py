"""VRP and Comware remove an ACL rule by its number only, as the devices do."""

from __future__ import annotations

import re

import pytest

from campusctl.lab.configtree import render
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.vendors.registry import vendor_class
from tests.lab.conftest import lab_devices

CASES = [
    ("THSY-ACC-01", ["n"], "acl number 2999"),
    ("THSY-AGG-01", [""], "acl basic 2999"),
]
ERROR = re.compile(r"Error|% ?(Unrecognized|Wrong|Too many)")
RULE = "rule 12 permit source 198.18.99.0 0.0.0.255"


def _acl_lines(name: str, login: list[str], acl: str, undo: str) -> tuple[str, list[str]]:
    device = next(d for d in lab_devices() if d.name == name)
    runtime = new_runtime(device)
    output = run_lines(runtime, [*login, "system-view", acl, RULE, undo, "quit", "return"])
    printed = render(runtime.running, vendor_class(device).style)
    return output, printed


@pytest.mark.parametrize(("name", "login", "acl"), CASES)
def test_undo_rule_by_number(name: str, login: list[str], acl: str) -> None:
    output, printed = _acl_lines(name, login, acl, "undo rule 12")
    assert ERROR.search(output) is None, output[-400:]
    assert not any(line.strip() == RULE for line in printed)


@pytest.mark.parametrize(("name", "login", "acl"), CASES)
def test_undo_rule_with_body_rejected(name: str, login: list[str], acl: str) -> None:
    output, printed = _acl_lines(name, login, acl, "undo " + RULE)
    assert ERROR.search(output), output[-400:]
    assert any(line.strip() == RULE for line in printed)
