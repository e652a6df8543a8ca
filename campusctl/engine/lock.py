"""Per-school locks, so two runs never change the same school at once."""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from campusctl.engine.errors import LockedError
from campusctl.i18n import _

LOCK_DIR = "locks"


def _holder(text: str) -> tuple[str, str]:
    """Return the PID and start time that a lock file records, or "?" for each."""
    try:
        record = json.loads(text)
    except ValueError:
        return "?", "?"
    if not isinstance(record, dict):
        return "?", "?"
    return str(record.get("pid", "?")), str(record.get("since", "?"))


class SchoolLocks:
    """Holds an exclusive lock file per school for the life of a run."""

    def __init__(self, state: Path, schools: list[str]) -> None:
        self.dir = state / LOCK_DIR
        self.schools = sorted(set(schools))
        self._stack = ExitStack()

    def __enter__(self) -> SchoolLocks:
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            for school in self.schools:
                self._acquire(school)
        except BaseException:
            self._stack.close()
            raise
        return self

    def _acquire(self, school: str) -> None:
        path = self.dir / f"{school}.lock"
        handle = self._stack.enter_context(path.open("a+", encoding="utf-8"))
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            handle.seek(0)
            pid, since = _holder(handle.read())
            raise LockedError(
                _(
                    "school {school} is being changed by another run (PID {pid}, since {since}); "
                    "wait for it or check that process"
                ).format(school=school, pid=pid, since=since)
            ) from err
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": time.strftime("%Y-%m-%dT%H:%M:%S")}))
        handle.flush()
        self._stack.callback(fcntl.flock, handle, fcntl.LOCK_UN)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()
