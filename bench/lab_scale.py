"""Benchmark: one lab server process with many devices holding full configurations.

Measures, for ``--devices`` emulated devices (default 1,000, the four platforms
in turn, 28 ports each, each loaded with the full campus configuration of
:mod:`campusctl.lab.samples` as its saved configuration):

* start time of the server process until every listener is open and the
  overlay is written, on a cold start (host keys generated) and a warm start
  (host keys read from the state folder);
* resident memory per device: (RSS with N devices - RSS with 1 device) / (N - 1);
* connect + password login + shell + one show command + disconnect for every
  device, with ``--clients`` parallel asyncssh clients in this process.

Targets from the lab's requirements: start <= 5 s, <= 1 MiB per device, all
logins and commands done in <= 10 s with no error.

Run: ``PYTHONPATH=. .venv/bin/python bench/lab_scale.py [--devices N] [--clients C]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
import yaml

from campusctl.lab.configtree import render
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.devices import LabDevice, Neighbor
from campusctl.lab.samples import campus_config
from campusctl.lab.state import LabState
from campusctl.lab.vendors.registry import vendor_class

PLATFORMS = [
    ("huawei_vrp", "VRP5", "V200R019C10SPC500", "S5735-L24T4X-A1", "GigabitEthernet0/0/{}", "show"),
    ("h3c_comware", "Comware7", "Release 6616", "S5130S-28S-EI", "GigabitEthernet1/0/{}", "show"),
    ("cisco_ios", "IOS", "15.2(7)E8", "WS-C2960X-24TS-L", "GigabitEthernet1/0/{}", "show"),
    ("ruijie_rgos", "RGOS", "11.4(1)B12P1", "S2910-24GT4XS-E", "GigabitEthernet 0/{}", "show"),
]
VERSION_COMMAND = {
    "huawei_vrp": "display version",
    "h3c_comware": "display version",
    "cisco_ios": "show version",
    "ruijie_rgos": "show version",
}
LOGIN = {
    "huawei_vrp": ["n"],
    "h3c_comware": [""],
    "cisco_ios": [],
    "ruijie_rgos": ["n", "enable", "x"],
}
PROMPT_RE = re.compile(rb"[>#\]]\s*$")


def make_device(index: int) -> LabDevice:
    """Return the index-th benchmark device."""
    platform, os_name, version, model, port_format, _ = PLATFORMS[index % len(PLATFORMS)]
    ports = [port_format.format(i) for i in range(1, 29)]
    third, fourth = divmod(index + 10, 250)
    return LabDevice(
        name=f"BENCH-{index:04d}",
        platform=platform,
        os=os_name,
        os_version=version,
        model=model,
        serial=f"BENCH{index:08d}",
        interfaces=ports,
        management_vlan=100,
        management_ipv4=f"198.18.{third}.{fourth}/16",
        neighbors=[
            Neighbor(
                ports[-1],
                "BENCH-CORE",
                "XGigabitEthernet0/0/1",
                "huawei_vrp",
                "S6730-H24X6C",
                "198.18.0.1",
            )
        ],
    )


def saved_configs(devices: list[LabDevice]) -> dict[str, str]:
    """Render a full configuration per platform once and rename it per device."""
    templates: dict[str, tuple[str, str]] = {}
    for device in devices[: len(PLATFORMS)]:
        runtime = new_runtime(device)
        output = run_lines(runtime, LOGIN[device.platform] + campus_config(device))
        if "Error" in output or "% Invalid" in output or "% Unrecognized" in output:
            raise SystemExit(f"template configuration rejected on {device.platform}")
        text = "\n".join(render(runtime.running, vendor_class(device).style)) + "\n"
        templates[device.platform] = (device.name, text)
    configs: dict[str, str] = {}
    for device in devices:
        name, text = templates[device.platform]
        configs[device.name] = text.replace(name, device.name)
    return configs


def prepare(folder: Path, count: int) -> tuple[LabState, list[LabDevice]]:
    """Write the devices, credentials and saved configurations of a benchmark lab."""
    state = LabState(folder)
    devices = [make_device(i) for i in range(count)]
    state.assign(devices)
    for name, text in saved_configs(devices).items():
        flash = folder / "devices" / name / "flash"
        flash.mkdir(parents=True, exist_ok=True)
        (flash / "saved.cfg").write_text(text, encoding="utf-8")
    return state, devices


def rss_kib(pid: int) -> int:
    """Return the resident set size of a process in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for PID {pid}")


