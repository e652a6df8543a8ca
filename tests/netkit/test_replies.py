"""Vendor error strings classified as failures."""

from __future__ import annotations

import pytest

from campusctl.netkit.errors import CommandRejected
from campusctl.netkit.replies import ReplyError, check_reply, classify_reply

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
