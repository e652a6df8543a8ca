"""Paging-off commands, reading through a pager, and end-of-output detection."""

from __future__ import annotations

import pytest

from campusctl.netkit.pager import (
    ENTER,
    SPACE,
    PagerReader,
    clean_terminal_text,
    output_complete,
    paging_disabled,
    paging_off_commands,
    split_output,
)

CONFIG_LINES = [f" config line {index}" for index in range(40)]
ERASE = "\x1b[42D" + " " * 42 + "\x1b[42D"


@pytest.mark.parametrize(
    ("platform", "command"),
    [
        ("huawei", "screen-length 0 temporary"),
        ("hp_comware", "screen-length disable"),
        ("cisco_ios", "terminal length 0"),
        ("ruijie_os", "terminal length 0"),
    ],
)
def test_paging_off_command_per_platform(platform: str, command: str) -> None:
    assert paging_off_commands(platform)[0] == command


@pytest.mark.parametrize(
    ("platform", "reply", "disabled"),
    [
        (
            "huawei",
            "screen-length 0 temporary\n"
            "Info: The configuration takes effect on the current user terminal interface only.",
            True,
        ),
        ("huawei", "Error: Unrecognized command found at '^' position.", False),
        ("cisco_ios", "% Invalid input detected at '^' marker.", False),
        ("ruijie_os", "% User doesn't have sufficient privilege to execute this command.", False),
        ("cisco_ios", "", True),
    ],
)
def test_paging_rejection_falls_back_to_pager(platform: str, reply: str, disabled: bool) -> None:
    assert paging_disabled(reply, platform) is disabled


def _paged(marker: str, erase: str) -> list[str]:
    first = "\r\n".join(CONFIG_LINES[:24]) + "\r\n" + marker
    second = erase + "\r\n".join(CONFIG_LINES[24:]) + "\r\n<SW>"
    return [first, second]


@pytest.mark.parametrize(
    ("marker", "erase"),
    [
        ("  ---- More ( Press 'Q' to break ) ----", ERASE),
        ("  ---- More ----", "\x1b[16D" + " " * 16 + "\x1b[16D"),
        (" --More-- ", "\x08" * 10 + " " * 10 + "\x08" * 10),
        ("---- More ----", "\x1b[14D\x1b[K"),
    ],
)
def test_pager_reader_equals_unpaged_output(marker: str, erase: str) -> None:
    reader = PagerReader()
    chunks = _paged(marker, erase)
    assert reader.feed(chunks[0]) == SPACE
    assert reader.feed(chunks[1]) is None
    assert reader.pages == 1
    assert reader.text() == "\n".join(CONFIG_LINES) + "\n<SW>"


def test_pager_answers_parameter_prompt_with_enter() -> None:
    reader = PagerReader()
    assert reader.feed("MA5600T(config)#display board 0\r\n{ <cr>||<K> }:") == ENTER


def test_clean_keeps_indentation_after_erase() -> None:
    raw = (
        "interface X\r\n  ---- More ----"
        + "\x1b[16D"
        + " " * 16
        + "\x1b[16D"
        + " port access vlan 10\r\n"
    )
    assert clean_terminal_text(raw) == "interface X\n port access vlan 10\n"


def test_clean_applies_backspaces() -> None:
    assert clean_terminal_text("dispaly\x08\x08\x08lay") == "display"


COMWARE_TRANSCRIPT = (
    "[SW-AGG-01-Ten-GigabitEthernet1/0/1]display this\r\n"
    "#\r\n"
    "interface Ten-GigabitEthernet1/0/1\r\n"
    " port link-mode bridge\r\n"
    " port access vlan 10\r\n"
    " stp edged-port\r\n"
    "#\r\n"
    "return\r\n"
    "[SW-AGG-01-Ten-GigabitEthernet1/0/1]"
)


def test_comware_hash_line_is_not_end_of_output() -> None:
    partial = COMWARE_TRANSCRIPT.split("interface", maxsplit=1)[0]
    assert partial.endswith("#\r\n")
    assert not output_complete(partial, "SW-AGG-01", "hp_comware")
    assert not output_complete(partial.rstrip(), "SW-AGG-01", "hp_comware")
    assert output_complete(COMWARE_TRANSCRIPT, "SW-AGG-01", "hp_comware")


def test_comware_body_has_all_seven_lines() -> None:
    result = split_output(COMWARE_TRANSCRIPT, "display this", "SW-AGG-01", "hp_comware")
    assert result is not None
    assert result.body.split("\n") == [
        "#",
        "interface Ten-GigabitEthernet1/0/1",
        " port link-mode bridge",
        " port access vlan 10",
        " stp edged-port",
        "#",
        "return",
    ]
    assert result.prompt == "[SW-AGG-01-Ten-GigabitEthernet1/0/1]"


def test_split_output_incomplete_returns_none() -> None:
    assert split_output("display this\r\n#\r\n", "display this", "SW-AGG-01", "hp_comware") is None
