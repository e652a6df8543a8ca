"""Benchmark: ``campusctl apply`` on 500 emulated devices against Nornir, Ansible and raw SSH.

One run measures, each client on a fresh lab (every device back to its
factory config, the lab server restarted), in ``--rounds`` rounds (3 by
default) that take campusctl, the floor and Nornir in turn. The median run
of each counts, and the ratios of each round are printed too:

* ``campusctl apply`` of the full rendered configs (first run), then the
  idempotent re-run (``campusctl apply`` again, every device unchanged) and
  ``campusctl plan``, which must show no change;
* Nornir + nornir-netmiko, tuned (fast_cli, small global_delay_factor, the
  block sent without per-line echo checks, netmiko's save);
* ``ansible-playbook`` with forks 50 through ``gdedu.campus.campus_config``;
* the floor: asyncssh sending the same lines with no prompt handling beyond
  the login, the block and the save;
* netmiko with its defaults, on a subset of the devices (a full run would
  take far longer than the rest together), as a further reference.

The peers push, per device, the lines a first ``campusctl apply`` pushes (read
from a ``campusctl`` plan of the fresh lab) and save; they neither read nor
verify. campusctl reads the running config, diffs, backs up, pushes, saves,
reads again and verifies. Wall time, CPU of the client's process tree, CPU
of the lab server and the peak resident memory of the client's process tree
are recorded per client, with the machine's load average.

The inventory is a slice of the synthetic province: whole schools of up to
40 devices, a quarter of the devices per platform. ``--strip-management-acl``
drops the lines that bind the management ACLs to SSH and the VTY lines, for
labs that see every client as 127.0.0.1 (the rendered ACLs refuse it).

Run: ``PYTHONPATH=. .venv/bin/python bench/apply_lab.py [--devices 500] [--peers ...]``
or ``make bench`` (all benchmarks). Results: stdout and ``build/bench/apply_lab.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._apply_support import (
    REPO,
    Lab,
    Measure,
    Work,
    config_line_counts,
    exit_on_signals,
    load_average,
    run_measured,
    running_lab,
    select_schools,
    strip_management_acl_bindings,
    write_private,
)

PEERS = ("campusctl", "floor", "nornir", "netmiko", "ansible")
TARGETS = {
    "first_apply_s": 30.0,
    "rerun_s": 15.0,
    "vs_nornir": 2.0,
    "vs_ansible": 10.0,
    "vs_floor": 3.0,
    "peak_rss_gib": 1.0,
}
PLAYBOOK = """\
- name: Converge the campus switches and controllers through campusctl
  hosts: all
  gather_facts: false
  tasks:
    - name: Converge the device to its intended configuration
      gdedu.campus.campus_config:
        device: "{{ inventory_hostname }}"
        inventory: "{{ bench_inventory }}"
        configs: "{{ bench_configs }}"
        mode: replace
        confirm_timeout: 10
