"""Benchmark: compliance checks of a synthetic province's configs against the render time.

Run from the repository root:

    CAMPUSCTL_LAB_SECRETS=tests/render/data/lab-secrets.yml \\
        PYTHONPATH=. .venv/bin/python bench/check_province.py --scale 0.05

Generates (or reuses) the synthetic province, renders it once on one process,
then runs every inventory and configuration rule two ways on one process:
parsing the rendered files with hier_config, and reading the renderer's
device intents (``campusctl check --rendered --intent``). Prints wall and
CPU time per rendered device for each, so the check can be compared with the
render budget on the same machine.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from campusctl.inventory import load_inventory
from campusctl.render.pipeline import render_inventory
from campusctl.standard.config.intent import IntentFacts
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import load_profile
from campusctl.standard.results import Status
from campusctl.standard.sources import ConfigDirectory
from campusctl.synth import generate_province

REPO = Path(__file__).resolve().parents[1]


def _timed(label: str, devices: int, action: object) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{label}: wall {wall:.1f} s, CPU {cpu:.1f} s, {cpu / devices * 1000:.2f} ms CPU per device"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05, help="fraction of the province")
    parser.add_argument(
        "--work", type=Path, default=REPO / "build" / "bench-check", help="work folder"
    )
    args = parser.parse_args()

    province = args.work / "province"
    if not (province / "province.yml").is_file():
        shutil.rmtree(province, ignore_errors=True)
        count = generate_province(province, REPO / "inventory" / "catalog", scale=args.scale)
        print(f"generated {count} schools")
    out = args.work / "configs"
    shutil.rmtree(out, ignore_errors=True)
    summary = render_inventory(path=province, out=out, jobs=1, cache_dir=args.work / "cache")
    devices = len(summary.rendered)
    inventory = load_inventory(province)
    schools = [inventory.schools[c] for c in sorted(inventory.schools)]
    print(f"{len(schools)} schools, {devices} rendered devices")
    profile = load_profile("gd-digital-campus")

    def render() -> object:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(args.work / "cache", ignore_errors=True)
        return render_inventory(path=province, out=out, jobs=1, cache_dir=args.work / "cache")

    def parsed() -> object:
        return run_checks(Run(inventory, profile, configs=ConfigDirectory(out)), schools)

    def intents() -> object:
        return run_checks(Run(inventory, profile, facts=IntentFacts(inventory)), schools)

    _timed("render (load, validate, render, write; 1 process)", devices, render)
    for label, action in (
        ("check, parsing rendered files", parsed),
        ("check, reading intents", intents),
    ):
        result = _timed(label, devices, action)
        failed = sum(1 for f in result.findings if f.status is Status.FAIL)  # type: ignore[attr-defined]
        print(f"  {len(result.findings)} findings, {failed} failed")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
