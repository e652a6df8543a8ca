"""The worker pool and the staged rollout with several worker processes."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from campusctl.engine.audit import AuditLog
from campusctl.engine.lock import SchoolLocks
from campusctl.engine.redact import MASK, register_secrets
from campusctl.engine.rollout import RolloutPolicy, roll_out
from campusctl.engine.transaction import DeviceResult, Outcome
from campusctl.engine.workers import WorkerPool, _Run, default_workers
from tests.conftest import REPO
from tests.engine.rollout_jobs import (
    SECRET,
    StandInTransaction,
    append_records,
    job_pid,
    worker_job,
)


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Return a state folder and a folder for the stand-in jobs' marks."""
    state, marks = tmp_path / "state", tmp_path / "marks"
    state.mkdir()
    marks.mkdir()
    yield state, marks


def stand_ins(names: list[str], state: Path, marks: Path) -> list[StandInTransaction]:
    """Return stand-in transactions in two schools, alternating."""
    return [
        StandInTransaction(name, f"44010{index % 2}", state, marks)
        for index, name in enumerate(names)
    ]


def test_pool_spreads_jobs_over_processes() -> None:
    with WorkerPool(workers=2, concurrency=2) as pool:
        results = pool.run(
            job_pid, list(range(8)), failed=lambda i, r: (i, -1), skipped=lambda i, r: (i, -2)
        )
    assert [item for item, _pid in results] == list(range(8))
    pids = {pid for _item, pid in results}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_pool_with_one_worker_uses_threads() -> None:
    with WorkerPool(workers=1, concurrency=4) as pool:
        assert not pool.uses_processes
        results = pool.run(
            job_pid, list(range(5)), failed=lambda i, r: (i, -1), skipped=lambda i, r: (i, -2)
        )
    assert results == [(item, os.getpid()) for item in range(5)]


@pytest.mark.parametrize("workers", [1, 2])
def test_rollout_results_in_order_with_progress(folders: tuple[Path, Path], workers: int) -> None:
    state, marks = folders
    names = [f"sw-{n:02d}" for n in range(9)] + ["sw-09-fail"]
    seen: list[str] = []
    policy = RolloutPolicy(
        concurrency=4, canary=1, batch_size=3, max_fail_percent=100, workers=workers
    )
    results = roll_out(stand_ins(names, state, marks), policy, lambda r: seen.append(r.device))
    assert [r.device for r in results] == names
    assert sorted(seen) == sorted(names)
    assert [r.outcome for r in results[:-1]] == [Outcome.APPLIED] * 9
    assert results[-1].outcome is Outcome.ROLLED_BACK


def test_rollout_stops_after_failed_canary(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    names = ["sw-00-fail", "sw-01", "sw-02", "sw-03"]
    policy = RolloutPolicy(concurrency=4, canary=1, batch_size=2, max_fail_percent=10, workers=2)
    seen: list[DeviceResult] = []
    results = roll_out(stand_ins(names, state, marks), policy, seen.append)
    assert results[0].outcome is Outcome.ROLLED_BACK
    assert [r.outcome for r in results[1:]] == [Outcome.SKIPPED] * 3
    assert [r.error for r in results[1:]] == ["the canary failed"] * 3
    assert len(seen) == 4
    assert not (marks / "sw-01.started").exists()


def started_before_done(marks: Path, first: str, second: str) -> bool:
    """Return whether ``second`` started before ``first`` finished, from the stand-ins' marks."""
    return (marks / f"{second}.started").stat().st_mtime_ns < (
        marks / f"{first}.done"
    ).stat().st_mtime_ns


@pytest.mark.parametrize(("max_fail_percent", "overlaps"), [(100, True), (10, False)])
def test_next_batch_overlap_by_threshold(
    folders: tuple[Path, Path], max_fail_percent: float, overlaps: bool
) -> None:
    # Were the slow device to fail, 1 of 2 would fail: within 100 %, over 10 %.
    # Batch 2 starts beside it only where that failure could not stop the rollout.
    state, marks = folders
    names = ["sw-00-slow", "sw-01", "sw-02"]
    policy = RolloutPolicy(
        concurrency=2, canary=0, batch_size=2, max_fail_percent=max_fail_percent, workers=1
    )
    results = roll_out(stand_ins(names, state, marks), policy)
    assert [r.outcome for r in results] == [Outcome.APPLIED] * 3
    assert started_before_done(marks, "sw-00-slow", "sw-02") is overlaps


def test_overlap_stops_like_strict_batches(folders: tuple[Path, Path]) -> None:
    # After batch 1, 1 of 2 failed (50 %, within the limit). After batch 2, 3 of 4 failed.
    state, marks = folders
    names = ["sw-00-slow-fail", "sw-01", "sw-02-fail", "sw-03-fail", "sw-04", "sw-05"]
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=2, max_fail_percent=50, workers=1)
    results = roll_out(stand_ins(names, state, marks), policy)
    assert started_before_done(marks, "sw-00-slow-fail", "sw-02-fail")
    assert [r.outcome for r in results[:4]] == [Outcome.ROLLED_BACK, Outcome.APPLIED] + [
        Outcome.ROLLED_BACK
    ] * 2
    assert [r.outcome for r in results[4:]] == [Outcome.SKIPPED] * 2
    assert results[4].error == "the rollout stopped after 3 failures in batch 2"
    assert not (marks / "sw-04.started").exists()


