"""Drive an emulated device's CLI without SSH: for transcripts, checks and benchmarks.

:func:`run_lines` types lines into a device's session exactly as an SSH client
would (echo, prompts, dialogues and pager included) and returns the terminal
output, so a renderer's output can be checked against the device grammar and
saved configurations can be produced without a server.
"""

from __future__ import annotations

import asyncio

from campusctl.lab.devices import LabDevice
from campusctl.lab.factory import factory_config
from campusctl.lab.runtime import DeviceRuntime
from campusctl.lab.session import Session
from campusctl.lab.vendors.registry import vendor_class


class _ScriptChannel:
    """A channel fed from a fixed byte string; collects what the device writes."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.output = bytearray()

    async def read_input(self) -> bytes:
        data, self._data = self._data, b""
        return data

    def write_output(self, data: bytes) -> None:
        self.output.extend(data)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass

    def connected(self) -> bool:
        return True


def new_runtime(
    device: LabDevice, username: str = "campus-lab", password: str = "x"
) -> DeviceRuntime:
    """Return a device in factory state, not bound to any folder."""
    return DeviceRuntime(
        device, None, password, password, factory_config(device, username, password)
    )


def run_lines(runtime: DeviceRuntime, lines: list[str], username: str = "campus-lab") -> str:
    """Type ``lines`` into a new session of ``runtime`` and return the terminal output."""
    text = "\n".join(lines) + "\n"
    channel = _ScriptChannel(text.encode(runtime.spec.charset, errors="replace"))
    session = Session(runtime, channel, vendor_class(runtime.spec), username, "127.0.0.1")
    asyncio.run(session.run())
    return channel.output.decode(runtime.spec.charset, errors="replace").replace("\r\n", "\n")
