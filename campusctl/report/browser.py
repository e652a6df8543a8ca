"""Headless Chromium driven over the DevTools protocol on a pipe, for PDFs and screenshots.

Chromium (Debian's ``chromium`` package) runs with a fresh profile in a
temporary folder and ``--remote-debugging-pipe``: commands go in on its file
descriptor 3 and responses come out on 4, as NUL-terminated JSON, so no
debugging port is opened. Background networking, component updates and sync are off,
host names resolve to nothing, and :meth:`Chromium.open` accepts only
``file:`` URLs and pages on 127.0.0.1 or ::1.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import os
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from campusctl.errors import ReportError
from campusctl.i18n import N_, _

log = logging.getLogger(__name__)

ENV_CHROMIUM = "CAMPUSCTL_CHROMIUM"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)
"""Command-line flags: headless, offline, no sandbox (it needs user namespaces), pipe protocol."""

_LOCAL_HOSTS = frozenset({"127.0.0.1", "::1"})


class BrowserFailed(ReportError):
    """Raised when Chromium is missing, fails to start, or a page cannot be loaded or printed."""

    code = "E7400"


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "file" or url == "about:blank":
        return
    if parts.scheme in ("http", "https") and parts.hostname in _LOCAL_HOSTS:
        return
    raise BrowserFailed(
        _(
            "{url} is neither a file nor a page on 127.0.0.1 or ::1; the report browser opens only those"
        ).format(url=url)
    )


def _high_fd(fd: int) -> int:
    """Move ``fd`` above 9 (close-on-exec), so dup2 onto 3 and 4 cannot clobber it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Page:
    """One browser tab attached with its own session."""

    def __init__(self, browser: Chromium, target: str, session: str) -> None:
        self._browser = browser
        self.target = target
        self.session = session

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a DevTools command to this tab and return its result."""
        return self._browser.call(method, params, session=self.session)

    def evaluate(self, expression: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its JSON value."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise BrowserFailed(
                _("script failed in the page: {error}").format(
                    error=result["exceptionDetails"].get("text", "")
                )
            )
        return result["result"].get("value")

    def pdf(self, path: Path) -> Path:
        """Print the page to ``path`` as PDF (A4, with backgrounds, CSS page size wins)."""
        result = self.call(
            "Page.printToPDF",
            printBackground=True,
            preferCSSPageSize=True,
            paperWidth=8.27,
            paperHeight=11.69,
            displayHeaderFooter=False,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))
        return path

    def screenshot(self, path: Path | None = None, *, full_page: bool = True) -> bytes:
        """Capture the page as PNG; write it to ``path`` when given and return the bytes."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": size["height"],
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return data

    def platform_fonts(self, selector: str) -> list[dict[str, Any]]:
        """Return the fonts Chromium used to draw the text of the first node matching ``selector``.

        Each entry has ``familyName`` and ``glyphCount``: a CJK text drawn with
        glyphs from a CJK family is really shown, not as empty boxes.
        """
        self.call("DOM.enable")
        self.call("CSS.enable")
        root = self.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise BrowserFailed(_("no element matches {selector}").format(selector=selector))
        fonts: list[dict[str, Any]] = self.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        return fonts

    def close(self) -> None:
        """Close the tab."""
        self._browser.call("Target.closeTarget", {"targetId": self.target})


