"""Reading a device's SSH channel: wait for data, decode it, normalise its line breaks.

netmiko's ``read_channel`` returns at once with whatever has arrived, so a
reader that waits for a prompt polls: it wakes every few milliseconds,
takes Python's interpreter lock and reads nothing. With dozens of sessions
per process, those wake-ups take the lock from the thread that diffs a
configuration, again and again. :class:`ChannelReader` instead blocks on
the paramiko channel until data arrives or the wait ends, so an idle
session costs nothing.

It also decodes across reads: netmiko decodes each read on its own and
drops bytes that do not decode, so a two-byte GBK or three-byte UTF-8
character split between two SSH packets was lost. Here the undecoded end
of one read waits for the next. Line breaks become ``\\n`` as netmiko makes
them, and a read that ends in ``\\r`` keeps it for the next read, so a
``\\r\\n`` split between two reads is one line break, not two.

NOTE: a ``\\n\\r`` split between two reads still gives two line breaks (a
blank line), as it did through netmiko.
"""

from __future__ import annotations

import codecs
import re

import paramiko

MAX_READ = 65535
"""Bytes taken from the channel per call; paramiko returns what it has, up to this."""

# netmiko's line-break normalisation: these become one "\n", and every
# other "\r" becomes "\n" too.
_LINE_BREAK_RE = re.compile("\r\r\r\n|\r\r\n|\r\n|\n\r")


class ChannelClosed(EOFError):
    """The device closed the channel."""


class ChannelReader:
    """Reads one session's channel in the device's charset.

    ``pending`` is text read before the reader took over (what netmiko's
    login read past the first prompt). Terminal escape codes stay in the
    text: the session's pager reader removes them.
    """

    def __init__(self, channel: paramiko.Channel, charset: str, *, pending: str = "") -> None:
        self._channel = channel
        self._decoder = codecs.getincrementaldecoder(charset)(errors="ignore")
        self._carry_over = pending

    def read(self, wait: float) -> str:
        """Return the text that arrives within ``wait`` seconds, or ``""``.

        Returns as soon as some text has arrived, with everything the
        channel contains by then.

        :raise ChannelClosed: when the device closed the channel.
        """
        waiting = bool(self._carry_over.rstrip("\r"))
        try:
            # Text that is waiting already goes back with what else has come.
            data = self._receive(0.0 if waiting else wait)
        except ChannelClosed:
            if not waiting:
                raise
            data = b""  # the next read reports the close
        text = self._carry_over + self._decoder.decode(data)
        # A trailing "\r" may start a "\r\n" whose "\n" is still on its way.
        complete = text.rstrip("\r")
        self._carry_over = text[len(complete) :]
        if not complete:
            return ""
        text = _LINE_BREAK_RE.sub("\n", complete)
        if "\r" in text:
            text = text.replace("\r", "\n")
        return text

    def _receive(self, wait: float) -> bytes:
        channel = self._channel
        # The timeout is the channel's, for writes too, so it is put back.
        previous = channel.gettimeout()
        channel.settimeout(max(wait, 0.0))
        try:
            data = channel.recv(MAX_READ)
        except TimeoutError:
            return b""
        finally:
            channel.settimeout(previous)
        if not data:
            raise ChannelClosed
        chunks = [data]
        while channel.recv_ready():
            more = channel.recv(MAX_READ)
            if not more:
                break
            chunks.append(more)
        return b"".join(chunks)
