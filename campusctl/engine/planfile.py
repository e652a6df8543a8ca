"""Plan files: what ``campusctl plan`` found, so ``campusctl apply --plan`` does exactly that.

A plan stores, per device, the hash of the running config it was made
from, the hash of the intended config and of the full command list, and the
commands with secrets masked for people to read. ``apply --plan`` recomputes
the commands from a fresh read and refuses a device whose running config or
commands no longer match the plan. Commands are masked before they are written, so the file contains no secret.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from campusctl.engine.audit import operator
from campusctl.engine.errors import PlanFileError
from campusctl.engine.redact import redact_lines
from campusctl.i18n import _

PLAN_VERSION = 1


@dataclass(frozen=True, slots=True)
class DevicePlan:
    """The planned change of one device."""

    device: str
    school: str
    platform: str
    running_hash: str
    intended_hash: str
    commands_hash: str
    commands: list[str]
    """Config commands with secrets masked (display only)."""
    management_commands: list[str] = field(default_factory=list)
    error: str | None = None
    """The error that prevented a plan (device unreachable, no intended config)."""

    @property
    def empty(self) -> bool:
        """True when the device already matches its intended config."""
        return self.error is None and not self.commands and not self.management_commands


@dataclass
class Plan:
    """A plan for a set of devices."""

    mode: str
    devices: list[DevicePlan]
    run: str = field(default_factory=lambda: uuid.uuid4().hex)
    operator: str = field(default_factory=operator)
    created: str = field(
        default_factory=lambda: datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    )
    version: int = PLAN_VERSION

    def by_device(self) -> dict[str, DevicePlan]:
        """Return the device plans by device name."""
        return {d.device: d for d in self.devices}

    def save(self, path: Path) -> None:
        """Write the plan as JSON (secrets already masked)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        for device in data["devices"]:
            device["commands"] = redact_lines(device["commands"])
            device["management_commands"] = redact_lines(device["management_commands"])
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> Plan:
        """Read a plan written by :meth:`save`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise PlanFileError(
                _("cannot read the plan {path}: {error}").format(path=path, error=err)
            ) from err
        if data.get("version") != PLAN_VERSION:
            raise PlanFileError(
                _(
                    "the plan {path} has format {found}, expected {expected}; make a new plan"
                ).format(path=path, found=data.get("version"), expected=PLAN_VERSION)
            )
        devices = [DevicePlan(**device) for device in data.pop("devices")]
        return cls(devices=devices, **data)
