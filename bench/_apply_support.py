"""Lab, inventory and measurement helpers of the apply benchmark (bench/apply_lab.py).

Kept apart from the benchmark script so the peers (bench/_apply_peers.py) can
read the same work folder: the inventory subset, the rendered configs, the
lab's state folder and the per-device lines every client pushes.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

LAB_START_SECONDS = 120.0
LAB_STOP_SECONDS = 30.0
RSS_POLL_SECONDS = 0.1

# Lines that bind the management ACLs to the SSH server and the VTY lines, per
# vendor spelling: the emulated devices see every client as 127.0.0.1, which
# the rendered management ACLs refuse.
_MANAGEMENT_ACL_BINDING = re.compile(
    r"^(?:"
    r"ssh (?:ipv6 )?server (?:ipv6 )?acl (?:ipv6 )?\S+"  # VRP and Comware SSH server
    r"| +acl (?:ipv6 )?\S+ inbound"  # VRP and Comware VTY lines
    r"| +(?:ipv6 )?access-class \S+ in"  # IOS and RGOS VTY lines
    r")\s*$"
)


@dataclass(frozen=True)
class Work:
    """The folders of one benchmark run."""

    root: Path

    @property
    def inventory(self) -> Path:
        """The inventory subset the lab emulates."""
        return self.root / "inventory"

    @property
    def configs(self) -> Path:
        """The intended configs every client converges the devices to."""
        return self.root / "configs"

    @property
    def state(self) -> Path:
        """campusctl's state folder (backups, audit log, the lab)."""
        return self.root / "state"

    @property
    def lines(self) -> Path:
        """Per device: platform and the lines a first apply pushes (lab secrets inside)."""
        return self.root / "lines.json"

    @property
    def lab(self) -> Path:
        """The lab's part of the state folder."""
        return self.state / "lab"

    def env(self) -> dict[str, str]:
        """Return the environment of every child process of the benchmark."""
        env = dict(os.environ, CAMPUSCTL_STATE=str(self.state), LANG="C.UTF-8", COLUMNS="200")
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
        )
        env.setdefault(
            "CAMPUSCTL_LAB_SECRETS", str(REPO / "tests" / "render" / "data" / "lab-secrets.yml")
        )
        env.setdefault("CAMPUSCTL_OPERATOR", "bench")
        env.pop("LC_ALL", None)
        env.pop("LANGUAGE", None)
        return env


# --- the inventory -------------------------------------------------------------------


def select_schools(province: Path, target: Path, devices: int) -> dict[str, int]:
    """Copy whole schools of ``province`` into ``target``, a quarter of ``devices`` per platform.

    Schools of up to 40 rendered devices are taken in code order; a school's
    devices share one platform in the synthetic province. Returns the device
    count per platform.
    """
    from campusctl.inventory import load_inventory
    from campusctl.render.intent import rendered_devices

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(province / "province.yml", target / "province.yml")
    shutil.copytree(province / "catalog", target / "catalog")
    inventory = load_inventory(province, check=False)
    by_platform: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for school in sorted(inventory.schools.values(), key=lambda s: s.code):
        count = len(rendered_devices(school))
        if 0 < count <= 40:
            platform = str(rendered_devices(school)[0].platform)
            by_platform[platform].append((school, count))
    taken: dict[str, int] = {}
    platforms = sorted(by_platform)
    for index, platform in enumerate(platforms):
        quota = devices // len(platforms) + (index < devices % len(platforms))
        got = 0
        for school, count in by_platform[platform]:
            if got + count > quota:
                continue
            relative = school.source.relative_to(province)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(school.source, target / relative)
            got += count
            if got == quota:
                break
        taken[platform] = got
    return taken


def strip_management_acl_bindings(configs: Path) -> int:
    """Drop the management-ACL binding lines from every config in ``configs``; return the count."""
    dropped = 0
    for path in sorted(configs.glob("*.cfg")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not _MANAGEMENT_ACL_BINDING.match(line.rstrip("\n"))]
        dropped += len(lines) - len(kept)
        path.write_text("".join(kept), encoding="utf-8")
    return dropped


def config_line_counts(configs: Path) -> list[int]:
    """Return the line count of each rendered config."""
    return [len(p.read_text(encoding="utf-8").splitlines()) for p in configs.glob("*.cfg")]


# --- the lab server ---------------------------------------------------------------------


