"""Run every benchmark in turn and keep each one's output under build/bench/.

Each benchmark is a script of this folder that prints its own figures; the
figures recorded in BENCHMARKS.md come from one such run. Pass benchmark
names to run only those: ``python -m bench lab_scale render_province``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "build" / "bench"
LAB_SECRETS = REPO / "tests" / "render" / "data" / "lab-secrets.yml"


def benchmarks() -> list[Path]:
    """Return the benchmark scripts, in name order."""
    return sorted(p for p in Path(__file__).parent.glob("*.py") if not p.name.startswith("_"))


def main(names: list[str]) -> int:
    """Run the selected benchmarks; return 1 when any failed."""
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO), CAMPUSCTL_LAB_SECRETS=str(LAB_SECRETS))
    failed = 0
    for script in benchmarks():
        if names and script.stem not in names:
            continue
        print(f"== {script.stem}", flush=True)
        started = time.monotonic()
        with (OUT / f"{script.stem}.txt").open("w", encoding="utf-8") as log:
            result = subprocess.run(
                [sys.executable, str(script)],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            )
            log.write(result.stdout)
        print(result.stdout, flush=True)
        print(
            f"== {script.stem}: exit {result.returncode} in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