"""
ANSIBLE_CFG = """\
[defaults]
inventory = hosts.yml
collections_path = {collections}
interpreter_python = {python}
host_key_checking = False
retry_files_enabled = False
stdout_callback = default
"""
_SUCCEEDED_RE = re.compile(r"(\d+) of (\d+) device\(s\) succeeded")
_RECAP_RE = re.compile(
    r"^(\S+)\s+:\s+ok=\d+\s+changed=\d+\s+unreachable=(\d+)\s+failed=(\d+)", re.M
)


def _campusctl(*args: str) -> list[str]:
    return [sys.executable, "-m", "campusctl", *args]


def prepare(work: Work, devices: int, strip: bool) -> dict[str, Any]:
    """Build the inventory slice, render it, and record the lines a first apply pushes."""
    from campusctl.synth import generate_province

    province = work.root / "province"
    if not (province / "province.yml").is_file():
        generate_province(province, REPO / "inventory" / "catalog", scale=0.05)
    select_schools(province, work.inventory, devices)
    shutil.rmtree(work.configs, ignore_errors=True)
    subprocess.run(
        _campusctl(
            "render", "--inventory", str(work.inventory), "--out", str(work.configs),
            "--cache", str(work.root / "cache"),
        ),
        cwd=REPO, env=work.env(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    dropped = strip_management_acl_bindings(work.configs) if strip else 0
    with running_lab(work, fresh=True):
        _first_apply_lines(work)
    return summarize(work, strip, dropped)


def summarize(work: Work, strip: bool, dropped: int = 0) -> dict[str, Any]:
    """Return the figures of a prepared work folder: devices, config sizes, pushed lines."""
    lines = json.loads(work.lines.read_text(encoding="utf-8"))
    per_platform: dict[str, int] = {}
    for device in lines.values():
        per_platform[device["platform"]] = per_platform.get(device["platform"], 0) + 1
    counts = config_line_counts(work.configs)
    return {
        "devices": len(lines),
        "per_platform": dict(sorted(per_platform.items())),
        "config_lines_mean": round(sum(counts) / len(counts)),
        "config_lines_max": max(counts),
        "pushed_lines_total": sum(len(d["lines"]) for d in lines.values()),
        "management_acl_lines_stripped": strip,
        "management_acl_lines_dropped": dropped,
    }


def _first_apply_lines(work: Work) -> dict[str, dict[str, Any]]:
    """Plan every device of the fresh lab in this process and keep the unmasked commands."""
    import os

    from campusctl.diff import DiffMode
    from campusctl.engine.runner import make_plan, targets
    from campusctl.inventory import load_inventory

    os.environ.update(work.env())
    inventory = load_inventory(work.inventory)
    found = targets(inventory, None, work.configs)
    plan = make_plan(found, DiffMode.REPLACE)
    errors = [d for d in plan.devices if d.error]
    if errors:
        raise SystemExit(
            f"cannot plan {len(errors)} device(s): {errors[0].device}: {errors[0].error}"
        )
    access = {t.access.name: t.access for t in found}
    lines = {
        d.device: {
            "platform": d.platform,
            "charset": access[d.device].charset,
            "lines": list(d.commands) + list(d.management_commands),
        }
        for d in plan.devices
    }
    write_private(work.lines, json.dumps(lines, ensure_ascii=False))
    return lines


def _succeeded(measure: Measure) -> None:
    found = _SUCCEEDED_RE.search(measure.output)
    if found:
        measure.ok, measure.devices = int(found[1]), int(found[2])


def run_campusctl(work: Work, concurrency: int) -> list[Measure]:
    """Time the first apply, the idempotent re-run and the plan after it, on one fresh lab."""
    common = (
        "--inventory", str(work.inventory), "--configs", str(work.configs),
        "--concurrency", str(concurrency),
    )  # fmt: skip
    apply_args = (*common, "--max-fail-percent", "100", "--confirm-timeout", "10")
    measures = []
    with running_lab(work, fresh=True) as lab:
        for name in ("campusctl apply", "campusctl apply, re-run"):
            measure = _timed(name, _campusctl("apply", *apply_args), work, lab, 900)
            _succeeded(measure)
            measures.append(measure)
        out = work.root / "plan-after.json"
        out.unlink(missing_ok=True)
        measure = _timed(
            "campusctl plan, re-run", _campusctl("plan", *common, "--out", str(out)), work, lab, 600
        )
        if out.is_file():
            planned = json.loads(out.read_text(encoding="utf-8"))["devices"]
            measure.devices = len(planned)
            measure.ok = sum(
                1
                for d in planned
                if not d["error"] and not d["commands"] and not d["management_commands"]
            )
            measure.note += f"; {measure.devices - measure.ok} device(s) still show changes"
        measures.append(measure)
    return measures


def _timed(
    name: str,
    command: list[str],
    work: Work,
    lab: Lab,
    timeout: float,
    *,
    cwd: Path = REPO,
    extra_env: dict[str, str] | None = None,
) -> Measure:
    load = load_average()
    print(f"-- {name} (load {load})", flush=True)
    measure = run_measured(name, command, work, lab, timeout=timeout, cwd=cwd, extra_env=extra_env)
    measure.note = (measure.note + f"; load {load} before, {load_average()} after").lstrip("; ")
    log = work.root / "logs" / (re.sub(r"\W+", "-", name).strip("-") + ".log")
    log.parent.mkdir(exist_ok=True)
    log.write_text(measure.output, encoding="utf-8")
    print(
        f"   {measure.wall:.1f} s wall, client CPU {measure.client_cpu:.1f} s, "
        f"lab CPU {measure.lab_cpu:.1f} s, peak RSS {measure.peak_rss_kib / 1024:.0f} MiB, "
        f"exit {measure.exit_code}",
        flush=True,
    )
    return measure


def _converged(work: Work, names: list[str] | None = None) -> str:
    """Return how many devices a plan finds converged after a peer's run (not timed)."""
    out = work.root / "plan-peer.json"
    pattern = [":".join(names)] if names else []
    subprocess.run(
        _campusctl("plan", *pattern, "--inventory", str(work.inventory),
                   "--configs", str(work.configs), "--out", str(out)),
        cwd=REPO, env=work.env(), check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if not out.is_file():
        return "plan after the run failed"
    planned = json.loads(out.read_text(encoding="utf-8"))["devices"]
    empty = sum(
        1 for d in planned if not d["error"] and not d["commands"] and not d["management_commands"]
    )
    out.unlink()
    return f"{empty} of {len(planned)} converged by campusctl's plan"


def run_peer(
    work: Work, kind: str, concurrency: int, names: list[str] | None, check: bool
) -> Measure:
    """Time one peer of bench/_apply_peers.py on a fresh lab."""
    command = [sys.executable, "-m", "bench._apply_peers", kind, str(work.root),
               "--concurrency", str(concurrency)]  # fmt: skip
    if names:
        command += ["--devices", *names]
    with running_lab(work, fresh=True) as lab:
        measure = _timed(kind, command, work, lab, 3600)
        summary = _last_json(measure.output)
        measure.devices, measure.ok = summary.get("devices", 0), summary.get("ok", 0)
        if summary.get("errors"):
            print(f"   first errors: {summary['errors']}", flush=True)
        if check:
            measure.note += "; " + _converged(work)
    return measure


def run_ansible(work: Work, forks: int, check: bool, subset: list[str] | None) -> Measure:
    """Time ansible-playbook with ``forks`` through gdedu.campus.campus_config on a fresh lab."""
    project = work.root / "ansible"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    names = subset or sorted(json.loads(work.lines.read_text(encoding="utf-8")))
    hosts = {"all": {"hosts": {name: {"ansible_connection": "local"} for name in names}}}
    (project / "hosts.yml").write_text(json.dumps(hosts), encoding="utf-8")
    (project / "site.yml").write_text(PLAYBOOK, encoding="utf-8")
    (project / "ansible.cfg").write_text(
        ANSIBLE_CFG.format(collections=REPO / "collections", python=sys.executable),
        encoding="utf-8",
    )
    command = [
        str(Path(sys.executable).parent / "ansible-playbook"), "-f", str(forks), "site.yml",
        "-e", f"bench_inventory={work.inventory}", "-e", f"bench_configs={work.configs}",
    ]  # fmt: skip
    with running_lab(work, fresh=True) as lab:
        measure = _timed(
            f"ansible-playbook forks {forks}",
            command,
            work,
            lab,
            3600,
            cwd=project,
            extra_env={"ANSIBLE_CONFIG": str(project / "ansible.cfg")},
        )
        recaps = _RECAP_RE.findall(measure.output)
        measure.devices = len(recaps)
        measure.ok = sum(1 for _host, unreachable, failed in recaps if unreachable == failed == "0")
        if check:
            measure.note += "; " + _converged(work, subset)
    return measure


def _last_json(output: str) -> dict[str, Any]:
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            try:
                found: dict[str, Any] = json.loads(line)
            except ValueError:
                continue
            return found
    return {}


def _subset(work: Work, count: int) -> list[str]:
    """Return ``count`` devices, the platforms taking turns, for the slow netmiko-defaults run."""
    lines = json.loads(work.lines.read_text(encoding="utf-8"))
    by_platform: dict[str, list[str]] = {}
    for name in sorted(lines):
        by_platform.setdefault(lines[name]["platform"], []).append(name)
    chosen: list[str] = []
    while len(chosen) < count and any(by_platform.values()):
        for names in by_platform.values():
            if names and len(chosen) < count:
                chosen.append(names.pop(0))
    return chosen


def ratios_by_round(rounds: dict[str, list[Measure]]) -> dict[str, list[float]]:
    """Print and return the first apply's ratios to Nornir and to the floor, round by round."""
    applies = rounds.get("campusctl apply", [])
    found: dict[str, list[float]] = {}
    for key, peer, faster in (("vs_nornir", "nornir", True), ("vs_floor", "floor", False)):
        runs = rounds.get(peer, [])
        if not runs or len(runs) != len(applies):
            continue
        found[key] = [
            round(other.wall / mine.wall if faster else mine.wall / other.wall, 2)
            for mine, other in zip(applies, runs, strict=True)
        ]
        print(f"{key} by round: {', '.join(f'{r:.2f}' for r in found[key])}")
    return found


def median_measure(runs: list[Measure]) -> Measure:
    """Return the run with the median wall time, with every run's wall time in its note.

    The machine's speed drifts over minutes, so a single run of each client
    can put one in a fast phase and the other in a slow one. Taking the
    clients in turn, several times, and comparing medians evens that out.
    """
    ordered = sorted(runs, key=lambda m: m.wall)
    # With an even count this is the faster of the two middle runs.
    chosen = ordered[(len(ordered) - 1) // 2]
    if len(runs) > 1:
        walls = ", ".join(f"{m.wall:.1f}" for m in runs)
        # A copy, so the run's own record in "rounds" keeps its note.
        chosen = dataclasses.replace(
            chosen, note=f"{chosen.note}; median of {len(runs)} runs ({walls} s in turn)"
        )
    return chosen


def report(
    prepared: dict[str, Any], measures: dict[str, Measure], concurrency: int
) -> dict[str, Any]:
    """Print the figures, the ratios of the same run and which targets are met; return them."""
    print()
    print(
        f"devices: {prepared['devices']} {prepared['per_platform']}; rendered config lines "
        f"mean {prepared['config_lines_mean']}, max {prepared['config_lines_max']}; "
        f"{prepared['pushed_lines_total']} lines pushed by a first apply; "
        f"management-ACL binding lines dropped: {prepared['management_acl_lines_dropped']}"
    )
    print(f"concurrency {concurrency} for campusctl, Nornir, netmiko and the floor")
    header = (
        f"{'client':<28} {'wall s':>8} {'client CPU s':>12} {'lab CPU s':>9} "
        f"{'CPU ms/device':>13} {'lab ms/device':>13} {'peak RSS MiB':>12} {'ok':>9}"
    )
    print(header)
    for measure in measures.values():
        count = max(measure.devices, 1)
        print(
            f"{measure.name:<28} {measure.wall:>8.1f} {measure.client_cpu:>12.1f} "
            f"{measure.lab_cpu:>9.1f} {measure.client_cpu * 1000 / count:>13.0f} "
            f"{measure.lab_cpu * 1000 / count:>13.0f} {measure.peak_rss_kib / 1024:>12.0f} "
            f"{measure.ok:>4}/{measure.devices:<4} {measure.note}"
        )
    checks: dict[str, Any] = {}
    first = measures.get("campusctl apply")
    if first is not None:
        all_ok = first.ok == first.devices == prepared["devices"]
        checks["first_apply_s"] = (first.wall, first.wall <= TARGETS["first_apply_s"] and all_ok)
        peak = max(m.peak_rss_kib for k, m in measures.items() if k.startswith("campusctl"))
        checks["peak_rss_gib"] = (peak / 1024**2, peak / 1024**2 <= TARGETS["peak_rss_gib"])
        rerun = measures.get("campusctl apply, re-run")
        if rerun is not None:
            checks["rerun_s"] = (
                rerun.wall,
                rerun.wall <= TARGETS["rerun_s"] and rerun.ok == rerun.devices,
            )
        for key, peer, faster in (
            ("vs_nornir", "nornir", True),
            ("vs_ansible", "ansible", True),
            ("vs_floor", "floor", False),
        ):
            other = next((m for k, m in measures.items() if k.startswith(peer)), None)
            if other is None or not other.devices:
                continue
            # A peer run on a subset is scaled to the whole set: an estimate, marked as such.
            wall = other.wall * max(1.0, prepared["devices"] / other.devices)
            label = key + ("_estimate" if other.devices < prepared["devices"] else "")
            ratio = wall / first.wall if faster else first.wall / wall
            met = ratio >= TARGETS[key] if faster else ratio <= TARGETS[key]
            checks[label] = (ratio, met and all_ok)
        netmiko = measures.get("netmiko")
        if netmiko is not None and netmiko.devices:
            waves = -(-prepared["devices"] // concurrency) / -(-netmiko.devices // concurrency)
            checks["netmiko_defaults_estimate_s"] = (netmiko.wall * waves, None)
    print()
    for key, (value, met) in checks.items():
        target = TARGETS.get(key.removesuffix("_estimate"))
        verdict = "" if met is None else ("met" if met else "NOT met")
        print(f"{key:<28} {value:>8.2f}  target {target if target is not None else '-'}  {verdict}")
    return {
        "prepared": prepared,
        "measures": {k: m.as_dict() for k, m in measures.items()},
        "checks": {k: {"value": v, "met": met} for k, (v, met) in checks.items()},
    }


def main(argv: list[str]) -> int:
    """Run the benchmark; return 0 when every client converged every device."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--forks", type=int, default=50)
    parser.add_argument("--netmiko-devices", type=int, default=32)
    parser.add_argument(
        "--ansible-devices", type=int, default=0, help="Ansible on this many devices (0: all)"
    )
    parser.add_argument("--peers", nargs="+", choices=PEERS, default=list(PEERS))
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of campusctl, the floor and Nornir, taken in turn; the median counts",
    )
    parser.add_argument("--strip-management-acl", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the prepared work folder given with --work"
    )
    parser.add_argument("--no-check", action="store_true", help="skip the plan after each peer")
    parser.add_argument(
        "--work", type=Path, help="keep the work folder here (default: a temporary one)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "apply_lab.json")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds must be 1 or more, not {args.rounds}")
    exit_on_signals()

    temporary = None if args.work else tempfile.mkdtemp(prefix="campusctl-apply-bench-")
    work = Work((args.work or Path(temporary or "")).resolve())
    work.root.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        print(f"load average at the start: {load_average()}", flush=True)
        if args.reuse and work.lines.is_file():
            prepared = summarize(work, args.strip_management_acl)
        else:
            prepared = prepare(work, args.devices, args.strip_management_acl)
        rounds: dict[str, list[Measure]] = {}
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"== round {number} of {args.rounds}", flush=True)
            if "campusctl" in args.peers:
                for measure in run_campusctl(work, args.concurrency):
                    rounds.setdefault(measure.name, []).append(measure)
            for kind in ("floor", "nornir"):
                if kind in args.peers:
                    measure = run_peer(work, kind, args.concurrency, None, not args.no_check)
                    rounds.setdefault(kind, []).append(measure)
        measures = {name: median_measure(runs) for name, runs in rounds.items()}
        if "netmiko" in args.peers:
            subset = _subset(work, args.netmiko_devices)
            measures["netmiko"] = run_peer(work, "netmiko", args.concurrency, subset, check=False)
            measures["netmiko"].note += f"; subset of {len(subset)} devices"
        if "ansible" in args.peers:
            hosts = _subset(work, args.ansible_devices) if args.ansible_devices else None
            measures["ansible"] = run_ansible(work, args.forks, not args.no_check, hosts)
            if hosts:
                measures["ansible"].note += f"; subset of {len(hosts)} devices"
        results = report(prepared, measures, args.concurrency)
        results["rounds"] = {name: [m.as_dict() for m in runs] for name, runs in rounds.items()}
        results["ratios_by_round"] = ratios_by_round(rounds)
        results["load_average_end"] = load_average()
        results["seconds"] = time.monotonic() - started
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"load average at the end: {load_average()}; results in {args.out}")
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    every = [m for runs in rounds.values() for m in runs] + list(measures.values())
    converged = all(m.ok == m.devices and m.devices for m in every)
    return 0 if converged else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
