"""Read the change history (audit log) and the drift found by the last verification.

Both live in the state folder: ``$CAMPUSCTL_STATE`` when set, else ``state/``
beside the inventory folder.

``audit.jsonl`` (and any ``audit/*.jsonl``) contains one JSON object per
applied change::

    {"time": "2026-12-04T20:01:02+08:00", "operator": "netadmin", "device": "YCSY-CORE-01",
     "diff": "+ ntp-service unicast-server 198.18.255.1", "result": "applied",
     "rollback": false, "school": "2440106001"}

``diff`` may also be a list of lines, ``rollback`` a boolean or a text saying
what was rolled back, and ``school`` is optional (the device name locates it).

``drift.json`` contains the last verification::

    {"time": "2026-12-04T20:05:00+08:00",
     "devices": [{"device": "YCSY-CORE-01", "school": "2440106001",
                  "diff": ["- ntp-service unicast-server 198.18.255.2"]}]}

A device listed with an empty diff was verified and found in sync.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from campusctl.errors import ReportError
from campusctl.i18n import N_, _

log = logging.getLogger(__name__)

ENV_STATE = "CAMPUSCTL_STATE"
AUDIT_FILE = "audit.jsonl"
AUDIT_DIR = "audit"
DRIFT_FILE = "drift.json"

_SECRET_KEYWORDS = frozenset(
    {
        "password",
        "secret",
        "cipher",
        "irreversible-cipher",
        "shared-key",
        "key-string",
        "community",
        "authentication-mode",
        "privacy-mode",
        "pre-shared-key",
        "psk",
    }
)
"""Words after which a configuration line carries a credential (VRP, Comware, IOS, RGOS)."""

_SECRET_MODIFIERS = frozenset(
    {"cipher", "irreversible-cipher", "simple", "plain", "encrypted", "hash"}
    | {"sha", "sha2-256", "sha2-512", "md5", "aes128", "aes256", "des56", "3des"}
    | {"0", "5", "7", "8", "9", "read", "write", "ro", "rw", "pass-phrase"}
)
"""Words between the keyword and the credential: encoding, algorithm or access mode."""


class HistoryInvalid(ReportError):
    """Raised when the drift file exists but cannot be read."""

    code = "E7300"


def state_dir(inventory_root: Path) -> Path:
    """Return the state folder for the inventory at ``inventory_root`` (not created)."""
    configured = os.environ.get(ENV_STATE)
    if configured:
        return Path(configured)
    return inventory_root.resolve().parent / "state"


def redact(line: str) -> str:
    """Replace credentials in a configuration line with ``******``.

    The engine masks secrets before it records a diff; this is a second guard,
    because the report is handed to people outside the operations team.
    """
    tokens = re.split(r"(\s+)", line)
    masking = False
    for index, token in enumerate(tokens):
        if not token or token.isspace():
            continue
        word = token.lower()
        if word in _SECRET_KEYWORDS:
            masking = True
        elif masking and word not in _SECRET_MODIFIERS:
            tokens[index] = "******"
            masking = False
    return "".join(tokens)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [redact(line) for line in value.splitlines()]
    if isinstance(value, list):
        return [redact(str(line)) for line in value]
    return [redact(json.dumps(value, ensure_ascii=False))]


class AuditEntry(BaseModel):
    """One applied change, as the engine recorded it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    time: datetime
    operator: str
    device: str
    diff: list[str] = []
    result: str
    rollback: str = ""
    school: str | None = None
    run: str | None = None

    @field_validator("diff", mode="before")
    @classmethod
    def _diff_lines(cls, value: Any) -> list[str]:
        return _lines(value)

    @field_validator("rollback", mode="before")
    @classmethod
    def _rollback_text(cls, value: Any) -> str:
        if value is None or value is False:
            return ""
        if value is True:
            return "yes"
        return str(value)


class DriftDevice(BaseModel):
    """The drift of one device at the last verification; an empty diff means in sync."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    device: str
    school: str | None = None
    diff: list[str] = []

    @field_validator("diff", mode="before")
    @classmethod
    def _diff_lines(cls, value: Any) -> list[str]:
        return _lines(value)


class DriftFile(BaseModel):
    """The whole drift file of the last verification."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    time: datetime | None = None
    devices: list[DriftDevice] = []


@dataclass(frozen=True, slots=True)
class AuditLog:
    """Every readable audit entry, and how many lines could not be read."""

    entries: list[AuditEntry]
    skipped: int


def audit_files(state: Path) -> list[Path]:
    """Return the audit log files under ``state``, oldest rotation first."""
    files = sorted((state / AUDIT_DIR).glob("*.jsonl")) if (state / AUDIT_DIR).is_dir() else []
    if (state / AUDIT_FILE).is_file():
        files.append(state / AUDIT_FILE)
    return files


def read_audit(state: Path) -> AuditLog:
    """Read every audit entry under ``state``, newest first.

    A line that is not valid JSON or lacks a field is skipped with a warning
    naming the file and line, because a crash can leave a half-written last
    line and the rest of the history is still worth showing.
    """
    entries: list[AuditEntry] = []
    skipped = 0
    for path in audit_files(state):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entries.append(AuditEntry.model_validate_json(line))
                except ValidationError as err:
                    skipped += 1
                    log.warning(
                        N_("%s:%d: audit entry skipped: %s"),
                        path,
                        number,
                        err.errors()[0]["msg"],
                    )
    # Records carry whole seconds, so a change's records often share one time.
    # Among those, the record on the later line is the newer one.
    order = sorted(range(len(entries)), key=lambda i: (entries[i].time, i), reverse=True)
    return AuditLog(_without_ended_starts([entries[i] for i in order]), skipped)


def _without_ended_starts(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Drop each ``started`` entry that a later entry of its run and device ends.

    ``entries`` is newest first. A ``started`` entry left alone is a change cut
    off with its run (a killed apply), which the auditor must see.
    """
    ended: set[tuple[str | None, str]] = set()
    kept: list[AuditEntry] = []
    for entry in entries:
        key = (entry.run, entry.device)
        if entry.result == "started" and entry.run is not None and key in ended:
            continue
        if entry.result != "started":
            ended.add(key)
        kept.append(entry)
    return kept


def read_drift(state: Path) -> DriftFile | None:
    """Read the drift of the last verification, or return None when none is recorded.

    :raise HistoryInvalid: when the file exists but is not valid.
    """
    path = state / DRIFT_FILE
    if not path.is_file():
        return None
    try:
        return DriftFile.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as err:
        raise HistoryInvalid(
            _("{path}: drift of the last verification cannot be read: {error}").format(
                path=path, error=err.errors()[0]["msg"]
            )
        ) from err
