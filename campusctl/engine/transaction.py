"""One device's change as a transaction: back up, push and save, verify, or roll back.

The steps:

1. read the running config; refuse when it differs from the plan's;
2. compute the remediation toward the intended config; stop if empty;
3. back up the running config in the state folder;
4. in the session that read the backup, push the commands and commit
   (commit saves on every campusctl driver, before the verification, because
   a scheduled-revert reboot must come back with these commands saved);
5. push the management-path commands last, under a confirmed commit that the
   device reverts by itself unless a fresh session gets in and confirms it;
6. verify from a fresh session (the one that confirmed, or a new one) that
   nothing remains to change;
7. on any failure, close the change's sessions, push the remediation back to
   the backup and verify it from a new session.
"""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from campusctl.diff import DiffMode, ParsedConfig, plan_remediation, remediation_empty
from campusctl.engine.access import DeviceAccess
from campusctl.engine.audit import AuditLog, AuditRecord
from campusctl.engine.backup import BackupStore, config_hash
from campusctl.engine.errors import PlanStaleError, RollbackError, VerificationError
from campusctl.engine.login_account import hide_login_account
from campusctl.engine.planfile import DevicePlan
from campusctl.engine.redact import redact, redact_lines
from campusctl.engine.session import session
from campusctl.i18n import N_, _

log = logging.getLogger(__name__)

ROLLBACK_PASSES = 3
"""Pushes of a freshly computed undo before a rollback counts as failed."""

REVERT_RECOVERY_SECONDS = 600
"""How long a device may stay unreachable after its revert timer ran out (a reboot)."""

REVERT_POLL_SECONDS = 2.0

CONFIRM_SECONDS = 120
"""How long a confirmed commit of management-path changes waits before the device reverts it."""


class Outcome(StrEnum):
    """The end state of a device's change."""

    UNCHANGED = "unchanged"
    APPLIED = "applied"
    FAILED = "failed"  # nothing was changed
    ROLLED_BACK = "rolled_back"  # changed, failed, restored to the backup
    ROLLBACK_FAILED = "rollback_failed"  # changed, failed, and not restored: act now
    SKIPPED = "skipped"  # not attempted because the rollout stopped
    ABANDONED = "abandoned"  # a second Ctrl-C stopped the run mid-change: state unknown
    # Written before a change is pushed; the device's next record of the same run
    # ends it. Alone, it marks a change cut off with the run (a killed apply).
    STARTED = "started"


FAILED_OUTCOMES = frozenset(
    {
        Outcome.FAILED,
        Outcome.ROLLED_BACK,
        Outcome.ROLLBACK_FAILED,
        Outcome.SKIPPED,
        Outcome.ABANDONED,
    }
)


