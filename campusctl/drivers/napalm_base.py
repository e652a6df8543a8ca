"""The configuration half of NAPALM's NetworkDriver contract, shared by the campus drivers.

Candidates are compared with the campus diff, not with a device-side diff:
``compare_config`` returns the remediation commands that take the running
configuration to the candidate (merge: only what the candidate mentions;
replace: the whole device, except protected sections), and
``commit_config`` pushes them through the session, commits on VRP8, and
saves. The running configuration read at commit time is kept, so
``rollback`` can compute and push the way back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from napalm.base.exceptions import CommitError, MergeConfigException, ReplaceConfigException

from campusctl.diff import DiffMode, RemediationPlan, plan_remediation
from campusctl.diff.normalise import mask_secrets
from campusctl.drivers.compat import NetmikoCompat
from campusctl.drivers.session import CampusSession, ConnectionParams
from campusctl.errors import DeviceError
from campusctl.i18n import _
from campusctl.platforms import PlatformId

logger = logging.getLogger(__name__)


class CampusCommitError(DeviceError, CommitError):  # type: ignore[misc]
    """Raised when a candidate cannot be pushed, committed or saved."""

    code = "E3301"


class CampusCandidateError(DeviceError, MergeConfigException, ReplaceConfigException):  # type: ignore[misc]
    """Raised when a candidate cannot be loaded (missing file, nothing given)."""

    code = "E3302"


class CampusDriverMixin:
    """open/close, get_config and the candidate workflow on a :class:`CampusSession`.

    ``optional_args``: ``port`` (22), ``host_key`` (pinned, required),
    ``secret`` (enable secret), ``charset`` (``utf-8`` or ``gbk``), ``role``
    (inventory role, selects longer timeouts on core switches),
    ``device_name`` (for messages; defaults to the hostname argument),
    ``management_vlan`` (its SVI changes are pushed last).
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
        self.campus_params = ConnectionParams(
            device=str(options.get("device_name", hostname)),
            host=hostname,
            port=int(options.get("port", 22)),
            username=username,
            password=password,
            platform=self.PLATFORM,
            host_key=options.get("host_key"),
            secret=str(options.get("secret", "")),
            charset=str(options.get("charset", "utf-8")),
            role=options.get("role"),
        )
        vlan = options.get("management_vlan")
        self.management_vlan: int | None = int(vlan) if vlan is not None else None
        self.session: CampusSession | None = None
        self.candidate: str | None = None
        self.candidate_mode = DiffMode.MERGE
        self.backup: str | None = None
        self.last_plan: RemediationPlan | None = None

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
        self.last_plan = None

    def _normalise_candidate(self, config: str) -> str:
        return config

    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        """Load a candidate whose top-level sections and lines are merged into the device."""
        self._load(filename, config, DiffMode.MERGE)

    def load_replace_candidate(
        self, filename: str | None = None, config: str | None = None
    ) -> None:
        """Load a candidate that replaces the whole configuration (protected sections kept)."""
        self._load(filename, config, DiffMode.REPLACE)

    def _plan(self) -> RemediationPlan:
        if self.candidate is None:
            return RemediationPlan(self.PLATFORM, self.candidate_mode, ())
        running = self._session().run(self.RUNNING_COMMAND, timeout=self._session().timeouts.save)
        self.backup = running
        self.last_plan = plan_remediation(
            running,
            self.candidate,
            self.PLATFORM,
            mode=self.candidate_mode,
            management_vlan=self.management_vlan,
        )
        return self.last_plan

    def compare_config(self) -> str:
        """Return the commands that take the device to the candidate; empty when it is there."""
        return self._plan().text()

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        """Push the candidate's remediation, commit (VRP8) and save.

        :raise CampusCommitError: naming the command the device rejected.
        """
        if revert_in is not None:
            # TODO: confirmed commits (VRP8 commit trial, IOS configure replace
            # ... time) belong to the change engine; this driver pushes and saves only.
            raise NotImplementedError(
                _("{device}: commit with revert_in is not supported by this driver.").format(
                    device=self.campus_params.device
                )
            )
        plan = self._plan()
        if plan.empty:
            self.discard_config()
            return
        self._push_and_save(plan.all_commands)
        self.discard_config()

    def _push_and_save(self, commands: tuple[str, ...]) -> None:
        session = self._session()
        try:
            session.push(list(commands))
            prompt = session.prompt
            if prompt is not None and prompt.uncommitted:
                session.run("commit", timeout=session.timeouts.save)
            session.exit_config_mode()
            session.save()
        except DeviceError as err:
            raise CampusCommitError(str(err), device=self.campus_params.device) from err

    def discard_config(self) -> None:
        """Forget the loaded candidate."""
        self.candidate = None
        self.last_plan = None

    def rollback(self) -> None:
        """Restore the running configuration read before the last commit."""
        if self.backup is None:
            raise CampusCommitError(
                _("{device}: nothing to roll back to; no commit ran in this session.").format(
                    device=self.campus_params.device
                ),
                device=self.campus_params.device,
            )
        running = self._session().run(self.RUNNING_COMMAND, timeout=self._session().timeouts.save)
        plan = plan_remediation(running, self.backup, self.PLATFORM, mode=DiffMode.REPLACE)
        if not plan.empty:
            self._push_and_save(plan.all_commands)
        logger.info(
            "%s: rolled back (%d commands)", self.campus_params.device, len(plan.all_commands)
        )
