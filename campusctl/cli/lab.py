"""``campusctl lab``: start, inspect, break and stop the embedded lab."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import typer

from campusctl.cli.output import console, error_console
from campusctl.errors import LabError
from campusctl.i18n import _
from campusctl.lab.devices import LabDevice
from campusctl.lab.faults import FaultKind
from campusctl.lab.state import LabState, process_alive, state_root

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15

lab_app = typer.Typer(
    help=_("Run the embedded lab of emulated switches and controllers."), no_args_is_help=True
)

INVENTORY_OPTION = typer.Option(
    Path("inventory"), "--inventory", help=_("Inventory folder to emulate.")
)
LIMIT_OPTION = typer.Option(
    None,
    "--limit",
    help=_(
        "Emulate only the schools whose code or English name matches one of these comma-separated shell patterns."
    ),
)
ADDRESSES_OPTION = typer.Option(
    False, "--per-device-addresses", help=_("Give each device its own 127.0.0.x address.")
)
DEVICE_ARGUMENT = typer.Argument(..., help=_("Device name."))
KIND_ARGUMENT = typer.Argument(
    ...,
    help=_(
        "Fault kind, or clear to remove the device's faults. host-key-changed gives the "
        "device a new host key, as a replaced device has; clear keeps that key, so pin it "
        "with 'campusctl hostkey pin'."
    ),
)
VALUE_ARGUMENT = typer.Argument(
    "",
    help=_(
        "Fault parameter: seconds for slow, a command prefix for reject-command, config "
        "lines before the drop for drop-session, PORT=DEVICE:PORT for miscabled."
    ),
)


def _state(inventory: Path | None = None) -> LabState:
    return LabState(state_root(inventory))


def _load_lab_devices(inventory: Path, limit: str | None) -> list[LabDevice]:
    from campusctl.lab.inventory import lab_devices

    return lab_devices(inventory, limit)


def _request(state: LabState, request: dict[str, Any]) -> dict[str, Any]:
    from campusctl.lab.server import control_request

    try:
        return asyncio.run(control_request(state.folder, request))
    except (OSError, TimeoutError) as err:
        raise LabError(
            _("The lab server does not answer on {socket}: {error}; check {log}.").format(
                socket=state.folder / "control.sock", error=err, log=state.folder / "server.log"
            )
        ) from err


@lab_app.command("up", help=_("Start the lab server in the background and write the overlay."))
def up(
    inventory: Path = INVENTORY_OPTION,
    limit: str | None = LIMIT_OPTION,
    per_device_addresses: bool = ADDRESSES_OPTION,
    hosts: bool = typer.Option(
        True,
        "--hosts/--no-hosts",
        help=_("Also start the Linux hosts (terminals and servers); needs root."),
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help=_(
            "Number of server processes, each serving an equal share of the devices "
            "(default: 1 up to 100 devices, else 2 or the CPU count if smaller)."
        ),
    ),
    brownfield: bool = typer.Option(
        False,
        "--brownfield",
        help=_(
            "Emulate the sample schools built by hand instead of the inventory's devices; "
            "each device starts from its configuration backup, for import-config and "
            "discover to work on. --limit then selects sample schools by code."
        ),
    ),
) -> None:
    """Start the lab server in the background and write the inventory overlay."""
    state = _state(inventory)
    running = state.running_pid()
    if running is not None:
        raise LabError(
            _("The lab is already running (PID {pid}); run 'campusctl lab down' first.").format(
                pid=running
            )
        )
    if brownfield:
        devices = _brownfield_devices(inventory, limit, state)
    else:
        devices = _load_lab_devices(inventory, limit)
    if not devices:
        raise LabError(
            _("No switch or wireless controller in {inventory} matches the selection.").format(
                inventory=inventory
            )
        )
    state.assign(devices, per_device_addresses)
    if workers is not None and workers > len(devices):
        # A worker without a device would only hold memory.
        error_console.print(
            _(
                "--workers {workers} is more than the {count} devices; starting {count} worker processes."
            ).format(workers=workers, count=len(devices))
        )
        workers = len(devices)

    log_path = state.folder / "server.log"
    with log_path.open("ab") as log_file:
        command = [sys.executable, "-m", "campusctl.lab.server", str(state.folder)]
        if workers is not None:
            command += ["--workers", str(workers)]
        process = subprocess.Popen(
            command,
            stdout=log_file,
            stderr=log_file,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while state.running_pid() != process.pid:
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
            raise LabError(_("The lab server did not start; see {log}.").format(log=log_path))
        time.sleep(0.1)
    console.print(
        _("Lab up: {count} devices, PID {pid}, overlay {overlay}").format(
            count=len(devices), pid=process.pid, overlay=state.overlay_file
        )
    )
    _write_secrets(inventory)
    if hosts and not brownfield:
        _start_hosts(state, inventory, limit)


def _brownfield_devices(inventory: Path, limit: str | None, state: LabState) -> list[LabDevice]:
    """Return the sample schools' devices, with their backups preloaded as saved configurations.

    ``limit`` takes comma-separated shell patterns of school codes
    (``2440113003`` or ``school_2440113003``). A device that already has a
    saved configuration in the lab state keeps it, so changes applied to a
    brownfield device survive ``lab down`` and ``lab up``. ``campusctl lab
    reset`` brings the backups back.
    """
    from fnmatch import fnmatchcase

    from campusctl.discover.brownfield import preload_saved_configs, sample_schools
    from campusctl.inventory import load_inventory
    from campusctl.inventory.model.province import Settings
    from campusctl.lab.inventory import management_station

    patterns = [p.strip().removeprefix("school_") for p in (limit or "*").split(",") if p.strip()]
    loaded = load_inventory(inventory)
    # NOTE: the province's defaults only; a city or district that overrides
    # management_acl is not consulted for the sample schools.
    station = management_station(Settings.model_validate(loaded.province.defaults))
    schools = [
        school
        for school in sample_schools(loaded.catalog, management_station=station)
        if any(fnmatchcase(school.code, pattern) for pattern in patterns)
    ]
    devices: list[LabDevice] = []
    for school in schools:
        backups = list(school.backups.values())
        written = preload_saved_configs(backups, state.folder, replace=False)
        console.print(
            _(
                "Brownfield school {school}: {count} devices, {preloaded} started from their "
                "backups, {kept} keep their saved configuration"
            ).format(
                school=school.code,
                count=len(school.devices),
                preloaded=len(written),
                kept=len(backups) - len(written),
            ),
            markup=False,
        )
        devices.extend(school.devices)
    return devices


def _write_secrets(inventory: Path) -> None:
    """Give the lab its own random secrets, so rendering works right after ``lab up``."""
    from campusctl.inventory import find_root, load_inventory
    from campusctl.secrets import lab_secrets_path, write_lab_secrets

    root = find_root(inventory)
    write_lab_secrets(load_inventory(root), lab_secrets_path(root))


def _start_hosts(state: LabState, inventory: Path, limit: str | None) -> None:
    """Start the selected Linux hosts, or print why only the emulated devices run."""
    from campusctl.inventory import load_inventory
    from campusctl.lab.linux import LabHosts, LabHostsUnavailable
    from campusctl.lab.linux.selection import host_specs

    loaded = load_inventory(inventory)
    if not host_specs(loaded, limit):
        return
    try:
        started = LabHosts(state.folder).start_selection(loaded, limit)
    except LabHostsUnavailable as err:
        error_console.print(
            _("Only the emulated network devices started: {reason}").format(reason=err),
            markup=False,
        )
        return
    state.write_overlay_section("hosts", {name: entry.overlay() for name, entry in started.items()})
    console.print(_("Lab hosts up: {count} Linux hosts").format(count=len(started)))


@lab_app.command("status", help=_("Show the lab's devices, ports, sessions and faults."))
def status() -> None:
    """Show the running lab's devices, ports, sessions and faults."""
    state = _state()
    if state.running_pid() is None:
        console.print(_("The lab is not running."))
        raise typer.Exit(1)
    reply = _request(state, {"op": "status"})
    console.print(
        _("Lab server PID {pid}, {count} devices").format(
            pid=reply["pid"], count=len(reply["devices"])
        )
    )
    if reply.get("workers"):
        console.print(
            _("Worker processes: {pids}").format(pids=", ".join(str(p) for p in reply["workers"]))
        )
    for name, info in sorted(reply["devices"].items()):
        faults = ", ".join(info["faults"]) or "-"
        console.print(
            f"{name:<24} {info['platform']:<12} {info['address']}:{info['port']:<6} "
            f"{info['sessions']:>3} {faults}"
        )


