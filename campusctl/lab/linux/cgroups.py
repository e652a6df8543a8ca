"""The cgroup folders the lab makes for systemd-nspawn, and their removal on every exit path.

On a mixed v1/v2 layout nspawn needs a private folder in the named systemd
hierarchy and in the unified one. The lab names every folder it makes
``campusctl-lab-<name>``. A layer build's name is ``build-<step>-<pid>``,
with the PID of the process that runs the build, so a later run can tell a
running build from a killed one. The sweep removes only empty folders with
that exact prefix, and the lab signals only processes inside its own folders.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

from campusctl.i18n import _
from campusctl.lab.linux.errors import LabHostError

log = logging.getLogger(__name__)

CGROUP_ROOT = Path("/sys/fs/cgroup")
# The hierarchies nspawn needs a private folder in on a mixed v1/v2 layout.
HIERARCHIES = ("systemd", "unified")
PREFIX = "campusctl-lab-"
BUILD_PREFIX = PREFIX + "build-"
KILL_TIMEOUT_S = 10.0


class BuildInterrupted(LabHostError):
    """A layer build stopped because the process received SIGTERM or SIGHUP."""


def cgroup_name(name: str) -> str:
    """Return the cgroup folder name the lab uses for ``name``."""
    return PREFIX + name


def build_name(step: str, pid: int | None = None) -> str:
    """Return the cgroup name (without the prefix) of one build step run by ``pid``."""
    return f"build-{step}-{os.getpid() if pid is None else pid}"


def folders_of(name: str) -> list[Path]:
    """Return the folders of ``name`` in the hierarchies this machine has."""
    return [
        CGROUP_ROOT / hierarchy / cgroup_name(name)
        for hierarchy in HIERARCHIES
        if (CGROUP_ROOT / hierarchy).is_dir()
    ]


def create(name: str) -> list[Path]:
    """Create the folders of ``name`` (each only if missing) and return them."""
    created = []
    for folder in folders_of(name):
        folder.mkdir(exist_ok=True)
        created.append(folder)
    return created


def enter(folders: Sequence[Path]) -> Callable[[], None]:
    """Return a ``preexec_fn`` that moves the child process into ``folders``."""
    paths = [str(folder / "cgroup.procs") for folder in folders]

    def _enter() -> None:
        pid = str(os.getpid())
        for path in paths:
            with open(path, "w", encoding="ascii") as handle:
                handle.write(pid)

    return _enter


def processes(folder: Path) -> list[int]:
    """Return the PIDs in ``folder`` and every folder below it."""
    found: list[int] = []
    if not folder.is_dir():
        return found
    for procs in [folder / "cgroup.procs", *folder.rglob("*/cgroup.procs")]:
        with contextlib.suppress(OSError):
            found.extend(int(line) for line in procs.read_text(encoding="ascii").split())
    return sorted(set(found))


def kill_all(folders: Sequence[Path], timeout: float = KILL_TIMEOUT_S) -> list[int]:
    """SIGKILL every process inside ``folders`` until they are empty; return what is left.

    The folders are the lab's own, so every process in them was started by
    the lab. ``cgroup.kill`` (Linux 5.14+) kills them at once; without it
    each PID read from ``cgroup.procs`` is signalled until none is left.
    """
    deadline = time.monotonic() + timeout
    remaining: list[int] = []
    while time.monotonic() < deadline:
        remaining = sorted({pid for folder in folders for pid in processes(folder)})
        if not remaining:
            return []
        for folder in folders:
            kill_file = folder / "cgroup.kill"
            if kill_file.exists():
                with contextlib.suppress(OSError):
                    kill_file.write_text("1", encoding="ascii")
        for pid in remaining:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    return remaining


def remove(name: str) -> bool:
    """Remove the folders of ``name``, children first; return whether none is left."""
    removed = True
    for folder in folders_of(name):
        removed = _remove_folder(folder) and removed
    return removed


def _remove_folder(folder: Path) -> bool:
    if not folder.is_dir():
        return True
    for child in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if child.is_dir():
            _rmdir_quietly(child)
    _rmdir_quietly(folder)
    return not folder.exists()


def _rmdir_quietly(folder: Path) -> None:
    try:
        folder.rmdir()
    except FileNotFoundError:
        pass
    except OSError as err:
        log.warning("cgroup %s not removed: %s", folder, err)


def cpu_seconds(name: str) -> float | None:
    """Return the CPU seconds the processes of ``name`` used so far (unified ``cpu.stat``)."""
    stat = CGROUP_ROOT / "unified" / cgroup_name(name) / "cpu.stat"
    try:
        for line in stat.read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value) / 1e6
    except (OSError, ValueError):
        return None
    return None


def _build_owner(folder_name: str) -> int | None:
    """Return the PID a build folder name ends with, or None for older names without one."""
    tail = folder_name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_builds() -> list[Path]:
    """Remove the empty build folders whose build no longer runs; return what was removed.

    A folder is stale when it is empty and the PID in its name is gone (or
    the name has none, as earlier versions wrote). A folder with processes
    in it, or of a build that still runs, is left alone.
    """
    removed: list[Path] = []
    for hierarchy in HIERARCHIES:
        base = CGROUP_ROOT / hierarchy
        if not base.is_dir():
            continue
        for folder in sorted(base.glob(BUILD_PREFIX + "*")):
            if not folder.is_dir():
                continue
            owner = _build_owner(folder.name)
            if owner is not None and _pid_alive(owner):
                continue
            if processes(folder):
                log.warning("stale build cgroup %s still has processes; left in place", folder)
                continue
            if _remove_folder(folder):
                log.info("removed stale build cgroup %s", folder)
                removed.append(folder)
    return removed


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise BuildInterrupted(
        _("The layer build stopped on signal {signal}; the next build starts it again.").format(
            signal=signal.Signals(signum).name
        )
    )


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`BuildInterrupted` while the block runs.

    Cleanup in ``finally`` clauses then runs on those signals as it does on
    Ctrl-C. Only the main thread can install handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        sig: signal.signal(sig, _raise_interrupted) for sig in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_build_step(
    step: str,
    argv: Sequence[str | os.PathLike[str]],
    *,
    timeout: float,
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in a build cgroup of its own and remove that cgroup on every exit path.

    On success, failure, timeout, an exception or SIGINT/SIGTERM/SIGHUP,
    every process left in the cgroup is killed and the folders are removed.
    Raises :class:`LabHostError` when the command fails or times out.
    """
    args = [os.fspath(part) for part in argv]
    name = build_name(step)
    process: subprocess.Popen[bytes] | None = None
    # Output goes to a file, not a pipe: a daemon the step leaves behind
    # would hold a pipe open and keep the build waiting.
    with tempfile.TemporaryFile() as output, signals_raise():
        folders = create(name)
        try:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=enter(folders),  # noqa: PLW1509 - cgroup move only
                start_new_session=True,
            )
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired as err:
                raise LabHostError(
                    _("Layer build step {step} timed out after {seconds} s: {command}").format(
                        step=step, seconds=int(timeout), command=" ".join(args)
                    )
                ) from err
        except OSError as err:
            raise LabHostError(
                _("Layer build step {step} could not start: {error}").format(step=step, error=err)
            ) from err
        finally:
            left = kill_all(folders)
            if process is not None and process.poll() is None:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=KILL_TIMEOUT_S)
            if left:
                log.warning("processes %s stayed in build cgroup %s", left, name)
            remove(name)
        output.seek(0)
        text = output.read().decode("utf-8", errors="replace")
    assert process is not None
    if process.returncode != 0:
        tail = text.strip().splitlines()[-15:]
        raise LabHostError(
            _("Layer build step {step} failed with exit code {code}: {command}\n{output}").format(
                step=step, code=process.returncode, command=" ".join(args), output="\n".join(tail)
            )
        )
    return subprocess.CompletedProcess(args, process.returncode, text, "")