def start_server(state: LabState) -> tuple[subprocess.Popen[bytes], float]:
    """Start the server as one process; return it and the seconds until it was ready.

    ``--workers 1`` keeps every device in the measured process, which the
    memory per device relies on. Above 100 devices the lab would otherwise
    start two worker processes on a machine with two or more cores.
    """
    state.pid_file.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "campusctl.lab.server", str(state.folder), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while state.running_pid() != process.pid:
        if process.poll() is not None:
            raise RuntimeError("lab server exited during start")
        time.sleep(0.01)
    return process, time.perf_counter() - started


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server started by :func:`start_server` (its PID only)."""
    os.kill(process.pid, signal.SIGTERM)
    process.wait(60)


async def _read_prompt(process: asyncssh.SSHClientProcess[bytes], after: bytes = b"") -> bytes:
    data = b""
    while True:
        chunk = await process.stdout.read(65536)
        if not chunk:
            raise ConnectionError("session closed before the prompt")
        data += chunk
        if (not after or after in data) and PROMPT_RE.search(data):
            return data


async def one_login(device: LabDevice, password: str) -> None:
    """Connect, log in, run the version command, disconnect."""
    async with asyncssh.connect(
        device.address,
        device.port,
        username="campus-lab",
        password=password,
        known_hosts=None,
        preferred_auth="password",
        encryption_algs=["aes128-gcm@openssh.com"],
    ) as connection:
        process = await connection.create_process(term_type="vt100", encoding=None)
        await _read_prompt(process)
        command = VERSION_COMMAND[device.platform]
        process.stdin.write(command.encode() + b"\n")
        output = await _read_prompt(process, after=b"ersion")
        if b"ersion" not in output:
            raise RuntimeError(f"{device.name}: unexpected output {output[:200]!r}")
        process.close()


async def login_all(
    devices: list[LabDevice], passwords: dict[str, str], clients: int
) -> tuple[float, list[str]]:
    """Log into every device with ``clients`` parallel sessions; return seconds and errors."""
    semaphore = asyncio.Semaphore(clients)
    errors: list[str] = []

    async def guarded(device: LabDevice) -> None:
        async with semaphore:
            try:
                await asyncio.wait_for(one_login(device, passwords[device.name]), 30)
            except (OSError, asyncssh.Error, RuntimeError, TimeoutError) as err:
                errors.append(f"{device.name}: {err!r}")

    started = time.perf_counter()
    await asyncio.gather(*(guarded(device) for device in devices))
    return time.perf_counter() - started, errors


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lab-bench-") as temporary:
        base = Path(temporary)
        single, _ = prepare(base / "one" / "lab", 1)
        process, _ = start_server(single)
        baseline = rss_kib(process.pid)
        stop_server(process)

        state, devices = prepare(base / "many" / "lab", args.devices)
        lines = sum(
            len(text.splitlines())
            for text in (
                p.read_text() for p in (base / "many" / "lab" / "devices").glob("*/flash/saved.cfg")
            )
        )
        process, cold = start_server(state)
        stop_server(process)
        process, warm = start_server(state)
        try:
            resident = rss_kib(process.pid)
            passwords = yaml.safe_load(state.credentials_file.read_text())
            elapsed, errors = asyncio.run(login_all(devices, passwords, args.clients))
            after = rss_kib(process.pid)
        finally:
            stop_server(process)

    per_device = (resident - baseline) / max(args.devices - 1, 1)
    print(f"devices: {args.devices} ({lines / args.devices:.0f} configuration lines each)")
    print(f"start, cold (host keys generated): {cold:.2f} s")
    print(f"start, warm (host keys on disk):   {warm:.2f} s")
    print(
        f"server RSS: {resident / 1024:.1f} MiB with {args.devices} devices, "
        f"{baseline / 1024:.1f} MiB with 1; {per_device:.0f} KiB per device"
    )
    print(
        f"connect + login + one command + disconnect, {args.clients} parallel clients: "
        f"{elapsed:.2f} s for {args.devices} devices, {len(errors)} errors"
    )
    print(f"server RSS after the logins: {after / 1024:.1f} MiB")
    for error in errors[:10]:
        print("  error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
