"""``campusctl lab``: start, inspect, break and stop the embedded lab."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import typer

from campusctl.cli.output import console
from campusctl.errors import LabError
from campusctl.i18n import _
from campusctl.lab.state import LabState, state_root

lab_app = typer.Typer(
    help=_("Run the embedded lab of emulated switches and controllers."), no_args_is_help=True
)


def _state(inventory: Path | None = None) -> LabState:
    return LabState(state_root(inventory))


def _load_lab_devices(inventory: Path, limit: str | None) -> list:  # type: ignore[type-arg]
    try:
        from campusctl.lab.inventory import lab_devices
    except ImportError as err:
        raise LabError(
            _("The inventory model is not available: {error}").format(error=err)
        ) from err
    return lab_devices(inventory, limit)


@lab_app.command("up")
def up(
    inventory: Path = typer.Option(
        Path("inventory"),
        "--inventory",
        help=_("Inventory folder to emulate."),
    ),
    limit: str | None = typer.Option(
        None, "--limit", help=_("Only devices of schools matching this pattern.")
    ),
    per_device_addresses: bool = typer.Option(
        False, "--per-device-addresses", help=_("Give each device its own 127.0.0.x address.")
    ),
) -> None:
    """Start the lab server in the background and write the inventory overlay."""
    state = _state()
    if state.running_pid() is not None:
        raise LabError(
            _("The lab is already running (PID {pid}); run 'campusctl lab down' first.").format(
                pid=state.running_pid()
            )
        )
    devices = _load_lab_devices(inventory, limit)
    state.assign(devices, per_device_addresses)
    log_path = state.folder / "server.log"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "campusctl.lab.server", str(state.folder)],
            stdout=log_file,
            stderr=log_file,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while state.running_pid() != process.pid:
        if process.poll() is not None or time.monotonic() > deadline:
            raise LabError(_("The lab server did not start; see {log}.").format(log=log_path))
        time.sleep(0.1)
    console.print(
        _("Lab up: {count} devices, PID {pid}, overlay {overlay}").format(
            count=len(devices), pid=process.pid, overlay=state.overlay_file
        )
    )


@lab_app.command("status")
def status() -> None:
    """Show the running lab's devices, ports, sessions and faults."""
    from campusctl.lab.server import control_request

    state = _state()
    if state.running_pid() is None:
        console.print(_("The lab is not running."))
        raise typer.Exit(1)
    reply = asyncio.run(control_request(state.folder, {"op": "status"}))
    for name, info in sorted(reply["devices"].items()):
        faults = ", ".join(info["faults"]) or "-"
        console.print(
            f"{name:<24} {info['platform']:<12} {info['address']}:{info['port']:<6} "
            f"{info['sessions']:>3} {faults}"
        )


@lab_app.command("fault")
def fault(
    device: str = typer.Argument(..., help=_("Device name.")),
    kind: str = typer.Argument(
        ...,
        help=_(
            "auth-failure, slow, reject-command, drop-session, "
            "save-failure, miscabled, host-key-changed or clear"
        ),
    ),
    value: str = typer.Argument(
        "",
        help=_("Parameter: seconds, command prefix, lines before the drop, or PORT=DEVICE:PORT."),
    ),
) -> None:
    """Inject a fault into one running device (``clear`` removes its faults)."""
    from campusctl.lab.server import control_request

    state = _state()
    if state.running_pid() is None:
        raise LabError(_("The lab is not running; start it with 'campusctl lab up'."))
    request = (
        {"op": "clear", "device": device}
        if kind == "clear"
        else {"op": "fault", "device": device, "kind": kind, "value": value}
    )
    reply = asyncio.run(control_request(state.folder, request))
    if not reply.get("ok"):
        raise LabError(
            _("Fault injection failed on {device}: {error}").format(
                device=device, error=reply.get("error")
            )
        )
    console.print(_("Fault {kind} set on {device}.").format(kind=kind, device=device))


@lab_app.command("down")
def down() -> None:
    """Stop the lab server started by ``lab up`` (its PID only)."""
    state = _state()
    pid = state.running_pid()
    if pid is None:
        state.clear_runtime_files()
        console.print(_("The lab is not running."))
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while state.running_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if state.running_pid() is not None:
        raise LabError(_("The lab server (PID {pid}) did not stop within 15 s.").format(pid=pid))
    state.clear_runtime_files()
    console.print(_("Lab down."))


@lab_app.command("reset")
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
