"""Stand-in transactions for rollout tests: no device, behaviour chosen by the device name.

Worker processes import this module by name to run the jobs, so it lives in
the test package rather than inside a test function.

Name suffixes:

- ``-fail`` ends failed;
- ``-crash`` ends its worker process, and ``-crash-after-NAME`` ends it once
  the job of device NAME has started (or after ``WAIT_SECONDS``); NAME may
  list several devices joined by ``+``;
- ``-changed-crash`` saves a backup and a ``started`` audit record, then ends
  its worker (the parent's rollback then only writes ``<name>.rolled_back``);
- ``-started`` saves a backup and a ``started`` audit record before the
  ``.started`` mark, and a final audit record when the job ends;
- ``-slow`` sleeps ``SLOW_SECONDS``, and ``-slow-fail`` sleeps, then ends failed;
- ``-stuck``: the parent's rollback fails;
- ``-timer``: the parent cannot cancel the revert timer of the lost change;
- ``-slow-rollback``: the parent's rollback takes ``ROLLBACK_SECONDS`` (the
  job sleeps too, as with ``-slow``, unless it crashes first);
- ``-lock`` reports whether its school's lock file is free;
- ``-secret`` returns an error quoting a registered secret.

The suffixes ``started``, ``slow``, ``fail``, ``stuck``, ``timer``, ``lock``
and ``secret`` combine in any order, as in ``sw-05-started-slow-fail``.

Each job appends the id of its process as a line to ``<marks>/<name>.started``
and writes ``<name>.done``, so a test can see which jobs ran, how often and
where, and wait for one to start.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from campusctl.diff import DiffMode
from campusctl.engine.access import DeviceAccess
from campusctl.engine.audit import AuditLog
from campusctl.engine.backup import BackupStore
from campusctl.engine.lock import LOCK_DIR
from campusctl.engine.redact import redact
from campusctl.engine.transaction import DeviceResult, Outcome, Transaction

SLOW_SECONDS = 1.5
ROLLBACK_SECONDS = 3.0
WAIT_SECONDS = 10.0
SECRET = "Lab-Secret-7781"


class StandInTransaction(Transaction):
    """A transaction whose outcome comes from its device's name."""

    def __init__(self, name: str, school: str, state: Path, marks: Path) -> None:
        access = DeviceAccess(
            name=name,
            school=school,
            platform="huawei_vrp",
            napalm_driver="campus_huawei_vrp",
            host="127.0.0.1",
            port=22,
            username="netops",
            password="unused",
        )
        super().__init__(
            access,
            "",
            mode=DiffMode.REPLACE,
            backups=BackupStore(state),
            audit=AuditLog(state),
            run="test-run",
        )
        self.state = state
        self.marks = marks

    def run(self) -> DeviceResult:
        """Behave as the name's suffixes select; mark the start and the end in the marks folder."""
        name = self.access.name
        words = _suffixes(name)
        if "started" in words:
            self.backups.save(name, f"backup of {name}\n")
            self._record(Outcome.STARTED, ["description changed"], None)
        with (self.marks / f"{name}.started").open("a", encoding="utf-8") as started:
            started.write(f"{os.getpid()}\n")
        if "-changed-crash" in name:
            self.backups.save(name, f"backup of {name}\n")
            self._record(Outcome.STARTED, ["description changed"], None)
            os._exit(3)
        if "-crash-after-" in name:
            others = name.split("-crash-after-", 1)[1].split("+")
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                if all((self.marks / f"{other}.started").exists() for other in others):
                    break
                time.sleep(0.05)
            os._exit(3)
        if name.endswith("-crash"):
            os._exit(3)
        if "slow" in words:
            time.sleep(SLOW_SECONDS)
        error = None
        outcome = Outcome.APPLIED
        if "fail" in words:
            outcome, error = Outcome.ROLLED_BACK, "rejected by the stand-in device"
        if "lock" in words:
            error = "school lock free" if _lock_free(self.state, self.access.school) else "held"
        if "secret" in words:
            error = redact(f"device said: bad key {SECRET}")
        if "started" in words:
            self._record(outcome, ["description changed"], error)
        (self.marks / f"{name}.done").write_text(str(os.getpid()), encoding="utf-8")
        return DeviceResult(name, self.access.school, outcome, error=error)

    def _end_stray_revert(self) -> str | None:
        """Mark the timer check; only the parent's recovery calls it."""
        name = self.access.name
        (self.marks / f"{name}.timer_checked").write_text("", encoding="utf-8")
        if "timer" in _suffixes(name):
            return "the stand-in device kept its revert timer"
        return None

    def _roll_back(self, backup: str) -> tuple[Outcome, str | None]:
        """Mark the rollback with the backup it got; only the parent's recovery calls it."""
        name = self.access.name
        if "-slow-rollback" in name:
            time.sleep(ROLLBACK_SECONDS)
        (self.marks / f"{name}.rolled_back").write_text(backup, encoding="utf-8")
        if "stuck" in _suffixes(name):
            return Outcome.ROLLBACK_FAILED, "the stand-in device kept the change"
        return Outcome.ROLLED_BACK, "rolled back by the stand-in"


def _suffixes(name: str) -> set[str]:
    """Return the words of a device's name, leaving out the names after ``-crash-after-``."""
    return set(name.split("-crash-after-", 1)[0].split("-"))


def _lock_free(state: Path, school: str) -> bool:
    path = state / LOCK_DIR / f"{school}.lock"
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def append_records(state: str, writer: int, count: int) -> int:
    """Append ``count`` large audit records as ``writer``; return ``writer``."""
    log = AuditLog(Path(state))
    for number in range(count):
        log.append_data({"writer": writer, "number": number, "padding": "x" * 20_000})
    return writer


def job_pid(item: int) -> tuple[int, int]:
    """Return the item and the id of the process that ran it."""
    return item, os.getpid()


def worker_job(item: str) -> str:
    """Run a pool job chosen by ``item``; return ``item``.

    ``"exit PATH"`` appends the id of this process as a line to the file at
    PATH, then ends the worker process. ``"sleep"`` sleeps a third of
    ``SLOW_SECONDS`` first.
    """
    if item.startswith("exit "):
        with Path(item.removeprefix("exit ")).open("a", encoding="utf-8") as runs:
            runs.write(f"{os.getpid()}\n")
        os._exit(3)
    if item == "sleep":
        time.sleep(SLOW_SECONDS / 3)
    return item


def collector_settings(item: int) -> tuple[int, int, int]:
    """Return ``item``, the young collection threshold and the frozen object count where the job runs."""
    import gc

    return item, gc.get_threshold()[0], gc.get_freeze_count()
