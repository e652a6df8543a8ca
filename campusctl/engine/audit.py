"""The audit log: one JSON line per change, appended, never rewritten.

Each record names who changed which device when, with which commands
(secrets masked), and how it ended, including any rollback. Auditors read it
through the report; ``jq`` reads it directly::

    {"time": "2026-12-04T20:15:00+08:00", "operator": "netops", "school": "2440106001",
     "device": "YCSY-CORE-01", "commands": ["vlan 20", ...], "result": "applied",
     "rollback": null, "error": null, "run": "3f2a..."}
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from campusctl.engine.redact import redact, redact_lines
from campusctl.i18n import _

AUDIT_FILE = "audit/changes.jsonl"
ENV_OPERATOR = "CAMPUSCTL_OPERATOR"


def operator() -> str:
    """Return who runs the change: ``$CAMPUSCTL_OPERATOR`` or the login name."""
    return os.environ.get(ENV_OPERATOR) or getpass.getuser()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One applied (or attempted) change on one device."""

    device: str
    school: str
    result: str
    """started, applied, unchanged, failed, rolled_back, rollback_failed or abandoned."""
    commands: list[str] = field(default_factory=list)
    rollback: str | None = None
    error: str | None = None
    run: str = ""
    operator: str = field(default_factory=operator)
    time: str = field(
        default_factory=lambda: datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    )


class AuditLog:
    """Append-only JSON-lines log of changes in the state folder."""

    def __init__(self, state: Path) -> None:
        self.path = state / AUDIT_FILE

    def append(self, record: AuditRecord) -> None:
        """Append one record, masking secrets, under an exclusive file lock."""
        # A shallow copy: asdict would deep-copy hundreds of commands only to replace them.
        data: dict[str, object] = {f.name: getattr(record, f.name) for f in fields(record)}
        data["commands"] = redact_lines(record.commands)
        if record.error:
            data["error"] = redact(record.error)
        self.append_data(data)

    def append_data(self, data: dict[str, object]) -> None:
        """Append one JSON object as given, with the time when it has none.

        The caller masks any secret first: this writes ``data`` unchanged.
        Several worker processes append at once, so each record goes out in
        one ``write`` on a descriptor opened with ``O_APPEND``. On a local
        Linux filesystem the kernel puts such a write whole at the end of
        the file, so no record splits another. The exclusive lock also keeps
        out a writer that appends in several writes (an older campusctl).
        """
        data.setdefault("time", datetime.now(UTC).astimezone().isoformat(timespec="seconds"))
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        line = (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(
                    errno.EIO,
                    _("short write to the audit log {path}: {written} of {size} bytes").format(
                        path=self.path, written=written, size=len(line)
                    ),
                )
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock

    def records(self) -> Iterator[dict[str, object]]:
        """Yield every record, oldest first."""
        if not self.path.is_file():
            return
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
