"""Several worker processes serving one lab, behind the lab's one control socket.

One asyncio process spends about one core at most, so a lab of hundreds of
devices pushed at once runs out of CPU in one process. With ``--workers N``
the lab server process becomes a supervisor: it starts N worker processes
(``python -m campusctl.lab.server STATE --worker I/N``), each serving every
N-th device of ``devices.json`` on that device's own port, and keeps the
control socket. It routes each control request to the worker that serves
the device, merges the workers' status, and applies miscabling faults
itself, because a moved cable changes devices that different workers serve.

Each worker prints one JSON line ``{"ready": {device: endpoint}}`` when its
listeners are open, and stops on SIGTERM or when its standard input reaches
end of file, which happens when the supervisor dies without stopping it.
The supervisor stops its workers by PID (SIGTERM, then SIGKILL after
:data:`STOP_TIMEOUT_S`) on every exit path, and stops the whole lab when a
worker exits on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campusctl.errors import LabError
from campusctl.i18n import _
from campusctl.lab.cabling import CableFaults
from campusctl.lab.configtree import Node
from campusctl.lab.control import (
    CONTROL_SOCKET,
    MAX_LINE_BYTES,
    answer_request,
    open_control_socket,
    request_socket,
    worker_socket,
)
from campusctl.lab.devices import LabDevice
from campusctl.lab.faults import FaultKind
from campusctl.lab.runtime import DeviceRuntime
from campusctl.lab.state import Endpoint

log = logging.getLogger(__name__)

# Up to this many devices one process serves the lab by default. A push to
# every device of a small lab does not keep one core busy for long, and each
# worker costs one more Python interpreter and its start time.
WORKER_THRESHOLD = 100
MAX_DEFAULT_WORKERS = 2
READY_TIMEOUT_S = 120.0  # loading 500 full configurations takes a few seconds per worker
STOP_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 30.0  # an 802.1X association waits for the RADIUS server


def default_workers(device_count: int) -> int:
    """Return the number of server processes for a lab of ``device_count`` devices."""
    if device_count <= WORKER_THRESHOLD:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS))


def worker_share(devices: list[LabDevice], index: int, count: int) -> list[LabDevice]:
    """Return the devices worker ``index`` of ``count`` serves: every ``count``-th one.

    Taking every N-th device (and not N contiguous blocks) spreads each
    school, and so each batch of a rollout, over all workers.
    """
    return devices[index::count]


def parse_worker(value: str) -> tuple[int, int]:
    """Parse ``I/N`` (worker I of N, counted from 0); raise ValueError when invalid."""
    index_text, _, count_text = value.partition("/")
    index, count = int(index_text), int(count_text)
    if not 0 <= index < count:
        raise ValueError(f"invalid worker {value!r}: expected I/N with 0 <= I < N")
    return index, count


@dataclass(slots=True)
class _Worker:
    """One worker process and its control socket."""

    index: int
    process: asyncio.subprocess.Process
    socket: Path

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid


class Supervisor:
    """Worker processes of one lab and the lab's control socket."""

    def __init__(self, state: Path, devices: list[LabDevice], count: int) -> None:
        self.state = state
        self.count = count
        self.owner: dict[str, int] = {}
        for index in range(count):
            for device in worker_share(devices, index, count):
                self.owner[device.name] = index
        self.order = [device.name for device in devices]
        # Copies that hold only each device's cabling faults, for CableFaults.
        self.replicas = {
            device.name: DeviceRuntime(device, None, "", "", Node("")) for device in devices
        }
        self.cables = CableFaults(self.replicas)
        self.endpoints: dict[str, Endpoint] = {}
        self.workers: list[_Worker] = []
        self.failed = False  # a worker exited on its own
        self.stopped = asyncio.Event()
        self._stopping = False
        self._control: asyncio.AbstractServer | None = None
        self._monitors: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start every worker, wait until all listen, then open the control socket.

        :raise LabError: when a worker exits or does not get ready in time;
            every worker started is stopped first.
        """
        try:
            for index in range(self.count):
                self.workers.append(await self._spawn(index))
            for worker in self.workers:
                await self._wait_ready(worker)
            self._control = await open_control_socket(
                self.state / CONTROL_SOCKET, self._serve_control
            )
        except BaseException:
            await self._stop_workers()
            raise
        for worker in self.workers:
            task = asyncio.create_task(self._watch(worker))
            self._monitors.add(task)
            task.add_done_callback(self._monitors.discard)
        log.info(
            "lab supervisor: %d devices in %d worker processes (PIDs %s)",
            len(self.endpoints),
            self.count,
            ", ".join(str(w.pid) for w in self.workers),
        )

    async def _spawn(self, index: int) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "campusctl.lab.server",
            str(self.state),
            "--worker",
            f"{index}/{self.count}",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=MAX_LINE_BYTES,
        )
        log.info("lab worker %d: started, PID %d", index, process.pid)
        return _Worker(index, process, self.state / worker_socket(index))

    async def _wait_ready(self, worker: _Worker) -> None:
        assert worker.process.stdout is not None
        try:
            line = await asyncio.wait_for(worker.process.stdout.readline(), READY_TIMEOUT_S)
        except TimeoutError:
            raise LabError(
                _(
                    "Lab worker {index} (PID {pid}) did not start listening within {seconds} s; "
                    "see server.log in {state}."
                ).format(
                    index=worker.index, pid=worker.pid, seconds=READY_TIMEOUT_S, state=self.state
                )
            ) from None
        if not line:
            code = await worker.process.wait()
            raise LabError(
                _(
                    "Lab worker {index} (PID {pid}) exited during start with code {code}; "
                    "see server.log in {state}."
                ).format(index=worker.index, pid=worker.pid, code=code, state=self.state)
            )
        ready: dict[str, dict[str, Any]] = json.loads(line)["ready"]
        for name, entry in ready.items():
            self.endpoints[name] = Endpoint(entry["address"], int(entry["port"]), entry["host_key"])

    async def _watch(self, worker: _Worker) -> None:
        code = await worker.process.wait()
        if self._stopping:
            return
        log.error(
            "lab worker %d (PID %d) exited with code %s; stopping the lab",
            worker.index,
            worker.pid,
            code,
        )
        self.failed = True
        await self.stop()

    async def stop(self) -> None:
        """Close the control socket and stop every worker by its PID."""
        if self._stopping:
            await self.stopped.wait()
            return
        self._stopping = True
        if self._control is not None:
            self._control.close()
            await self._control.wait_closed()
            with contextlib.suppress(FileNotFoundError):
                (self.state / CONTROL_SOCKET).unlink()
        await self._stop_workers()
        self.stopped.set()

    async def _stop_workers(self) -> None:
        """SIGTERM every live worker by PID, then SIGKILL those still alive after the timeout."""
        self._stopping = True
        running = [w for w in self.workers if w.process.returncode is None]
        for worker in running:
            with contextlib.suppress(ProcessLookupError):
                worker.process.terminate()
        if running:
            _done, late = await asyncio.wait(
                [asyncio.create_task(w.process.wait()) for w in running], timeout=STOP_TIMEOUT_S
            )
            if late:
                for worker in running:
                    if worker.process.returncode is None:
                        log.warning(
                            "lab worker %d (PID %d) did not stop within %g s; killing it",
                            worker.index,
                            worker.pid,
                            STOP_TIMEOUT_S,
                        )
                        with contextlib.suppress(ProcessLookupError):
                            worker.process.kill()
                await asyncio.wait(late)
        for worker in self.workers:
            with contextlib.suppress(FileNotFoundError):
                worker.socket.unlink()
        log.info("lab supervisor: %d worker processes stopped", len(running))

    # Control requests ------------------------------------------------------------

    async def _serve_control(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        reply = await answer_request(reader, writer, self._control_request)
        if reply.get("stopping"):
            await self.stop()

    async def _ask(self, index: int, request: dict[str, Any]) -> dict[str, Any]:
        """Send a request to worker ``index`` and return its reply."""
        return await request_socket(self.workers[index].socket, request, REQUEST_TIMEOUT_S)

    async def _control_request(self, request: dict[str, Any]) -> dict[str, Any]:
        operation = request.get("op")
        if operation == "status":
            return await self._status()
        if operation == "fault":
            return await self._fault(request["device"], request["kind"], request.get("value", ""))
        if operation == "clear":
            return await self._clear(request.get("device"))
        if operation in ("associate", "clients"):
            return await self._ask(self.owner[request["device"]], request)
        if operation == "stop":
            return {"ok": True, "stopping": True}
        raise ValueError(f"unknown control operation {operation!r}")

    async def _status(self) -> dict[str, Any]:
        replies = await asyncio.gather(
            *(self._ask(index, {"op": "status"}) for index in range(self.count))
        )
        merged: dict[str, Any] = {}
        for reply in replies:
            merged.update(reply["devices"])
        return {
            "ok": True,
            "devices": {name: merged[name] for name in self.order if name in merged},
            "pid": os.getpid(),
            "workers": [worker.pid for worker in self.workers],
        }

    async def _fault(self, device: str, kind: str, value: str) -> dict[str, Any]:
        index = self.owner[device]
        if FaultKind(kind) is not FaultKind.MISCABLED:
            reply = await self._ask(
                index, {"op": "fault", "device": device, "kind": kind, "value": value}
            )
            if reply.get("ok") and reply.get("host_key"):
                old = self.endpoints[device]
                self.endpoints[device] = Endpoint(old.address, old.port, reply["host_key"])
            return reply
        changed = self.cables.miscable(device, value)
        await self._push_cables(changed)
        log.info("device %s: fault %s injected", device, kind)
        return {"ok": True, "host_key": self.endpoints[device].host_key}

    async def _clear(self, device: str | None) -> dict[str, Any]:
        if device is None:
            for reply in await asyncio.gather(
                *(self._ask(index, {"op": "clear"}) for index in range(self.count))
            ):
                if not reply.get("ok"):
                    return reply
            self.cables.restore(None)
            return {"ok": True}
        if device not in self.owner:
            return {"ok": True}  # as one process does: nothing to clear
        reply = await self._ask(self.owner[device], {"op": "clear", "device": device})
        if not reply.get("ok"):
            return reply
        self.replicas[device].faults.clear()
        await self._push_cables(self.cables.restore(device) - {device})
        return {"ok": True}

    async def _push_cables(self, devices: set[str]) -> None:
        """Send the cabling faults of ``devices`` to the workers that serve them."""
        by_worker: dict[int, dict[str, Any]] = {}
        for name in devices:
            index = self.owner.get(name)
            if index is None:
                continue  # a device the lab does not emulate
            faults = self.replicas[name].faults
            by_worker.setdefault(index, {})[name] = {
                "miscabled": {port: list(far) for port, far in faults.miscabled.items()},
                "unplugged": sorted(faults.unplugged),
            }
        for index, cables in sorted(by_worker.items()):
            reply = await self._ask(index, {"op": "cables", "devices": cables})
            if not reply.get("ok"):
                raise ValueError(f"lab worker {index} rejected the cabling: {reply.get('error')}")
