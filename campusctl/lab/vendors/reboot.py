"""Scheduled reboots: the revert timer of platforms without a confirmed commit.

VRP (``schedule reboot delay HH:MM``), Comware (``scheduler reboot delay
MINUTES``) and RGOS (``reload in MINUTES``) reboot when the delay runs out,
and a reboot brings the device back with its saved configuration. The
emulation replaces the running configuration with the saved one (the factory
configuration when nothing was saved) at that moment; sessions stay open.
Cancelling (``undo schedule reboot``, ``undo scheduler reboot``,
``reload cancel``) stops the timer. ``display schedule reboot`` (VRP),
``display scheduler reboot`` (Comware) and ``show reload`` (RGOS) show it:
a "System will reboot at" or "Reload scheduled" line while one is pending.
With none, Comware prints nothing and RGOS "No reload is scheduled." as the
vendors' examples show. The VRP reply without a schedule is a guess (nothing).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, ClassVar

from campusctl.lab.configtree import parse

if TYPE_CHECKING:
    from campusctl.lab.vendors.base import Vendor

log = logging.getLogger(__name__)


class ScheduledReboot:
    """Exec handlers that schedule and cancel a reboot; mixed into a vendor class."""

    # One timer per device name; the lab server runs every device in one event loop.
    _timers: ClassVar[dict[str, asyncio.Task[None]]] = {}
    _reboot_at: ClassVar[dict[str, float]] = {}
    """When each pending reboot fires, as ``time.time()``."""
    seconds_per_minute: ClassVar[float] = 60.0
    """Length of a timer minute; tests shorten it."""

    def _vendor(self) -> Vendor:
        return self  # type: ignore[return-value]

    def _arm_reboot(self, minutes: int) -> None:
        vendor = self._vendor()
        name = vendor.runtime.name
        self._cancel_reboot()
        self._timers[name] = asyncio.ensure_future(
            self._reboot_after(minutes * self.seconds_per_minute)
        )
        self._reboot_at[name] = time.time() + minutes * 60
        log.info("device %s: reboot scheduled in %d minute(s)", name, minutes)

    def _cancel_reboot(self) -> bool:
        self._reboot_at.pop(self._vendor().runtime.name, None)
        timer = self._timers.pop(self._vendor().runtime.name, None)
        if timer is None:
            return False
        timer.cancel()
        return True

    async def _reboot_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        vendor = self._vendor()
        runtime = vendor.runtime
        self._timers.pop(runtime.name, None)
        self._reboot_at.pop(runtime.name, None)
        if runtime.saved_text is not None:
            runtime.running.children = parse(runtime.saved_text, vendor.style).children
        else:
            from campusctl.lab.factory import factory_config
            from campusctl.lab.state import LAB_USERNAME

            fresh = factory_config(runtime.spec, LAB_USERNAME, runtime.password)
            runtime.running.children = fresh.children
        runtime.booted = time.time()
        vendor.on_changed()
        log.info("device %s: rebooted by its schedule; running the saved config", runtime.name)

    def _pending_reboot(self, stamp_format: str, template: str) -> str | None:
        """Return the notice of the pending reboot, or None when none is scheduled.

        ``template`` takes ``stamp`` (the reboot's local time in ``stamp_format``),
        ``hours`` and ``minutes`` (the time left) and ``total`` (the time left in minutes).
        """
        at = self._reboot_at.get(self._vendor().runtime.name)
        if at is None:
            return None
        total = max(0, round((at - time.time()) / 60))
        hours, minutes = divmod(total, 60)
        stamp = time.strftime(stamp_format, time.localtime(at))
        return template.format(stamp=stamp, hours=hours, minutes=minutes, total=total)

    # VRP ----------------------------------------------------------------------

    async def cmd_display_schedule_reboot(self, words: list[str]) -> str | None:
        """Show the pending reboot (VRP)."""
        return self._pending_reboot(
            "%Y-%m-%d %H:%M:%S",
            "Info: System will reboot at: {stamp} (in {hours} hours and {minutes} minutes).",
        )

    async def cmd_schedule_reboot_delay(self, words: list[str]) -> str | None:
        """Schedule a reboot in ``HH:MM`` (VRP)."""
        hours, _, mins = words[3].partition(":")
        if not (hours.isdigit() and mins.isdigit()) or int(mins) > 59:
            return "Error: Wrong parameter found at '^' position."
        minutes = int(hours) * 60 + int(mins)
        session = self._vendor().session
        answer = await session.ask(
            f"Info: Reboot system in {words[3]}.\n"
            "Warning: The system will reboot when the time runs out. Continue? [Y/N]:"
        )
        if not answer.lower().startswith("y"):
            return "Info: Operation cancelled."
        self._arm_reboot(minutes)
        return None

    async def cmd_undo_schedule_reboot(self, words: list[str]) -> str | None:
        """Cancel the scheduled reboot (VRP)."""
        self._cancel_reboot()
        return None

    # Comware --------------------------------------------------------------------

    async def cmd_scheduler_reboot_delay(self, words: list[str]) -> str | None:
        """Schedule a reboot in ``MINUTES`` (Comware)."""
        session = self._vendor().session
        answer = await session.ask(f"Reboot system in {words[3]} minute(s). Continue? [Y/N]:")
        if not answer.lower().startswith("y"):
            return None
        self._arm_reboot(int(words[3]))
        return None

    async def cmd_display_scheduler_reboot(self, words: list[str]) -> str | None:
        """Show the pending reboot (Comware); nothing when none is scheduled."""
        return self._pending_reboot(
            "%H:%M %m/%d/%Y",
            "System will reboot at {stamp} (in {hours} hours and {minutes} minutes).",
        )

    async def cmd_undo_scheduler_reboot(self, words: list[str]) -> str | None:
        """Cancel the scheduled reboot (Comware)."""
        self._cancel_reboot()
        return None

    # RGOS -----------------------------------------------------------------------

    async def cmd_reload_in(self, words: list[str]) -> str | None:
        """Schedule a reload in ``MINUTES`` (RGOS)."""
        session = self._vendor().session
        answer = await session.ask("Proceed with reload? [confirm]")
        if answer and not answer.lower().startswith("y"):
            return None
        self._arm_reboot(int(words[2]))
        return f"Reload scheduled in {words[2]} minutes."

    async def cmd_reload_cancel(self, words: list[str]) -> str | None:
        """Cancel the scheduled reload (RGOS)."""
        if not self._cancel_reboot():
            return "% No reload is scheduled."
        return "Reload cancelled."

    async def cmd_show_reload(self, words: list[str]) -> str | None:
        """Show the pending reload (RGOS)."""
        notice = self._pending_reboot(
            "%H:%M:%S %b %d %Y", "Reload scheduled for {stamp} (in {total} minutes)"
        )
        return notice or "No reload is scheduled."