def test_last_batch_over_threshold_logs_stop(
    folders: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    # No batch follows the last one, but crossing the threshold there is logged
    # as after any other batch.
    state, marks = folders
    names = ["sw-00", "sw-01", "sw-02-fail", "sw-03-fail"]
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=2, max_fail_percent=10, workers=1)
    with caplog.at_level(logging.ERROR):
        results = roll_out(stand_ins(names, state, marks), policy)
    assert [r.outcome for r in results[2:]] == [Outcome.ROLLED_BACK] * 2
    assert "stopping the rollout: 2 of 4 finished devices failed, 0 skipped" in caplog.text


def test_crash_fails_only_its_own_batch(folders: tuple[Path, Path]) -> None:
    # Strict waiting: the canary's crash fails sw-00 only (1 of 4, not over 25 %), batch 2
    # applies and batch 3 runs. Overlapping: batch 2 starts while sw-00 still runs, and
    # sw-05 lands on sw-00's worker process, which ends once sw-05 has started.
    state, marks = folders
    names = [
        "sw-00-crash-after-sw-05-slow", "sw-01", "sw-02", "sw-03",
        "sw-04-slow", "sw-05-slow", "sw-06",
        "sw-07",
    ]  # fmt: skip
    policy = RolloutPolicy(concurrency=4, canary=4, batch_size=3, max_fail_percent=25, workers=2)
    results = roll_out(stand_ins(names, state, marks), policy)
    by_name = {r.device: r for r in results}
    assert by_name["sw-00-crash-after-sw-05-slow"].outcome is Outcome.FAILED
    assert by_name["sw-04-slow"].outcome is Outcome.APPLIED, by_name["sw-04-slow"]
    assert by_name["sw-05-slow"].outcome is Outcome.APPLIED, by_name["sw-05-slow"]
    assert by_name["sw-07"].outcome is Outcome.APPLIED, by_name["sw-07"]


def crash_beside_batch_two(
    folders: tuple[Path, Path], later: str, max_fail_percent: float = 25
) -> tuple[dict[str, DeviceResult], list[str]]:
    """Run the crash of test_crash_fails_only_its_own_batch with ``later`` as sw-05.

    Return the results by device and the devices in the order ``on_result`` got them.
    """
    state, marks = folders
    names = [
        f"sw-00-crash-after-{later}", "sw-01", "sw-02", "sw-03",
        "sw-04-slow", later, "sw-06",
        "sw-07",
    ]  # fmt: skip
    policy = RolloutPolicy(
        concurrency=4, canary=4, batch_size=3, max_fail_percent=max_fail_percent, workers=2
    )
    seen: list[str] = []
    results = roll_out(stand_ins(names, state, marks), policy, lambda r: seen.append(r.device))
    return {r.device: r for r in results}, seen


