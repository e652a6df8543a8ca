"""A restarted lab runs exactly the configuration that was saved before it stopped."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import paramiko
import pytest
from netmiko import BaseConnection, ConnectHandler

from campusctl.lab.configtree import parse, render
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.devices import LabDevice
from campusctl.lab.samples import campus_config
from campusctl.lab.server import LabServer
from campusctl.lab.vendors.registry import vendor_class
from tests.lab.conftest import PASSWORD, USERNAME, lab_devices

# Banner body lines with leading and trailing spaces and a blank line, all of
# which the device must print unchanged after a restart.
BODY = [
    "  Authorised staff only.  ",
    "",
    "    Room 101: call 020-0000-0000 ",
    "Managed by automation.",
]

# Per device: netmiko device type, configuration lines (a multi-line banner of
# each kind and, on IOS and RGOS, an empty section missing from the style's
# section heads) and the command that prints the running configuration.
DEVICES: dict[str, tuple[str, list[str], str]] = {
    "THSY-ACC-01": (
        "huawei",
        [
            "header login information ^",
            *BODY,
            "^",
            "header shell information %",
            *BODY,
            "%",
        ],
        "display current-configuration",
    ),
    "THSY-CORE-08": (
        "huawei_vrpv8",
        ["header login information ^", *BODY, "^", "commit"],
        "display current-configuration",
    ),
    "THSY-AGG-01": (
        "hp_comware",
        ["header motd %", *BODY, "%", "header login #", *BODY, "#"],
        "display current-configuration",
    ),
    "THSY-ACC-02": (
        "cisco_ios",
        [
            "banner motd #",
            *BODY,
            "Press ^ for help.",
            "#",
            "banner login ^",
            *BODY,
            "^",
            "ipv6 nd raguard policy RA-EMPTY",
            "exit",
        ],
        "show running-config",
    ),
    "THSY-ACC-03": (
        "ruijie_os",
        [
            "banner motd #",
            *BODY,
            "Press ^ for help.",
            "#",
            "ipv6 dhcp guard policy DHCP-EMPTY",
            "exit",
        ],
        "show running-config",
    ),
}

LOGIN = {
    "huawei_vrp": ["n"],
    "h3c_comware": [""],
    "cisco_ios": ["conf t"],
    "ruijie_rgos": ["n", "enable", "x", "conf t"],
}
ENTER = {"huawei_vrp": ["system-view"], "h3c_comware": ["system-view"]}


class _Server:
    """A lab server on a state folder, run in a background event loop thread."""

    def __init__(self, devices: list[LabDevice], state: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = LabServer(devices, {d.name: PASSWORD for d in devices}, USERNAME, state)
        self.loop.run_until_complete(self.server.start())
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@contextmanager
def _running(devices: list[LabDevice], state: Path) -> Iterator[None]:
    server = _Server(devices, state)
    try:
        yield
    finally:
        server.stop()


def _connect(device: LabDevice) -> BaseConnection:
    return ConnectHandler(
        device_type=DEVICES[device.name][0],
        host=device.address,
        port=device.port,
        username=USERNAME,
        password=PASSWORD,
        secret=PASSWORD,
        fast_cli=True,
        conn_timeout=30,
    )


# Per platform: the lines that open configuration mode after login, the lines
# that leave it and save, and the text the save prints when it succeeded.
SCRIPTS = {
    "huawei_vrp": (["n", "system-view"], ["return", "save", "y"], "successfully"),
    "h3c_comware": (["", "system-view"], ["return", "save force"], "successfully"),
    "cisco_ios": (["configure terminal"], ["end", "write memory"], "[OK]"),
    "ruijie_rgos": (["n", "enable", PASSWORD, "configure terminal"], ["end", "write"], "[OK]"),
}


def _push_and_save(device: LabDevice) -> None:
    """Type the device's DEVICES lines and save them, in one interactive shell.

    A raw shell, because netmiko's send_config_set waits seconds for
    output to settle after the banner dialogues.
    """
    enter, leave, saved = SCRIPTS[device.platform]
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        device.address, device.port, USERNAME, PASSWORD, allow_agent=False, look_for_keys=False
    )
    try:
        channel = client.invoke_shell(width=511)
        lines = [*enter, *DEVICES[device.name][1], *leave]
        channel.sendall(("\n".join(lines) + "\n").encode())
        output = b""
        deadline = time.monotonic() + 30
        while saved.encode() not in output:
            assert time.monotonic() < deadline, output.decode(errors="replace")[-2000:]
            if channel.recv_ready():
                output += channel.recv(65536)
            else:
                time.sleep(0.01)
    finally:
        client.close()


def _show_running(devices: list[LabDevice]) -> dict[str, str]:
    running: dict[str, str] = {}
    for device in devices:
        connection = _connect(device)
        try:
            output = connection.send_command(DEVICES[device.name][2])
            assert isinstance(output, str)
            running[device.name] = output
        finally:
            connection.disconnect()
    return running


def test_restart_keeps_running_config(tmp_path: Path) -> None:
    devices = lab_devices()
    with _running(devices, tmp_path / "lab"):
        for device in devices:
            _push_and_save(device)
        before = _show_running(devices)
    with _running(devices, tmp_path / "lab"):
        after = _show_running(devices)

    for device in devices:
        running = before[device.name]
        for line in (BODY[0], BODY[2]):
            assert f"\n{line}\n" in running or f"\n {line}\n" in running, (device.name, line)
        assert after[device.name] == running, device.name


@pytest.mark.parametrize("device", lab_devices(), ids=lambda device: device.name)
def test_saved_config_loads_unchanged(device: LabDevice) -> None:
    runtime = new_runtime(device)
    lines = campus_config(device)
    if device.os == "VRP8":
        lines = [*lines[:-1], "commit", "return"]
    run_lines(runtime, LOGIN[device.platform] + lines)
    config = DEVICES[device.name][1]
    run_lines(runtime, LOGIN[device.platform] + ENTER.get(device.platform, []) + config)
    style = vendor_class(device).style
    printed = render(runtime.running, style)

    loaded = parse("\n".join(printed) + "\n", style)

    assert render(loaded, style) == printed
    assert [node.text for node in loaded.children] == [
        node.text for node in runtime.running.children
    ]
