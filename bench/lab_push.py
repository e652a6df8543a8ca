"""Benchmark: the lab server's CPU per device for a first push and for a re-read.

On a fresh lab, with every device in its factory config, this script pushes
every device's first-apply lines the way the raw SSH floor of
bench/apply_lab.py does. That is login, config mode, the block, the exit and
the save in one write. Then it reads every running config back in a new
session (login, paging off, the running config, logout), as an idempotent
re-run starts. For each phase it records the CPU seconds of the lab
server's process tree (the server and its workers) per device, the wall
time and the load average.

    PYTHONPATH=. .venv/bin/python bench/lab_push.py [--devices 500] [--workers N]

It prepares its devices as bench/apply_lab.py does (inventory slice, render,
plan of a fresh lab). ``--work DIR --reuse`` runs on a folder that either
script prepared before. ``--profile FILE`` runs the server under cProfile:
use it with ``--workers 1``, because with more the profile covers only the
supervisor. Results: stdout and ``build/bench/lab_push.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._apply_peers import _PROMPT_AT_END, logged_in, run_floor, run_sessions
from bench._apply_support import (
    REPO,
    Work,
    exit_on_signals,
    load_average,
    load_lines,
    running_lab,
)
from bench.apply_lab import prepare
from campusctl.platforms import PLATFORMS, PlatformId

RUNNING_CONFIG = {
    PlatformId.HUAWEI_VRP: "display current-configuration",
    PlatformId.H3C_COMWARE: "display current-configuration",
    PlatformId.CISCO_IOS: "show running-config",
    PlatformId.RUIJIE_RGOS: "show running-config",
}


async def _read_one(_name: str, endpoint: dict[str, Any], device: dict[str, Any]) -> str | None:
    """Read one device's running config in a new session; return an error text or None."""
    platform = PLATFORMS[PlatformId(device["platform"])]
    async with logged_in(endpoint, platform) as (process, privileged):
        lines = [*privileged, platform.paging_off, RUNNING_CONFIG[platform.id]]
        process.stdin.write(("\n".join(lines) + "\n").encode())
        command = RUNNING_CONFIG[platform.id].encode()
        data = b""
        start = -1
        while start < 0 or not _PROMPT_AT_END.search(data[start:].decode("utf-8", "replace")):
            chunk = await process.stdout.read(65536)
            if not chunk:
                return "the device closed the session"
            data += chunk
            if start < 0:
                start = data.find(command)
        process.close()
    footer = b"return" if platform.id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE) else b"end"
    return None if footer in data[start:] else "no configuration footer in the output"


def run_reread(work: Work, names: list[str], concurrency: int) -> dict[str, Any]:
    """Read every device's running config, at most ``concurrency`` sessions at a time."""
    results = run_sessions(work, names, concurrency, _read_one)
    errors = {name: error for name, error in results.items() if error}
    return {"devices": len(results), "ok": len(results) - len(errors), "errors": errors}


def main(argv: list[str]) -> int:
    """Prepare or reuse the devices, measure both phases on one fresh lab, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument(
        "--work", type=Path, help="keep the work folder here (default: a temporary one)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use the folder given with --work as prepared"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="lab server processes (default: the lab's)"
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--profile", type=Path, default=None, help="cProfile output of the server")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "lab_push.json")
    args = parser.parse_args(argv)
    exit_on_signals()

    temporary = None if args.work else tempfile.mkdtemp(prefix="campusctl-lab-push-")
    work = Work((args.work or Path(temporary or "")).resolve())
    work.root.mkdir(parents=True, exist_ok=True)
    try:
        if not (args.reuse and work.lines.is_file()):
            prepare(work, args.devices, strip=False)
        phases = _measure(work, args.workers, args.concurrency, args.profile)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    result = {"workers": args.workers, "concurrency": args.concurrency, "phases": phases}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if all(p["ok"] == p["devices"] for p in phases) else 1


def _measure(
    work: Work, workers: int | None, concurrency: int, profile: Path | None
) -> list[dict[str, Any]]:
    """Run the first push and the re-read on one fresh lab; return each phase's figures."""
    names = sorted(load_lines(work))
    phases: list[dict[str, Any]] = []
    with running_lab(work, fresh=True, workers=workers, profile=profile) as lab:
        for phase, run in (("first push", run_floor), ("re-read", run_reread)):
            load = load_average()
            cpu = lab.cpu_seconds()
            started = time.perf_counter()
            summary = run(work, names, concurrency)
            wall = time.perf_counter() - started
            lab_cpu = lab.cpu_seconds() - cpu
            figures = {
                "phase": phase,
                "devices": summary["devices"],
                "ok": summary["ok"],
                "wall_s": round(wall, 2),
                "lab_cpu_s": round(lab_cpu, 2),
                "lab_cpu_per_device_ms": round(lab_cpu * 1000 / max(1, len(names)), 1),
                "load_before": load,
                "load_after": load_average(),
                "errors": dict(list(summary["errors"].items())[:3]),
            }
            phases.append(figures)
            print(
                f"{phase:<11} {figures['ok']}/{figures['devices']} ok, {wall:.1f} s wall, "
                f"lab CPU {lab_cpu:.2f} s = {figures['lab_cpu_per_device_ms']} ms per device, "
                f"load {load} -> {figures['load_after']}",
                flush=True,
            )
    return phases


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
