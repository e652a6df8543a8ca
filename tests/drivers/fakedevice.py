"""A scripted SSH switch on 127.0.0.1 for session tests.

It speaks just enough of the VRP and IOS command lines for the session's
behaviour to be observable: prompts per view, per-line echo, a pager when
paging is on, confirmation dialogues, error strings, and a charset.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncssh

PAGE_LINES = 24
MORE = "  ---- More ----"
ERASE = "\x1b[16D" + " " * 16 + "\x1b[16D"


@dataclass
class DeviceState:
    """State and behaviour of the fake switch."""

    style: str  # "vrp", "comware" (VRP prompts, Comware paging command) or "ios"
    hostname: str
    config: list[str] = field(default_factory=list)
    paging_command_works: bool = True
    secret: str = ""
    saved: int = 0
    log: list[str] = field(default_factory=list)
    password_attempts: int = 0
    reboot_scheduled: bool = False
    revert_armed: bool = False
    login_question: str = ""
    login_answers: tuple[str, ...] = ("",)  # answers that end the question; others re-ask
    config_mode_works: bool = True  # False: system-view is rejected (a low-privilege account)


class _Server(asyncssh.SSHServer):
    def __init__(self, state: DeviceState) -> None:
        self.state = state

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self.state.password_attempts += 1
        return username == "campus" and password == "lab-password"


class _Cli:
    def __init__(self, state: DeviceState, process: asyncssh.SSHServerProcess[str]) -> None:
        self.state = state
        self.process = process
        self.paging = True
        self.view: list[str] = []  # VRP: [] user, ["sys"] system, ["sys", "X"] sub-view
        self.privileged = state.style != "ios" or not state.secret
        self.pending: list[str] = []  # questions waiting for an answer
        self.pending_action: str | None = None

    def prompt(self) -> str:
        host = self.state.hostname
        if self.state.style in ("vrp", "comware"):
            if not self.view:
                return f"<{host}>"
            if len(self.view) == 1:
                return f"[{host}]"
            return f"[{host}-{self.view[-1]}]"
        if not self.view:
            return f"{host}#" if self.privileged else f"{host}>"
        return f"{host}(config)#" if len(self.view) == 1 else f"{host}(config-if)#"

    def write(self, text: str) -> None:
        self.process.stdout.write(text)

    async def output(self, lines: list[str]) -> None:
        if not self.paging or len(lines) <= PAGE_LINES:
            self.write("".join(line + "\r\n" for line in lines))
            return
        for start in range(0, len(lines), PAGE_LINES):
            chunk = lines[start : start + PAGE_LINES]
            self.write("".join(line + "\r\n" for line in chunk))
            if start + PAGE_LINES < len(lines):
                self.write(MORE)
                await self.process.stdin.read(1)
                self.write(ERASE)

    async def handle(self, line: str) -> None:
        self.state.log.append(line)
        self.write(line + "\r\n")
        if self.pending_action is not None:
            await self.answer(line)
            return
        await self.command(line.strip())
        if self.pending_action is None:
            self.write(self.prompt())

    async def answer(self, line: str) -> None:
        action, self.pending_action = self.pending_action, None
        if line.strip().lower() not in ("y", "yes", ""):
            self.write(self.prompt())
            return
        if action == "save":
            self.state.saved += 1
            self.write("Info: Save the configuration successfully.\r\n")
        elif action == "copy":
            self.write("2048 bytes copied\r\n")
        elif action == "schedule":
            self.state.reboot_scheduled = True
        elif action == "clear":
            self.state.config = [c for c in self.state.config if not c.startswith(" ")]
        self.write(self.prompt())

    async def command(self, line: str) -> None:
        state = self.state
        if not line:
            return
        if state.style == "ios" and line == "enable":
            self.write("Password: ")
            self.pending_action = "enable"
            return
        paging_off = {
            "vrp": "screen-length 0 temporary",
            "comware": "screen-length disable",
            "ios": "terminal length 0",
        }[state.style]
        if line == paging_off:
            if not state.paging_command_works or not self.privileged:
                self.write(self.error("syntax") + "\r\n")
            else:
                self.paging = False
            return
        if line.startswith("terminal width"):
            return
        if line in ("display current-configuration", "show running-config"):
            closing = "end" if state.style == "ios" else "return"
            await self.output([*self.state.config, closing])
            return
        if line == "display hang":
            self.pending_action = "hang"
            return
        if line == "display drop":
            self.write("partial output\r\n")
            raise ConnectionError("dropped by test")
        if line.startswith("display") or line.startswith("show"):
            await self.output([f"output of {line}"])
            return
        if line in ("system-view", "configure terminal"):
            if not state.config_mode_works:
                self.write(self.error("syntax") + "\r\n")
                return
            self.view = ["sys"]
            return
        if line in ("return", "end"):
            self.view = []
            return
        if line in ("quit", "exit"):
            self.view = self.view[:-1]
            return
        if line == "save":
            self.write("The current configuration will be written to the device.\r\n")
            self.write("Are you sure to continue?[Y/N]")
            self.pending_action = "save"
            return
        if line.startswith("schedule reboot delay "):
            self.write("Info: Reboot system at 21:02:00 2026/12/04 (in 0 hours and 2 minutes).\r\n")
            self.write("Confirm? [Y/N]:")
            self.pending_action = "schedule"
            return
        if line.startswith("copy running-config flash:"):
            name = line.rsplit(":", 1)[1]
            self.write(f"Destination filename [{name}]? ")
            self.pending_action = "copy"
            return
        if line.startswith("configure replace flash:") and " time " in line:
            state.revert_armed = True
            self.write("Total number of passes: 1\r\nRollback Done\r\n")
            return
        if line == "configure confirm":
            state.revert_armed = False
            return
        if line == "undo schedule reboot":
            state.reboot_scheduled = False
            return
        if line == "write memory":
            state.saved += 1
            self.write("Building configuration...\r\n[OK]\r\n")
            return
        if line == "clear configuration this":
            self.write(
                "Warning: All configurations of the interface will be cleared. Continue? [Y/N] :"
            )
            self.pending_action = "clear"
            return
        if not self.view:
            self.write(self.error("syntax") + "\r\n")
            return
        if line.startswith("bogus"):
            self.write(self.error("syntax") + "\r\n")
            return
        if line.startswith(("undo ", "no ")):
            target = line.split(" ", 1)[1]
            indent = " " if len(self.view) > 1 else ""
            if indent + target in state.config:
                state.config.remove(indent + target)
                return
        if line.startswith(("sysname ", "hostname ")):
            state.hostname = line.split()[1]
        opens_view = line.startswith("interface ") or re.fullmatch(r"vlan \d+", line) is not None
        if opens_view:
            # Prompts name the view as VRP does: [SW-GigabitEthernet0/0/1], [SW-vlan104].
            self.view = ["sys", line.split(" ", 1)[1] if line[0] == "i" else line.replace(" ", "")]
        indent = " " if len(self.view) > 1 and not opens_view else ""
        state.config.append(indent + line)

    def error(self, kind: str) -> str:
        if self.state.style == "vrp":
            return "Error: Unrecognized command found at '^' position."
        if self.state.style == "comware":
            return "% Unrecognized command found at '^' position."
        return "% Invalid input detected at '^' marker."


async def _session(state: DeviceState, process: asyncssh.SSHServerProcess[str]) -> None:
    cli = _Cli(state, process)
    buffer = ""
    while state.login_question:
        cli.write(state.login_question)
        answer = (await process.stdin.readline()).strip()
        state.log.append("login answer: " + answer)
        cli.write("\r\n")
        if answer.lower() in state.login_answers:
            break
    cli.write(cli.prompt())
    try:
        while True:
            data = await process.stdin.read(4096)
            if not data:
                break
            buffer += data
            while "\n" in buffer:
                line, buffer = buffer.split("\n", 1)
                line = line.rstrip("\r")
                if cli.pending_action == "enable":
                    cli.pending_action = None
                    cli.privileged = line == state.secret
                    cli.write("\r\n" + cli.prompt())
                    continue
                await cli.handle(line)
    except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged):
        pass
    except ConnectionError:
        process.close()
        return
    process.exit(0)


@dataclass
class FakeDevice:
    """A running fake switch: where to connect and its pinned key."""

    port: int
    host_key: str
    state: DeviceState


def serve_ssh(
    server: Callable[[], asyncssh.SSHServer],
    process: Callable[[asyncssh.SSHServerProcess[Any]], Awaitable[None]],
    **options: Any,
) -> Iterator[tuple[int, asyncssh.SSHKey]]:
    """Run an asyncssh server on 127.0.0.1 in a thread of its own until the generator is closed.

    Yields the port and the server's host key; ``options`` go to
    ``asyncssh.create_server``.
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    key = asyncssh.generate_private_key("ssh-ed25519")

    async def start() -> asyncssh.SSHAcceptor:
        return await asyncssh.create_server(
            server, "127.0.0.1", 0, server_host_keys=[key], process_factory=process, **options
        )

    acceptor = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    try:
        yield acceptor.sockets[0].getsockname()[1], key
    finally:

        async def stop() -> None:
            acceptor.close()
            await acceptor.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def run_fake_device(
    state: DeviceState, encoding: str = "utf-8", ciphers: tuple[str, ...] = ()
) -> Iterator[FakeDevice]:
    """Serve ``state`` on 127.0.0.1 until the generator is closed.

    ``ciphers`` limits the SSH ciphers the device offers (default: asyncssh's).
    """
    for port, key in serve_ssh(
        lambda: _Server(state),
        lambda process: _session(state, process),
        line_editor=False,
        encoding=encoding,
        encryption_algs=list(ciphers) or (),
    ):
        public = key.export_public_key("openssh").decode().strip()
        yield FakeDevice(port, public, state)