@lab_app.command("fault", help=_("Inject a fault into one device of the running lab."))
def fault(
    device: str = DEVICE_ARGUMENT,
    kind: str = KIND_ARGUMENT,
    value: str = VALUE_ARGUMENT,
) -> None:
    """Inject a fault into one running device (``clear`` removes its faults)."""
    known = [k.value for k in FaultKind]
    if kind != "clear" and kind not in known:
        raise LabError(
            _("Unknown fault kind {kind}; use one of: {known}, clear.").format(
                kind=kind, known=", ".join(known)
            )
        )
    _check_fault_value(kind, value)
    state = _state()
    if state.running_pid() is None:
        raise LabError(_("The lab is not running; start it with 'campusctl lab up'."))
    devices = _request(state, {"op": "status"}).get("devices", {})
    if device not in devices:
        raise LabError(
            _(
                "Device {device} is not in the running lab; 'campusctl lab status' lists its devices."
            ).format(device=device)
        )
    request: dict[str, Any] = (
        {"op": "clear", "device": device}
        if kind == "clear"
        else {"op": "fault", "device": device, "kind": kind, "value": value}
    )
    reply = _request(state, request)
    if not reply.get("ok"):
        raise LabError(
            _("Fault injection failed on {device}: {error}").format(
                device=device, error=reply.get("error")
            )
        )
    if kind == "clear":
        console.print(_("Faults cleared on {device}.").format(device=device))
        return
    console.print(_("Fault {kind} set on {device}.").format(kind=kind, device=device))


