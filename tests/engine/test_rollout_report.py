"""How a rollout reports failed, skipped and abandoned devices."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from campusctl.cli.engine import _report_abandoned, _report_outcomes
from campusctl.engine.rollout import RolloutPolicy, count_failed, roll_out
from campusctl.engine.transaction import DeviceResult, Outcome
from tests.engine.rollout_jobs import StandInTransaction


def results_of(*outcomes: tuple[str, Outcome, str | None]) -> list[DeviceResult]:
    return [DeviceResult(name, "440100", outcome, error=error) for name, outcome, error in outcomes]


def test_stop_reason_names_failures_and_batch(tmp_path: Path) -> None:
    names = ["sw-00", "sw-01-fail", "sw-02-fail", "sw-03", "sw-04"]
    jobs = [StandInTransaction(name, "440100", tmp_path, tmp_path) for name in names]
    policy = RolloutPolicy(concurrency=2, canary=1, batch_size=2, max_fail_percent=10, workers=1)
    results = roll_out(jobs, policy)
    assert [r.outcome for r in results[:3]] == [Outcome.APPLIED] + [Outcome.ROLLED_BACK] * 2
    for result in results[3:]:
        assert result.outcome is Outcome.SKIPPED
        assert result.error == "the rollout stopped after 2 failures in batch 2"
    assert count_failed(results) == 2


def test_summary_counts_skipped_apart(capsys: pytest.CaptureFixture[str]) -> None:
    results = results_of(
        ("sw-00", Outcome.APPLIED, None),
        ("sw-01", Outcome.ROLLED_BACK, "rejected"),
        ("sw-02", Outcome.SKIPPED, "interrupted"),
        ("sw-03", Outcome.SKIPPED, "interrupted"),
    )
    with pytest.raises(typer.Exit) as ended:
        _report_outcomes(results)
    assert ended.value.exit_code == 1
    out, err = capsys.readouterr()
    assert "1 of 4 device(s) succeeded, 1 failed, 2 skipped" in out
    assert "sw-01: rolled back: rejected" in err
    assert "sw-02: skipped: interrupted" in err
    assert "rolled_back" not in err


def test_summary_exits_nonzero_when_only_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    results = results_of(
        ("sw-00", Outcome.APPLIED, None), ("sw-01", Outcome.SKIPPED, "interrupted")
    )
    with pytest.raises(typer.Exit) as ended:
        _report_outcomes(results)
    assert ended.value.exit_code == 1
    assert "1 of 2 device(s) succeeded, 0 failed, 1 skipped" in capsys.readouterr().out


def test_summary_all_succeeded_returns(capsys: pytest.CaptureFixture[str]) -> None:
    _report_outcomes(results_of(("sw-00", Outcome.APPLIED, None)))
    assert "1 of 1 device(s) succeeded, 0 failed, 0 skipped" in capsys.readouterr().out


def test_abandoned_message_names_devices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _report_abandoned(["sw-01", "sw-02"], tmp_path / "backups")
    err = capsys.readouterr().err
    assert "sw-01, sw-02" in err
    assert f"{tmp_path / 'backups'}/DEVICE/latest.cfg" in err