class Lab:
    """One lab server process of the benchmark, stopped by its PID on every exit path."""

    def __init__(
        self, work: Work, *, workers: int | None = None, profile: Path | None = None
    ) -> None:
        self.work = work
        self.workers = workers
        self.profile = profile
        self.process: subprocess.Popen[bytes] | None = None
        self.started_seconds = 0.0

    def command(self) -> list[str]:
        """Return the server's command line: ``--workers`` when set, under cProfile with ``profile``."""
        command = [sys.executable]
        if self.profile is not None:
            command += ["-m", "cProfile", "-o", str(self.profile)]
        command += ["-m", "campusctl.lab.server", str(self.work.lab)]
        if self.workers is not None:
            command += ["--workers", str(self.workers)]
        return command

    def start(self, *, fresh: bool) -> None:
        """Start the server for the work inventory; ``fresh`` returns every device to factory state."""
        from campusctl.lab.inventory import lab_devices
        from campusctl.lab.state import LabState

        state = LabState(self.work.lab)
        if fresh:
            state.reset()
        state.assign(lab_devices(self.work.inventory))
        state.pid_file.unlink(missing_ok=True)
        started = time.perf_counter()
        with (self.work.lab / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                env=self.work.env(),
                start_new_session=True,
            )
        deadline = time.monotonic() + LAB_START_SECONDS
        while state.running_pid() != self.process.pid:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the lab server did not start; see {self.work.lab}/server.log")
            time.sleep(0.05)
        self.started_seconds = time.perf_counter() - started

    def cpu_seconds(self) -> float:
        """Return the user + system CPU seconds so far of the server and its worker processes."""
        if self.process is None:
            return 0.0
        total = 0.0
        for pid in (self.process.pid, *descendants(self.process.pid)):
            try:
                total += process_cpu_seconds(pid)
            except (FileNotFoundError, ProcessLookupError):
                continue  # a worker that exited between the listing and the read
        return total

    def stop(self) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL) and clear its runtime files."""
        from campusctl.lab.state import LabState

        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(LAB_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(LAB_STOP_SECONDS)
        LabState(self.work.lab).clear_runtime_files()


@contextmanager
def running_lab(
    work: Work, *, fresh: bool = True, workers: int | None = None, profile: Path | None = None
) -> Iterator[Lab]:
    """Run a lab server for the duration of the block; stop it on every exit path."""
    lab = Lab(work, workers=workers, profile=profile)
    try:
        lab.start(fresh=fresh)
        yield lab
    finally:
        lab.stop()


# --- measurement ---------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """Return user + system CPU seconds of ``pid`` from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children[parent].append(int(entry.name))
    return children


def descendants(root: int) -> list[int]:
    """Return the PIDs of every process below ``root``, children first."""
    children = _children_map()
    found: list[int] = []
    pending = [root]
    while pending:
        pid = pending.pop()
        for child in children.get(pid, ()):
            found.append(child)
            pending.append(child)
    return found


def kill_tree(root: int) -> None:
    """SIGKILL ``root`` and every process below it, by PID.

    Ansible's workers start sessions of their own, so killing the root's
    process group alone would leave them running.
    """
    for pid in [root, *descendants(root)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue


def tree_rss_kib(root: int) -> int:
    """Return the summed resident set size of ``root`` and all its descendants, in KiB."""
    children = _children_map()
    total = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total


@dataclass
class Measure:
    """Wall time, CPU and peak memory of one timed client run."""

    name: str
    wall: float = 0.0
    client_cpu: float = 0.0
    lab_cpu: float = 0.0
    peak_rss_kib: int = 0
    exit_code: int = 0
    devices: int = 0
    ok: int = 0
    note: str = ""
    output: str = field(default="", repr=False)

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready mapping (without the output)."""
        return {k: v for k, v in self.__dict__.items() if k != "output"}


def run_measured(
    name: str,
    command: Sequence[str],
    work: Work,
    lab: Lab,
    *,
    timeout: float,
    cwd: Path = REPO,
    extra_env: dict[str, str] | None = None,
) -> Measure:
    """Run ``command`` to its end and measure wall time, CPU of its tree and peak tree RSS.

    The child's CPU is taken from this process's reaped-children usage, so it
    covers every descendant the child waited for (Ansible's forks included).
    """
    measure = Measure(name)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    lab_before = lab.cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(work.env(), **(extra_env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            measure.peak_rss_kib = max(measure.peak_rss_kib, tree_rss_kib(process.pid))
            stop.wait(RSS_POLL_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(process.pid)
        output, _unused = process.communicate()
        measure.note = f"killed after {timeout:.0f} s"
    except BaseException:
        kill_tree(process.pid)
        process.wait()
        raise
    finally:
        stop.set()
        sampler.join()
    measure.wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    measure.client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    measure.lab_cpu = lab.cpu_seconds() - lab_before
    measure.exit_code = process.returncode
    measure.output = output
    return measure


def load_lines(work: Work) -> dict[str, dict[str, Any]]:
    """Return the per-device lines written by the preparation step."""
    data: dict[str, dict[str, Any]] = json.loads(work.lines.read_text(encoding="utf-8"))
    return data


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (it holds lab secrets)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def load_average() -> str:
    """Return the 1-, 5- and 15-minute load averages as text."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def exit_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into SystemExit, so every clean-up block runs."""

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGHUP, leave)