@dataclass
class DeviceResult:
    """The result of one device's transaction."""

    device: str
    school: str
    outcome: Outcome
    commands: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the device ended as intended."""
        return self.outcome not in FAILED_OUTCOMES


def _running(access: DeviceAccess) -> str:
    with session(access) as driver:
        return _read_running(driver)


def _read_running(driver: Any) -> str:
    config: dict[str, str] = driver.get_config(retrieve="running")
    return config["running"]


def _mismatch_after_change() -> str:
    return _("the device does not match its intended config after the change")


def _push(
    driver: Any, commands: tuple[str, ...], backup: str, revert_in: int | None = None
) -> None:
    driver.load_merge_candidate(config="\n".join(commands) + "\n")
    driver.set_rollback_point(backup)
    if revert_in is None:
        driver.commit_config()
    else:
        driver.commit_config(revert_in=revert_in)


def remediation_for(
    access: DeviceAccess, running: str, intended: str | ParsedConfig, mode: DiffMode
) -> Any:
    """Return the remediation plan from ``running`` to ``intended`` on the device's platform.

    The account the engine logs in with is never deleted unless ``intended`` names it.
    """
    text = intended.text if isinstance(intended, ParsedConfig) else intended
    visible = hide_login_account(running, text, access.username)
    return plan_remediation(visible, intended, access.platform, mode=mode)


def matches_target(
    access: DeviceAccess, running: str, intended: str | ParsedConfig, mode: DiffMode
) -> bool:
    """Return whether :func:`remediation_for` would be empty, without building the commands."""
    text = intended.text if isinstance(intended, ParsedConfig) else intended
    visible = hide_login_account(running, text, access.username)
    return remediation_empty(visible, intended, access.platform, mode=mode)


class Transaction:
    """Applies the intended config to one device with rollback on failure."""

    def __init__(
        self,
        access: DeviceAccess,
        intended: str,
        *,
        mode: DiffMode,
        backups: BackupStore,
        audit: AuditLog,
        run: str,
        plan: DevicePlan | None = None,
        confirm_seconds: int = CONFIRM_SECONDS,
    ) -> None:
        self.access = access
        self.intended = intended
        self.mode = mode
        self.backups = backups
        self.audit = audit
        self.run_id = run
        self.plan = plan
        self.confirm_seconds = confirm_seconds
        self._armed_driver: Any = None  # the session that armed a revert timer it did not confirm
        # Parsed when the transaction runs (in its worker process), then reused by
        # the change and its verification.
        self._intended: ParsedConfig | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Leave the parsed config and any open session out of a copy sent to a worker."""
        state = dict(self.__dict__)
        state["_intended"] = None
        state["_armed_driver"] = None
        return state

    def _intended_config(self) -> ParsedConfig:
        if self._intended is None:
            self._intended = ParsedConfig.parse(self.intended, self.access.platform)
        return self._intended

    def run(self) -> DeviceResult:
        """Run the transaction and return the outcome; device failures become outcomes, not exceptions."""
        started = time.monotonic()
        try:
            result = self._run()
        finally:
            self._forget_intended()
        result.seconds = time.monotonic() - started
        return result

    def _forget_intended(self) -> None:
        """Free the parsed intended config now, not at the collector's next full pass."""
        if self._intended is not None:
            self._intended.release()
            self._intended = None

    def _result(
        self, outcome: Outcome, commands: list[str] | None = None, error: str | None = None
    ) -> DeviceResult:
        # Device errors quote the failing command, which may carry a key: mask both.
        return DeviceResult(
            self.access.name,
            self.access.school,
            outcome,
            redact_lines(commands or []),
            redact(error) if error else None,
        )

    def _run(self) -> DeviceResult:
        name = self.access.name
        with ExitStack() as sessions:
            # The session that reads the backup pushes the change, so the device is
            # logged into once for both; verification reads from another session.
            try:
                driver = sessions.enter_context(session(self.access))
                if self.backups.change_unfinished(name):
                    self._end_unfinished_change_timer(driver)
                before = _read_running(driver)
                self._check_plan(before)
                intended = self._intended_config()
                remediation = remediation_for(self.access, before, intended, self.mode)
            except Exception as err:  # any failure before a change leaves the device untouched
                log.error(N_("%s: not changed: %s"), name, redact(str(err)))
                self._record(Outcome.FAILED, [], str(err))
                return self._result(Outcome.FAILED, error=str(err))
            commands = list(remediation.all_commands)
            if remediation.empty:
                return self._result(Outcome.UNCHANGED)
            self.backups.save(name, before)
            self._record(Outcome.STARTED, commands, None)
            self.backups.start_change(name)
            failure: Exception | None = None
            probe: Any | None = None
            try:
                probe = self._change(driver, remediation, before, sessions)
                if probe is not None:
                    self._verify(intended, self.mode, _mismatch_after_change(), probe)
            except Exception as err:
                failure = err
        # Every session of the change is closed here, before any rollback opens its own.
        try:
            if failure is None and probe is None:
                self._verify(intended, self.mode, _mismatch_after_change())
        except Exception as err:
            failure = err
        if failure is not None:
            log.error(N_("%s: change failed, rolling back: %s"), name, redact(str(failure)))
            outcome, rollback_note = self._roll_back(before)
            message = str(failure) if rollback_note is None else f"{failure}; {rollback_note}"
            self._record(outcome, commands, message, rollback=outcome.value)
            if outcome is Outcome.ROLLED_BACK:
                self.backups.finish_change(name)
            return self._result(outcome, commands, message)
        self._record(Outcome.APPLIED, commands, None)
        self.backups.finish_change(name)
        return self._result(Outcome.APPLIED, commands)

    def _end_unfinished_change_timer(self, driver: Any) -> None:
        """End any revert timer that an earlier change of the device armed and never confirmed.

        That change never ended (its run was killed, or interrupted twice), so
        its timer may still be armed. Left running, it would reboot the device
        or roll a trial back after this change reported success.
        """
        if driver.end_stray_revert():
            log.warning(
                N_("%s: cancelled the revert timer of an earlier unfinished change"),
                self.access.name,
            )
        self.backups.finish_change(self.access.name)

    def recover(self, reason: str) -> DeviceResult:
        """End a change whose run stopped without a result (its worker died, or it raised).

        Runs in the parent. A change that did not write a ``started`` record
        (see :meth:`_started`) never pushed anything, so it ends failed.
        Otherwise a fresh session first cancels any revert timer that the
        lost run armed and never confirmed. The device is then rolled back to
        the backup saved just before that record and verified, and the final
        audit record names how that went. A started change whose backup is
        gone, or whose timer could not be cancelled, ends ``rollback_failed``.
        """
        name = self.access.name
        message = _("the change of {device} ended unexpectedly: {reason}").format(
            device=name, reason=reason
        )
        if not self._started():
            self._record(Outcome.FAILED, [], message)
            return self._result(Outcome.FAILED, error=message)
        backup = self.backups.latest(name)
        if backup is None:
            log.error(N_("%s: change lost (%s) and its backup is missing"), name, reason)
            message += "; " + _(
                "its backup {path} is missing, so it was not rolled back; check its running "
                "config before the next run"
            ).format(path=self.backups.root / name / "latest.cfg")
            self._record(Outcome.ROLLBACK_FAILED, [], message)
            return self._result(Outcome.ROLLBACK_FAILED, error=message)
        log.error(N_("%s: change lost (%s), rolling back to its backup"), name, reason)
        timer_failure = self._end_stray_revert()
        outcome, note = self._roll_back(backup)
        message = f"{message}; {note}"
        if timer_failure is not None:
            outcome = Outcome.ROLLBACK_FAILED
            message += "; " + timer_failure
        if outcome is Outcome.ROLLBACK_FAILED:
            message += "; " + _(
                "compare its running config with its backup {path} before the next run"
            ).format(path=self.backups.root / name / "latest.cfg")
        self._record(outcome, [], message, rollback=outcome.value)
        if outcome is Outcome.ROLLED_BACK:
            self.backups.finish_change(name)
        return self._result(outcome, error=message)

    def _end_stray_revert(self) -> str | None:
        """End a revert timer that the lost run armed and never confirmed.

        Its session is gone, so a fresh session queries the device. Left
        running, the timer would fire after the recovery or its rerun: a
        reboot, or a rollback to the lost run's snapshot. Return None once no
        timer is pending, or else the message that names what to check.
        """
        name = self.access.name
        try:
            with session(self.access) as driver:
                ended = driver.end_stray_revert()
        except Exception as err:
            log.error(
                N_("%s: ending the revert timer of the lost change failed: %s"),
                name,
                redact(str(err)),
            )
            return _(
                "the revert timer that the lost change may have armed was not cancelled "
                "({error}); check {device} for a scheduled reboot or a pending confirmed "
                "commit and cancel it by hand"
            ).format(device=name, error=err)
        if ended:
            log.warning(N_("%s: cancelled the revert timer of the lost change"), name)
        return None

    def abandon(self) -> None:
        """Write the final audit record of a change that a second Ctrl-C left running.

        Runs in the parent, which stops the workers without waiting for the
        change, so the device may be half-changed. The record names the
        backup to compare the device with, if the change had saved one.
        """
        name = self.access.name
        backup = self.backups.latest(name) if self._started() else None
        if backup is None:
            message = _("interrupted again before the change of {device} pushed anything").format(
                device=name
            )
        else:
            message = _(
                "interrupted again in the middle of the change of {device}; compare its "
                "running config with its backup {path} before the next run, which first "
                "ends any revert timer the change left armed"
            ).format(device=name, path=self.backups.root / name / "latest.cfg")
        self._record(Outcome.ABANDONED, [], message)

    def _started(self) -> bool:
        """Return whether the device's last audit record of this run is ``started``.

        A device that runs twice in one run (after its worker process died)
        has the final record of its first run before its second run starts.
        """
        last = None
        for record in self.audit.records():
            if record.get("device") == self.access.name and record.get("run") == self.run_id:
                last = record.get("result")
        return last == Outcome.STARTED.value

    def _check_plan(self, running: str) -> None:
        if self.plan is None:
            return
        if config_hash(running) != self.plan.running_hash:
            raise PlanStaleError(
                _(
                    "the running config of {device} changed since the plan was made; make a new plan"
                ).format(device=self.access.name)
            )

    def _change(
        self, driver: Any, remediation: Any, before: str, sessions: ExitStack
    ) -> Any | None:
        """Push the change in ``driver``'s session.

        Return the fresh session that confirmed the management-path commands,
        still open so verification can read from it, or None when there were none.
        """
        if self.plan is not None:
            current = config_hash("\n".join(remediation.all_commands))
            if current != self.plan.commands_hash:
                raise PlanStaleError(
                    _("the commands for {device} differ from the plan; make a new plan").format(
                        device=self.access.name
                    )
                )
        if remediation.commands:
            _push(driver, remediation.commands, before)
        if not remediation.management_commands:
            return None
        try:
            _push(
                driver,
                remediation.management_commands,
                before,
                revert_in=self.confirm_seconds,
            )
        except Exception:
            # A partial management change can lock the engine out before the
            # rollback gets in; the armed timer then reverts the device.
            if driver.has_pending_commit():
                self._armed_driver = driver
            raise
        return self._confirm_management_path(driver, sessions)

    def _confirm_management_path(self, driver: Any, sessions: ExitStack) -> Any:
        """Confirm the pending commit only if a fresh session still gets in; return that session.

        Getting in is the proof: the login and the session's preparation
        (paging off, the prompt found) run commands through the management
        path. The verification then reads the running config through the same
        session, so a getter here would only cost the device and the engine.
        """
        try:
            probe = sessions.enter_context(session(self.access))
        except Exception as err:
            log.error(
                N_("%s: management path lost after the change, waiting for the revert"),
                self.access.name,
            )
            self._await_revert(driver)
            raise VerificationError(
                _("the change cut the management path of {device}; the device reverted it").format(
                    device=self.access.name
                )
            ) from err
        driver.confirm_commit()
        return probe

    def _reach_or_await_revert(self, driver: Any) -> None:
        """Return at once if a session gets in; otherwise wait for the armed revert timer."""
        try:
            with session(self.access) as probe:
                probe.get_facts()
        except Exception as err:
            log.error(
                N_("%s: locked out by a partial management change, waiting for the revert: %s"),
                self.access.name,
                redact(str(err)),
            )
            self._await_revert(driver)

    def _await_revert(self, driver: Any) -> None:
        """Wait until the device's revert timer ran out and a session gets in again.

        The timer runs for whole minutes on every platform, so the wait is the
        armed timer's length, not the requested seconds. A scheduled reboot
        then takes the device away for a while, so sessions are retried until
        ``REVERT_RECOVERY_SECONDS`` after the timer.
        """
        timer = getattr(driver, "pending_revert", None)
        seconds = getattr(timer, "seconds", 0) or self.confirm_seconds
        time.sleep(seconds)
        deadline = time.monotonic() + REVERT_RECOVERY_SECONDS
        while True:
            try:
                _running(self.access)
            except Exception as err:
                if time.monotonic() > deadline:
                    log.error(
                        N_("%s: still unreachable after the revert: %s"), self.access.name, err
                    )
                    return
                time.sleep(REVERT_POLL_SECONDS)
                continue
            return

    def _verify(
        self, target: ParsedConfig, mode: DiffMode, message: str, fresh: Any | None = None
    ) -> None:
        """Read the running config; raise unless nothing is left to change.

        The read goes through ``fresh``, a session opened after the change was
        pushed, or else through a new session.
        """
        after = _running(self.access) if fresh is None else _read_running(fresh)
        if matches_target(self.access, after, target, mode):
            return
        left = remediation_for(self.access, after, target, mode)
        if not left.empty:
            raise VerificationError(
                f"{message}: " + "; ".join(redact(line) for line in left.all_commands[:5])
            )

    def _roll_back(self, backup: str) -> tuple[Outcome, str | None]:
        """Return the device to ``backup`` and verify; report how it went.

        The undo is recomputed from a fresh read and pushed again, up to
        ``ROLLBACK_PASSES`` times, because a rejected line stops a push and a
        negation can leave lines the device keeps (``undo snmp-agent`` keeps
        the SNMP views on VRP).
        """
        try:
            if self._armed_driver is not None:
                self._reach_or_await_revert(self._armed_driver)
            target = ParsedConfig.parse(backup, self.access.platform)
            for attempt in range(1, ROLLBACK_PASSES + 1):
                current = _running(self.access)
                undo = remediation_for(self.access, current, target, DiffMode.EXACT)
                if undo.empty:
                    break
                try:
                    with session(self.access) as driver:
                        driver.load_merge_candidate(config="\n".join(undo.all_commands) + "\n")
                        driver.set_rollback_point(current)
                        driver.commit_config()
                except Exception as err:  # the next pass starts from what the device kept
                    log.warning(
                        N_("%s: rollback pass %d of %d reported: %s"),
                        self.access.name,
                        attempt,
                        ROLLBACK_PASSES,
                        redact(str(err)),
                    )
            self._verify(target, DiffMode.EXACT, _("the rollback did not restore the backup"))
        except Exception as err:
            log.error(N_("%s: ROLLBACK FAILED: %s"), self.access.name, redact(str(err)))
            failure = RollbackError(
                _(
                    "rollback of {device} failed: {error}; restore it from its backup by hand"
                ).format(device=self.access.name, error=err)
            )
            return Outcome.ROLLBACK_FAILED, str(failure)
        return Outcome.ROLLED_BACK, _("rolled back to the pre-change config")

    def _record(
        self, outcome: Outcome, commands: list[str], error: str | None, rollback: str | None = None
    ) -> None:
        self.audit.append(
            AuditRecord(
                device=self.access.name,
                school=self.access.school,
                result=outcome.value,
                commands=commands,
                rollback=rollback,
                error=error,
                run=self.run_id,
            )
        )
