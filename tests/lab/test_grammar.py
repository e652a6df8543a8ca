"""The command-form grammar: expansion, keys, parameters and failure positions."""

from __future__ import annotations

import re

import pytest

from campusctl.lab.configtree import Layout, Node, Style, parse, render
from campusctl.lab.grammar import Failure, compile_forms, match_line
from campusctl.lab.vendors.common import compress_vlans, expand_vlans

FORMS = compile_forms(
    [
        "sysname | <word>",
        "port link-type | {access|trunk|hybrid}",
        "rule <int> | {permit|deny} [source {<ipv4> <wildcard>|any}]",
        "vlan <vlan> => vlan",
        "ntp-service unicast-server <ipv4> | [source-interface <if>]",
        "description | <text>",
        "display this",
    ]
)


def test_choices_and_options_expand() -> None:
    sources = [form.source for form in FORMS]
    assert sources.count("rule <int> | {permit|deny} [source {<ipv4> <wildcard>|any}]") == 6


@pytest.mark.parametrize(
    ("line", "words", "key"),
    [
        ("sysname SW-01", ["sysname", "SW-01"], "sysname"),
        ("port link-type trunk", ["port", "link-type", "trunk"], "port link-type"),
        (
            "rule 5 permit source 198.18.0.0 0.1.255.255",
            ["rule", "5", "permit", "source", "198.18.0.0", "0.1.255.255"],
            "rule 5",
        ),
        (
            "ntp-service unicast-server 198.18.255.1",
            ["ntp-service", "unicast-server", "198.18.255.1"],
            "ntp-service unicast-server 198.18.255.1",
        ),
        ("desc uplink to core", ["description", "uplink to core"], "description"),
        ("dis th", ["display", "this"], "display this"),
    ],
)
def test_match_gives_canonical_words_and_key(line: str, words: list[str], key: str) -> None:
    match = match_line(line, FORMS)
    assert match.failure is None
    assert match.words == words
    assert match.key == key


@pytest.mark.parametrize(
    ("line", "failure", "position"),
    [
        ("sysnam", Failure.INCOMPLETE, 6),
        ("frobnicate", Failure.UNRECOGNIZED, 0),
        ("port link-type bogus", Failure.UNRECOGNIZED, 15),
        ("vlan 4095", Failure.WRONG_PARAMETER, 5),
        ("rule 5 permit source 300.1.1.1 0.0.0.255", Failure.WRONG_PARAMETER, 21),
        ("sysname A B", Failure.TOO_MANY, 10),
        ("d", Failure.AMBIGUOUS, 0),
    ],
)
def test_failures_point_at_word(line: str, failure: Failure, position: int) -> None:
    match = match_line(line, FORMS)
    assert match.failure is failure
    assert match.position == position


def test_view_forms_name_their_view() -> None:
    match = match_line("vlan 10", FORMS)
    assert match.form is not None
    assert match.form.view == "vlan"


def test_vlan_lists_round_trip() -> None:
    vlans = expand_vlans("10 20 30 to 33 100")
    assert vlans == {10, 20, 30, 31, 32, 33, 100}
    assert compress_vlans(vlans) == "10 20 30 to 33 100"
    assert compress_vlans(expand_vlans("10,20,30-33"), "-", ",") == "10,20,30-33"


def test_hash_layout_round_trip() -> None:
    style = Style(Layout.HASH, re.compile(r"^(interface|aaa)"), header=("!Software Version X",))
    root = Node("")
    root.children = [
        Node("sysname SW"),
        Node("interface GigabitEthernet0/0/1", section=True),
        Node("aaa", section=True),
    ]
    root.children[1].children = [Node("description to-PC")]
    printed = render(root, style)
    assert printed == [
        "!Software Version X",
        "#",
        " sysname SW",
        "#",
        "interface GigabitEthernet0/0/1",
        " description to-PC",
        "#",
        "aaa",
        "#",
        "return",
    ]
    assert render(parse("\n".join(printed), style), style) == printed
