"""Benchmark: CPU time of one host-pattern selection over a synthetic province.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/select_patterns.py --scale 0.01

Generates (or reuses) the synthetic province and loads it once, then times
``campusctl.inventory.selection.select`` for patterns of each kind (a group,
an intersection, subscripts over a flat group and over ``all``, a wildcard, a
regex). Every command that takes ``--limit`` or a pattern makes one such call
per run, so this is the selection's share of those commands.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from campusctl.inventory import load_inventory
from campusctl.inventory.selection import select
from campusctl.synth import generate_province

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="fraction of the province")
    parser.add_argument(
        "--work", type=Path, default=REPO / "build" / "bench-select", help="work folder"
    )
    args = parser.parse_args()

    province = args.work / "province"
    if not (province / "province.yml").is_file():
        shutil.rmtree(province, ignore_errors=True)
        count = generate_province(province, REPO / "inventory" / "catalog", scale=args.scale)
        print(f"generated {count} schools")
    inventory = load_inventory(province)
    devices = sum(1 for _ in inventory.devices())
    district = inventory.schools[min(inventory.schools)].district
    print(f"{len(inventory.schools)} schools, {devices} devices; mean of {ROUNDS} calls each")

    patterns = [
        None,
        f"district_{district}",
        f"district_{district}:&role_access",
        "role_core[0:9]",
        "network[1:]",
        "all[0:9]",
        "school_*[0:2]",
        "~.*CORE.*",
    ]
    for pattern in patterns:
        cpu = time.process_time()
        for _ in range(ROUNDS):
            chosen = select(inventory, pattern)
        cpu = (time.process_time() - cpu) / ROUNDS
        print(f"{pattern or '(no pattern)':36} {len(chosen):6} selected  {cpu * 1000:7.1f} ms CPU")


if __name__ == "__main__":
    main()