def job_processes(marks: Path, name: str) -> list[str]:
    """Return the ids of the processes that ran the device's job, one per run."""
    return (marks / f"{name}.started").read_text(encoding="utf-8").split()


def test_crash_rerun_failure_stops_rollout(folders: tuple[Path, Path]) -> None:
    # sw-05 runs again on the live worker and fails there: batch 2 ends with
    # 2 of 7 failed (over 25 %), so the rollout stops before batch 3.
    _state, marks = folders
    by_name, _seen = crash_beside_batch_two(folders, "sw-05-slow-fail")
    rerun = by_name["sw-05-slow-fail"]
    assert rerun.outcome is Outcome.ROLLED_BACK, rerun
    assert rerun.error == "rejected by the stand-in device"
    first, second = job_processes(marks, "sw-05-slow-fail")
    assert first == job_processes(marks, "sw-00-crash-after-sw-05-slow-fail")[0]
    assert second != first
    assert by_name["sw-07"].outcome is Outcome.SKIPPED
    assert by_name["sw-07"].error == "the rollout stopped after 2 failures in batch 2"


def test_crash_rerun_counted_once(folders: tuple[Path, Path]) -> None:
    # Counted once, sw-05's failed rerun leaves 2 of 7 failed (within 30 %) and batch 3
    # runs. Counting its lost run too would make 3 of 8 failed, over 30 %.
    by_name, seen = crash_beside_batch_two(folders, "sw-05-slow-fail", max_fail_percent=30)
    assert by_name["sw-05-slow-fail"].outcome is Outcome.ROLLED_BACK
    assert sorted(seen) == sorted(by_name)
    assert by_name["sw-07"].outcome is Outcome.APPLIED, by_name["sw-07"]


def test_crash_rerun_audit_records(folders: tuple[Path, Path]) -> None:
    # Both runs of sw-05 stay in the audit log: the lost one with its rollback by
    # the parent, then the rerun.
    state, marks = folders
    by_name, _seen = crash_beside_batch_two(folders, "sw-05-started-slow")
    assert by_name["sw-05-started-slow"].outcome is Outcome.APPLIED
    assert len(job_processes(marks, "sw-05-started-slow")) == 2
    records = [r for r in AuditLog(state).records() if r["device"] == "sw-05-started-slow"]
    assert [r["result"] for r in records] == ["started", "rolled_back", "started", "applied"]
    assert "exited with code 3" in str(records[1]["error"])
    assert records[1]["rollback"] == "rolled_back"
    assert records[3]["error"] is None
    assert (marks / "sw-05-started-slow.rolled_back").exists()


def test_crash_no_rerun_after_failed_recovery(folders: tuple[Path, Path]) -> None:
    # sw-04 and sw-05 both land on sw-00's worker process. The parent's rollback of
    # sw-04 fails, so sw-04 keeps that result; sw-05 was rolled back and runs again.
    state, marks = folders
    crash = "sw-00-crash-after-sw-04-started-slow-stuck+sw-05-started-slow"
    names = [
        crash, "sw-01-slow", "sw-02", "sw-03-slow",
        "sw-04-started-slow-stuck", "sw-05-started-slow", "sw-06",
        "sw-07",
    ]  # fmt: skip
    policy = RolloutPolicy(concurrency=6, canary=4, batch_size=3, max_fail_percent=75, workers=2)
    results = roll_out(stand_ins(names, state, marks), policy)
    by_name = {r.device: r for r in results}
    stuck = by_name["sw-04-started-slow-stuck"]
    assert stuck.outcome is Outcome.ROLLBACK_FAILED, stuck
    assert stuck.error is not None and "exited with code 3" in stuck.error
    assert len(job_processes(marks, "sw-04-started-slow-stuck")) == 1
    assert by_name["sw-05-started-slow"].outcome is Outcome.APPLIED, by_name["sw-05-started-slow"]
    assert len(job_processes(marks, "sw-05-started-slow")) == 2
    stuck_records = [
        r["result"] for r in AuditLog(state).records() if r["device"] == "sw-04-started-slow-stuck"
    ]
    assert stuck_records == ["started", "rollback_failed"]


