"""Benchmark: onboard 200 schools of one district from one batch spec file.

The target is at most 3 s for the whole batch: reading the inventory and the
spec, planning, cross-checking and writing the 200 school files. The run
works on a copy of the sample inventory whose district 乐昌市 (440281) gets
larger IPv4 pools, all inside the never-routed 198.18.0.0/15.

The mix follows a rural county: 80 teaching points, 90 primary schools,
20 central primary schools and 10 junior secondary schools, spread over the
four platforms. Run it from the repository root::

    .venv/bin/python -m bench.onboard_batch [--repeat N]

It prints the best and the median wall time, and the best CPU time, of the
in-process run and of the ``campusctl school new --spec`` command (which
adds interpreter start-up). On a shared, loaded machine the wall time
includes waiting for a CPU, so the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "inventory"
TARGET_S = 3.0
POOLS_BEFORE = 'pools: {ipv4: [198.18.48.0/20], ipv6: ["2001:db8:4481::/48"]}'
POOLS_AFTER = (
    "pools: {ipv4: [198.18.48.0/20, 198.18.64.0/18, 198.18.128.0/17, 198.19.0.0/16],"
    ' ipv6: ["2001:db8:4481::/48"]}'
)
MIX = (
    # (count, type, bandwidth Mbps, buildings, floors, classrooms, labs)
    (80, "teaching_point", 20, 1, 1, 3, 0),
    (90, "primary", 100, 2, 2, 6, 1),
    (20, "central_primary", 200, 2, 3, 12, 2),
    (10, "junior", 300, 3, 4, 24, 3),
)
PLATFORMS = ("huawei_vrp", "h3c_comware", "ruijie_rgos", "cisco_ios")


def prepare(folder: Path) -> tuple[Path, Path]:
    """Copy the sample inventory into ``folder``, widen the pools, and write the batch spec."""
    inventory = folder / "inventory"
    shutil.copytree(SAMPLE, inventory)
    province = inventory / "province.yml"
    text = province.read_text(encoding="utf-8")
    if text.count(POOLS_BEFORE) != 1:
        raise SystemExit("the sample province.yml changed; update POOLS_BEFORE in this benchmark")
    province.write_text(text.replace(POOLS_BEFORE, POOLS_AFTER), encoding="utf-8")
    lines = ['defaults: {district: "440281", tier: baseline}', "schools:"]
    number = 0
    for count, school_type, mbps, buildings, floors, classrooms, labs in MIX:
        for _ in range(count):
            number += 1
            lines.append(
                f'  - {{code: "2440281{500 + number:03d}", name: 乐昌市基准学校{number}, '
                f"short: B{number:03d}, type: {school_type}, bandwidth_mbps: {mbps}, "
                f"platform: {PLATFORMS[number % len(PLATFORMS)]}, buildings: {buildings}, "
                f"floors: {floors}, classrooms: {classrooms}, labs: {labs}}}"
            )
    spec = folder / "batch.yml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return inventory, spec


def run_in_process(inventory: Path, spec: Path) -> tuple[float, float, int]:
    """Onboard the batch through the library; return wall and CPU seconds and the files written."""
    from campusctl.inventory.locate import forget_files
    from campusctl.onboard.onboard import onboard
    from campusctl.onboard.spec import load_specs

    forget_files()
    start, cpu = time.perf_counter(), time.process_time()
    result = onboard(inventory, load_specs(spec))
    return time.perf_counter() - start, time.process_time() - cpu, len(result.written)


def run_command(inventory: Path, spec: Path) -> tuple[float, float]:
    """Onboard the batch with the command line; return its wall and CPU seconds."""
    command = [sys.executable, "-m", "campusctl", "school", "new", "--spec", str(spec)]
    command += ["--inventory", str(inventory)]
    return run_child(command)


def run_child(command: list[str]) -> tuple[float, float]:
    """Run ``command`` from this checkout; return its wall and CPU seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO), LANG="C.UTF-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (default 3)")
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {"library": [], "command": [], "start-up": []}
    written = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="onboard-bench-") as folder:
            inventory, spec = prepare(Path(folder))
            wall, cpu, written = run_in_process(inventory, spec)
            runs["library"].append((wall, cpu))
        with tempfile.TemporaryDirectory(prefix="onboard-bench-") as folder:
            inventory, spec = prepare(Path(folder))
            runs["command"].append(run_command(inventory, spec))
        # Start-up alone: interpreter, imports and option parsing of the same command.
        runs["start-up"].append(
            run_child([sys.executable, "-m", "campusctl", "school", "new", "--help"])
        )
    print(
        f"schools per batch: {written}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    for label, times in runs.items():
        walls = [wall for wall, _cpu in times]
        cpus = [cpu for _wall, cpu in times]
        verdict = "ok" if min(walls) <= TARGET_S else "over target"
        print(
            f"{label}: wall best {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
            f"CPU best {min(cpus):.2f} s; {len(times)} runs (target {TARGET_S:.0f} s wall: {verdict})"
        )


if __name__ == "__main__":
    main()
