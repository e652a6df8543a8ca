"""The garbage-collector settings of the processes that diff devices."""

from __future__ import annotations

import gc

import pytest

from campusctl.collector import (
    DIFF_YOUNG_THRESHOLD,
    RENDER_YOUNG_THRESHOLD,
    collector_for_diffs,
    collector_for_loading,
    frozen_objects,
    render_gc,
)
from campusctl.engine.workers import WorkerPool
from tests.engine.rollout_jobs import collector_settings


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_jobs_run_with_raised_threshold(workers: int) -> None:
    """Jobs run with the raised threshold in threads and in worker processes alike."""
    before = gc.get_threshold()
    assert before[0] != DIFF_YOUNG_THRESHOLD
    with WorkerPool(workers=workers, concurrency=2) as pool:
        results = pool.run(
            collector_settings,
            list(range(4)),
            failed=lambda i, r: (i, -1, -1),
            skipped=lambda i, r: (i, -2, -2),
        )
    assert [threshold for _item, threshold, _frozen in results] == [DIFF_YOUNG_THRESHOLD] * 4
    assert gc.get_threshold() == before


def test_worker_processes_freeze_inherited_objects() -> None:
    with WorkerPool(workers=2, concurrency=2) as pool:
        results = pool.run(
            collector_settings,
            list(range(2)),
            failed=lambda i, r: (i, -1, -1),
            skipped=lambda i, r: (i, -2, -2),
        )
    assert all(count > 1000 for _item, _threshold, count in results)


def test_settings_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector_for_diffs():
        assert gc.get_threshold()[0] == DIFF_YOUNG_THRESHOLD
        raise RuntimeError("stop")
    assert gc.get_threshold() == before


def test_render_settings_freeze_then_unfreeze() -> None:
    before = gc.get_freeze_count()
    with render_gc():
        assert gc.get_threshold()[0] == RENDER_YOUNG_THRESHOLD
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == 0


def test_frozen_objects_thawed_at_end() -> None:
    containers = [[index] for index in range(10)]
    with frozen_objects():
        assert gc.get_freeze_count() >= len(containers)
    assert gc.get_freeze_count() == 0


def test_loading_threshold_restored() -> None:
    before = gc.get_threshold()
    with collector_for_loading():
        assert gc.get_threshold()[0] == DIFF_YOUNG_THRESHOLD
    assert gc.get_threshold() == before