def test_repeated_name_rejected(folders: tuple[Path, Path]) -> None:
    # Both sw-00 results would count in batch 3, so batch 1 would never look
    # finished, and the rollout would wait forever with nothing running.
    state, marks = folders
    transactions = stand_ins(["sw-00", "sw-01", "sw-00"], state, marks)
    policy = RolloutPolicy(concurrency=2, canary=1, batch_size=1, max_fail_percent=10, workers=1)
    with pytest.raises(ValueError, match="more than once in the rollout: sw-00"):
        roll_out(transactions, policy)
    assert not (marks / "sw-00.started").exists()


def test_pool_admit_false_while_idle_raises() -> None:
    # The Admit contract forbids False while nothing runs: the pool raises instead of polling forever.
    box: list[object] = []

    def run() -> None:
        with WorkerPool(workers=1, concurrency=2) as pool:
            try:
                pool.run(
                    job_pid,
                    [0, 1],
                    failed=lambda i, r: (i, -1),
                    skipped=lambda i, r: (i, -2),
                    admit=lambda key: key == 0,
                )
            except RuntimeError as err:
                box.append(err)
                return
        box.append("returned")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(5)
    assert box, "WorkerPool.run polled forever"
    assert isinstance(box[0], RuntimeError)
    assert "while no job runs" in str(box[0])


LOST = "the worker process exited with code 3 during the job"


def _run_exiting_job(
    pool: WorkerPool, runs: Path, rerun: Callable[[str, tuple[str, str], Sequence[str]], bool]
) -> list[tuple[str, str]]:
    """Run one job that ends its worker process, recording each run's process in ``runs``."""
    return pool.run(
        worker_job,
        [f"exit {runs}"],
        failed=lambda i, r: ("failed", r),
        skipped=lambda i, r: ("skipped", r),
        rerun=rerun,
    )


def test_pool_reruns_a_job_once(tmp_path: Path) -> None:
    # The job ends every worker it runs on: it runs again once, then keeps its failure.
    runs = tmp_path / "runs"
    rerun_items: list[str] = []

    def rerun(item: str, result: tuple[str, str], lost: Sequence[str]) -> bool:
        rerun_items.append(item)
        return True

    with WorkerPool(workers=3, concurrency=3) as pool:
        results = _run_exiting_job(pool, runs, rerun)
    assert results == [("failed", LOST)]
    assert rerun_items == [f"exit {runs}"]
    processes = runs.read_text(encoding="utf-8").split()
    assert len(processes) == 2
    assert processes[0] != processes[1]


def test_pool_rerun_not_started_after_interrupt(tmp_path: Path) -> None:
    # Ctrl-C comes before the job could run again: its first failure is kept.
    runs = tmp_path / "runs"

    with WorkerPool(workers=2, concurrency=2) as pool:

        def rerun(item: str, result: tuple[str, str], lost: Sequence[str]) -> bool:
            pool.interrupted = True
            return True

        results = _run_exiting_job(pool, runs, rerun)
    assert results == [("failed", LOST)]
    assert len(runs.read_text(encoding="utf-8").split()) == 1


def test_pool_no_rerun_request_after_interrupt(tmp_path: Path) -> None:
    # Ctrl-C arrives while the parent makes the lost job's failure result (a
    # rollback): no rerun is requested, so nothing logs a rerun that never comes.
    runs = tmp_path / "runs"
    rerun_requests: list[str] = []

    with WorkerPool(workers=2, concurrency=2) as pool:

        def failed(item: str, reason: str) -> tuple[str, str]:
            pool.interrupted = True
            return ("failed", reason)

        def rerun(item: str, result: tuple[str, str], lost: Sequence[str]) -> bool:
            rerun_requests.append(item)
            return True

        results = pool.run(
            worker_job,
            [f"exit {runs}"],
            failed=failed,
            skipped=lambda i, r: ("skipped", r),
            rerun=rerun,
        )
    assert results == [("failed", LOST)]
    assert rerun_requests == []


