"""``campusctl wireless coverage`` and the coverage tables of ``campusctl inventory show``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from campusctl.cli.output import console
from campusctl.errors import LabError
from campusctl.i18n import _
from campusctl.inventory import load_inventory
from campusctl.inventory.coverage import room_kind_label, school_coverage
from campusctl.inventory.model import School
from campusctl.inventory.selection import select_schools

MAX_LISTED = 12
"""Uncovered rooms listed per row before the rest is counted."""

wireless_app = typer.Typer(help=_("Inspect the wireless campus."), no_args_is_help=True)


def _listed(rooms: list[str]) -> str:
    if not rooms:
        return "-"
    shown = ", ".join(rooms[:MAX_LISTED])
    if len(rooms) > MAX_LISTED:
        shown += " " + _("(+{count} more)").format(count=len(rooms) - MAX_LISTED)
    return shown


def print_coverage(schools: list[School]) -> None:
    """Print one table per school: rooms with and without a serving AP, by room kind."""
    for school in schools:
        table = Table(
            title=_("WLAN coverage of {code} {name}").format(code=school.code, name=school.name),
            title_justify="left",
        )
        table.add_column(_("room kind"))
        table.add_column(_("rooms"), justify="right")
        table.add_column(_("with AP"), justify="right")
        table.add_column(_("without AP"), justify="right")
        table.add_column(_("coverage"), justify="right")
        table.add_column(_("rooms without AP"))
        for entry in school_coverage(school):
            table.add_row(
                room_kind_label(entry.kind),
                str(entry.total),
                str(len(entry.covered)),
                str(len(entry.uncovered)),
                f"{entry.share * 100:.0f}%",
                _listed(entry.uncovered),
            )
        console.print(table)


@wireless_app.command("coverage", help=_("Print the WLAN coverage of each school's rooms."))
def coverage(
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
    limit: str | None = typer.Option(
        None, "--limit", "-l", help=_("Ansible host pattern selecting schools, devices or groups.")
    ),
) -> None:
    """Print the WLAN coverage of each school's rooms."""
    inventory = load_inventory(inventory_path)
    print_coverage(select_schools(inventory, limit))


PASSWORD_ENV = "CAMPUSCTL_LAB_STATION_PASSWORD"


@wireless_app.command(
    "associate",
    help=_(
        "Associate a station to an 802.1X SSID of a running lab controller; the controller "
        "asks the RADIUS server its configuration names and records the result."
    ),
)
def associate(
    device: str = typer.Argument(..., help=_("Lab controller name.")),
    ssid: str = typer.Argument(..., help=_("SSID to join.")),
    username: str = typer.Option(..., "--user", "-u", help=_("Account of the station's user.")),
    mac: str | None = typer.Option(None, "--mac", help=_("Station MAC address.")),
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
) -> None:
    """Associate a station to a lab controller's 802.1X SSID and print the RADIUS outcome."""
    import os

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt(_("Password"), hide_input=True)
    request = {
        "op": "associate",
        "device": device,
        "ssid": ssid,
        "username": username,
        "password": password,
        "mac": mac,
    }
    reply = _lab_request(inventory_path, request)
    if not reply.get("ok"):
        raise LabError(
            _("Association to {ssid} on {device} failed: {error}").format(
                ssid=ssid, device=device, error=reply.get("error")
            )
        )
    client = reply["client"]
    console.print(
        _("{device}: station {mac} on {ssid} as {user}: {outcome} (RADIUS {server})").format(
            device=device,
            mac=client["mac"],
            ssid=ssid,
            user=username,
            outcome=client["outcome"],
            server=client["server"],
        )
    )
    if client["outcome"] != "accept":
        raise typer.Exit(1)


@wireless_app.command(
    "clients", help=_("Show a running lab controller's client table: stations and RADIUS outcomes.")
)
def clients(
    device: str = typer.Argument(..., help=_("Lab controller name.")),
    inventory_path: Path = typer.Option(
        Path("inventory"), "--inventory", "-i", help=_("Inventory folder (or any file inside it).")
    ),
) -> None:
    """Print the client table of a lab controller."""
    reply = _lab_request(inventory_path, {"op": "clients", "device": device})
    if not reply.get("ok"):
        raise LabError(
            _("No client table of {device}: {error}").format(
                device=device, error=reply.get("error")
            )
        )
    table = Table(title=_("Clients of {device}").format(device=device), title_justify="left")
    for column in (_("MAC"), _("SSID"), _("user"), _("outcome"), _("RADIUS server")):
        table.add_column(column)
    for row in reply["clients"]:
        table.add_row(row["mac"], row["ssid"], row["username"], row["outcome"], row["server"])
    console.print(table)


def _lab_request(inventory_path: Path, request: dict[str, object]) -> dict[str, Any]:
    """Send one request to the running lab server and return its reply.

    :raise LabError: when the lab is not running or does not answer.
    """
    import asyncio

    from campusctl.lab.server import control_request
    from campusctl.lab.state import LabState, state_root

    state = LabState(state_root(inventory_path))
    if state.running_pid() is None:
        raise LabError(_("The lab is not running; start it with 'campusctl lab up'."))
    try:
        reply = asyncio.run(control_request(state.folder, dict(request), timeout=30.0))
    except (OSError, TimeoutError) as err:
        raise LabError(
            _("The lab server does not answer on {socket}: {error}.").format(
                socket=state.folder / "control.sock", error=err
            )
        ) from err
    return reply


def register(app: typer.Typer) -> None:
    """Add the ``wireless`` command group."""
    app.add_typer(wireless_app, name="wireless")
