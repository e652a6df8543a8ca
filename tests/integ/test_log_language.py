"""Log lines shown on the command line follow the user's language."""

from __future__ import annotations

import logging
import sys

import pytest

from campusctl.cli._localize import LocalizedFormatter
from campusctl.i18n import N_


def record(level: int, message: str, *args: object) -> logging.LogRecord:
    """Return a log record of ``campusctl.engine.runner``."""
    return logging.LogRecord("campusctl.engine.runner", level, __file__, 1, message, args, None)


@pytest.mark.usefixtures("chinese")
def test_marked_message_translated() -> None:
    line = LocalizedFormatter().format(
        record(logging.ERROR, N_("%s: cannot plan: %s"), "YCSY-CORE-01", "E3201: timed out")
    )
    assert line == "错误：YCSY-CORE-01：无法生成变更计划：E3201: timed out"


@pytest.mark.usefixtures("chinese")
def test_warning_level_translated() -> None:
    line = LocalizedFormatter().format(
        record(logging.WARNING, N_("stopping the rollout: %d of %d devices failed"), 3, 10)
    )
    assert line == "警告：停止分批执行：3 台设备失败（已处理 10 台）"


@pytest.mark.usefixtures("chinese")
def test_unmarked_message_stays_english() -> None:
    line = LocalizedFormatter().format(record(logging.WARNING, "lab %s started", "x"))
    assert line == "警告：lab x started"


@pytest.mark.usefixtures("english")
def test_english_line_names_logger_when_verbose() -> None:
    formatter = LocalizedFormatter(show_logger=True)
    line = formatter.format(record(logging.ERROR, N_("%s: not changed: %s"), "SW-1", "E4006"))
    assert line == "error campusctl.engine.runner: SW-1: not changed: E4006"


@pytest.mark.usefixtures("english")
def test_exception_traceback_appended() -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        entry = record(logging.ERROR, "failed")
        entry.exc_info = sys.exc_info()
    line = LocalizedFormatter().format(entry)
    assert line.startswith("error: failed\nTraceback")
    assert "ValueError: broken" in line
