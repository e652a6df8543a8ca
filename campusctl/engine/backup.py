"""Config backups per device in the state folder, kept across clean-ups."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

BACKUP_DIR = "backups"
UNFINISHED_MARK = "change-unfinished"
"""In a device's backup folder while a change of it has started and not ended."""


def config_hash(text: str) -> str:
    """Return the SHA-256 of a config, ignoring trailing whitespace per line."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class BackupStore:
    """Timestamped running-config backups, one folder per device."""

    def __init__(self, state: Path) -> None:
        self.root = state / BACKUP_DIR

    def save(self, device: str, config: str, reason: str = "pre-change") -> Path:
        """Write a backup and point ``latest.cfg`` at it; return its path."""
        folder = self.root / device
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        path = folder / f"{stamp}-{reason}.cfg"
        counter = 1
        while path.exists():
            counter += 1
            path = folder / f"{stamp}-{reason}-{counter}.cfg"
        for target in (path, folder / "latest.cfg"):
            target.touch(mode=0o600)  # running configs carry AAA and SNMP keys
            target.chmod(0o600)
            target.write_text(config, encoding="utf-8")
        return path

    def start_change(self, device: str) -> None:
        """Mark ``device`` as changing: a change that never ends keeps the mark.

        A run killed, or interrupted twice, in the middle of a change may leave
        a revert timer armed on the device, so the next change of the device
        first ends any such timer (see ``Transaction``).
        """
        folder = self.root / device
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / UNFINISHED_MARK).touch(mode=0o600)

    def finish_change(self, device: str) -> None:
        """Clear the mark of :meth:`start_change`: no revert timer of a change is left."""
        (self.root / device / UNFINISHED_MARK).unlink(missing_ok=True)

    def change_unfinished(self, device: str) -> bool:
        """Return whether a change of ``device`` started and was never seen to end."""
        return (self.root / device / UNFINISHED_MARK).exists()

    def latest(self, device: str) -> str | None:
        """Return the newest backup of a device, if any."""
        path = self.root / device / "latest.cfg"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def history(self, device: str) -> list[Path]:
        """Return the device's backups, oldest first."""
        folder = self.root / device
        return (
            sorted(p for p in folder.glob("*.cfg") if p.name != "latest.cfg")
            if folder.is_dir()
            else []
        )
