"""The selection grammar: Ansible host patterns over the inventory's groups."""

from __future__ import annotations

import pytest

from campusctl.errors import UsageError
from campusctl.inventory import load_inventory
from campusctl.inventory.selection import names, select, select_devices, select_schools
from tests.conftest import SAMPLE

INVENTORY = load_inventory(SAMPLE)


def test_empty_pattern_selects_everything() -> None:
    assert len(select(INVENTORY, None)) == sum(1 for _ in INVENTORY.devices()) + sum(
        1 for _ in INVENTORY.hosts()
    )


def test_district_and_role_intersection() -> None:
    chosen = select_devices(INVENTORY, "district_440106:&role_access")
    assert chosen
    assert all(s.district == "440106" and d.role.value == "access" for s, d in chosen)


def test_exclusion_removes_one_device() -> None:
    chosen = names(select(INVENTORY, "school_2440106001,&role_core,YCSY-A1-ACC-01,!YCSY-A1-ACC-01"))
    assert chosen == ["YCSY-CORE-01"]


def test_wildcard_and_regex() -> None:
    by_glob = names(select(INVENTORY, "YCSY-*-ACC-01"))
    by_regex = names(select(INVENTORY, "~^YCSY-.*-ACC-01$"))
    assert by_glob == by_regex
    assert len(by_glob) == 9


def test_platform_and_type_groups() -> None:
    assert {d.platform.value for _s, d in select_devices(INVENTORY, "platform_ruijie_rgos")} == {
        "ruijie_rgos"
    }
    assert [s.code for s in select_schools(INVENTORY, "type_teaching_point")] == ["2440281002"]


def test_hosts_in_role_groups() -> None:
    assert all(m.host is not None for m in select(INVENTORY, "role_terminal"))


def test_unmatched_term_is_an_error() -> None:
    with pytest.raises(UsageError):
        select(INVENTORY, "district_999999")


def test_invalid_regex_is_an_error() -> None:
    with pytest.raises(UsageError):
        select(INVENTORY, "~[")
