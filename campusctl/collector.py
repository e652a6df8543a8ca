"""Garbage-collector settings for runs that allocate many objects.

CPython starts a young collection every 700 new container objects. Two of
campusctl's jobs allocate far more than that:

* Rendering allocates millions of short-lived objects (YAML nodes, models,
  intents, template contexts). The collector ran thousands of times per
  province and cost about a tenth of the CPU.
* The engine's diff keeps configurations as hier_config trees, in which
  every line links to its section and the section to it. Each device's
  diff builds trees of a few thousand lines, some ten thousand objects,
  and a young collection walks every one of them that is still alive. The
  diff therefore cuts the links when it ends (see
  :class:`campusctl.diff.tree.Scratch`), so reference counting frees its
  trees and a device's change leaves a few hundred objects for the
  collector, mostly from the SSH library. A high young threshold then
  costs little memory and saves nearly all collections: on 498 lab
  devices, the engine's workers spent 2.4 s of CPU time in the collector
  at a threshold of 10,000, and 0.4 s at 200,000.

The lab server raises the threshold too, for the nodes that each pushed
block adds. Freezing the objects that exist when worker processes fork
means the workers neither walk them again nor copy their memory pages by
touching them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

DIFF_YOUNG_THRESHOLD = 200_000
"""New container objects between two young collections in the engine's diffs."""

LAB_YOUNG_THRESHOLD = 10_000
"""New container objects between two young collections in the lab server."""

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
    return tuned_collector(DIFF_YOUNG_THRESHOLD)


def collector_for_loading() -> contextlib.AbstractContextManager[None]:
    """Return the collector settings for reading an inventory and its targets.

    Both build objects that live for the whole run, so young collections
    would only walk them again: about a third of the time of reading a
    500-device inventory.
    """
    return tuned_collector(DIFF_YOUNG_THRESHOLD)


@contextlib.contextmanager
def frozen_objects() -> Iterator[None]:
    """Keep every object that exists now out of collections until the block ends.

    Before worker processes fork, this spares the imports that follow, and
    the workers, from walking the run's inventory and targets again. The
    end thaws every frozen object (``gc.unfreeze``), so blocks must not nest.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settle_worker() -> None:
    """Set up the collector of a diff worker process for its whole life."""
    gc.freeze()
    gc.set_threshold(DIFF_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