def test_pool_abandons_job_being_failed(tmp_path: Path) -> None:
    # A second Ctrl-C while the parent still makes a lost job's failure result (a
    # rollback): that job is listed as abandoned, as a job still running is.
    runs = tmp_path / "runs"
    release = threading.Event()

    def failed(item: str, reason: str) -> str:
        release.wait(10)
        return "failed"

    def second_interrupt(result: str) -> None:
        raise KeyboardInterrupt

    with WorkerPool(workers=2, concurrency=2) as pool:
        with pytest.raises(KeyboardInterrupt):
            pool.run(
                worker_job,
                [f"exit {runs}", "sleep"],
                failed=failed,
                skipped=lambda i, r: "skipped",
                on_result=second_interrupt,
            )
        release.set()
        assert pool.abandoned == [f"exit {runs}"]


def test_rollout_fails_only_jobs_of_dead_worker(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    names = ["sw-00", "sw-01-crash", "sw-02", "sw-03", "sw-04", "sw-05"]
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=10, max_fail_percent=100, workers=2)
    results = roll_out(stand_ins(names, state, marks), policy)
    by_name = {r.device: r for r in results}
    crashed = by_name["sw-01-crash"]
    assert crashed.outcome is Outcome.FAILED
    assert crashed.error is not None and "exited with code 3" in crashed.error
    for name in ("sw-00", "sw-02", "sw-03", "sw-04", "sw-05"):
        assert by_name[name].outcome is Outcome.APPLIED, by_name[name]


def test_dead_worker_change_rolled_back_by_parent(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    names = ["sw-00-changed-crash", "sw-01-crash", "sw-02"]
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=10, max_fail_percent=100, workers=2)
    results = roll_out(stand_ins(names, state, marks), policy)
    by_name = {r.device: r for r in results}
    changed = by_name["sw-00-changed-crash"]
    assert changed.outcome is Outcome.ROLLED_BACK
    assert changed.error is not None and "exited with code 3" in changed.error
    rolled_back = (marks / "sw-00-changed-crash.rolled_back").read_text(encoding="utf-8")
    assert rolled_back == "backup of sw-00-changed-crash\n"
    assert not (marks / "sw-01-crash.rolled_back").exists()
    records = {(r["device"], r["result"]) for r in AuditLog(state).records()}
    assert ("sw-00-changed-crash", "started") in records
    assert ("sw-00-changed-crash", "rolled_back") in records
    assert ("sw-01-crash", "failed") in records
    # Each of the two workers took one crashing job, so none was left to start sw-02.
    assert by_name["sw-02"].outcome is Outcome.SKIPPED
    assert by_name["sw-02"].error == "every worker process exited"


def test_slow_recovery_lets_results_through(folders: tuple[Path, Path]) -> None:
    # The parent's rollback of sw-00 takes 3 s. The other worker's results come in meanwhile.
    state, marks = folders
    names = ["sw-00-changed-crash-slow-rollback", "sw-01-slow", "sw-02"]
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=10, max_fail_percent=100, workers=2)
    rollback_done: dict[str, bool] = {}

    def seen(result: DeviceResult) -> None:
        mark = marks / "sw-00-changed-crash-slow-rollback.rolled_back"
        rollback_done[result.device] = mark.exists()

    results = roll_out(stand_ins(names, state, marks), policy, seen)
    assert [r.outcome for r in results] == [Outcome.ROLLED_BACK, Outcome.APPLIED, Outcome.APPLIED]
    assert rollback_done == {
        "sw-00-changed-crash-slow-rollback": True,
        "sw-01-slow": False,
        "sw-02": False,
    }


def test_rollout_keeps_school_lock_in_parent(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    transactions = stand_ins(["sw-00-lock", "sw-01-lock"], state, marks)
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=10, max_fail_percent=100, workers=2)
    with SchoolLocks(state, [t.access.school for t in transactions]):
        results = roll_out(transactions, policy)
    assert [r.error for r in results] == ["held", "held"]


