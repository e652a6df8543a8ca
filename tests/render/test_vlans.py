"""VLAN sets: compression, expansion in every vendor style, and line splitting."""

from __future__ import annotations

import pytest

from campusctl.errors import RenderError
from campusctl.render.vlans import ALL, NONE, VlanSet, VlanSetKind, compress, expand, split_list

IOS_SET = {10, 20, 30, 31, 32, 40, 50, 51, 60, 100, 101, 4000}


def test_ios_add_lines_merge_into_one_set() -> None:
    # Four `switchport trunk allowed vlan [add]` lines of one interface: every line counts.
    lines = ["10,20,30-32", "add 40,50-51", "add 60", "add 100-101,4000"]
    merged: set[int] = set()
    for line in lines:
        merged |= expand(line.removeprefix("add ")).ids
    assert merged == IOS_SET


def test_wrapped_show_output_list() -> None:
    # `Trunking VLANs Enabled:` wraps onto an indented continuation line.
    wrapped = "10,20,30-32,40,50,51,60,100,101,\n     4000"
    assert expand(wrapped).ids == IOS_SET


def test_h3c_vlan_passing_annotation() -> None:
    assert expand("1(default vlan), 10, 20-22").ids == {1, 10, 20, 21, 22}


def test_huawei_to_ranges() -> None:
    assert expand("10 20 30 to 32").ids == {10, 20, 30, 31, 32}


def test_compress_ios_set() -> None:
    assert compress(IOS_SET) == "10,20,30-32,40,50-51,60,100-101,4000"


def test_three_states() -> None:
    assert expand("all") is ALL
    assert expand("none") is NONE
    assert VlanSet.of([]) is NONE
    assert VlanSet.of([5]).kind is VlanSetKind.SET
    assert 4094 in ALL
    assert 5 not in NONE
    assert len(ALL) == 4094
    assert str(ALL) == "all"


@pytest.mark.parametrize("text", ["0", "4095", "10-5", "ten", "10,,x"])
def test_invalid_lists_rejected(text: str) -> None:
    with pytest.raises(RenderError):
        expand(text)


def test_huawei_lines_hold_ten_items() -> None:
    # Huawei `port trunk allow-pass vlan { vlan-id1 [ to vlan-id2 ] }&<1-10>`.
    ids = list(range(10, 250, 10))  # 24 separate ids
    lines = split_list(ids, "huawei_vrp")
    assert [len(line.split()) for line in lines] == [10, 10, 4]
    assert lines[0].startswith("10 20 30")


def test_h3c_ranges_count_as_one_item() -> None:
    ids = [*range(2, 5), *range(10, 200, 10)]
    lines = split_list(ids, "h3c_comware")
    assert lines[0].startswith("2 to 4 10 20")
    assert all(line.count(" ") <= 9 + 2 * line.count(" to ") for line in lines)
    assert set().union(*(expand(line).ids for line in lines)) == set(ids)


def test_cisco_lines_stay_under_limit() -> None:
    ids = list(range(100, 4000, 7))
    lines = split_list(ids, "cisco_ios")
    assert len(lines) > 1
    assert all(len(line) <= 60 for line in lines)
    assert set().union(*(expand(line).ids for line in lines)) == set(ids)


def test_empty_set_gives_no_line() -> None:
    assert split_list([], "ruijie_rgos") == []
