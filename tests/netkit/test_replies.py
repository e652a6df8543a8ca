"""Vendor error strings classified as failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import CommandRejected
from campusctl.netkit.replies import (
    _CISCO_FAMILY,
    _PLATFORM_RULES,
    _VRP_FAMILY,
    RULE_WORDS,
    ReplyError,
    check_reply,
    classify_reply,
)

FAULTS = [
    ("huawei", "Error: Unrecognized command found at '^' position.", ReplyError.SYNTAX),
    ("huawei", "          ^\nError: Wrong parameter found at '^' position.", ReplyError.PARAMETER),
    ("huawei", "Error: Incomplete command found at '^' position.", ReplyError.SYNTAX),
    ("huawei", "Error: Too many parameters found at '^' position.", ReplyError.PARAMETER),
    ("huawei", "Error: Failed to generate committed config.", ReplyError.COMMIT),
    ("huawei", "Error: The VLAN does not exist.", ReplyError.REJECTED),
    ("hp_comware", "% Unrecognized command found at '^' position.", ReplyError.SYNTAX),
    ("hp_comware", "% Too many parameters found at '^' position.", ReplyError.PARAMETER),
    ("hp_comware", "Permission denied.", ReplyError.PRIVILEGE),
    ("cisco_ios", "% Invalid input detected at '^' marker.", ReplyError.SYNTAX),
    ("cisco_ios", "% Incomplete command.", ReplyError.SYNTAX),
    ("cisco_ios", '% Ambiguous command:  "sh i"', ReplyError.SYNTAX),
    ("cisco_ios", "!Error: cfgdiff returned error 5", ReplyError.DIFF),
    ("cisco_ios", "%Error opening nvram:/startup-config (Permission denied)", ReplyError.COMMIT),
    (
        "ruijie_os",
        "% User doesn't have sufficient privilege to execute this command.",
        ReplyError.PRIVILEGE,
    ),
    ("ruijie_os", "% Unknown command.", ReplyError.SYNTAX),
]


@pytest.mark.parametrize(("platform", "reply", "kind"), FAULTS)
def test_error_strings_classified(platform: str, reply: str, kind: ReplyError) -> None:
    fault = classify_reply(reply, platform)
    assert fault is not None
    assert fault.kind is kind


@pytest.mark.parametrize(("platform", "reply", "kind"), FAULTS)
def test_error_strings_classified_without_platform(
    platform: str, reply: str, kind: ReplyError
) -> None:
    assert classify_reply(reply) is not None


@pytest.mark.parametrize(
    ("platform", "reply"),
    [
        ("huawei", "Info: This operation may take a few seconds. Please wait."),
        ("huawei", " description Error: see ticket 42"),
        ("huawei", "Warning: The current configuration will be written to the device."),
        ("cisco_ios", "interface GigabitEthernet1/0/1\n description % Invalid input test"),
        ("cisco_ios", "Building configuration...\n[OK]"),
        ("hp_comware", "#\n sysname SW\n#"),
    ],
)
def test_clean_replies_pass(platform: str, reply: str) -> None:
    assert classify_reply(reply, platform) is None


def test_check_reply_raises_naming_command() -> None:
    transcript = (
        "SW-ACC-01>terminal length 0\n"
        "% User doesn't have sufficient privilege to execute this command.\n"
    )
    with pytest.raises(CommandRejected) as caught:
        check_reply("terminal length 0", transcript, "ruijie_os", device="SW-ACC-01")
    assert caught.value.command == "terminal length 0"
    assert caught.value.device == "SW-ACC-01"
    assert "terminal length 0" in str(caught.value)
    assert "SW-ACC-01" in str(caught.value)


def test_check_reply_returns_clean_text() -> None:
    assert check_reply("show clock", "12:00:00 UTC+8", "cisco_ios") == "12:00:00 UTC+8"


def _line_by_line(reply: str, platform: str | None) -> tuple[str, str] | None:
    """Return the classification as the rules define it: the first stripped line a rule matches."""
    rules = (
        (*_VRP_FAMILY, *_CISCO_FAMILY)
        if platform is None
        else _PLATFORM_RULES[resolve_platform(platform)]
    )
    for raw in reply.splitlines():
        line = raw.strip()
        for kind, pattern in rules:
            if line and pattern.search(line):
                return kind.value, line
    return None


FIXTURES = Path(__file__).parent.parent / "diff" / "fixtures"
SAMPLES = [
    *(reply for _platform, reply, _kind in FAULTS),
    "  Error: The VLAN does not exist.  \n<SW>",
    "line one\n   \t% Incomplete command.\t \nline three",
    "% The specified interface does not exist.",
    "Info: saved\n\nis locked by other user, try again later\n",
    # Letters a case-insensitive pattern takes for "i" or "s".
    "ok\nPermİssion denied",
    "ſystem ok\nThe ſystem is busy",
    "",
    *(path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*/*.cfg"))),
]


@pytest.mark.parametrize(
    "platform", ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos", None]
)
def test_word_check_equals_line_search(platform: str | None) -> None:
    for reply in SAMPLES:
        for text in (reply, reply.replace("\n", "\n  "), reply + "\nError: Unrecognized command"):
            fault = classify_reply(text, platform)
            found = None if fault is None else (fault.kind.value, fault.line)
            assert found == _line_by_line(text, platform), text[:80]


def test_every_rule_has_its_words() -> None:
    patterns = {rule.pattern for _kind, rule in (*_VRP_FAMILY, *_CISCO_FAMILY)}
    assert set(RULE_WORDS) == patterns
    for platform, reply, _kind in FAULTS:
        rules = _PLATFORM_RULES[resolve_platform(platform)]
        matched = [
            rule
            for _kind, rule in rules
            if any(rule.search(line.strip()) for line in reply.splitlines())
        ]
        assert matched, reply
        for rule in matched:
            assert any(word in reply.lower() for word in RULE_WORDS[rule.pattern]), (rule, reply)
