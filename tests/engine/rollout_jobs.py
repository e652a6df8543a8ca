"""Stand-in transactions for rollout tests: no device, behaviour chosen by the device name.

Worker processes import this module by name to run the jobs, so it lives in
the test package rather than inside a test function.

Name suffixes:

- ``-fail`` ends failed;
- ``-crash`` ends its worker process, and ``-crash-after-NAME`` ends it once
  the job of device NAME has started (or after ``WAIT_SECONDS``);
- ``-changed-crash`` saves a backup and a ``started`` audit record, then ends
  its worker (the parent's rollback then only writes ``<name>.rolled_back``);
- ``-slow`` sleeps ``SLOW_SECONDS``, and ``-slow-fail`` sleeps, then ends failed;
- ``-lock`` reports whether its school's lock file is free;
- ``-secret`` returns an error quoting a registered secret.

Each job writes ``<marks>/<name>.started`` and ``<name>.done`` files, so a
test can see which jobs ran and wait for one to start.
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
        """Behave as the name's suffix selects; mark the start and the end in the marks folder."""
        name = self.access.name
        (self.marks / f"{name}.started").write_text(str(os.getpid()), encoding="utf-8")
        if name.endswith("-changed-crash"):
            self.backups.save(name, f"backup of {name}\n")
            self._record(Outcome.STARTED, ["description changed"], None)
            os._exit(3)
        if "-crash-after-" in name:
            other = self.marks / f"{name.split('-crash-after-', 1)[1]}.started"
            deadline = time.monotonic() + WAIT_SECONDS
            while not other.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            os._exit(3)
        if name.endswith("-crash"):
            os._exit(3)
        if name.endswith(("-slow", "-slow-fail")):
            time.sleep(SLOW_SECONDS)
        error = None
        outcome = Outcome.APPLIED
        if name.endswith("-fail"):
            outcome, error = Outcome.ROLLED_BACK, "rejected by the stand-in device"
        if name.endswith("-lock"):
            error = "school lock free" if _lock_free(self.state, self.access.school) else "held"
        if name.endswith("-secret"):
            error = redact(f"device said: bad key {SECRET}")
        (self.marks / f"{name}.done").write_text(str(os.getpid()), encoding="utf-8")
        return DeviceResult(name, self.access.school, outcome, error=error)

    def _roll_back(self, backup: str) -> tuple[Outcome, str | None]:
        """Mark the rollback with the backup it got; only the parent's recovery calls it."""
        (self.marks / f"{self.access.name}.rolled_back").write_text(backup, encoding="utf-8")
        return Outcome.ROLLED_BACK, "rolled back by the stand-in"


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


def collector_settings(item: int) -> tuple[int, int, int]:
    """Return ``item``, the young collection threshold and the frozen object count where the job runs."""
    import gc

    return item, gc.get_threshold()[0], gc.get_freeze_count()
