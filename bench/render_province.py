"""Benchmark: load + validate + render a synthetic province, then a one-school change.

Run from the repository root:

    CAMPUSCTL_LAB_SECRETS=tests/render/data/lab-secrets.yml \\
        PYTHONPATH=. .venv/bin/python bench/render_province.py --scale 1.0 --jobs 2

Prints wall time, CPU time per rendered device (the parent's and the
workers' CPU together) and peak memory of each phase, with the load average
before each phase. The comparison with Ansible's `template` module is
bench/ansible_peer.py.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import time
from pathlib import Path

from campusctl.render.pipeline import render_inventory
from campusctl.synth import generate_province

REPO = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _phase(label: str, **kwargs: object) -> None:
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), _cpu()
    summary = render_inventory(**kwargs)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    devices = max(len(summary.rendered), 1)
    print(
        f"{label}: {len(summary.rendered)} devices rendered, {len(summary.written)} files written, "
        f"{summary.skipped_schools} schools unchanged; wall {wall:.1f} s, CPU {cpu:.1f} s "
        f"({cpu / devices * 1000:.2f} ms per rendered device), peak RSS {_peak_mib():.0f} MiB, "
        f"load average before {load:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the province")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench", help="work folder")
    parser.add_argument("--regenerate", action="store_true", help="write the province again")
    parser.add_argument(
        "--keep", action="store_true", help="keep the previous output and caches (no cold run)"
    )
    args = parser.parse_args()

    province = args.work / "province"
    if args.regenerate or not (province / "province.yml").is_file():
        shutil.rmtree(province, ignore_errors=True)
        started = time.perf_counter()
        count = generate_province(province, REPO / "inventory" / "catalog", scale=args.scale)
        print(f"generated {count} schools in {time.perf_counter() - started:.1f} s")
    out = args.work / "configs"
    cache = args.work / "cache"
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    _phase(
        "first" if args.keep else "cold", path=province, out=out, jobs=args.jobs, cache_dir=cache
    )
    _phase("unchanged", path=province, out=out, jobs=args.jobs, cache_dir=cache)
    school = next(iter(sorted((province / "schools").rglob("*.yml"))))
    text = school.read_text(encoding="utf-8")
    changed = re.sub(r"^name: (.*)$", r"name: \1 (renamed)", text, count=1, flags=re.MULTILINE)
    if changed == text:
        raise SystemExit(f"{school} has no name: line to change")
    school.write_text(changed, encoding="utf-8")
    try:
        _phase("one school changed", path=province, out=out, jobs=args.jobs, cache_dir=cache)
    finally:
        school.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
