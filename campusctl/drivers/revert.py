"""Confirmed commits: a change that reverts by itself unless it is confirmed.

Changes that can cut the management path are pushed under a timer that the
device runs, so a lockout reverts without the client:

* Cisco IOS: ``configure replace flash:<snapshot> force time <minutes>``
  replaces the running config with a snapshot of itself (no change) and
  rolls back to it when the timer runs out; ``configure confirm`` stops the
  timer. Real devices need ``archive`` configured for the ``time`` option.
* Huawei VRP8 (two-stage commit): ``commit trial <seconds>`` commits the
  candidate and rolls it back when the time runs out, unless ``commit``
  confirms it first.
* Huawei VRP5, H3C Comware and Ruijie RGOS: no confirmed commit without an
  archive on flash, so the timer is a scheduled reboot. The change is not
  saved until it is confirmed, and a reboot brings the device back with its
  saved, pre-change configuration. Confirming cancels the reboot and saves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from campusctl.netkit.confirm import DialogueStep, Interactive
from campusctl.platforms import PlatformId

SNAPSHOT_FILE = "campusctl-revert.cfg"


@dataclass(frozen=True, slots=True)
class RevertTimer:
    """The commands that arm and cancel a platform's revert timer, in order."""

    arm: tuple[Interactive, ...]
    cancel: Interactive
    seconds: int = 0
    """When the device reverts, counted from arming: the request rounded up to whole minutes."""
    trial: bool = False
    """A VRP8 trial commit: armed in system view after the push, confirmed by ``commit``."""


TRIAL_SECONDS = (60, 65535)
"""The range of a VRP8 trial commit's timer, in seconds."""


def trial_commit(seconds: int) -> RevertTimer:
    """Return the VRP8 trial commit for ``seconds``, kept inside the range the device takes."""
    low, high = TRIAL_SECONDS
    seconds = min(max(seconds, low), high)
    return RevertTimer(
        arm=(Interactive(f"commit trial {seconds}", ()),),
        cancel=Interactive("commit", ()),
        seconds=seconds,
        trial=True,
    )


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def scheduled_revert(platform: PlatformId, seconds: int) -> RevertTimer:
    """Return the revert timer of ``platform`` for ``seconds`` (rounded up to minutes).

    NOTE: the reboot dialogues follow the vendors' command references; only
    the VRP and IOS forms have run, against scripted devices.
    """
    minutes = _minutes(seconds)
    if platform is PlatformId.CISCO_IOS:
        return RevertTimer(
            arm=(
                Interactive(
                    f"copy running-config flash:{SNAPSHOT_FILE}",
                    (DialogueStep(r"Destination filename \[[^\]]*\]\?\s*$", ""),),
                ),
                Interactive(f"configure replace flash:{SNAPSHOT_FILE} force time {minutes}", ()),
            ),
            cancel=Interactive("configure confirm", ()),
            seconds=minutes * 60,
        )
    if platform is PlatformId.HUAWEI_VRP:
        hours, mins = divmod(minutes, 60)
        return RevertTimer(
            arm=(
                Interactive(
                    f"schedule reboot delay {hours:02d}:{mins:02d}",
                    (DialogueStep(r"(?:Continue|Confirm)\?\s*\[Y/N\]\s*:?\s*$", "Y"),),
                ),
            ),
            cancel=Interactive("undo schedule reboot", ()),
            seconds=minutes * 60,
        )
    if platform is PlatformId.H3C_COMWARE:
        return RevertTimer(
            arm=(
                Interactive(
                    f"scheduler reboot delay {minutes}",
                    (DialogueStep(r"Continue\?\s*\[Y/N\]\s*:?\s*$", "Y"),),
                ),
            ),
            cancel=Interactive("undo scheduler reboot", ()),
            seconds=minutes * 60,
        )
    return RevertTimer(
        arm=(
            Interactive(
                f"reload in {minutes}",
                (
                    DialogueStep(r"Save\?\s*\[yes/no\]\s*:?\s*$", "no", optional=True),
                    DialogueStep(r"Proceed with reload\?\s*\[confirm\]\s*$", ""),
                ),
            ),
        ),
        cancel=Interactive("reload cancel", ()),
        seconds=minutes * 60,
    )
