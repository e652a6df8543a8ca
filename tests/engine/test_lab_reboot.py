"""The lab's revert timers: scheduled reboots (VRP5, Comware, RGOS) and VRP8 trial commits."""

from __future__ import annotations

import asyncio

import pytest

from campusctl.lab.console import _ScriptChannel, new_runtime
from campusctl.lab.inventory import lab_devices
from campusctl.lab.runtime import DeviceRuntime
from campusctl.lab.session import Session
from campusctl.lab.vendors.reboot import ScheduledReboot
from campusctl.lab.vendors.registry import vendor_class
from tests.conftest import SAMPLE

# Device, login answers, hostname change, arm, cancel.
CASES = [
    (
        "YCSY-A1-ACC-01",
        ["N", "system-view", "sysname CHANGED", "return"],
        ["schedule reboot delay 00:01", "Y"],
        ["undo schedule reboot"],
    ),
    (
        "HYXX-A1-ACC-01",
        ["", "system-view", "sysname CHANGED", "return"],
        ["scheduler reboot delay 1", "Y"],
        ["undo scheduler reboot"],
    ),
    (
        "SPJD-CORE-01",
        ["n", "enable", "x", "configure terminal", "hostname CHANGED", "end"],
        ["reload in 1", ""],
        ["reload cancel"],
    ),
]


def runtime_of(name: str) -> DeviceRuntime:
    device = next(d for d in lab_devices(SAMPLE) if d.name == name)
    return new_runtime(device)


async def type_lines(runtime: DeviceRuntime, lines: list[str], wait: float) -> str:
    channel = _ScriptChannel(("\n".join(lines) + "\n").encode())
    session = Session(runtime, channel, vendor_class(runtime.spec), "campus-lab", "127.0.0.1")
    await session.run()
    await asyncio.sleep(wait)
    return channel.output.decode(errors="replace")


@pytest.fixture
def short_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ScheduledReboot, "seconds_per_minute", 0.05)


@pytest.mark.parametrize(("name", "change", "arm", "cancel"), CASES)
def test_reboot_restores_saved_config(
    short_minutes: None, name: str, change: list[str], arm: list[str], cancel: list[str]
) -> None:
    runtime = runtime_of(name)
    output = asyncio.run(type_lines(runtime, [*change, *arm], wait=0.3))
    assert "Error" not in output
    assert "Invalid input" not in output
    assert all("CHANGED" not in child.text for child in runtime.running.children)


@pytest.mark.parametrize(("name", "change", "arm", "cancel"), CASES)
def test_cancelled_reboot_keeps_change(
    short_minutes: None, name: str, change: list[str], arm: list[str], cancel: list[str]
) -> None:
    runtime = runtime_of(name)
    asyncio.run(type_lines(runtime, [*change, *arm, *cancel], wait=0.3))
    assert any("CHANGED" in child.text for child in runtime.running.children)


# VRP8 (CloudEngine) commits a candidate; a trial commit reverts unless confirmed.
VRP8 = "PYZJ-S-AGG-01"
VRP8_CHANGE = ["N", "system-view", "sysname CHANGED", "commit trial 60"]


def changed(runtime: DeviceRuntime) -> bool:
    return any("CHANGED" in child.text for child in runtime.running.children)


def test_unconfirmed_trial_commit_reverts(short_minutes: None) -> None:
    runtime = runtime_of(VRP8)
    output = asyncio.run(type_lines(runtime, VRP8_CHANGE, wait=0.3))
    assert "rolled back in 60 seconds" in output
    assert not changed(runtime)


def test_confirmed_trial_commit_stays(short_minutes: None) -> None:
    runtime = runtime_of(VRP8)
    asyncio.run(type_lines(runtime, [*VRP8_CHANGE, "commit"], wait=0.3))
    assert changed(runtime)


def test_aborted_trial_commit_reverts_at_once() -> None:
    runtime = runtime_of(VRP8)
    asyncio.run(type_lines(runtime, [*VRP8_CHANGE, "abort trial"], wait=0.0))
    assert not changed(runtime)
