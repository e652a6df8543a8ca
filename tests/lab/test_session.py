"""The terminal of one session: echo, prompts and output batching."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.session import Session
from campusctl.lab.vendors.registry import vendor_class
from tests.lab.conftest import lab_devices


class _CountingChannel:
    """A channel fed one block of input; records each write the session makes."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.writes: list[bytes] = []
        self.closed = False

    async def read_input(self) -> bytes:
        data, self._data = self._data, b""
        return data

    def write_output(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True

    def connected(self) -> bool:
        return True


def _type(lines: list[str]) -> _CountingChannel:
    runtime = new_runtime(lab_devices()[0])  # VRP5: no commit, "n" answers the password question
    channel = _CountingChannel(("\r\n".join(lines) + "\r\n").encode())
    session = Session(runtime, channel, vendor_class(runtime.spec), "campus-lab", "127.0.0.1")
    asyncio.run(session.run())
    return channel


def test_queued_block_leaves_in_few_writes() -> None:
    numbers = range(10, 60)
    block = [line for n in numbers for line in (f"vlan {n}", f"description room-{n}", "quit")]
    channel = _type(["n", "system-view", *block, "return", "quit"])
    output = b"".join(channel.writes).decode()

    # The banner and login question, then the whole block read in one chunk:
    # a few writes, not two per line.
    assert len(channel.writes) <= 4
    assert channel.closed
    assert "Error" not in output
    for number in numbers:
        assert f"[THSY-ACC-01]vlan {number}\r\n" in output, number
        assert f"[THSY-ACC-01-vlan{number}]description room-{number}\r\n" in output, number


def test_echo_and_prompt_order_kept() -> None:
    channel = _type(["n", "system-view", "vlan 10", "quit", "quit", "quit"])
    output = b"".join(channel.writes).decode()

    prompts = [
        output.index("<THSY-ACC-01>system-view\r\n"),
        output.index("[THSY-ACC-01]vlan 10\r\n"),
        output.index("[THSY-ACC-01-vlan10]quit\r\n"),
        output.index("[THSY-ACC-01]quit\r\n"),
        output.index("<THSY-ACC-01>quit\r\n"),
    ]
    assert prompts == sorted(prompts)


class _LeavingChannel(_CountingChannel):
    """A client that is gone after the device has run ``lines`` of its input."""

    def __init__(self, data: bytes, lines: int) -> None:
        super().__init__(data)
        self.lines = lines

    def connected(self) -> bool:
        self.lines -= 1
        return self.lines >= 0


def test_gone_client_lines_not_run() -> None:
    runtime = new_runtime(lab_devices()[0])
    lines = ["n", "system-view", "sysname FIRST", "sysname SECOND"]
    # The login answer goes to the login question. Then system-view and the
    # first sysname run, and the client is gone before the second.
    channel = _LeavingChannel(("\r\n".join(lines) + "\r\n").encode(), lines=2)
    session = Session(runtime, channel, vendor_class(runtime.spec), "campus-lab", "127.0.0.1")
    asyncio.run(session.run())
    texts = [child.text for child in runtime.running.children]
    assert "sysname FIRST" in texts
    assert "sysname SECOND" not in texts


def test_port_lists_keep_their_own_matches() -> None:
    # Matches are shared by devices with the same port list only: a port that a
    # 24-port model lacks stays an error after a 48-port model accepted it.
    small = lab_devices()[0]
    large = replace(
        small, name="THSY-ACC-48", interfaces=[f"GigabitEthernet0/0/{i}" for i in range(1, 49)]
    )
    lines = ["n", "system-view", "interface GigabitEthernet0/0/30", "return", "quit"]
    accepted = run_lines(new_runtime(large), lines)
    rejected = run_lines(new_runtime(small), lines)
    assert "[THSY-ACC-48-GigabitEthernet0/0/30]" in accepted
    assert "Error" not in accepted
    assert "Error: Wrong parameter found at '^' position." in rejected
