"""Jobs for ``multiprocessing.Pool`` workers whose failures always reach the parent."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from campusctl.errors import RenderError

T = TypeVar("T")
R = TypeVar("R")


def run_job(func: Callable[[T], R], item: T) -> R:
    """Call ``func(item)`` in a pool worker, raising only errors that pickle.

    A worker's exception travels to the parent pickled; one that cannot be
    unpickled kills the pool's result thread, and the parent then waits
    forever. Pass ``functools.partial(run_job, func)`` to the pool.
    """
    try:
        return func(item)
    except Exception as err:
        try:
            pickle.loads(pickle.dumps(err))
        except Exception:
            raise RenderError(f"{type(err).__name__}: {err}") from None
        raise
