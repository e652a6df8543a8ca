"""One interactive CLI session on an emulated device.

The session owns the terminal: it reads input byte by byte, echoes each line
only when it processes it (a client that queues several lines sees each echo
followed by its output and the next prompt, as on a real device), ends lines
with ``\\r\\n``, encodes output in the device's charset and runs the pager
while paging is on. What the device does with a line is the vendor's
business (:mod:`campusctl.lab.vendors`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from campusctl.lab.configtree import Node
from campusctl.lab.runtime import DeviceRuntime

if TYPE_CHECKING:
    from campusctl.lab.vendors.base import Vendor

log = logging.getLogger(__name__)


class Channel(Protocol):
    """The part of an SSH server process a session uses (a fake in unit tests)."""

    async def read_input(self) -> bytes:
        """Return the next chunk of input; b"" at end of input."""

    def write_output(self, data: bytes) -> None:
        """Send bytes to the client."""

    def close(self) -> None:
        """Close the session normally."""

    def abort(self) -> None:
        """Drop the connection without a goodbye (a crash or cut cable)."""

    def connected(self) -> bool:
        """Return False once the client's connection is gone."""


class SessionClosed(Exception):
    """Raised inside a session when the client went away or the session ends."""


@dataclass(slots=True)
class View:
    """One level of the CLI's view stack: its name, config section and prompt label."""

    name: str
    node: Node
    label: str = ""


