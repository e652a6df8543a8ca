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
import re
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


@dataclass(frozen=True, slots=True)
class StrayTimerCheck:
    """The commands with which a fresh session finds and ends a revert timer armed by another session.

    A worker that dies between arming and confirming leaves its timer on the
    device, and the session that armed it is gone. A check either queries the
    timer first (``query`` and ``pending``), or runs its cancel at once and
    takes a reply matching ``nothing_pending`` as "no timer", not as a failure.
    """

    cancel: Interactive
    query: str | None = None
    pending: re.Pattern[str] | None = None
    """Matches the query's reply while a timer is pending."""
    nothing_pending: re.Pattern[str] | None = None
    """Matches the cancel's reply when no timer was pending."""
    two_stage_only: bool = False
    """The check runs in system view, and only on VRP8 (two-stage commit)."""


_REBOOT_AT = re.compile(r"will reboot at", re.IGNORECASE)

# Sources of the replies (checked against these; other releases may word them differently):
# * VRP ``display schedule reboot``: Huawei's command reference shows
#   "Info: System will reboot at: <date> (in N hours and M minutes)." while a
#   reboot is scheduled.
# * Comware ``display scheduler reboot`` (``display schedule reboot`` on
#   Comware 5): "System will reboot at <time> <date> (in N hours and M
#   minutes)." while scheduled, and no output once ``undo scheduler reboot`` ran.
# * IOS and RGOS ``show reload``: "Reload scheduled ..." while scheduled,
#   "No reload is scheduled." otherwise.
# * IOS ``show archive config rollback timer``: a "Timer value: N min" line
#   while a confirmed replace is pending, "%No Rollback Confirmed Change
#   pending" otherwise.
STRAY_TIMER_CHECKS: dict[PlatformId, tuple[StrayTimerCheck, ...]] = {
    PlatformId.HUAWEI_VRP: (
        StrayTimerCheck(
            cancel=Interactive("undo schedule reboot", ()),
            query="display schedule reboot",
            pending=_REBOOT_AT,
        ),
        # NOTE: no query command for a pending trial commit was found in
        # Huawei's references, and the wording of the reply to "abort trial"
        # without a trial is the lab's. The references do not say either
        # whether a plain "abort trial" ends a trial that another, closed
        # session started ("abort trial session <id>" names one).
        StrayTimerCheck(
            cancel=Interactive("abort trial", ()),
            nothing_pending=re.compile(r"no trial commit is in progress", re.IGNORECASE),
            two_stage_only=True,
        ),
    ),
    PlatformId.H3C_COMWARE: (
        StrayTimerCheck(
            cancel=Interactive("undo scheduler reboot", ()),
            query="display scheduler reboot",
            pending=_REBOOT_AT,
        ),
    ),
    PlatformId.RUIJIE_RGOS: (
        # NOTE: the "show reload" replies come from IOS; no RGOS reference
        # with its output was found.
        StrayTimerCheck(
            cancel=Interactive("reload cancel", ()),
            query="show reload",
            pending=re.compile(r"^\s*Reload scheduled", re.IGNORECASE | re.MULTILINE),
        ),
    ),
    PlatformId.CISCO_IOS: (
        StrayTimerCheck(
            cancel=Interactive("configure confirm", ()),
            query="show archive config rollback timer",
            pending=re.compile(r"^\s*Timer value\s*:", re.IGNORECASE | re.MULTILINE),
        ),
    ),
}
"""The revert timers that campusctl arms on each platform, and how to end them."""
