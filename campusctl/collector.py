"""Garbage-collector settings for runs that allocate many objects.

CPython starts a young collection every 700 new container objects. Two of
campusctl's jobs allocate far more than that:

* Rendering allocates millions of short-lived objects (YAML nodes, models,
  intents, template contexts). The collector ran thousands of times per
  province and cost about a tenth of the CPU.
* The engine's diff keeps configurations as hier_config trees, in which
  every line links to its parent and its parent to it, so only the cyclic
  collector frees them. Each device's diff builds trees of a few thousand
  objects, which survived young collections into the oldest generation. A
  full collection, which walks every live object of the process, then
  followed about every third device. In a measurement on 80 lab devices,
  full collections took a third of the engine's CPU time per device: 24 of
  70 ms. With a young threshold of 10,000 they took 2 ms.

The lab server raises the threshold too, for the nodes that each pushed
block adds. Freezing the objects that exist when worker processes fork
means the workers neither walk them again nor copy their memory pages by
touching them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

YOUNG_THRESHOLD = 10_000
"""New container objects between two young collections in the engine and the lab."""

RENDER_YOUNG_THRESHOLD = 50_000
"""New container objects between two young collections during a render run."""


@contextlib.contextmanager
def tuned_collector(young: int, *, freeze: bool = False) -> Iterator[None]:
    """Raise the young collection threshold while the block runs, then restore it.

    With ``freeze``, the objects that exist when the block starts are frozen
    until it ends.
    """
    before = gc.get_threshold()
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(young, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()


def render_gc() -> contextlib.AbstractContextManager[None]:
    """Return the collector settings of a render run."""
    return tuned_collector(RENDER_YOUNG_THRESHOLD, freeze=True)


def collector_for_diffs() -> contextlib.AbstractContextManager[None]:
    """Return the collector settings of an engine run in this process."""
    return tuned_collector(YOUNG_THRESHOLD)


def settle_worker() -> None:
    """Set up the collector of a diff worker process for its whole life."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
