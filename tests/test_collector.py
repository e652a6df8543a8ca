"""The garbage-collector settings of the processes that diff devices."""

from __future__ import annotations

import gc

from campusctl.collector import YOUNG_THRESHOLD, collector_for_diffs
from campusctl.engine.workers import WorkerPool
from tests.engine.rollout_jobs import collector_settings


def test_worker_processes_raise_threshold_and_freeze() -> None:
    before = gc.get_threshold()
    with WorkerPool(workers=2, concurrency=2) as pool:
        results = pool.run(
            collector_settings,
            list(range(4)),
            failed=lambda i, r: (i, -1, -1),
            skipped=lambda i, r: (i, -2, -2),
        )
    assert all(threshold == YOUNG_THRESHOLD for _item, threshold, _frozen in results)
    assert all(frozen > 1000 for _item, _threshold, frozen in results)
    assert gc.get_threshold() == before


def test_thread_pool_restores_threshold() -> None:
    before = gc.get_threshold()
    assert before[0] != YOUNG_THRESHOLD
    with WorkerPool(workers=1, concurrency=2) as pool:
        results = pool.run(
            collector_settings,
            list(range(3)),
            failed=lambda i, r: (i, -1, -1),
            skipped=lambda i, r: (i, -2, -2),
        )
    assert [threshold for _item, threshold, _frozen in results] == [YOUNG_THRESHOLD] * 3
    assert gc.get_threshold() == before


def test_settings_restored_after_an_error() -> None:
    before = gc.get_threshold()
    try:
        with collector_for_diffs():
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
