"""Run per-device jobs in worker processes, threads inside each, results streamed back.

Reading, diffing and verifying a device costs tens of milliseconds of Python
CPU, and one Python process runs Python code on one core at a time, so a
run over hundreds of devices needs several processes. The parent keeps
everything that must stay in one place: the per-school locks, the progress
bar, the rollout's batches and failure threshold, and the result table.

The parent hands each job to a worker that has a free thread and records
which worker runs it. So when a worker dies (killed, out of memory), exactly
its own jobs fail, and the other workers go on. The caller's ``rerun`` may
let a job that a dead worker lost run once more on a live worker. The
parent makes the result of each failed job on a thread of its own, so a
slow one (a device's rollback) holds up no result of the other workers.
Those threads start only after the workers have forked, and no worker is
forked again.

The parent imports the engine and the NAPALM drivers, then forks the
workers, so a worker starts in milliseconds and its CPU time counts as the
parent's children's. Forking a process that runs other threads can copy a
lock another thread holds, so a parent with other threads (a test runner,
a library caller) gets its workers from a fork server instead, which never
runs threads. Workers ignore SIGINT: the parent handles Ctrl-C. Their log
records go to the parent's handlers.

Ctrl-C: the first one stops handing out jobs (the rest come back as
skipped, and a job waiting to run again keeps its first result) and waits
for the running ones and for the failure results being made, so no device
is left in the middle of a change without its rollback. A second Ctrl-C
abandons both: ``WorkerPool.abandoned`` then lists their items, for which
the rollout writes ``abandoned`` audit records.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Generic, TypeVar

from campusctl.collector import collector_for_diffs, frozen_objects
from campusctl.engine.redact import known_secrets
from campusctl.engine.worker_process import Job, start_threads, worker_main
from campusctl.i18n import N_, _

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Imported before the workers fork, so that they start without importing
# NAPALM (about a second of CPU each) and the diff again.
PRELOAD = (
    "campusctl.engine.workers",
    "campusctl.engine.rollout",
    "campusctl.engine.runner",
    "campusctl.drivers",
    "napalm",
    "napalm_campus_huawei_vrp",
    "napalm_campus_h3c_comware",
    "napalm_campus_ruijie_rgos",
    "napalm_campus_cisco_ios",
)

POLL_SECONDS = 0.5
"""How often the parent wakes while it waits for results (signals are handled then)."""

JOIN_SECONDS = 10.0
"""How long shutting down waits for a worker before it is terminated."""

Admit = Callable[[int], bool | str]
"""Decides whether the item with this key may start now: True starts it, False
keeps it waiting until the next result, and a text skips it and every item
after it, with that text as the reason."""

# Messages from the threads that make the results of failed jobs, beside those
# of the workers: ("failure", key, result) and ("failure_error", key, exception).


def default_workers() -> int:
    """Return one more worker process than the CPUs this process may run on, or 1 on one CPU.

    A worker's threads wait for devices and for its interpreter lock, which
    one diffing thread holds for milliseconds at a time. One process more
    than the CPUs keeps every core busy meanwhile: the 498-device apply
    benchmark ran about 3 % faster with three workers on two cores than
    with two, and not faster with four.
    """
    try:
        cpus = max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        cpus = max(1, os.cpu_count() or 1)
    return cpus + 1 if cpus > 1 else 1


@dataclass
class _Worker:
    """One worker (a process, or this process's threads) and the jobs it holds."""

    threads: int
    process: Any = None
    tasks: multiprocessing.connection.Connection | None = None
    results: multiprocessing.connection.Connection | None = None
    local: queue.Queue[Job | None] | None = None
    running: set[int] = field(default_factory=set)
    dead: bool = False

    @property
    def free(self) -> int:
        return 0 if self.dead else self.threads - len(self.running)

    def give(self, job: Job) -> None:
        self.running.add(job[0])
        if self.local is not None:
            self.local.put(job)
        elif self.tasks is not None:
            self.tasks.send(job)


@dataclass
class _Run(Generic[T, R]):
    items: Sequence[T]
    failed: Callable[[T, str], R]
    skipped: Callable[[T, str], R]
    on_result: Callable[[R], None] | None
    admit: Admit | None = None
    rerun: Callable[[T, R, Sequence[T]], bool] | None = None
    results: dict[int, R] = field(default_factory=dict)
    lost_together: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """For each key that a dead worker lost, the keys of every job that worker lost."""
    reruns: list[int] = field(default_factory=list)
    """The keys waiting to run again, in order."""
    lost_results: dict[int, R] = field(default_factory=dict)
    """The failure result of each key in ``reruns``, kept when it cannot run again."""
    rerun_keys: set[int] = field(default_factory=set)
    """Every key that was queued to run again: none runs a third time."""

    def finish(self, key: int, result: R) -> None:
        self.results[key] = result
        if self.on_result is not None:
            self.on_result(result)


class WorkerPool:
    """Worker processes (or, with one worker, threads of this process) that run device jobs.

    ``concurrency`` is the number of jobs that run at once over all workers:
    each worker runs its share of it as threads. Use it as a context manager.
    A job function must be importable by name (a module-level function or a
    ``functools.partial`` of one), and its argument and result must pickle.
    """

    def __init__(self, workers: int, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        self.workers = max(1, min(workers, self.concurrency))
        self.interrupted = False
        self._force = False
        self.abandoned: list[Any] = []
        """The items whose jobs, or the making of whose failure results, a second Ctrl-C abandoned."""
        self._pool: list[_Worker] = []
        self._threads: list[threading.Thread] = []
        self._messages: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._settings = contextlib.ExitStack()
        self._failing: set[int] = set()
        """Keys whose failure result a thread of this process is making."""
        self._failure_threads: list[threading.Thread] = []
        self._wake: tuple[int, int] | None = None
        """A pipe that wakes the result loop when a failure thread posts to ``_messages``."""
        self._wake_lock = threading.Lock()

    @property
    def uses_processes(self) -> bool:
        """True when the jobs run in worker processes."""
        return self.workers > 1

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> None:
        if self._pool:
            return
        if not self.uses_processes:
            # The jobs diff in this process: its collector runs as a worker's would.
            self._settings.enter_context(collector_for_diffs())
            local: queue.Queue[Job | None] = queue.Queue()
            self._threads = start_threads(local, self._messages.put, self.concurrency)
            self._pool = [_Worker(self.concurrency, local=local)]
            return
        context: multiprocessing.context.BaseContext
        if threading.active_count() == 1:
            self._settings.enter_context(frozen_objects())
            for module in PRELOAD:
                importlib.import_module(module)
            context = multiprocessing.get_context("fork")
        else:
            server = multiprocessing.get_context("forkserver")
            server.set_forkserver_preload(list(PRELOAD))
            context = server
        secrets = known_secrets()
        level = logging.getLogger().getEffectiveLevel()
        for number in range(self.workers):
            threads = self.concurrency // self.workers + (number < self.concurrency % self.workers)
            task_reader, task_writer = context.Pipe(duplex=False)
            result_reader, result_writer = context.Pipe(duplex=False)
            process = context.Process(
                target=worker_main,
                args=(task_reader, result_writer, threads, secrets, level),
                name=f"campusctl-worker-{number}",
                daemon=True,
            )
            process.start()
            task_reader.close()
            result_writer.close()
            self._pool.append(
                _Worker(threads, process=process, tasks=task_writer, results=result_reader)
            )
        log.debug("started %d worker processes", len(self._pool))

    def run(
        self,
        func: Callable[[T], R],
        items: Sequence[T],
        *,
        failed: Callable[[T, str], R],
        skipped: Callable[[T, str], R],
        on_result: Callable[[R], None] | None = None,
        admit: Admit | None = None,
        rerun: Callable[[T, R, Sequence[T]], bool] | None = None,
    ) -> list[R]:
        """Run ``func`` on every item; return the results in the order of ``items``.

        Items start in their order, as threads become free.

        :param failed: makes the result of an item whose job raised or whose
            worker died, from the item and the reason. It runs on a thread
            of its own in this process, while the other results go on.
        :param skipped: makes the result of an item that never started
            because the run was interrupted or every worker died, from the
            item and the reason.
        :raises KeyboardInterrupt: on a second Ctrl-C; :attr:`abandoned` then
            lists the items whose jobs were still running, or whose failure
            results were still being made.
        :param on_result: called in this thread with each result as it arrives.
        :param admit: asked before each item starts (see :data:`Admit`).
        :param rerun: asked, for an item whose worker process died, with the
            item, the result ``failed`` made for it and the items that the
            worker lost with it (this one among them). True runs the item
            once more on a live worker, ahead of the items still waiting and
            without ``admit``, and only the second result counts. The first
            result is kept when the run is interrupted or every worker exits
            before the second run starts. No item runs a third time.
        :raises RuntimeError: when ``admit`` returns False while no job runs,
            which would otherwise wait forever.
        """
        state: _Run[T, R] = _Run(items, failed, skipped, on_result, admit, rerun)
        waiting = list(range(len(items)))
        waiting.reverse()  # popped from the end: first item first
        if not self.interrupted and items:
            self._start()
        try:
            with self._interrupt_handler():
                self._loop(func, state, waiting)
        except KeyboardInterrupt:
            running = {key for worker in self._pool for key in worker.running} | self._failing
            self.abandoned = [items[key] for key in sorted(running) if key not in state.results]
            raise
        # Every failure thread has posted its result, so these joins end at once.
        for thread in self._failure_threads:
            thread.join()
        self._failure_threads = []
        return [state.results[key] for key in range(len(items))]

    def _loop(self, func: Callable[[T], R], state: _Run[T, R], waiting: list[int]) -> None:
        items = state.items
        while len(state.results) < len(items):
            reason = None
            if self.interrupted:
                reason = _("interrupted")
            elif not any(not w.dead for w in self._pool):
                reason = _("every worker process exited")
            if reason is not None:
                while waiting:
                    key = waiting.pop()
                    state.finish(key, state.skipped(items[key], reason))
                while state.reruns:
                    key = state.reruns.pop(0)
                    state.finish(key, state.lost_results.pop(key))
            self._hand_out(func, state, waiting)
            if len(state.results) == len(items):
                break
            for message in self._receive(state):
                self._handle(message, state)

    def _hand_out(self, func: Callable[[T], R], state: _Run[T, R], waiting: list[int]) -> None:
        items = state.items
        while state.reruns:
            worker = max(self._pool, key=lambda w: w.free)
            if worker.free <= 0:
                return
            key = state.reruns.pop(0)
            if self._give(worker, (key, func, items[key]), state):
                del state.lost_results[key]
            else:
                state.reruns.insert(0, key)
        while waiting:
            worker = max(self._pool, key=lambda w: w.free)
            if worker.free <= 0:
                return
            verdict = True if state.admit is None else state.admit(waiting[-1])
            if verdict is False:
                if not any(w.running for w in self._pool) and not self._failing:
                    raise RuntimeError(
                        f"admit kept item {waiting[-1]} waiting while no job runs, "
                        "so no result could ever let it start"
                    )
                return
            if verdict is not True:
                while waiting:
                    key = waiting.pop()
                    state.finish(key, state.skipped(items[key], str(verdict)))
                return
            key = waiting.pop()
            if not self._give(worker, (key, func, items[key]), state):
                waiting.append(key)

    def _give(self, worker: _Worker, job: Job, state: _Run[T, R]) -> bool:
        """Hand ``job`` to ``worker``; return False when the worker turns out dead."""
        try:
            worker.give(job)
        except OSError:  # the worker died since: its running jobs fail now
            worker.running.discard(job[0])
            # _receive watches only live workers, so this one's exit would
            # never be seen and the run would wait for its jobs forever.
            messages: list[tuple[Any, ...]] = []
            self._drain(worker, messages)
            self._bury(worker, state, messages)
            for message in messages:
                self._handle(message, state)
            return False
        return True

    def _receive(self, state: _Run[T, R]) -> list[tuple[Any, ...]]:
        """Wait for the next messages; fail the jobs of a worker process that died."""
        if not self.uses_processes:
            try:
                return [self._messages.get(timeout=POLL_SECONDS)]
            except queue.Empty:
                return []
        live = [w for w in self._pool if not w.dead]
        readers = {w.results: w for w in live if w.results is not None}
        sentinels = {w.process.sentinel: w for w in live}
        handles: list[Any] = [*readers, *sentinels]
        wake = self._wake[0] if self._wake is not None else None
        if wake is not None:
            handles.append(wake)
        ready = multiprocessing.connection.wait(handles, timeout=POLL_SECONDS)
        messages: list[tuple[Any, ...]] = []
        for handle in ready:
            if handle in readers:
                try:
                    messages.append(handle.recv())
                except EOFError:
                    self._bury(readers[handle], state)
        for handle in ready:
            if handle in sentinels and not sentinels[handle].dead:
                self._drain(sentinels[handle], messages)
                self._bury(sentinels[handle], state, messages)
        if wake is not None and wake in ready:
            os.read(wake, 4096)
        # A failure thread posts its message before it writes to the pipe, so
        # a message missed here wakes the next wait.
        while True:
            try:
                messages.append(self._messages.get_nowait())
            except queue.Empty:
                return messages

    @staticmethod
    def _drain(worker: _Worker, messages: list[tuple[Any, ...]]) -> None:
        """Collect what a dead worker sent before it died."""
        connection = worker.results
        while connection is not None:
            try:
                if not connection.poll():
                    return
                messages.append(connection.recv())
            except (EOFError, OSError):
                return

    def _bury(
        self, worker: _Worker, state: _Run[T, R], messages: Sequence[tuple[Any, ...]] = ()
    ) -> None:
        """Fail the jobs that a dead worker was running and never finished."""
        worker.dead = True
        worker.process.join(JOIN_SECONDS)
        if worker.process.exitcode is None:
            # The worker closed its pipes but still runs. Kill it, so that none of
            # its threads goes on changing a device that is rolled back or runs again.
            worker.process.kill()
            worker.process.join(JOIN_SECONDS)
        code = worker.process.exitcode
        finished = {m[1] for m in messages if m[0] in ("done", "error")}
        lost = tuple(sorted(key for key in worker.running if key not in finished))
        if lost:
            log.error(
                N_("worker process %s exited with code %s while %d device(s) were in progress"),
                worker.process.pid,
                code,
                len(lost),
            )
        reason = _("the worker process exited with code {code} during the job").format(code=code)
        for key in lost:
            worker.running.discard(key)
            # A job of a worker that did not stop even when killed never runs again.
            self._fail(state, key, reason, lost if code is not None else ())

    def _fail(self, state: _Run[T, R], key: int, reason: str, lost: tuple[int, ...] = ()) -> None:
        """Make the result of the failed job ``key`` on a thread; ``lost`` for a dead worker's job."""
        if lost:
            state.lost_together[key] = lost
        if self.uses_processes and self._wake is None:
            self._wake = os.pipe()
        item = state.items[key]

        def make() -> None:
            message: tuple[Any, ...]
            try:
                message = ("failure", key, state.failed(item, reason))
            except BaseException as err:  # raised again in the result loop, which waits for it
                message = ("failure_error", key, err)
            self._messages.put(message)
            with self._wake_lock:
                if self._wake is not None:
                    os.write(self._wake[1], b"\0")

        thread = threading.Thread(target=make, name=f"failed-job-{key}", daemon=True)
        self._failing.add(key)
        self._failure_threads.append(thread)
        thread.start()

    def _settle(self, state: _Run[T, R], key: int, result: R) -> None:
        """Finish ``key`` with its failure result, or queue it to run again."""
        lost = state.lost_together.pop(key, ())
        rerun = state.rerun
        if (
            lost
            and rerun is not None
            and not self.interrupted  # after Ctrl-C nothing new starts, reruns included
            and key not in state.rerun_keys
            and rerun(state.items[key], result, [state.items[k] for k in lost])
        ):
            state.rerun_keys.add(key)
            state.lost_results[key] = result
            state.reruns.append(key)
            return
        state.finish(key, result)

    def _handle(self, message: tuple[Any, ...], state: _Run[T, R]) -> None:
        if message[0] == "log":
            record = message[1]
            logging.getLogger(record.name).handle(record)
            return
        kind, key = message[0], message[1]
        if kind == "failure_error":
            self._failing.discard(key)
            raise message[2]
        if kind == "failure":
            self._failing.discard(key)
            self._settle(state, key, message[2])
            return
        for worker in self._pool:
            worker.running.discard(key)
        if key in state.results:  # already failed with its dead worker
            return
        if kind == "done":
            state.finish(key, message[2])
        else:
            self._fail(state, key, message[2])

    @contextlib.contextmanager
    def _interrupt_handler(self) -> Iterator[None]:
        """Turn the first Ctrl-C into a stop request while jobs run; the second raises."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def interrupt(signum: int, frame: FrameType | None) -> None:
            if self.interrupted:
                self._force = True
                raise KeyboardInterrupt
            self.interrupted = True
            log.warning(
                N_(
                    "interrupted: no new device starts; waiting for the devices in progress "
                    "(press Ctrl-C again to abandon them)"
                )
            )

        previous = signal.signal(signal.SIGINT, interrupt)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def close(self) -> None:
        """Stop the workers: at once after a forced interrupt, else after their last job."""
        for worker in self._pool:
            if worker.local is not None:
                for _thread in range(worker.threads):
                    worker.local.put(None)
                continue
            if self._force:
                worker.process.terminate()
            elif worker.tasks is not None and not worker.dead:
                with contextlib.suppress(OSError):  # the worker is gone already
                    worker.tasks.send(None)
        for worker in self._pool:
            if worker.process is None:
                continue
            worker.process.join(JOIN_SECONDS)
            if worker.process.exitcode is None:
                log.error(N_("worker process %s did not stop; terminating it"), worker.process.pid)
                worker.process.terminate()
                worker.process.join(JOIN_SECONDS)
            for connection in (worker.tasks, worker.results):
                if connection is not None:
                    connection.close()
        if not self._force:
            for thread in self._threads:
                thread.join()
        with self._wake_lock:
            if self._wake is not None:
                for descriptor in self._wake:
                    os.close(descriptor)
                self._wake = None
        self._settings.close()
        self._pool = []
        self._threads = []