class Session:
    """The terminal of one SSH session on one device."""

    def __init__(
        self,
        runtime: DeviceRuntime,
        channel: Channel,
        vendor_factory: Callable[[Session], Vendor],
        username: str,
        peer: str,
    ) -> None:
        self.runtime = runtime
        self.channel = channel
        self.username = username
        self.peer = peer
        self.views: list[View] = []
        self.screen_length: int = 24
        self.width: int = 80
        self.config_lines = 0
        self._buffer = bytearray()
        self._skip_newline = False
        self._eof = False
        self._pending: list[bytes] = []  # output not yet handed to the channel
        self.vendor = vendor_factory(self)

    @property
    def view(self) -> View:
        """The current view."""
        return self.views[-1]

    # Input -----------------------------------------------------------------

    async def _fill(self) -> None:
        if self._eof:
            raise SessionClosed
        chunk = await self.channel.read_input()
        if not chunk:
            self._eof = True
            raise SessionClosed
        if self._skip_newline and chunk[:1] == b"\n":
            chunk = chunk[1:]
        self._skip_newline = False
        self._buffer.extend(chunk)

    async def read_line(self, echo: bool = True) -> str:
        """Read one input line, echo it (or only the newline) and return it."""
        while True:
            buffer = self._buffer
            carriage = buffer.find(b"\r")
            newline = buffer.find(b"\n", 0, carriage if carriage >= 0 else len(buffer))
            index = newline if newline >= 0 else carriage
            if index < 0:
                await self._fill()
                continue
            raw = bytes(buffer[:index])
            del buffer[: index + 1]
            if index == carriage:
                if buffer[:1] == b"\n":
                    del buffer[:1]
                elif not buffer:
                    self._skip_newline = True
            text = self.decode(raw)
            self.write((text if echo else "") + "\n")
            return text

    async def read_key(self) -> str:
        """Read one key press (for the pager and single-key questions)."""
        while not self._buffer:
            await self._fill()
        byte = self._buffer[:1]
        del self._buffer[:1]
        if byte == b"\r":
            if self._buffer[:1] == b"\n":
                del self._buffer[:1]
            elif not self._buffer:
                self._skip_newline = True
        return byte.decode("latin-1")

    async def ask(self, question: str, echo: bool = True) -> str:
        """Print ``question`` and return the line typed in answer."""
        self.write(question)
        return (await self.read_line(echo=echo)).strip()

    # Output ----------------------------------------------------------------

    def decode(self, raw: bytes) -> str:
        """Decode input in the device's charset, replacing what does not decode."""
        return raw.decode(self.runtime.spec.charset, errors="replace")

    def write(self, text: str) -> None:
        """Write text with ``\\r\\n`` line ends in the device's charset.

        Output reaches the channel when the session next yields to the event
        loop to wait for input or a timer. So the echoes and prompts of a
        block of queued lines leave in one write, not two per line, with the
        same bytes in the same order.
        """
        data = text.replace("\r\n", "\n").replace("\n", "\r\n")
        if not self._pending:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no event loop: a synchronous caller
                self.channel.write_output(data.encode(self.runtime.spec.charset, errors="replace"))
                return
        self._pending.append(data.encode(self.runtime.spec.charset, errors="replace"))

    def flush(self) -> None:
        """Hand the output written so far to the channel."""
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            self.channel.write_output(data)

    async def page(self, text: str) -> None:
        """Write command output, through the pager when paging is on."""
        if not text:
            return
        lines = text.split("\n")
        if self.screen_length <= 0 or len(lines) <= self.screen_length:
            self.write(text + "\n")
            return
        index = 0
        step = self.screen_length
        while index < len(lines):
            chunk = lines[index : index + step]
            index += step
            self.write("\n".join(chunk) + "\n")
            if index >= len(lines):
                return
            self.write(self.vendor.pager_marker)
            key = await self.read_key()
            self.write(self.vendor.pager_erase)
            if key in ("q", "Q", "\x03"):
                return
            step = 1 if key in ("\r", "\n") else self.screen_length

    # Main loop ---------------------------------------------------------------

    async def run(self) -> None:
        """Serve the session until the client leaves or the session ends."""
        self.runtime.sessions += 1
        try:
            await self.vendor.start()
            while True:
                self.write(self.vendor.prompt())
                line = await self.read_line()
                if self.runtime.faults.delay:
                    await asyncio.sleep(self.runtime.faults.delay)
                if not self.channel.connected():
                    # The terminal ends with its connection: lines the client
                    # sent before it left are not run, as on a device's VTY.
                    raise SessionClosed
                try:
                    await self.vendor.execute(line)
                except (SessionClosed, BrokenPipeError, ConnectionError):
                    raise
                except Exception:
                    # An emulator bug must not end the session: log it with the
                    # device and command, and answer like a device that failed.
                    log.exception(
                        "device %s: command %r failed in the emulator", self.runtime.name, line
                    )
                    self.write(self.vendor.internal_error + "\n")
        except SessionClosed:
            pass
        except (BrokenPipeError, ConnectionError) as err:
            log.debug("device %s: session from %s lost: %s", self.runtime.name, self.peer, err)
        finally:
            self.runtime.sessions -= 1
            self.flush()

    def close(self) -> None:
        """End the session normally (``quit`` in user view)."""
        self.flush()
        self.channel.close()
        raise SessionClosed

    def drop(self) -> None:
        """Drop the connection at once, as a crashing device does."""
        log.info(
            "device %s: dropping the session from %s (injected fault)", self.runtime.name, self.peer
        )
        self.flush()
        self.channel.abort()
        raise SessionClosed


def filter_output(text: str, mode: str, pattern: str) -> str:
    """Apply a ``| include``-style output filter the way the CLI does."""
    try:
        regex = re.compile(pattern)
    except re.error:
        regex = re.compile(re.escape(pattern))
    lines = text.split("\n")
    if mode == "include":
        kept = [line for line in lines if regex.search(line)]
    elif mode == "exclude":
        kept = [line for line in lines if not regex.search(line)]
    elif mode == "begin":
        for index, line in enumerate(lines):
            if regex.search(line):
                kept = lines[index:]
                break
        else:
            kept = []
    elif mode == "section":
        kept = []
        keep = False
        for line in lines:
            if line and not line.startswith(" "):
                keep = bool(regex.search(line))
            elif not keep and regex.search(line):
                kept.append(line)
                continue
            if keep and line not in ("!", "#"):
                kept.append(line)
    elif mode == "count":
        kept = [
            f"Number of lines which match regexp = {sum(1 for ln in lines if regex.search(ln))}"
        ]
    else:
        kept = lines
    return "\n".join(kept)
