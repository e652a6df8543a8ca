"""Locks for the Ansible path, where each device runs in its own process.

``campusctl apply`` holds an exclusive lock per school for the whole run. An
Ansible run changes each device in a separate module process, so a module
holds the school lock *shared*, so it excludes a campusctl apply of the same
school. It holds the device lock exclusively, so two playbooks never change
the same device at once.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from campusctl.engine.errors import LockedError
from campusctl.engine.lock import LOCK_DIR
from campusctl.i18n import _


@contextmanager
def device_locks(state: Path, school: str, device: str) -> Iterator[None]:
    """Hold the school lock shared and the device lock exclusively."""
    folder = state / LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with (
        (folder / f"{school}.lock").open("a+", encoding="utf-8") as school_file,
        (folder / f"device-{device}.lock").open("a+", encoding="utf-8") as device_file,
    ):
        try:
            fcntl.flock(school_file, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(device_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise LockedError(
                _("device {device} of school {school} is being changed by another run").format(
                    device=device, school=school
                )
            ) from err
        try:
            yield
        finally:
            fcntl.flock(device_file, fcntl.LOCK_UN)
            fcntl.flock(school_file, fcntl.LOCK_UN)
