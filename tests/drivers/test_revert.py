"""Revert timers per platform."""

from __future__ import annotations

import pytest

from campusctl.drivers.revert import scheduled_revert
from campusctl.platforms import PlatformId


@pytest.mark.parametrize(
    ("platform", "arm", "cancel"),
    [
        (PlatformId.HUAWEI_VRP, ["schedule reboot delay 00:02"], "undo schedule reboot"),
        (PlatformId.H3C_COMWARE, ["scheduler reboot delay 2"], "undo scheduler reboot"),
        (PlatformId.RUIJIE_RGOS, ["reload in 2"], "reload cancel"),
        (
            PlatformId.CISCO_IOS,
            [
                "copy running-config flash:campusctl-revert.cfg",
                "configure replace flash:campusctl-revert.cfg force time 2",
            ],
            "configure confirm",
        ),
    ],
)
def test_revert_commands_per_platform(platform: PlatformId, arm: list[str], cancel: str) -> None:
    timer = scheduled_revert(platform, 120)
    assert [step.line for step in timer.arm] == arm
    assert timer.cancel.line == cancel


@pytest.mark.parametrize(("seconds", "minutes"), [(1, 1), (60, 1), (61, 2), (3600, 60)])
def test_revert_rounds_up_to_minutes(seconds: int, minutes: int) -> None:
    assert scheduled_revert(PlatformId.H3C_COMWARE, seconds).arm[0].line.endswith(f" {minutes}")


def test_vrp_delay_in_hours_and_minutes() -> None:
    timer = scheduled_revert(PlatformId.HUAWEI_VRP, 3900)
    assert timer.arm[0].line == "schedule reboot delay 01:05"
