"""The apply benchmark's median over rounds and its --rounds check."""

from __future__ import annotations

import pytest

from bench._apply_support import Measure
from bench.apply_lab import main, median_measure


def test_median_leaves_round_records_alone() -> None:
    runs = [Measure("nornir", wall=w, note="full") for w in (14.0, 12.0, 13.0)]
    chosen = median_measure(runs)
    assert chosen.wall == 13.0
    assert "median of 3 runs (14.0, 12.0, 13.0 s in turn)" in chosen.note
    assert [m.note for m in runs] == ["full"] * 3


def test_rounds_below_one_rejected() -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--rounds", "0"])
    assert raised.value.code == 2
