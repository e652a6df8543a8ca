"""A school locked by another run names that run's PID and start time."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from campusctl.engine.errors import LockedError
from campusctl.engine.lock import SchoolLocks


def test_second_lock_names_holder(tmp_path: Path) -> None:
    with SchoolLocks(tmp_path, ["2440106001"]), pytest.raises(LockedError) as raised:
        SchoolLocks(tmp_path, ["2440106001"]).__enter__()
    message = str(raised.value)
    assert f"PID {os.getpid()}, since " in message
    assert re.search(r"since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)", message)
    assert "{" not in message


def test_unreadable_holder_shown_as_unknown(tmp_path: Path) -> None:
    with SchoolLocks(tmp_path, ["2440106001"]) as locks:
        (locks.dir / "2440106001.lock").write_text("not json", encoding="utf-8")
        with pytest.raises(LockedError, match=r"PID \?, since \?"):
            SchoolLocks(tmp_path, ["2440106001"]).__enter__()
