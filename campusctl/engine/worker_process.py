"""The side of the worker pool that runs in a worker: its job threads and its log records.

Each worker process runs :func:`worker_main`: it receives jobs from the
parent over a pipe and runs them on threads. A pool of one worker runs the
threads of :func:`start_threads` in the parent instead.
"""

from __future__ import annotations

import logging
import multiprocessing.connection
import queue
import signal
import threading
from collections.abc import Callable
from typing import Any

from campusctl.collector import settle_worker
from campusctl.engine.redact import register_secrets
from campusctl.i18n import N_

log = logging.getLogger(__name__)

# A job: (key, function, item). Messages to the parent: ("done", key, result),
# ("error", key, text) and ("log", record).
Job = tuple[int, Callable[[Any], Any], Any]


def _run_jobs(jobs: queue.Queue[Job | None], send: Callable[[tuple[Any, ...]], None]) -> None:
    """Run jobs from ``jobs`` until a ``None`` arrives; send each outcome."""
    while True:
        job = jobs.get()
        if job is None:
            return
        key, func, item = job
        try:
            outcome = func(item)
        except Exception as err:  # reported as the device's failure; the worker goes on
            log.exception(N_("job %s failed"), key)
            send(("error", key, f"{type(err).__name__}: {err}"))
            continue
        send(("done", key, outcome))


def start_threads(
    jobs: queue.Queue[Job | None], send: Callable[[tuple[Any, ...]], None], count: int
) -> list[threading.Thread]:
    """Start ``count`` daemon threads that run the jobs of ``jobs``; return them."""
    threads = []
    for number in range(count):
        thread = threading.Thread(
            target=_run_jobs, args=(jobs, send), name=f"device-{number}", daemon=True
        )
        thread.start()
        threads.append(thread)
    return threads


class _ForwardHandler(logging.Handler):
    """Send a worker's log records to the parent with the message still untranslated.

    The parent's formatter translates ``msg`` before it applies the
    arguments, so the record keeps both; the arguments become strings so
    that the record pickles.
    """

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        super().__init__()
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            copy = logging.makeLogRecord(record.__dict__)
            if record.exc_info:
                copy.exc_text = logging.Formatter().formatException(record.exc_info)
            copy.exc_info = None
            args = copy.args if isinstance(copy.args, tuple) else (copy.args,) if copy.args else ()
            copy.args = tuple(arg if isinstance(arg, int | float) else str(arg) for arg in args)
            copy.msg = str(copy.msg)
            self._send(("log", copy))
        except Exception:  # logging must never end the job
            self.handleError(record)


def worker_main(
    tasks: multiprocessing.connection.Connection,
    results: multiprocessing.connection.Connection,
    threads: int,
    secrets: frozenset[str],
    level: int,
) -> None:
    """Receive jobs from the parent and run them on ``threads`` threads."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    settle_worker()
    register_secrets(secrets)
    lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with lock:
            results.send(message)

    root = logging.getLogger()
    root.handlers[:] = [_ForwardHandler(send)]
    root.setLevel(level)
    jobs: queue.Queue[Job | None] = queue.Queue()
    running = start_threads(jobs, send, threads)
    while True:
        try:
            job = tasks.recv()
        except EOFError:  # the parent is gone
            break
        if job is None:
            break
        jobs.put(job)
    for _thread in running:
        jobs.put(None)
    for thread in running:
        thread.join()
