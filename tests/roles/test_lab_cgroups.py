"""Layer builds remove their own cgroups on every exit path, and stale ones are swept.

Needs root and the mixed cgroup layout (``/sys/fs/cgroup/{systemd,unified}``).
Each test starts only ``sh`` and ``sleep`` processes inside cgroups it names
itself and checks afterwards that both the processes and the folders are gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from campusctl.lab.linux import LabHostError, cgroups

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not (cgroups.CGROUP_ROOT / "systemd").is_dir(),
    reason="needs root and the named systemd cgroup hierarchy",
)

REPO = Path(__file__).resolve().parents[2]


def _folders(marker: str) -> list[Path]:
    return [
        folder
        for hierarchy in cgroups.HIERARCHIES
        for folder in (cgroups.CGROUP_ROOT / hierarchy).glob(f"{cgroups.BUILD_PREFIX}{marker}*")
    ]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _read_pids(path: Path, count: int, timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            pids = [int(line) for line in path.read_text(encoding="ascii").split()]
            if len(pids) >= count:
                return pids
        time.sleep(0.05)
    raise AssertionError(f"{path} did not list {count} PIDs")


def _wait_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if _running(pid)]
        if not alive:
            return []
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


@pytest.fixture
def marker(request: pytest.FixtureRequest) -> Iterator[str]:
    """A build step name unique to the test; whatever the test leaves is removed after it."""
    name = f"t{os.getpid()}-{request.node.name[:20].replace('_', '')}"
    yield name
    for folder in _folders(name):
        cgroups.kill_all([folder])
        for child in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if child.is_dir():
                child.rmdir()
        folder.rmdir()


def test_build_timeout_cleans_cgroup(marker: str, tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    script = f"echo $$ > {pids_file}; sleep 300 & echo $! >> {pids_file}; wait"
    with pytest.raises(LabHostError, match="timed out"):
        cgroups.run_build_step(marker, ["sh", "-c", script], timeout=1.0)
    pids = _read_pids(pids_file, 2)
    assert _wait_gone(pids) == []
    assert _folders(marker) == []


def test_build_failure_cleans_cgroup(marker: str, tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    script = f"sleep 300 & echo $! > {pids_file}; exit 3"
    with pytest.raises(LabHostError, match="exit code 3"):
        cgroups.run_build_step(marker, ["sh", "-c", script], timeout=30.0)
    assert _wait_gone(_read_pids(pids_file, 1)) == []
    assert _folders(marker) == []


def test_build_success_cleans_cgroup(marker: str) -> None:
    result = cgroups.run_build_step(marker, ["sh", "-c", "echo built"], timeout=30.0)
    assert result.stdout.strip() == "built"
    assert _folders(marker) == []


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_build_signal_cleans_cgroup(marker: str, tmp_path: Path, signum: signal.Signals) -> None:
    pids_file = tmp_path / "pids"
    script = f"echo $$ > {pids_file}; sleep 300 & echo $! >> {pids_file}; wait"
    builder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from campusctl.lab.linux import cgroups; "
            "cgroups.run_build_step(sys.argv[1], ['sh', '-c', sys.argv[2]], timeout=300)",
            marker,
            script,
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.fspath(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A test run may ignore SIGINT (a pytest worker can inherit that), and a
        # child inherits it; a build started from a terminal gets Ctrl-C.
        preexec_fn=_default_sigint,  # noqa: PLW1509 - signal reset only
    )
    try:
        pids = _read_pids(pids_file, 2)
        assert _folders(marker), "the build step did not run in its own cgroup"
        builder.send_signal(signum)
        _stdout, stderr = builder.communicate(timeout=30)
    finally:
        if builder.poll() is None:
            builder.kill()
            builder.wait()
    assert builder.returncode != 0
    expected = "KeyboardInterrupt" if signum == signal.SIGINT else "stopped on signal"
    assert expected in stderr
    assert _wait_gone(pids) == []
    assert _folders(marker) == []


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_sweep_removes_stale_builds_only(marker: str) -> None:
    dead = _dead_pid()
    stale = cgroups.create(cgroups.build_name(marker + "-stale", dead))
    legacy = cgroups.create(f"build-{marker}-legacy")
    live = cgroups.create(cgroups.build_name(marker + "-live", os.getpid()))
    busy = cgroups.create(cgroups.build_name(marker + "-busy", dead))
    sleeper = subprocess.Popen(["sleep", "300"], preexec_fn=cgroups.enter(busy))  # noqa: PLW1509
    # A folder of the lab's hosts (not a build) and one of another program stay too.
    host = cgroups.create(f"{marker}-host")
    other = [cgroups.CGROUP_ROOT / "systemd" / f"campusctl-labx-build-{marker}-{dead}"]
    other[0].mkdir()
    try:
        removed = cgroups.sweep_stale_builds()
        assert set(stale) | set(legacy) <= set(removed)
        assert all(not folder.exists() for folder in (*stale, *legacy))
        assert all(folder.exists() for folder in (*live, *busy, *host, *other))
    finally:
        sleeper.kill()
        sleeper.wait()
        for name in (
            cgroups.build_name(marker + "-live", os.getpid()),
            cgroups.build_name(marker + "-busy", dead),
            f"{marker}-host",
        ):
            cgroups.remove(name)
        other[0].rmdir()


def test_lab_down_sweeps_stale_builds(marker: str, tmp_path: Path) -> None:
    stale = cgroups.create(cgroups.build_name(marker + "-down", _dead_pid()))
    result = subprocess.run(
        [sys.executable, "-m", "campusctl", "lab", "down"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.fspath(REPO), "CAMPUSCTL_STATE": os.fspath(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(not folder.exists() for folder in stale)