# The faults whose value is a number, and the number's type.
_NUMERIC_FAULTS: dict[str, type[int] | type[float]] = {
    FaultKind.SLOW.value: float,
    FaultKind.DROP_SESSION.value: int,
}


def _check_fault_value(kind: str, value: str) -> None:
    """Reject a fault value that the lab cannot read as the fault's number."""
    number = _NUMERIC_FAULTS.get(kind)
    if number is None or not value:
        return
    try:
        parsed = number(value)
    except ValueError:
        parsed = -1
    if parsed < 0:
        unit = _("seconds") if number is float else _("config lines")
        raise LabError(
            _("Fault {kind} takes a non-negative number ({unit}), not '{value}'.").format(
                kind=kind, unit=unit, value=value
            )
        )


def _stop_hosts(state: LabState) -> None:
    """Stop the lab's Linux hosts, if any run, and drop them from the overlay."""
    from campusctl.lab.linux import LabHosts

    lab_hosts = LabHosts(state.folder)
    if not lab_hosts.run_file.exists():
        # A killed layer build may have left cgroups even though no host ran.
        lab_hosts.sweep_stale_builds()
        return
    lab_hosts.stop()
    if state.overlay_file.exists():
        state.write_overlay_section("hosts", {})
    console.print(_("Lab hosts down."))


@lab_app.command("down", help=_("Stop the lab server started by 'lab up' (its PID only)."))
def down() -> None:
    """Stop the lab server started by ``lab up`` (its PID only)."""
    state = _state()
    _stop_hosts(state)
    pid = state.running_pid()
    if pid is None:
        state.clear_runtime_files()
        console.print(_("The lab is not running."))
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if process_alive(pid):
        raise LabError(
            _("The lab server (PID {pid}) did not stop within {seconds} s.").format(
                pid=pid, seconds=STOP_TIMEOUT_S
            )
        )
    state.clear_runtime_files()
    console.print(_("Lab down."))


@lab_app.command("reset", help=_("Return every lab device to factory state (lab must be down)."))
def reset() -> None:
    """Return every device to factory state (the lab must be down)."""
    state = _state()
    if state.running_pid() is not None:
        raise LabError(_("Stop the lab with 'campusctl lab down' before resetting it."))
    state.reset()
    console.print(_("Lab reset to factory state."))


def register(app: typer.Typer) -> None:
    """Add the ``lab`` command group."""
    app.add_typer(lab_app, name="lab")
