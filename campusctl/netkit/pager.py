"""Paging: turning it off, reading through it when it cannot be, and
finding where a command's output ends.

Each platform has its own command to turn paging off for the session. When
the device rejects it (older Huawei OLTs, low-privilege accounts), the
reader answers every ``---- More ----`` marker with a Space and removes the
marker and the cursor movements the device sends to erase it, so the text
equals what an unpaged session returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.prompts import ANSI_RE, prompt_pattern
from campusctl.netkit.replies import classify_reply
from campusctl.platforms import PLATFORMS, PlatformId

# Every session-level command that turns paging off, best first.
_PAGING_OFF: dict[PlatformId, tuple[str, ...]] = {
    PlatformId.HUAWEI_VRP: (PLATFORMS[PlatformId.HUAWEI_VRP].paging_off,),
    PlatformId.H3C_COMWARE: (PLATFORMS[PlatformId.H3C_COMWARE].paging_off,),
    PlatformId.RUIJIE_RGOS: (PLATFORMS[PlatformId.RUIJIE_RGOS].paging_off,),
    PlatformId.CISCO_IOS: (PLATFORMS[PlatformId.CISCO_IOS].paging_off,),
}


def paging_off_commands(platform: str | PlatformId) -> tuple[str, ...]:
    """Return the commands that turn paging off on ``platform``, to try in order."""
    return _PAGING_OFF[resolve_platform(platform)]


def paging_disabled(reply: str, platform: str | PlatformId) -> bool:
    """Return True when ``reply`` to a paging-off command is not an error.

    False means the caller must read through the pager (:class:`PagerReader`).
    """
    return classify_reply(reply, platform) is None


# Markers, as printed: Huawei "  ---- More ----" and
# "---- More ( Press 'Q' to break ) ----", H3C "---- More ----",
# Cisco and Ruijie " --More-- ".
_MARKER = r"[ \t]*(?:-{2,4} ?More(?: \([^)\r\n]*\))? ?-{2,4}|--More--)[ \t]*"
_MOVE = r"(?:\x1b\[\d*D|\x08)"
# The marker, then the device's erase: cursor back, spaces over the marker,
# cursor back again (and an optional erase-to-end-of-line).
_MARKER_ERASE_RE = re.compile(
    rf"{_MARKER}(?:{_MOVE}+(?: *{_MOVE}+)?)?(?:\x1b\[K)?",
)
_MARKER_AT_END_RE = re.compile(rf"{_MARKER}\Z")
# Huawei SmartAX-style parameter prompts "{ <cr>|vpi<K> }:" want Enter.
_PARAMETER_PROMPT_RE = re.compile(r"\{ ?<cr>[^}\r\n]*\}:\s*$")

SPACE = " "
ENTER = "\n"


def clean_terminal_text(text: str) -> str:
    """Strip pager markers, their erase sequences and other ANSI/backspace codes.

    Line endings become ``\\n``. A backspace removes the character before it,
    as the terminal shows it. Every step works within a line, so cleaning
    two texts split after a line break gives the cleaned whole.
    """
    # Each step runs only when its trigger is in the text: most reads hold
    # no pager marker, escape sequence or backspace.
    if "More" in text:
        text = _MARKER_ERASE_RE.sub("", text)
    if "\x1b" in text:
        text = ANSI_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\n\r", "\n")
    if "\r" not in text and "\x08" not in text:
        return text
    lines = [_apply_backspaces(line.rsplit("\r", 1)[-1]) for line in text.split("\n")]
    return "\n".join(lines)


def _apply_backspaces(line: str) -> str:
    if "\x08" not in line:
        return line
    out: list[str] = []
    for char in line:
        if char == "\x08":
            if out:
                out.pop()
        else:
            out.append(char)
    return "".join(out)


@dataclass
class PagerReader:
    """Collect a command's output through the pager.

    Feed it each chunk read from the channel; it returns what to send back
    (a Space at a ``More`` marker, Enter at a parameter prompt) or None.
    :meth:`text` returns the cleaned output. Complete lines are cleaned once,
    as they arrive, so a long read costs time in proportion to its length.
    """

    raw: list[str] = field(default_factory=list)
    pages: int = 0
    _tail: str = ""
    _done: list[str] = field(default_factory=list)
    _done_text: str = ""
    _done_parts: int = 0
    _pending: str = ""

    def feed(self, chunk: str) -> str | None:
        """Add ``chunk``; return the keystroke the pager waits for, if any."""
        self.raw.append(chunk)
        self._tail = (self._tail + chunk)[-200:]
        pending = self._pending + chunk
        cut = pending.rfind("\n")
        if cut >= 0:
            self._done.append(clean_terminal_text(pending[: cut + 1]))
            pending = pending[cut + 1 :]
        self._pending = pending
        tail = ANSI_RE.sub("", self._tail) if "\x1b" in self._tail else self._tail
        if "More" in tail and _MARKER_AT_END_RE.search(tail):
            self.pages += 1
            return SPACE
        if "<cr>" in tail and _PARAMETER_PROMPT_RE.search(tail):
            return ENTER
        return None

    def text(self) -> str:
        """Return the collected output without markers or erase sequences."""
        if self._done_parts != len(self._done):
            self._done_text = "".join(self._done)
            self._done_parts = len(self._done)
        return self._done_text + clean_terminal_text(self._pending)


@dataclass(frozen=True, slots=True)
class CommandOutput:
    """A command's reply split into its parts."""

    echo: str
    body: str
    prompt: str


def output_complete(buffer: str, hostname: str, platform: str | PlatformId) -> bool:
    """Return True when ``buffer`` ends with the full prompt of ``hostname``.

    On Comware, ``display`` output separates sections with lines holding
    only ``#``; those are never taken as the end, only ``<HOST>``/``[HOST...]``.
    """
    cleaned = clean_terminal_text(buffer)
    return re.search(prompt_pattern(hostname, platform), cleaned) is not None


def split_output(
    buffer: str, command: str, hostname: str, platform: str | PlatformId
) -> CommandOutput | None:
    """Split ``buffer`` into echo, body and final prompt; None if it is incomplete.

    The body is every line between the echoed command and the final prompt,
    ``#`` separator lines included.
    """
    cleaned = clean_terminal_text(buffer)
    match = re.search(prompt_pattern(hostname, platform), cleaned)
    if match is None:
        return None
    before = cleaned[: match.start()]
    prompt = match.group(0).lstrip("\n").rstrip()
    lines = before.split("\n")
    echo = ""
    for index, line in enumerate(lines):
        if line.rstrip().endswith(command.strip()):
            echo = line
            lines = lines[index + 1 :]
            break
    return CommandOutput(echo=echo, body="\n".join(lines), prompt=prompt)
