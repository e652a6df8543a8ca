"""The configuration half of NAPALM's NetworkDriver contract, shared by the campus drivers.

* ``load_merge_candidate`` takes configuration commands and ``commit_config``
  pushes them as given, as NAPALM's merge does; ``compare_config`` returns
  them. The change engine computes its remediation with the campus diff and
  pushes it this way.
* ``load_replace_candidate`` takes a whole intended configuration;
  ``compare_config`` returns the campus diff's remediation (protected
  sections are never negated) and ``commit_config`` pushes it.
* Every commit commits (VRP8) and saves, except a confirmed one
  (``revert_in``): it arms a revert timer first and saves only in
  ``confirm_commit``.
* The running configuration read before each commit is kept, so
  ``rollback`` can compute and push the way back. A caller that already
  holds the config to return to (the change engine's backup) gives it with
  ``set_rollback_point`` and saves the commit that read.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from napalm.base.exceptions import CommitError, MergeConfigException, ReplaceConfigException

from campusctl.diff import DiffMode, RemediationPlan, plan_remediation
from campusctl.diff.normalise import mask_secrets
from campusctl.drivers.compat import NetmikoCompat
from campusctl.drivers.connection import ConnectionParams
from campusctl.drivers.profiles import Timeouts, timeouts_for
from campusctl.drivers.revert import (
    STRAY_TIMER_CHECKS,
    RevertTimer,
    StrayTimerCheck,
    scheduled_revert,
    trial_commit,
)
from campusctl.drivers.session import CampusSession
from campusctl.errors import DeviceError
from campusctl.i18n import _
from campusctl.netkit.replies import check_reply
from campusctl.platforms import PlatformId

logger = logging.getLogger(__name__)


class CampusCommitError(DeviceError, CommitError):  # type: ignore[misc]
    """Raised when a candidate cannot be pushed, committed or saved."""

    code = "E3301"


def _commit_error(err: Exception, device: str) -> CampusCommitError:
    """Return the commit error for ``err``, keeping the device error's own code.

    The device error (``E3101`` rejected command, ``E3205`` closed session)
    is more specific than the generic commit failure, and one code is clearer than two.
    """
    message = str(err.args[0]) if err.args else str(err)
    wrapped = CampusCommitError(message, device=device)
    code = getattr(err, "code", None)
    if isinstance(code, str):
        wrapped.code = code
    return wrapped


class CampusCandidateError(DeviceError, MergeConfigException, ReplaceConfigException):  # type: ignore[misc]
    """Raised when a candidate cannot be loaded (missing file, nothing given)."""

    code = "E3302"


class CampusDriverMixin:
    """open/close, get_config and the candidate workflow on a :class:`CampusSession`.

    ``timeout`` is the command timeout in seconds. ``optional_args``:
    ``port`` (22); ``host_key`` (pinned ``"type base64"``) and/or
    ``known_hosts`` (a known_hosts file), one of them required; ``secret``
    (enable secret); ``encoding`` or ``charset`` (``utf-8``, ``gbk``);
    ``conn_timeout`` and ``save_timeout`` (seconds); ``role`` (inventory
    role, for the platform's default timeouts when none are given);
    ``device_name`` (for messages); ``management_vlan`` (its SVI changes are
    pushed last by ``compare_config`` on a replace).
    """

    PLATFORM: PlatformId
    RUNNING_COMMAND: str
    STARTUP_COMMAND: str

    hostname: str
    username: str
    password: str
    timeout: int
    device: Any

    def _init_campus(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int,
        optional_args: dict[str, Any] | None,
    ) -> None:
        options = dict(optional_args or {})
        self.hostname = hostname
        self.username = username
        self.password = password
        self.timeout = timeout
        self.device = None
        defaults = timeouts_for(self.PLATFORM, options.get("role"))
        connect = float(options.get("conn_timeout", defaults.connect))
        timeouts = Timeouts(
            connect=connect,
            auth=max(connect, defaults.auth),
            command=float(timeout) if timeout else defaults.command,
            save=float(options.get("save_timeout", defaults.save)),
        )
        self.campus_params = ConnectionParams(
            device=str(options.get("device_name", hostname)),
            host=hostname,
            port=int(options.get("port", 22)),
            username=username,
            password=password,
            platform=self.PLATFORM,
            host_key=options.get("host_key"),
            known_hosts=options.get("known_hosts"),
            secret=str(options.get("secret", "")),
            charset=str(options.get("charset", options.get("encoding", "utf-8"))),
            role=options.get("role"),
            timeouts=timeouts,
        )
        vlan = options.get("management_vlan")
        self.management_vlan: int | None = int(vlan) if vlan is not None else None
        self.session: CampusSession | None = None
        self.candidate: str | None = None
        self.candidate_mode = DiffMode.MERGE
        self.backup: str | None = None
        self._rollback_point: str | None = None
        self.pending_revert: RevertTimer | None = None

    # --- connection -----------------------------------------------------------------

    def open(self) -> None:
        """Connect and prepare the session."""
        session = CampusSession(self.campus_params)
        session.open()
        self.session = session
        self.device = NetmikoCompat(session)

    def close(self) -> None:
        """Close the session."""
        if self.session is not None:
            self.session.close()
        self.session = None
        self.device = None

    def is_alive(self) -> dict[str, bool]:
        """Return ``{"is_alive": bool}``."""
        return {"is_alive": self.session is not None and self.session.is_alive()}

    def _session(self) -> CampusSession:
        if self.session is None:
            raise DeviceError(
                _("{device}: the driver is not open; call open() first.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        return self.session

    def cli(self, commands: list[str], encoding: str = "text") -> dict[str, str | dict[str, Any]]:
        """Run show commands and return their output by command; errors are returned as text."""
        session = self._session()
        return {command: session.run(command, check=False) for command in commands}

    def get_config(
        self,
        retrieve: str = "all",
        full: bool = False,
        sanitized: bool = False,
        format: str = "text",
    ) -> dict[str, str]:
        """Return the running, startup and candidate configurations as text."""
        session = self._session()
        result = {"running": "", "startup": "", "candidate": ""}
        if retrieve in ("all", "running"):
            result["running"] = session.run(self.RUNNING_COMMAND, timeout=session.timeouts.save)
        if retrieve in ("all", "startup"):
            result["startup"] = session.run(self.STARTUP_COMMAND, timeout=session.timeouts.save)
        if retrieve in ("all", "candidate"):
            result["candidate"] = self.candidate or ""
        if sanitized:
            for key, text in result.items():
                result[key] = "\n".join(
                    mask_secrets(line, self.PLATFORM) for line in text.splitlines()
                )
        return result

    # --- candidate workflow -----------------------------------------------------------------

    def _load(self, filename: str | None, config: str | None, mode: DiffMode) -> None:
        if config is None and filename is not None:
            try:
                config = Path(filename).read_text(encoding="utf-8")
            except OSError as err:
                raise CampusCandidateError(
                    _("{device}: cannot read candidate file {path}: {error}").format(
                        device=self.campus_params.device, path=filename, error=err.strerror
                    ),
                    device=self.campus_params.device,
                ) from err
        if config is None:
            raise CampusCandidateError(
                _("{device}: give a candidate file name or config text.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        self.candidate = self._normalise_candidate(config)
        self.candidate_mode = mode

    def _normalise_candidate(self, config: str) -> str:
        return config

    def set_rollback_point(self, config: str) -> None:
        """Make ``config`` what :meth:`rollback` restores after the next commit.

        The next commit then skips its own read of the running config. Give
        only a config read from this device, such as the backup taken before
        the change.
        """
        self._rollback_point = config

    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        """Load configuration commands that ``commit_config`` pushes as given."""
        self._load(filename, config, DiffMode.MERGE)

    def load_replace_candidate(
        self, filename: str | None = None, config: str | None = None
    ) -> None:
        """Load a whole intended configuration (protected sections are kept on commit)."""
        self._load(filename, config, DiffMode.REPLACE)

    def _running(self) -> str:
        session = self._session()
        return session.run(self.RUNNING_COMMAND, timeout=session.timeouts.save)

    def _candidate_commands(self) -> tuple[str, ...]:
        if self.candidate is None:
            return ()
        if self.candidate_mode is DiffMode.MERGE:
            # Separator and comment lines ("#", "!") carry no command.
            return tuple(
                line
                for line in self.candidate.splitlines()
                if line.strip() and line.strip() not in ("#", "!")
            )
        plan: RemediationPlan = plan_remediation(
            self._running(),
            self.candidate,
            self.PLATFORM,
            mode=DiffMode.REPLACE,
            management_vlan=self.management_vlan,
        )
        return plan.all_commands

    def compare_config(self) -> str:
        """Return the commands a commit would push; empty when there is nothing to do."""
        return "\n".join(self._candidate_commands())

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        """Push the candidate and save; with ``revert_in``, arm a revert timer and do not save.

        :param revert_in: seconds after which the device undoes the change
            unless :meth:`confirm_commit` runs (rounded up to whole minutes
            where the timer is a scheduled reboot).
        :raise CampusCommitError: naming the command the device rejected.
        """
        if self.pending_revert is not None:
            raise CampusCommitError(
                _("{device}: a confirmed commit is pending; confirm or roll it back first.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        commands = self._candidate_commands()
        self.discard_config()
        if not commands:
            return
        point, self._rollback_point = self._rollback_point, None
        self.backup = point if point is not None else self._running()
        session = self._session()
        try:
            if revert_in is None:
                session.push(list(commands))
                self._commit_and_save(session)
                return
            if session.two_stage is None:
                # Only a configuration prompt shows whether the views edit a candidate.
                session.config_mode()
            if session.two_stage:
                # The candidate takes effect only at the commit, which arms the timer.
                session.config_mode()
                timer = trial_commit(revert_in)
                session.push(list(commands))
                for step in timer.arm:
                    session.dialogue(step)
                self.pending_revert = timer
                session.exit_config_mode()
                return
            timer = scheduled_revert(self.PLATFORM, revert_in)
            session.exit_config_mode()
            for step in timer.arm:
                session.dialogue(step)
            self.pending_revert = timer
            session.push(list(commands))
            self._commit_only(session)
        except DeviceError as err:
            raise _commit_error(err, self.campus_params.device) from err

    def _commit_only(self, session: CampusSession) -> None:
        prompt = session.prompt
        if prompt is not None and prompt.uncommitted:
            session.run("commit", timeout=session.timeouts.save)
        session.exit_config_mode()

    def _commit_and_save(self, session: CampusSession) -> None:
        self._commit_only(session)
        session.save()

    def has_pending_commit(self) -> bool:
        """True between a confirmed commit and its confirmation."""
        return self.pending_revert is not None

    def confirm_commit(self) -> None:
        """Cancel the revert timer and save the change."""
        timer = self.pending_revert
        if timer is None:
            raise CampusCommitError(
                _("{device}: no confirmed commit is pending.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        session = self._session()
        try:
            if timer.trial:
                session.config_mode()
            session.dialogue(timer.cancel)
            session.exit_config_mode()
            self.pending_revert = None
            session.save()
        except DeviceError as err:
            raise _commit_error(err, self.campus_params.device) from err

    def end_stray_revert(self) -> bool:
        """Cancel a revert timer that another session armed and never confirmed.

        Return whether one was pending. The checks of the platform
        (:data:`~campusctl.drivers.revert.STRAY_TIMER_CHECKS`) run in order;
        a cancelled timer must be gone when its query runs again.

        :raise CampusCommitError: when the device rejects a query or a
            cancel, or still shows the timer after the cancel.
        """
        session = self._session()
        ended = False
        try:
            for check in STRAY_TIMER_CHECKS[self.PLATFORM]:
                if check.two_stage_only:
                    if session.two_stage is None:
                        # Only a configuration prompt shows whether the views edit a candidate.
                        session.config_mode()
                    if not session.two_stage:
                        continue
                    session.config_mode()
                else:
                    session.exit_config_mode()
                ended = self._end_stray_timer(session, check) or ended
            session.exit_config_mode()
        except DeviceError as err:
            raise _commit_error(err, self.campus_params.device) from err
        return ended

    def _end_stray_timer(self, session: CampusSession, check: StrayTimerCheck) -> bool:
        if check.query is not None and check.pending is not None:
            if not check.pending.search(session.run(check.query)):
                return False
            session.dialogue(check.cancel)
            if check.pending.search(session.run(check.query)):
                raise CampusCommitError(
                    _(
                        "{device}: {command!r} did not end the pending revert timer; "
                        "{query!r} still shows it."
                    ).format(
                        device=self.campus_params.device,
                        command=check.cancel.line,
                        query=check.query,
                    ),
                    device=self.campus_params.device,
                )
            return True
        reply = session.run(check.cancel.line, check=False)
        if check.nothing_pending is not None and check.nothing_pending.search(reply):
            return False
        check_reply(check.cancel.line, reply, self.PLATFORM, device=self.campus_params.device)
        return True

    def discard_config(self) -> None:
        """Forget the loaded candidate."""
        self.candidate = None

    def rollback(self) -> None:
        """Restore the running configuration read before the last commit, and save it."""
        if self.backup is None:
            raise CampusCommitError(
                _("{device}: nothing to roll back to; no commit ran in this session.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        session = self._session()
        plan = plan_remediation(self._running(), self.backup, self.PLATFORM, mode=DiffMode.EXACT)
        try:
            if not plan.empty:
                session.push(list(plan.all_commands))
            self._commit_only(session)
            if self.pending_revert is not None:
                session.dialogue(self.pending_revert.cancel)
                self.pending_revert = None
            session.save()
        except DeviceError as err:
            raise _commit_error(err, self.campus_params.device) from err
        logger.info(
            "%s: rolled back (%d commands)", self.campus_params.device, len(plan.all_commands)
        )