class Chromium:
    """A headless Chromium process; use it as a context manager.

    :param executable: the browser to run; default ``$CAMPUSCTL_CHROMIUM`` or ``chromium``.
    :param timeout: seconds to wait for any one response or page load.
    """

    def __init__(self, executable: str | None = None, timeout: float = 60.0) -> None:
        name = executable or os.environ.get(ENV_CHROMIUM) or "chromium"
        found = shutil.which(name)
        if found is None:
            raise BrowserFailed(
                _(
                    "{name} was not found; install Debian's chromium: apt-get install chromium"
                ).format(name=name)
            )
        self.executable = found
        self.timeout = timeout
        self._pid: int | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._commands = -1
        self._answers = -1
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start the browser with a fresh profile and wait until it responds."""
        self._profile = tempfile.TemporaryDirectory(prefix="campusctl-chromium-")
        profile = Path(self._profile.name)
        command_read, self._commands = (_high_fd(fd) for fd in os.pipe())
        self._answers, answer_write = (_high_fd(fd) for fd in os.pipe())
        stderr = os.open(profile / "chromium.log", os.O_WRONLY | os.O_CREAT, 0o600)
        argv = [self.executable, *FLAGS, f"--user-data-dir={profile / 'profile'}", "about:blank"]
        try:
            self._pid = os.posix_spawn(
                self.executable,
                argv,
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, stderr, 1),
                    (os.POSIX_SPAWN_DUP2, stderr, 2),
                    (os.POSIX_SPAWN_DUP2, command_read, 3),
                    (os.POSIX_SPAWN_DUP2, answer_write, 4),
                ],
                setpgroup=0,
            )
        finally:
            for fd in (command_read, answer_write, stderr):
                os.close(fd)
        log.debug("started %s as pid %d", self.executable, self._pid)
        try:
            self.call("Browser.getVersion")
        except BrowserFailed:
            self.close()
            raise

    def _log_tail(self) -> str:
        if self._profile is None:
            return ""
        path = Path(self._profile.name) / "chromium.log"
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-5:])

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserFailed(
                    _("Chromium did not answer within {seconds:.0f} s").format(seconds=self.timeout)
                )
            ready, _w, _x = select.select([self._answers], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise BrowserFailed(
                    _("Chromium exited unexpectedly: {log}").format(log=self._log_tail())
                )
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None
    ) -> dict[str, Any]:
        """Send one DevTools command and return its result; events that arrive meanwhile are kept."""
        if self._pid is None:
            raise BrowserFailed(_("Chromium is not running"))
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        try:
            os.write(self._commands, json.dumps(message).encode() + b"\0")
        except BrokenPipeError as err:
            raise BrowserFailed(
                _("Chromium exited unexpectedly: {log}").format(log=self._log_tail())
            ) from err
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                break
            if "method" in answer:
                self._events.append(answer)
        if "error" in answer:
            raise BrowserFailed(
                _("Chromium rejected {method}: {error}").format(
                    method=method, error=answer["error"].get("message", answer["error"])
                )
            )
        result: dict[str, Any] = answer.get("result", {})
        return result

    def _wait_event(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(index)
            event = self._read_message(deadline)
            if "method" in event:
                self._events.append(event)

    def open(self, url: str, *, width: int = 1280, height: int = 900) -> Page:
        """Open ``url`` in a new tab of ``width`` × ``height`` CSS pixels and wait for its load event.

        :raise BrowserFailed: when the URL is not local or the page fails to load.
        """
        _check_url(url)
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, target, session)
        page.call("Page.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self._events = [e for e in self._events if e.get("sessionId") != session]
        navigation = page.call("Page.navigate", url=url)
        if navigation.get("errorText"):
            raise BrowserFailed(
                _("{url} could not be loaded: {error}").format(
                    url=url, error=navigation["errorText"]
                )
            )
        self._wait_event("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        """Stop the browser (politely, then by signal to its process group) and remove the profile."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with contextlib.suppress(OSError):
                os.write(
                    self._commands,
                    json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0",
                )
            if not _wait_pid(pid, 5.0):
                log.warning(
                    N_("Chromium pid %d did not exit on Browser.close; terminating it"), pid
                )
                _signal_group(pid, signal.SIGTERM)
                if not _wait_pid(pid, 5.0):
                    _signal_group(pid, signal.SIGKILL)
                    _wait_pid(pid, 5.0)
            # Renderer and zygote processes share the browser's process group.
            _signal_group(pid, signal.SIGKILL)
        for fd in (self._commands, self._answers):
            if fd >= 0:
                os.close(fd)
        self._commands = self._answers = -1
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None


def _wait_pid(pid: int, seconds: float) -> bool:
    """Reap ``pid``; return whether it exited within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        if done:
            return True
        time.sleep(0.05)
    return False


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)
