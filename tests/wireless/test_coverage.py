"""The per-school coverage table: rooms with and without a serving AP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from campusctl.inventory import Inventory
from campusctl.inventory.coverage import school_coverage
from campusctl.inventory.model import RoomKind

REPO = Path(__file__).resolve().parents[2]


def test_coverage_by_kind(sample: Inventory) -> None:
    rows = {row.kind: row for row in school_coverage(sample.schools["2440281001"])}
    classrooms = rows[RoomKind.CLASSROOM]
    assert classrooms.total == 12
    assert classrooms.covered == ["A101"]
    assert "A206" in classrooms.uncovered
    assert round(classrooms.share, 3) == round(1 / 12, 3)
    assert rows[RoomKind.OFFICE].uncovered == []


def test_room_naming_missing_ap_is_uncovered(sample: Inventory) -> None:
    school = sample.schools["2440106001"]
    rows = {row.kind: row for row in school_coverage(school)}
    assert rows[RoomKind.CLASSROOM].uncovered == []
    assert rows[RoomKind.SERVER_ROOM].uncovered == ["C199"]


def test_inventory_show_coverage_in_chinese() -> None:
    env = dict(os.environ, LANGUAGE="zh_CN", LANG="zh_CN.UTF-8", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "campusctl", "inventory", "show", "--coverage"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    assert "的无线覆盖" in result.stdout
    assert "无 AP 的房间" in result.stdout
    assert "A101, A102, A103" in result.stdout
