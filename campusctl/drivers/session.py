"""The SSH session every campus driver uses: netmiko for login, prompts for the rest.

netmiko 4.8 opens the SSH channel and handles each vendor's login dialogue.
Everything after login runs here, on explicit prompt patterns:

* the socket is opened with TCP_NODELAY (paramiko does not set it, and
  key exchange then costs tens of milliseconds of delayed ACKs);
* the host key is checked against the pinned key before authentication;
* privileged mode is entered before terminal setup, so low-privilege
  accounts get paging off;
* paging is turned off with the platform's command, or, when the device
  rejects it, read through the pager;
* end of output is the full prompt of this host on its own last line,
  never a bare ``#`` (Comware section separators);
* configuration goes as one block read once, and only commands that ask
  for confirmation go one by one with their dialogue;
* every reply is checked for the vendor's error strings;
* reads and writes use the device's charset (GBK on older Chinese images);
* a read waits on the channel until data arrives instead of polling it
  (:mod:`campusctl.drivers.channel`).
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Sequence

import paramiko
from netmiko.base_connection import BaseConnection
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from campusctl.drivers.channel import ChannelClosed, ChannelReader
from campusctl.drivers.connection import ConnectionParams, PinnedHostKeyPolicy, pinned_keys
from campusctl.drivers.errors import (
    AuthenticationFailed,
    CommandTimeout,
    ConnectFailed,
    HostKeyMismatch,
    SessionClosed,
)
from campusctl.drivers.profiles import NETMIKO_CLASSES
from campusctl.i18n import N_, _
from campusctl.netkit.banner import split_banner_start
from campusctl.netkit.confirm import Batch, Interactive, find_rule, plan_push, run_dialogue
from campusctl.netkit.pager import (
    PagerReader,
    clean_terminal_text,
    paging_disabled,
    paging_off_commands,
)
from campusctl.netkit.prompts import Prompt, PromptMode, parse_prompt
from campusctl.netkit.replies import check_reply, classify_reply
from campusctl.platforms import PLATFORMS, PlatformId

logger = logging.getLogger(__name__)

# Any prompt of any host: used only to read the first prompt after login.
_ANY_PROMPT = (
    r"(?:^|\n)(?:HRP_[A-Z]|RBM_[A-Z])?"
    r"(?:<[^<>\s]+>|\[[^\[\]\s]+\]|[\w.\-]+(?:\([^)\s]*\))?[>#]) ?\Z"
)
# Questions asked between login and the first prompt, with the answer sent.
_LOGIN_QUESTIONS: tuple[tuple[str, str], ...] = (
    # Ruijie RGOS on a device with the factory password.
    (r"Do you want to change the password\?? ?(?:\[Y/N\])?:?\s*$", "n"),
    # H3C Comware with a login banner.
    (r"Press Y or ENTER to continue, N to exit\.?\s*$", ""),
)
_HOSTNAME_LINE_RE = re.compile(r"^\s*(?:sysname|hostname)\s+(\S+)\s*$")


class CampusSession:
    """One logged-in CLI session on a campus switch."""

    def __init__(self, params: ConnectionParams) -> None:
        self.params = params
        self.platform = PLATFORMS[params.platform]
        self.timeouts = params.effective_timeouts
        self._prompt: Prompt | None = None
        self._entered_config = False  # whether a configuration prompt was seen
        # Only the bracket prompts of VRP (and the Comware grammar it shares)
        # can show a candidate view; Cisco-like prompts never do.
        brackets = params.platform in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE)
        self.two_stage: bool | None = None if brackets else False
        """Whether configuration views edit a candidate that needs a commit (VRP8).

        On VRP and Comware, None until the session has seen a configuration
        prompt; False from the start on the other platforms.
        """
        self.pager = False
        self._conn: BaseConnection | None = None
        self._reader: ChannelReader | None = None
        # This host's prompt regexes, compiled case-sensitive (see _prompt_regex).
        self._compiled: dict[str, re.Pattern[str]] = {}
        # Regexes that can match only the last line of a text (see _read_until).
        self._last_line: set[str] = {_ANY_PROMPT}

    @property
    def prompt(self) -> Prompt | None:
        """The last prompt read, None before the first."""
        return self._prompt

    @prompt.setter
    def prompt(self, value: Prompt | None) -> None:
        self._prompt = value
        if value is not None and value.in_config:
            self.two_stage = value.two_stage
            self._entered_config = True

    # --- connection -----------------------------------------------------------------

    @property
    def hostname(self) -> str:
        """The hostname shown in the prompt."""
        if self.prompt is None:
            raise SessionClosed(
                _("{device}: the session is not open.").format(device=self.params.device)
            )
        return self.prompt.hostname

    def open(self) -> None:
        """Connect, check the host key, log in and prepare the terminal.

        :raise ConnectFailed, AuthenticationFailed, HostKeyMismatch, CommandTimeout:
        """
        params = self.params
        try:
            sock = socket.create_connection(
                (params.host, params.port), timeout=self.timeouts.connect
            )
        except OSError as err:
            raise ConnectFailed(
                _("{device}: TCP connection to {host}:{port} failed: {error}").format(
                    device=params.device, host=params.host, port=params.port, error=err
                ),
                device=params.device,
            ) from err
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        conn_class = NETMIKO_CLASSES[params.platform]
        conn = conn_class(
            host=params.host,
            port=params.port,
            username=params.username,
            password=params.password,
            secret=params.secret,
            device_type=self.platform.netmiko_device_type,
            sock=sock,
            auto_connect=False,
            conn_timeout=self.timeouts.connect,
            auth_timeout=self.timeouts.auth,
            banner_timeout=self.timeouts.connect,
            encoding=params.charset,
            fast_cli=True,
            allow_agent=False,
            use_keys=False,
            system_host_keys=False,
            ssh_strict=False,
            global_cmd_verify=False,
        )
        conn.key_policy = PinnedHostKeyPolicy(params.device, pinned_keys(params))
        try:
            conn._open()
        except NetmikoAuthenticationException as err:
            sock.close()
            raise AuthenticationFailed(
                _("{device}: authentication failed for user {user}; check the credentials.").format(
                    device=params.device, user=params.username
                ),
                device=params.device,
            ) from err
        except (NetmikoTimeoutException, paramiko.SSHException, OSError, EOFError) as err:
            sock.close()
            raise ConnectFailed(
                _("{device}: SSH session to {host}:{port} failed: {error}").format(
                    device=params.device,
                    host=params.host,
                    port=params.port,
                    error=type(err).__name__,
                ),
                device=params.device,
            ) from err
        except HostKeyMismatch:
            sock.close()
            raise
        self._conn = conn
        # Text netmiko's login read past the first prompt comes first.
        pending, conn._read_buffer = conn._read_buffer, ""
        self._reader = ChannelReader(conn.remote_conn, params.charset, pending=pending)
        self._prepare()

    def close(self) -> None:
        """Close the session without a logout dialogue."""
        conn, self._conn = self._conn, None
        self._reader = None
        if conn is not None:
            conn.disconnect()

    def is_alive(self) -> bool:
        """True while the SSH transport is up."""
        channel = self._conn.remote_conn if self._conn is not None else None
        if not isinstance(channel, paramiko.Channel):
            return False
        transport = channel.get_transport()
        return bool(transport is not None and transport.is_active())

    def _prepare(self) -> None:
        self.prompt = self._first_prompt()
        if (
            self.params.platform in (PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS)
            and self.prompt.mode is PromptMode.USER
            and self.params.secret
        ):
            self._enable()
        for command in paging_off_commands(self.params.platform):
            reply = self.run(command, check=False)
            if paging_disabled(reply, self.params.platform):
                self.pager = False
                break
        else:
            self.pager = True
            logger.warning(
                N_("%s: paging could not be turned off; reading through the pager"),
                self.params.device,
            )
        if self.params.platform in (PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS):
            self.run("terminal width 256", check=False)

    def _first_prompt(self) -> Prompt:
        """Read the first prompt, answering the questions some devices ask at login.

        netmiko's Huawei login handler has already read the first prompt (and
        declined the password change), so a newline brings a fresh one. The
        other platforms print theirs unasked, after any login question.
        """
        if self.params.platform is PlatformId.HUAWEI_VRP:
            self._write("\n")
        patterns = [self._prompt_regex(), *(question for question, _answer in _LOGIN_QUESTIONS)]
        for _attempt in range(len(_LOGIN_QUESTIONS) + 1):
            index, text = self._read_until(patterns, self.timeouts.command)
            if index == 0:
                prompt = parse_prompt(text, self.params.platform)
                if prompt is not None:
                    return prompt
                break
            self._write(_LOGIN_QUESTIONS[index - 1][1] + "\n")
        return self._read_prompt_now()

    def _enable(self) -> None:
        self._write("enable\n")
        index, text = self._read_until(
            [r"[Pp]assword:\s*$", self._prompt_regex()], self.timeouts.command, after="enable"
        )
        if index == 0:
            self._write(self.params.secret + "\n")
            _index, text = self._read_until([self._prompt_regex()], self.timeouts.command)
        # The read ends at the prompt the device shows after enable.
        self.prompt = self._parse_prompt(text) or self._read_prompt_now()
        if self.prompt.mode is not PromptMode.PRIVILEGED:
            raise AuthenticationFailed(
                _("{device}: enable failed; check the enable secret.").format(
                    device=self.params.device
                ),
                device=self.params.device,
            )

    # --- low-level I/O ------------------------------------------------------------------

    def _connection(self) -> BaseConnection:
        if self._conn is None:
            raise SessionClosed(
                _("{device}: the session is not open.").format(device=self.params.device)
            )
        return self._conn

    def _write(self, text: str) -> None:
        try:
            self._connection().write_channel(text)
        except OSError as err:
            raise SessionClosed(
                _("{device}: the session closed while sending.").format(device=self.params.device),
                device=self.params.device,
            ) from err

    def _read_chunk(self, wait: float) -> str:
        """Return the text that arrives within ``wait`` seconds, or ``""``."""
        reader = self._reader
        if reader is None:
            raise SessionClosed(
                _("{device}: the session is not open.").format(device=self.params.device)
            )
        try:
            return reader.read(wait)
        except ChannelClosed as err:
            raise SessionClosed(
                _("{device}: the device closed the session.").format(device=self.params.device),
                device=self.params.device,
            ) from err
        except (OSError, EOFError) as err:
            raise SessionClosed(
                _("{device}: the session closed while reading.").format(device=self.params.device),
                device=self.params.device,
            ) from err

    def _read_until(
        self, patterns: Sequence[str], timeout: float, command: str = "", *, after: str = ""
    ) -> tuple[int, str]:
        """Read until one of ``patterns`` matches the end of the cleaned buffer.

        With ``after`` (a command's echo), patterns are searched only in the
        text that follows it, so a prompt left over from earlier output never
        ends the read before the command has run.
        """
        compiled = [self._compiled.get(p) or re.compile(p, re.IGNORECASE) for p in patterns]
        # A prompt regex starts at a line start, ends at the end of the text and
        # matches no line break, so it is searched from the last one on.
        # Searched from the start, a 30 KB config read was scanned whole for
        # every chunk that arrived.
        last_line = [p in self._last_line for p in patterns]
        reader = PagerReader()
        deadline = time.monotonic() + timeout
        while True:
            chunk = self._read_chunk(deadline - time.monotonic())
            if chunk:
                keystroke = reader.feed(chunk)
                if keystroke is not None and self.pager:
                    self._write(keystroke)
                    continue
                text = reader.text()
                start = text.find(after) if after else 0
                if start < 0:
                    continue
                tail = text[start + len(after) :]
                line_start = max(tail.rfind("\n"), 0)
                for index, pattern in enumerate(compiled):
                    if pattern.search(tail, line_start if last_line[index] else 0):
                        return index, text
                continue
            if time.monotonic() > deadline:
                tail = reader.text()[-200:]
                raise CommandTimeout(
                    _(
                        "{device}: no prompt within {seconds:.0f} s after {command!r}; "
                        "last output: {tail!r}. Raise the platform timeout if the device is slow."
                    ).format(
                        device=self.params.device, seconds=timeout, command=command, tail=tail
                    ),
                    device=self.params.device,
                )

    def _prompt_regex(self, extra_hosts: Sequence[str] = ()) -> str:
        """Return the regex of this host's prompt (or of any prompt before the first).

        The prompt shows the hostname as the device has it, so the regex is
        compiled case-sensitive, once per session. Other patterns a read
        waits for (questions, errors) ignore case, which makes each literal
        letter a character set: a hostname-sized pattern then took about
        four times as long to compile, in every session of every device.
        """
        hosts = [self.prompt.hostname] if self.prompt is not None else []
        hosts.extend(extra_hosts)
        if not hosts:
            return _ANY_PROMPT
        alternatives = "|".join(re.escape(h) for h in hosts)
        host = f"(?:{alternatives})"
        if self.params.platform in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
            regex = (
                rf"(?:^|\n)(?:HRP_[A-Z]|RBM_[A-Z])?(?:<{host}>|\[[~*]?{host}(?:-[^\]\r\n]+)?\]) ?\Z"
            )
        else:
            regex = rf"(?:^|\n){host}(?:\(config[^)\r\n]*\))?[>#] ?\Z"
        self._case_sensitive(regex)
        self._last_line.add(regex)
        return regex

    def _case_sensitive(self, regex: str) -> re.Pattern[str]:
        """Return ``regex`` compiled without ignoring case, compiled once per session."""
        pattern = self._compiled.get(regex)
        if pattern is None:
            pattern = self._compiled[regex] = re.compile(regex)
        return pattern

    def _parse_prompt(self, text: str, new_hosts: Sequence[str] = ()) -> Prompt | None:
        """Parse the prompt that ends ``text``, splitting it at a hostname already seen in this session.

        ``new_hosts`` are hostnames just configured in the session. Without a
        known hostname, a view prompt is split at the first dash that starts
        a view name, so ``[SW-STACK-01]`` would read as host ``SW`` in a
        ``STACK-01`` view.
        """
        known = [*new_hosts, *([self.prompt.hostname] if self.prompt is not None else [])]
        for host in known:
            prompt = parse_prompt(text, self.params.platform, hostname=host)
            if prompt is not None:
                return prompt
        return parse_prompt(text, self.params.platform)

    def _line_prompt(self, prompt_re: str) -> re.Pattern[str]:
        """Return ``prompt_re`` as a regex of the prompt at the start of any line."""
        return self._case_sensitive(
            prompt_re.replace("(?:^|\\n)", "(?m)^", 1).removesuffix(r" ?\Z")
        )

    def _read_prompt(self, timeout: float, command: str) -> Prompt:
        _index, text = self._read_until([self._prompt_regex()], timeout, command)
        prompt = self._parse_prompt(text)
        if prompt is None:
            raise CommandTimeout(
                _("{device}: could not parse the prompt in {tail!r}.").format(
                    device=self.params.device, tail=text[-80:]
                ),
                device=self.params.device,
            )
        return prompt

    def _read_prompt_now(self) -> Prompt:
        self._write("\n")
        return self._read_prompt(self.timeouts.command, command="")

    # --- commands -------------------------------------------------------------------------

    def run(self, command: str, *, timeout: float | None = None, check: bool = True) -> str:
        """Run one command and return its output without echo and prompt.

        :raise CommandRejected: when ``check`` and the reply is a device error.
        """
        self._write(command + "\n")
        _index, text = self._read_until(
            [self._prompt_regex()], timeout or self.timeouts.command, command, after=command
        )
        body = _strip_echo_and_prompt(text, command)
        new_prompt = self._parse_prompt(text)
        if new_prompt is not None:
            self.prompt = new_prompt
        if check:
            check_reply(command, body, self.params.platform, device=self.params.device)
        return body

    def config_mode(self) -> None:
        """Enter configuration mode (system view) unless already there."""
        if self.prompt is not None and self.prompt.in_config:
            return
        self.run(self.platform.config_enter)
        if self.prompt is None or not self.prompt.in_config:
            raise SessionClosed(
                _("{device}: {command!r} did not enter configuration mode.").format(
                    device=self.params.device, command=self.platform.config_enter
                ),
                device=self.params.device,
            )

    def exit_config_mode(self) -> None:
        """Return to user view / privileged EXEC."""
        if self.prompt is not None and self.prompt.in_config:
            self.run(self.platform.config_exit)

    def push(self, lines: Sequence[str], *, timeout: float | None = None) -> str:
        """Send configuration lines in config mode: blocks at once, dialogues one by one.

        :raise CommandRejected: naming the first line the device rejected.
        :raise ConfirmationRefused: for a line no automated change may run.
        """
        steps = plan_push(lines, self.params.platform, device=self.params.device)
        if self.prompt is None or not self.prompt.in_config:
            if self._entered_config and steps and isinstance(steps[0], Batch):
                # This session entered configuration mode before, so the command
                # can lead the block, a round trip less. The first time it goes
                # alone: lines sent after a failed entry would run in user view,
                # where "quit" ends the session.
                steps[0] = Batch((self.platform.config_enter, *steps[0].lines))
            else:
                self.config_mode()
        output: list[str] = []
        for step in steps:
            if isinstance(step, Batch):
                output.append(self._push_batch(step.lines, timeout or self.timeouts.command))
            else:
                output.append(self._dialogue(step, timeout or self.timeouts.command))
        return "".join(output)

    def _push_batch(self, lines: Sequence[str], timeout: float) -> str:
        new_hosts = [m[1] for line in lines if (m := _HOSTNAME_LINE_RE.match(line))]
        prompt_re = self._prompt_regex(new_hosts)
        line_prompt = self._line_prompt(prompt_re)
        expected = len(_prompting_lines(lines))
        self._write("\n".join(lines) + "\n")

        reader = PagerReader()
        deadline = time.monotonic() + timeout * max(1, len(lines) // 200 + 1)
        ends_with_prompt = self._case_sensitive(prompt_re)
        text = ""
        # Prompts counted in text[:scanned], which ends at a line break, so a
        # long block's output is scanned once rather than after every chunk.
        counted_from, counted, scanned = -1, 0, 0
        while True:
            chunk = self._read_chunk(deadline - time.monotonic())
            if chunk:
                reader.feed(chunk)
                text = reader.text()
                # Count only prompts after the first line's echo: a prompt
                # left over from earlier output is not a processed line.
                start = text.find(lines[0])
                if start < 0:
                    continue
                text = text[start:]
                if start != counted_from:
                    counted_from, counted, scanned = start, 0, 0
                complete = text.rfind("\n") + 1
                if complete > scanned:
                    counted += len(line_prompt.findall(text, scanned, complete))
                    scanned = complete
                if (
                    ends_with_prompt.search(_last_lines(text)) is not None
                    and counted + len(line_prompt.findall(text, scanned)) >= expected
                ):
                    break
                continue
            if time.monotonic() > deadline:
                raise CommandTimeout(
                    _(
                        "{device}: the configuration block of {count} lines did not finish within "
                        "{seconds:.0f} s; last output: {tail!r}."
                    ).format(
                        device=self.params.device,
                        count=len(lines),
                        seconds=timeout,
                        tail=text[-200:],
                    ),
                    device=self.params.device,
                )

        new_prompt = self._parse_prompt(text, new_hosts)
        if new_prompt is not None:
            self.prompt = new_prompt
        self._raise_first_rejection(lines, text, line_prompt)
        return text

    def _raise_first_rejection(
        self, lines: Sequence[str], text: str, line_prompt: re.Pattern[str]
    ) -> None:
        if classify_reply(text, self.params.platform) is None:
            return
        # The prompt before the first line was read earlier, so segment i
        # contains the echo and reply of line i.
        segments = line_prompt.split(text)
        owners = _prompting_lines(lines)
        for index, segment in enumerate(segments):
            if classify_reply(segment, self.params.platform) is not None:
                command = lines[owners[min(index, len(owners) - 1)]]
                check_reply(command, segment, self.params.platform, device=self.params.device)
        check_reply(lines[-1], text, self.params.platform, device=self.params.device)

    def dialogue(self, step: Interactive, timeout: float | None = None) -> str:
        """Send one command and answer its questions (for driver-internal commands)."""
        return self._dialogue(step, timeout or self.timeouts.command)

    def _dialogue(self, step: Interactive, timeout: float) -> str:
        def send(line: str) -> None:
            self._write(line + "\n")

        first_read = [True]

        def read_until(patterns: Sequence[str]) -> tuple[int, str]:
            after = step.line if first_read[0] else ""
            first_read[0] = False
            return self._read_until(patterns, timeout, step.line, after=after)

        text = run_dialogue(step, send, read_until, self._prompt_regex())
        new_prompt = self._parse_prompt(text)
        if new_prompt is not None:
            self.prompt = new_prompt
        check_reply(step.line, text, self.params.platform, device=self.params.device)
        return text

    def save(self) -> str:
        """Save the running configuration, answering the platform's save dialogue."""
        command = self.platform.save_command
        if self.params.platform in (PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS):
            self.exit_config_mode()
        rule = find_rule(command, self.params.platform)
        if rule is None:
            return self.run(command, timeout=self.timeouts.save)
        return self._dialogue(Interactive(command, rule.steps), self.timeouts.save)


_PROMPT_WINDOW = 512
"""Characters at the end of a read that hold any prompt (hostname and view included)."""


def _last_lines(text: str) -> str:
    """Return the end of ``text`` from a line start at least ``_PROMPT_WINDOW`` back.

    A prompt pattern anchored at a line start and at the end of the text
    matches there exactly when it matches the whole text.
    """
    cut = text.rfind("\n", 0, max(0, len(text) - _PROMPT_WINDOW))
    return text if cut < 0 else text[cut:]


def _prompting_lines(lines: Sequence[str]) -> list[int]:
    """Return the indexes of the lines after which the device prints a prompt.

    A banner's body lines and closing delimiter print none; its first line
    stands for the whole block.
    """
    indexes: list[int] = []
    index = 0
    while index < len(lines):
        indexes.append(index)
        parts = split_banner_start(lines[index])
        if parts is not None and parts[1] not in parts[2]:
            delimiter = parts[1]
            index += 1
            while index < len(lines) and delimiter not in lines[index]:
                index += 1
        index += 1
    return indexes


def _strip_echo_and_prompt(text: str, command: str) -> str:
    cleaned = clean_terminal_text(text)
    lines = cleaned.split("\n")
    if lines and parse_prompt(lines[-1]) is not None:
        lines = lines[:-1]
    if command:
        for index, line in enumerate(lines):
            if line.rstrip().endswith(command.strip()):
                lines = lines[index + 1 :]
                break
    return "\n".join(lines).strip("\n")
