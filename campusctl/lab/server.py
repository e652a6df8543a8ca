"""The lab server: one asyncssh process serving every emulated device.

Each device listens on its own port (and optionally its own 127.0.0.x
address), with its own persistent ed25519 host key and lab password. A Unix
control socket in the lab state folder takes fault injection, status and stop
requests from ``campusctl lab`` and from tests.

Run it as ``python -m campusctl.lab.server STATE_FOLDER``; ``campusctl lab up``
does that in the background.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import ipaddress
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncssh

from campusctl.collector import LAB_YOUNG_THRESHOLD
from campusctl.errors import LabError
from campusctl.i18n import _
from campusctl.lab.cabling import CableFaults
from campusctl.lab.configtree import parse
from campusctl.lab.control import (
    CONTROL_SOCKET,
    answer_request,
    control_request,
    open_control_socket,
    worker_socket,
)
from campusctl.lab.devices import LabDevice
from campusctl.lab.factory import factory_config
from campusctl.lab.faults import FaultKind
from campusctl.lab.flash import FlashServer
from campusctl.lab.runtime import DeviceRuntime, load_saved
from campusctl.lab.session import Session
from campusctl.lab.state import Endpoint
from campusctl.lab.transport import (
    ENCRYPTION_ALGORITHMS,
    KEX_ALGORITHMS,
    DeviceConnection,
    bind_listener,
)
from campusctl.lab.vendors.acl import client_address, vty_acl_permits
from campusctl.lab.vendors.registry import vendor_class

log = logging.getLogger(__name__)

# control_request stays importable from here for the CLI and the tests.
__all__ = ["CONTROL_SOCKET", "LabServer", "control_request", "is_loopback", "main", "serve"]


class _Channel:
    """Adapts an asyncssh server process to the session's channel."""

    def __init__(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        self.process = process

    async def read_input(self) -> bytes:
        while True:
            try:
                data = await self.process.stdin.read(4096)
            except asyncssh.TerminalSizeChanged:
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                return b"\x03"
            except asyncssh.DisconnectError:
                return b""
            return data

    def write_output(self, data: bytes) -> None:
        if not self.process.is_closing():
            self.process.stdout.write(data)

    def close(self) -> None:
        self.process.exit(0)

    def connected(self) -> bool:
        return not self.process.is_closing()

    def abort(self) -> None:
        connection = self.process.get_extra_info("connection")
        if connection is not None:
            connection.abort()


class _DeviceSSHServer(asyncssh.SSHServer):
    """Authentication and access control of one device."""

    def __init__(self, lab: LabServer, runtime: DeviceRuntime) -> None:
        self.lab = lab
        self.runtime = runtime
        self.connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.connection = conn
        self.lab.connections.add(conn)
        peer = conn.get_extra_info("peername")
        address = client_address(self.runtime, peer[0] if peer else "127.0.0.1")
        if not vty_acl_permits(self.runtime, address):
            log.info(
                "device %s: connection from %s refused by its management ACL",
                self.runtime.name,
                address,
            )
            asyncio.get_running_loop().call_soon(conn.abort)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.connection is not None:
            self.lab.connections.discard(self.connection)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        if self.runtime.faults.auth_failure:
            log.info(
                "device %s: login of %s rejected (injected fault)", self.runtime.name, username
            )
            return False
        return username == self.lab.username and password == self.runtime.password


class LabServer:
    """Every emulated device of one lab, in one event loop."""

    def __init__(
        self,
        devices: list[LabDevice],
        passwords: dict[str, str],
        username: str,
        state: Path | None = None,
        control_socket: str = CONTROL_SOCKET,
    ) -> None:
        self.username = username
        self.state = state
        self.control_socket = control_socket
        self.runtimes: dict[str, DeviceRuntime] = {}
        self.listeners: dict[str, asyncio.AbstractServer] = {}
        self.host_keys: dict[str, asyncssh.SSHKey] = {}
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.sessions: set[asyncio.Task[None]] = set()
        self._control: asyncio.AbstractServer | None = None
        self.cables = CableFaults(self.runtimes)
        self.stopped = asyncio.Event()
        # Loading builds hundreds of thousands of long-lived nodes. The cyclic
        # collector rescans them on every generation-2 pass, which made loading
        # 1,000 full configurations about three times slower (bench/lab_scale.py).
        gc.disable()
        try:
            for device in devices:
                self.runtimes[device.name] = self._runtime(device, passwords[device.name])
        finally:
            gc.enable()
        gc.freeze()

    def _folder(self, name: str) -> Path | None:
        if self.state is None:
            return None
        folder = self.state / "devices" / name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    def _runtime(self, device: LabDevice, password: str) -> DeviceRuntime:
        folder = self._folder(device.name)
        saved = load_saved(folder)
        style = vendor_class(device).style
        running = parse(saved, style) if saved else factory_config(device, self.username, password)
        return DeviceRuntime(device, folder, password, password, running, saved)

    def host_key(self, name: str, regenerate: bool = False) -> asyncssh.SSHKey:
        """Return the device's host key, created once and kept in its folder."""
        folder = self._folder(name)
        path = folder / "ssh_host_ed25519_key" if folder else None
        if path is not None and path.exists() and not regenerate:
            key = asyncssh.read_private_key(path)
        else:
            key = asyncssh.generate_private_key("ssh-ed25519")
            if path is not None:
                key.write_private_key(path)
                path.chmod(0o600)
        self.host_keys[name] = key
        return key

    async def start(self) -> None:
        """Open every device's listener and the control socket."""
        for name in self.runtimes:
            await self._listen(name)
        if self.state is not None:
            self._control = await open_control_socket(
                self.state / self.control_socket, self._serve_control
            )
        log.info("lab server: %d devices listening", len(self.runtimes))

    async def _listen(self, name: str, regenerate: bool = False) -> None:
        runtime = self.runtimes[name]
        key = self.host_key(name, regenerate)
        vendor = vendor_class(runtime.spec)

        async def handle(process: asyncssh.SSHServerProcess[bytes]) -> None:
            task = asyncio.current_task()
            if task is not None:
                self.sessions.add(task)
                task.add_done_callback(self.sessions.discard)
            peer = process.get_extra_info("peername")
            session = Session(
                runtime,
                _Channel(process),
                vendor,
                process.get_extra_info("username") or "",
                peer[0] if peer else "",
            )
            try:
                await session.run()
            finally:
                if not process.is_closing():
                    process.exit(0)

        # Binding the socket here skips asyncssh's getaddrinfo call, which runs in a
        # thread pool and took about 1 ms per listener (1 s for 1,000 devices).
        try:
            listener = bind_listener(runtime.spec.address, runtime.spec.port)
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise
            # Another program took the port after lab up chose it. The overlay
            # is written from the ports actually bound, so any free port will do.
            listener = bind_listener(runtime.spec.address, 0)
            taken, runtime.spec.port = runtime.spec.port, listener.getsockname()[1]
            log.warning(
                "device %s: port %d is in use; listening on %d instead",
                name,
                taken,
                runtime.spec.port,
            )
        options = asyncssh.SSHServerConnectionOptions(
            server_factory=lambda: _DeviceSSHServer(self, runtime),
            server_host_keys=[key],
            process_factory=handle,
            encoding=None,
            line_editor=False,
            allow_scp=True,
            sftp_factory=lambda chan: FlashServer(chan, runtime),
            kex_algs=KEX_ALGORITHMS,
            encryption_algs=ENCRYPTION_ALGORITHMS,
            compression_algs=["none"],
            # No GSS host name: the default looks this machine's name up (getfqdn),
            # which may ask a DNS server outside the lab.
            gss_host=None,
        )
        loop = asyncio.get_running_loop()
        self.listeners[name] = await loop.create_server(
            lambda: DeviceConnection(loop, options), sock=listener
        )

    def public_key(self, name: str) -> str:
        """Return the device's host key as an OpenSSH public key line."""
        return self.host_keys[name].export_public_key().decode().strip()

    def endpoints(self) -> dict[str, Endpoint]:
        """Return where each device listens, with its host key."""
        return {
            name: Endpoint(runtime.spec.address, runtime.spec.port, self.public_key(name))
            for name, runtime in self.runtimes.items()
        }

    async def stop(self) -> None:
        """Close every listener, session and connection, and the control socket."""
        for listener in self.listeners.values():
            listener.close()
        for connection in list(self.connections):
            connection.close()
        if self.sessions:
            await asyncio.wait(list(self.sessions), timeout=5)
        for listener in self.listeners.values():
            await listener.wait_closed()
        self.listeners.clear()
        if self._control is not None:
            self._control.close()
            await self._control.wait_closed()
            if self.state is not None:
                with contextlib.suppress(FileNotFoundError):
                    (self.state / self.control_socket).unlink()
        self.stopped.set()

    # Faults and control --------------------------------------------------------

    async def set_fault(self, device: str, kind: str, value: str = "") -> None:
        """Inject a fault into one device; raise KeyError/ValueError on bad input."""
        runtime = self.runtimes[device]
        faults = runtime.faults
        fault = FaultKind(kind)
        if fault is FaultKind.AUTH_FAILURE:
            faults.auth_failure = True
        elif fault is FaultKind.SLOW:
            faults.delay = float(value or "2")
        elif fault is FaultKind.REJECT_COMMAND:
            if not value:
                raise ValueError("reject-command needs the command prefix to reject")
            faults.rejected.append(value)
        elif fault is FaultKind.DROP_SESSION:
            faults.drop_after = int(value or "1")
        elif fault is FaultKind.SAVE_FAILURE:
            faults.save_failure = True
        elif fault is FaultKind.MISCABLED:
            self.cables.miscable(device, value)
        elif fault is FaultKind.HOST_KEY_CHANGED:
            listener = self.listeners.pop(device)
            listener.close()
            await listener.wait_closed()
            await self._listen(device, regenerate=True)
        log.info("device %s: fault %s injected", device, fault.value)

    def clear_faults(self, device: str | None = None) -> None:
        """Remove the faults of one device, or of every device.

        Clearing either end of a moved cable puts back every cable of that
        miscabling fault, on all the devices it changed (and any other cable
        moved on those devices).
        """
        for name, runtime in self.runtimes.items():
            if device is None or device == name:
                runtime.faults.clear()
        self.cables.restore(device)

    def status(self) -> dict[str, Any]:
        """Return a JSON-ready summary of every device."""
        return {
            name: {
                "address": runtime.spec.address,
                "port": runtime.spec.port,
                "platform": runtime.spec.platform,
                "sessions": runtime.sessions,
                "saved": runtime.saved_text is not None,
                "faults": runtime.faults.describe(),
                "host_key": self.public_key(name),
            }
            for name, runtime in self.runtimes.items()
        }

    async def _associate(self, request: dict[str, Any]) -> dict[str, Any]:
        """Authenticate one station on a controller's 802.1X SSID (see :mod:`wlan_clients`)."""
        from campusctl.lab.linux.network import bridge_name, lab_tag
        from campusctl.lab.radius import RadiusError
        from campusctl.lab.wlan_clients import STATION_MAC, associate

        runtime = self.runtimes[request["device"]]
        if self.state is None:
            raise ValueError("associate needs a lab state folder")
        try:
            client = await asyncio.to_thread(
                associate,
                runtime,
                request["ssid"],
                request["username"],
                request["password"],
                bridge_name(lab_tag(self.state)),
                mac=request.get("mac") or STATION_MAC,
            )
        except RadiusError as err:
            log.warning("device %s: association failed: %s", runtime.name, err)
            # The message without its code: the CLI's own error adds the code once.
            return {"ok": False, "error": str(err.args[0]) if err.args else str(err)}
        return {"ok": True, "client": client.as_dict()}

    async def _serve_control(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        reply = await answer_request(reader, writer, self._control_request)
        if reply.get("stopping"):
            await self.stop()

    async def _control_request(self, request: dict[str, Any]) -> dict[str, Any]:
        operation = request.get("op")
        if operation == "status":
            return {"ok": True, "devices": self.status(), "pid": os.getpid()}
        if operation == "fault":
            await self.set_fault(request["device"], request["kind"], request.get("value", ""))
            return {"ok": True, "host_key": self.public_key(request["device"])}
        if operation == "clear":
            self.clear_faults(request.get("device"))
            return {"ok": True}
        if operation == "associate":
            return await self._associate(request)
        if operation == "clients":
            runtime = self.runtimes[request["device"]]
            return {"ok": True, "clients": [c.as_dict() for c in runtime.wlan_clients]}
        if operation == "cables":
            self.set_cables(request["devices"])
            return {"ok": True}
        if operation == "stop":
            return {"ok": True, "stopping": True}
        raise ValueError(f"unknown control operation {operation!r}")

    def set_cables(self, cables: dict[str, dict[str, Any]]) -> None:
        """Set the moved and unplugged cables of devices, as a supervisor computed them.

        ``cables`` maps a device name to ``{"miscabled": {port: [device,
        port]}, "unplugged": [port, ...]}``.
        """
        for name, cabling in cables.items():
            faults = self.runtimes[name].faults
            faults.miscabled = {
                port: (str(far[0]), str(far[1])) for port, far in cabling["miscabled"].items()
            }
            faults.unplugged = set(cabling["unplugged"])


def is_loopback(address: str) -> bool:
    """Return whether the lab may listen on ``address`` (loopback only)."""
    return ipaddress.ip_address(address).is_loopback


def _check_addresses(devices: list[LabDevice]) -> None:
    for device in devices:
        if not is_loopback(device.address):
            raise LabError(
                _(
                    "Device {device}: lab address {address} is not a loopback address; the lab "
                    "listens on 127.0.0.0/8 and ::1 only."
                ).format(device=device.name, address=device.address)
            )


def _on_signals(loop: asyncio.AbstractEventLoop, stop: Callable[[], Awaitable[None]]) -> None:
    """Run ``stop`` once on SIGTERM or SIGINT."""
    stopping: list[asyncio.Future[None]] = []

    def request_stop() -> None:
        if not stopping:
            stopping.append(asyncio.ensure_future(stop()))

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, request_stop)


async def serve(state: Path, workers: int | None = None) -> int:
    """Run the lab described in ``state`` until SIGTERM or a stop request; return the exit code.

    ``workers`` processes serve the devices (the default depends on the
    device count, see :func:`campusctl.lab.supervisor.default_workers`). With
    more than one, this process supervises them.
    """
    from campusctl.lab.state import LabState
    from campusctl.lab.supervisor import Supervisor, default_workers

    lab_state = LabState(state)
    devices = lab_state.read_devices()
    _check_addresses(devices)
    count = min(workers or default_workers(len(devices)), max(1, len(devices)))
    loop = asyncio.get_running_loop()
    if count <= 1:
        server = LabServer(devices, lab_state.read_passwords(), lab_state.username(), state)
        await server.start()
        lab_state.write_ready(server.endpoints())
        _on_signals(loop, server.stop)
        await server.stopped.wait()
        lab_state.clear_runtime_files()
        return 0
    supervisor = Supervisor(state, devices, count)
    await supervisor.start()
    try:
        lab_state.write_ready(supervisor.endpoints)
    except BaseException:
        await supervisor.stop()
        raise
    _on_signals(loop, supervisor.stop)
    await supervisor.stopped.wait()
    lab_state.clear_runtime_files()
    return 1 if supervisor.failed else 0


async def serve_worker(state: Path, index: int, count: int) -> int:
    """Serve worker ``index``'s share of the lab until SIGTERM or end of standard input.

    The worker writes one JSON line to standard output once it listens:
    ``{"ready": {device: {"address", "port", "host_key"}}}``. It leaves the
    PID file and the overlay to its supervisor.
    """
    from campusctl.lab.state import LabState
    from campusctl.lab.supervisor import worker_share

    lab_state = LabState(state)
    devices = worker_share(lab_state.read_devices(), index, count)
    _check_addresses(devices)
    server = LabServer(
        devices,
        lab_state.read_passwords(),
        lab_state.username(),
        state,
        control_socket=worker_socket(index),
    )
    await server.start()
    ready = {name: endpoint.as_dict() for name, endpoint in server.endpoints().items()}
    sys.stdout.write(json.dumps({"ready": ready}) + "\n")
    sys.stdout.flush()

    loop = asyncio.get_running_loop()
    # The supervisor stops its workers with SIGTERM; a Ctrl-C in a terminal
    # reaches the supervisor, which stops this worker in turn.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(server.stop()))
    watcher = asyncio.create_task(_stop_at_end_of_input(server))
    await server.stopped.wait()
    watcher.cancel()
    return 0


async def _stop_at_end_of_input(server: LabServer) -> None:
    """Stop ``server`` when standard input closes: the supervisor died without stopping it."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.read(4096):
        pass
    if not server.stopped.is_set():
        log.warning("lab worker: the supervisor went away; stopping")
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the background server process and of its workers."""
    parser = argparse.ArgumentParser(
        prog="python -m campusctl.lab.server", description="Serve the emulated lab devices."
    )
    parser.add_argument("state", type=Path, help="the lab state folder")
    parser.add_argument(
        "--workers", type=int, default=None, help="server processes (default: by device count)"
    )
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be 1 or more")
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
    )
    # asyncssh logs every channel at INFO; keep the lab log to starts, stops and faults.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    # Every pushed block adds configuration nodes. Young collections every
    # 10,000 new objects instead of CPython's 700 cut the server's CPU per
    # pushed device by about a sixth in bench/apply_lab.py's raw SSH run
    # (498 devices, 8.6 to 7.4 s).
    gc.set_threshold(LAB_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    try:
        if args.worker is not None:
            from campusctl.lab.supervisor import parse_worker

            try:
                index, count = parse_worker(args.worker)
            except ValueError as err:
                parser.error(str(err))
            return asyncio.run(serve_worker(args.state, index, count))
        return asyncio.run(serve(args.state, args.workers))
    except (LabError, OSError) as err:
        log.error("lab server: start failed: %s", err)
        return 1


if __name__ == "__main__":
    sys.exit(main())