def test_worker_results_mask_registered_secrets(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    register_secrets([SECRET])
    policy = RolloutPolicy(concurrency=2, canary=0, batch_size=10, max_fail_percent=100, workers=2)
    results = roll_out(stand_ins(["sw-00-secret", "sw-01-secret"], state, marks), policy)
    for result in results:
        assert result.error is not None
        assert SECRET not in result.error
        assert MASK in result.error


def test_audit_appends_whole_records_from_processes(tmp_path: Path) -> None:
    writers, count = 4, 40
    with ProcessPoolExecutor(max_workers=writers) as pool:
        done = list(
            pool.map(append_records, [str(tmp_path)] * writers, range(writers), [count] * writers)
        )
    assert done == list(range(writers))
    records = list(AuditLog(tmp_path).records())
    assert len(records) == writers * count
    for writer in range(writers):
        numbers = [r["number"] for r in records if r["writer"] == writer]
        assert numbers == list(range(count))
    assert (AuditLog(tmp_path).path.stat().st_mode & 0o777) == 0o600


_INTERRUPT_SCRIPT = """
import json, logging, sys
from pathlib import Path
logging.basicConfig(level=logging.WARNING)
from campusctl.engine.rollout import RolloutPolicy, roll_out
from tests.engine.rollout_jobs import StandInTransaction
state, marks = Path(sys.argv[1]), Path(sys.argv[2])
names = ["sw-00-slow", "sw-01-slow", "sw-02", "sw-03", "sw-04", "sw-05"]
jobs = [StandInTransaction(n, "440100", state, marks) for n in names]
policy = RolloutPolicy(concurrency=2, canary=0, batch_size=4, max_fail_percent=100, workers=2)
results = roll_out(jobs, policy)
print(json.dumps({r.device: ": ".join(filter(None, (r.outcome.value, r.error))) for r in results}))
"""


def _interrupted(script: str, state: Path, marks: Path, *, twice: bool) -> tuple[int, str, str]:
    """Run ``script``, press Ctrl-C once the two slow jobs started (and again with ``twice``).

    Return the exit code, stdout and stderr. The signal goes to every process
    of the group, workers included, as a terminal's Ctrl-C does.
    """
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(state), str(marks)],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not all((marks / f"sw-0{n}-slow.started").exists() for n in (0, 1)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slow jobs never started"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)
        first = ""
        if twice:
            # Two signals sent at once may merge into one, so the second waits for
            # the parent's warning that it handled the first.
            assert process.stderr is not None
            while "interrupted" not in first:
                line = process.stderr.readline()
                assert line, "the parent ended before it handled the first Ctrl-C"
                first += line
            os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, first + err


def test_ctrl_c_finishes_running_and_skips_rest(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    returncode, out, err = _interrupted(_INTERRUPT_SCRIPT, state, marks, twice=False)
    assert returncode == 0, err
    outcomes = json.loads(out.strip().splitlines()[-1])
    assert outcomes["sw-00-slow"] == "applied"
    assert outcomes["sw-01-slow"] == "applied"
    for name in ("sw-02", "sw-03", "sw-04", "sw-05"):
        assert outcomes[name] == "skipped: interrupted"
        assert not (marks / f"{name}.started").exists()
    assert "interrupted" in err


_ABANDON_SCRIPT = """
import json, logging, sys
from pathlib import Path
logging.basicConfig(level=logging.WARNING)
from campusctl.engine.rollout import RolloutAbandoned, RolloutPolicy, roll_out
from tests.engine.rollout_jobs import StandInTransaction
state, marks = Path(sys.argv[1]), Path(sys.argv[2])
names = ["sw-00-slow", "sw-01-slow", "sw-02", "sw-03"]
jobs = [StandInTransaction(n, "440100", state, marks) for n in names]
policy = RolloutPolicy(concurrency=2, canary=0, batch_size=4, max_fail_percent=100, workers=2)
try:
    roll_out(jobs, policy)
except RolloutAbandoned as abandoned:
    print(json.dumps(abandoned.devices))
    sys.exit(130)
"""


def test_second_ctrl_c_names_abandoned_devices(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    returncode, out, err = _interrupted(_ABANDON_SCRIPT, state, marks, twice=True)
    assert returncode == 130, err
    assert json.loads(out.strip().splitlines()[-1]) == ["sw-00-slow", "sw-01-slow"]
    assert not (marks / "sw-00-slow.done").exists()
    assert not (marks / "sw-02.started").exists()
    final = {r["device"]: r["result"] for r in AuditLog(state).records()}
    assert final == {"sw-00-slow": "abandoned", "sw-01-slow": "abandoned"}


def test_abandoned_started_change_names_its_backup(folders: tuple[Path, Path]) -> None:
    state, marks = folders
    started, quiet = stand_ins(["sw-00", "sw-01"], state, marks)
    started.backups.save("sw-00", "backup of sw-00\n")
    started._record(Outcome.STARTED, ["description changed"], None)
    started.abandon()
    quiet.abandon()
    records = list(AuditLog(state).records())
    assert [(r["device"], r["result"]) for r in records] == [
        ("sw-00", "started"),
        ("sw-00", "abandoned"),
        ("sw-01", "abandoned"),
    ]
    assert str(state / "backups" / "sw-00" / "latest.cfg") in str(records[1]["error"])
    assert "pushed anything" in str(records[2]["error"])


def test_recover_after_ended_first_run(folders: tuple[Path, Path]) -> None:
    # The device's first run ended with its rollback. A second run lost before its own
    # started record pushed nothing, so the recovery rolls nothing back.
    state, marks = folders
    (device,) = stand_ins(["sw-00"], state, marks)
    device.backups.save("sw-00", "backup of sw-00\n")
    device._record(Outcome.STARTED, ["description changed"], None)
    device._record(Outcome.ROLLED_BACK, [], "lost", rollback="rolled_back")
    result = device.recover("the worker process exited with code 3 during the job")
    assert result.outcome is Outcome.FAILED
    assert not (marks / "sw-00.rolled_back").exists()
    assert [r["result"] for r in AuditLog(state).records()][-1] == "failed"


def test_recover_without_backup(folders: tuple[Path, Path]) -> None:
    # A started change whose backup is gone may have changed the device: it is not
    # reported as a change that pushed nothing.
    state, marks = folders
    (device,) = stand_ins(["sw-00"], state, marks)
    device._record(Outcome.STARTED, ["description changed"], None)
    result = device.recover("the worker process exited with code 3 during the job")
    assert result.outcome is Outcome.ROLLBACK_FAILED
    assert result.error is not None
    assert str(state / "backups" / "sw-00" / "latest.cfg") in result.error
    assert not (marks / "sw-00.rolled_back").exists()
    assert [r["result"] for r in AuditLog(state).records()][-1] == "rollback_failed"


def test_default_workers_one_above_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert default_workers() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert default_workers() == 1


def test_hand_out_fails_dead_worker_jobs() -> None:
    # A worker can die between two reads of the pipes and be found dead only when a
    # job is handed to it. The job it was running then fails instead of being waited for.
    with WorkerPool(workers=2, concurrency=4) as pool:
        pool._start()
        dead, busy = pool._pool
        os.kill(dead.process.pid, signal.SIGKILL)
        dead.process.join(10)
        dead.running.add(0)
        busy.running.update({98, 99})
        state: _Run[int, tuple[str, int]] = _Run(
            [0, 1], lambda i, _r: ("failed", i), lambda i, _r: ("skipped", i), None
        )
        waiting = [1]
        pool._hand_out(job_pid, state, waiting)
        assert waiting == [1]
        assert dead.dead
        # A thread of the parent makes the failure result and posts it to the result loop.
        deadline = time.monotonic() + 10
        while not state.results and time.monotonic() < deadline:
            for message in pool._receive(state):
                pool._handle(message, state)
        assert state.results == {0: ("failed", 0)}
        busy.running.clear()
