"""Prompt parsing anchored on the whole last line."""

from __future__ import annotations

import re

import pytest

from campusctl.netkit.interfaces import interface_types
from campusctl.netkit.prompts import PromptMode, parse_prompt, prompt_pattern
from campusctl.platforms import PlatformId

PROMPTS = [
    ("core_sw.b1#", "core_sw.b1", PromptMode.PRIVILEGED, None),
    ("core_sw.b1>", "core_sw.b1", PromptMode.USER, None),
    ("core_sw.b1(config)#", "core_sw.b1", PromptMode.SYSTEM, None),
    ("core_sw.b1(config-if)#", "core_sw.b1", PromptMode.INTERFACE, None),
    ("core_sw.b1(config-line)#", "core_sw.b1", PromptMode.SUBVIEW, None),
    ("SW(config-if-GigabitEthernet 0/1)#", "SW", PromptMode.INTERFACE, None),
    ("HRP_M[FW-01]", "FW-01", PromptMode.SYSTEM, "HRP_M"),
    ("HRP_S<FW-01>", "FW-01", PromptMode.USER, "HRP_S"),
    ("RBM_P[FW-01]", "FW-01", PromptMode.SYSTEM, "RBM_P"),
    ("<SW-ACC-01>", "SW-ACC-01", PromptMode.USER, None),
    ("[SW-ACC-01]", "SW-ACC-01", PromptMode.SYSTEM, None),
    ("[SW-ACC-01-GigabitEthernet1/0/1]", "SW-ACC-01", PromptMode.INTERFACE, None),
    ("[SW-AGG-01-Ten-GigabitEthernet1/0/1]", "SW-AGG-01", PromptMode.INTERFACE, None),
    ("[SW-ACC-01-Vlanif10]", "SW-ACC-01", PromptMode.INTERFACE, None),
    ("[SW-ACC-01-vlan10]", "SW-ACC-01", PromptMode.SUBVIEW, None),
    ("[SW-ACC-01-ui-vty0-4]", "SW-ACC-01", PromptMode.SUBVIEW, None),
    ("[SW-ACC-01-aaa]", "SW-ACC-01", PromptMode.SUBVIEW, None),
    ("[~CE-01]", "CE-01", PromptMode.SYSTEM, None),
]


@pytest.mark.parametrize(("buffer", "host", "mode", "ha"), PROMPTS)
def test_prompt_parsed(buffer: str, host: str, mode: PromptMode, ha: str | None) -> None:
    prompt = parse_prompt("display version\r\nsome output\r\n" + buffer)
    assert prompt is not None
    assert prompt.hostname == host
    assert prompt.mode is mode
    assert prompt.ha_prefix == ha


def test_vrp8_uncommitted_marker() -> None:
    prompt = parse_prompt("[*CE-01-GigabitEthernet0/0/1]")
    assert prompt is not None
    assert prompt.uncommitted
    assert prompt.view == "GigabitEthernet0/0/1"


@pytest.mark.parametrize(
    "buffer",
    [
        "interface Gi1/0/1\n description to-SW-ACC-02#\n switchport mode access\n",
        "interface Gi1/0/1\n description to-SW-ACC-02#\n",
        "interface Gi1/0/1\n description to-SW-ACC-02#",
        "display this\r\n#\r\n",
        "#",
        "",
        "output line without prompt",
    ],
)
def test_text_inside_output_is_not_a_prompt(buffer: str) -> None:
    assert parse_prompt(buffer) is None


def test_expected_hostname_splits_views() -> None:
    prompt = parse_prompt("[SW-vlan-GigabitEthernet0/0/1]", hostname="SW-vlan")
    assert prompt is not None
    assert prompt.hostname == "SW-vlan"
    assert prompt.mode is PromptMode.INTERFACE
    assert parse_prompt("<OTHER>", hostname="SW-vlan") is None


def test_platform_restricts_grammar() -> None:
    assert parse_prompt("<SW>", platform="cisco_ios") is None
    assert parse_prompt("SW#", platform="huawei") is None
    assert parse_prompt("SW#", platform="ruijie_os") is not None


def test_ansi_and_carriage_return_are_removed() -> None:
    prompt = parse_prompt("\x1b[K\r\n  ---- More ----\r<SW-ACC-01>")
    assert prompt is not None
    assert prompt.hostname == "SW-ACC-01"


@pytest.mark.parametrize(
    ("platform", "buffer", "matches"),
    [
        ("hp_comware", "x\n#\n", False),
        ("hp_comware", "x\n#\nreturn\n[SW-AGG-01-Ten-GigabitEthernet1/0/1]", True),
        ("hp_comware", "x\n<SW-AGG-01>", True),
        ("hp_comware", "x\nRBM_P<SW-AGG-01>", True),
        ("hp_comware", "x\n<SW-AGG-012>", False),
        ("cisco_ios", "x\nSW-AGG-01(config-if)#", True),
        ("cisco_ios", "x\n description SW-AGG-01#", False),
        ("cisco_ios", "x\nSW-AGG-01#\nmore", False),
    ],
)
def test_prompt_pattern_anchors_whole_line(platform: str, buffer: str, matches: bool) -> None:
    pattern = prompt_pattern("SW-AGG-01", platform)
    assert (re.search(pattern, buffer) is not None) is matches


@pytest.mark.parametrize("platform", [PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE])
def test_every_interface_type_names_a_view(platform: PlatformId) -> None:
    for itype in interface_types(platform):
        prompt = parse_prompt(f"[SW-A1-{itype.name}1/0/2]", platform)
        assert prompt is not None, itype.name
        assert prompt.hostname == "SW-A1", itype.name
        assert prompt.view == f"{itype.name}1/0/2"
