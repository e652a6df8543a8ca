"""The lab's control protocol: one JSON request line and one JSON reply line per connection.

``campusctl lab`` and the tests talk to the lab over the Unix socket
``control.sock`` in the lab state folder. When several processes serve the
lab, the supervisor owns that socket and talks to each worker over the
worker's own socket (``worker-<n>.sock``) with the same protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from campusctl.errors import LabError
from campusctl.i18n import _

log = logging.getLogger(__name__)

CONTROL_SOCKET = "control.sock"
MAX_SOCKET_PATH = 107  # sun_path has room for 108 bytes on Linux, including the final NUL
# A status reply of a large lab is one long line (about 300 bytes per device),
# far over asyncio's default 64 KiB line limit.
MAX_LINE_BYTES = 64 * 1024 * 1024

ControlHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def worker_socket(index: int) -> str:
    """Return the control socket name of worker ``index``."""
    return f"worker-{index}.sock"


async def open_control_socket(path: Path, handler: ControlHandler) -> asyncio.AbstractServer:
    """Listen on the Unix socket ``path`` (mode 0600), replacing a stale one.

    :raise LabError: when the path is too long for a Unix socket.
    """
    if len(str(path).encode()) > MAX_SOCKET_PATH:
        raise LabError(
            _(
                "The lab control socket path {path} is longer than {limit} bytes; set "
                "CAMPUSCTL_STATE to a shorter folder."
            ).format(path=path, limit=MAX_SOCKET_PATH)
        )
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    server = await asyncio.start_unix_server(handler, path=str(path), limit=MAX_LINE_BYTES)
    path.chmod(0o600)
    return server


async def answer_request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handle: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """Read one request, write the reply of ``handle`` (or the error it raised), return the reply.

    ``KeyError`` (an unknown device), ``ValueError`` (an invalid request) and
    ``OSError`` (a worker that did not reply) become ``{"ok": false,
    "error": ...}`` replies.
    """
    request: dict[str, Any] = {}
    try:
        line = await reader.readline()
        parsed = json.loads(line or b"{}")
        if not isinstance(parsed, dict):
            raise ValueError("invalid control request: expected a JSON object")
        request = parsed
        reply = await handle(request)
    except (KeyError, ValueError, OSError) as err:
        log.warning(
            "lab control request %s for %s failed: %s",
            request.get("op"),
            request.get("device", "the lab"),
            err,
        )
        reply = {"ok": False, "error": str(err)}
    writer.write(json.dumps(reply).encode() + b"\n")
    await writer.drain()
    writer.close()
    return reply


async def request_socket(path: Path, request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Send one request to the control socket ``path`` and return the reply."""
    reader, writer = await asyncio.wait_for(
        asyncio.open_unix_connection(str(path), limit=MAX_LINE_BYTES), timeout
    )
    try:
        writer.write(json.dumps(request).encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
    finally:
        writer.close()
    if not line:
        raise ConnectionError(f"{path} closed the connection without a reply")
    reply: dict[str, Any] = json.loads(line)
    return reply


async def control_request(
    state: Path, request: dict[str, Any], timeout: float = 10.0
) -> dict[str, Any]:
    """Send one request to a running lab server and return its reply."""
    return await request_socket(state / CONTROL_SOCKET, request, timeout)
