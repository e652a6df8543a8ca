"""The channel reader against a real SSH server that splits its output between packets."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterator

import asyncssh
import paramiko
import pytest

from campusctl.drivers.channel import ChannelClosed, ChannelReader
from tests.drivers.fakedevice import serve_ssh

# "description 教学楼" in GBK, cut inside the two bytes of 学, then a line
# break cut between its "\r" and "\n".
GBK_LINE = "description 教学楼".encode("gbk")
CUT = GBK_LINE.index("学".encode("gbk")) + 1
PARTS = (GBK_LINE[:CUT], GBK_LINE[CUT:] + b"\r", b"\nnext line\r\n", b"<SW-GBK-01>")
EXPECTED = "description 教学楼\nnext line\n<SW-GBK-01>"


class _Server(asyncssh.SSHServer):
    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return password == "lab-password"


async def _send_in_parts(process: asyncssh.SSHServerProcess[bytes]) -> None:
    for part in PARTS:
        process.stdout.write(part)
        await process.stdout.drain()
        await asyncio.sleep(0.1)
    process.exit(0)


@pytest.fixture
def split_server() -> Iterator[tuple[int, asyncssh.SSHKey]]:
    """An SSH server on 127.0.0.1 whose shell sends ``PARTS`` as separate packets."""
    yield from serve_ssh(_Server, _send_in_parts, encoding=None)


def _shell(port: int, key: asyncssh.SSHKey) -> tuple[paramiko.SSHClient, paramiko.Channel]:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    algorithm, blob = key.export_public_key("openssh").decode().split()[:2]
    client.get_host_keys().add(
        f"[127.0.0.1]:{port}",
        algorithm,
        paramiko.PKey.from_type_string(algorithm, base64.b64decode(blob)),
    )
    client.connect(
        "127.0.0.1",
        port,
        username="campus",
        password="lab-password",
        allow_agent=False,
        look_for_keys=False,
        timeout=10,
    )
    return client, client.invoke_shell()


def _read_all(reader: ChannelReader) -> list[str]:
    reads: list[str] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            text = reader.read(1.0)
        except ChannelClosed:
            return reads
        if text:
            reads.append(text)
    raise AssertionError("the server never closed the channel")


def test_split_characters_and_line_breaks_survive(
    split_server: tuple[int, asyncssh.SSHKey],
) -> None:
    client, channel = _shell(*split_server)
    try:
        reads = _read_all(ChannelReader(channel, "gbk"))
    finally:
        client.close()
    assert "".join(reads) == EXPECTED
    # The parts arrived one by one, so the splits were read across reads.
    assert len(reads) >= 3


def test_pending_text_comes_first(split_server: tuple[int, asyncssh.SSHKey]) -> None:
    client, channel = _shell(*split_server)
    try:
        reads = _read_all(ChannelReader(channel, "gbk", pending="login banner\n"))
    finally:
        client.close()
    assert "".join(reads) == "login banner\n" + EXPECTED


def test_read_empty_after_short_wait(
    split_server: tuple[int, asyncssh.SSHKey],
) -> None:
    client, channel = _shell(*split_server)
    try:
        reader = ChannelReader(channel, "gbk")
        first = reader.read(5.0)
        # The next part comes 0.1 s after the first: a 0.01 s wait ends empty-handed.
        assert reader.read(0.01) == ""
    finally:
        client.close()
    assert first


async def _silent(process: asyncssh.SSHServerProcess[bytes]) -> None:
    await asyncio.sleep(2)
    process.exit(0)


def test_pending_text_returned_without_waiting() -> None:
    for port, key in serve_ssh(_Server, _silent, encoding=None):
        client, channel = _shell(port, key)
        try:
            reader = ChannelReader(channel, "utf-8", pending="\n<SW-ACC-01>")
            started = time.monotonic()
            text = reader.read(5.0)
            elapsed = time.monotonic() - started
        finally:
            client.close()
        assert text == "\n<SW-ACC-01>"
        assert elapsed < 1.0


async def _close_at_once(process: asyncssh.SSHServerProcess[bytes]) -> None:
    process.exit(0)


def test_pending_text_returned_before_close() -> None:
    for port, key in serve_ssh(_Server, _close_at_once, encoding=None):
        client, channel = _shell(port, key)
        try:
            time.sleep(0.3)  # the close has arrived
            reader = ChannelReader(channel, "utf-8", pending="\n<SW-ACC-01>")
            first = reader.read(5.0)
            with pytest.raises(ChannelClosed):
                reader.read(5.0)
        finally:
            client.close()
        assert first == "\n<SW-ACC-01>"
