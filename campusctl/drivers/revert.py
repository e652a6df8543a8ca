"""Confirmed commits: a change that reverts by itself unless it is confirmed.

Changes that can cut the management path are pushed under a timer. VRP8's
two-stage commit has one built in (``commit trial``). Other platforms have no
confirmed commit without an archive on flash, so the timer is a scheduled
reboot: the change is not saved until it is confirmed, and a reboot brings
the device back up with its saved, pre-change configuration. Confirming
cancels the reboot and saves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from campusctl.netkit.confirm import DialogueStep, Interactive
from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class RevertTimer:
    """The commands that arm and cancel a platform's revert timer."""

    arm: Interactive
    cancel: Interactive
    in_config_view: bool


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def scheduled_revert(platform: PlatformId, seconds: int) -> RevertTimer:
    """Return the scheduled-reboot timer of ``platform`` for ``seconds`` (rounded up to minutes).

    NOTE: the dialogues follow the vendors' command references; only the
    Huawei and Cisco forms have been run, against scripted devices.
    """
    minutes = _minutes(seconds)
    if platform is PlatformId.HUAWEI_VRP:
        hours, mins = divmod(minutes, 60)
        return RevertTimer(
            arm=Interactive(
                f"schedule reboot delay {hours:02d}:{mins:02d}",
                (DialogueStep(r"(?:Continue|Confirm)\?\s*\[Y/N\]\s*:?\s*$", "Y"),),
            ),
            cancel=Interactive("undo schedule reboot", ()),
            in_config_view=False,
        )
    if platform is PlatformId.H3C_COMWARE:
        return RevertTimer(
            arm=Interactive(
                f"scheduler reboot delay {minutes}",
                (DialogueStep(r"Continue\?\s*\[Y/N\]\s*:?\s*$", "Y"),),
            ),
            cancel=Interactive("undo scheduler reboot", ()),
            in_config_view=False,
        )
    return RevertTimer(
        arm=Interactive(
            f"reload in {minutes}",
            (
                DialogueStep(r"Save\?\s*\[yes/no\]\s*:?\s*$", "no", optional=True),
                DialogueStep(r"Proceed with reload\?\s*\[confirm\]\s*$", ""),
            ),
        ),
        cancel=Interactive("reload cancel", ()),
        in_config_view=False,
    )
