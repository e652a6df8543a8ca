"""Time the campus device session against netmiko's defaults on a scripted switch.

Both clients log in to the same fake VRP switch on 127.0.0.1 (served by
asyncssh from the session tests), run one command or push six config lines,
and disconnect. Run: ``PYTHONPATH=. .venv/bin/python bench/session_timings.py``.
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable

from netmiko import ConnectHandler

from campusctl.drivers.session import CampusSession
from campusctl.platforms import PlatformId
from tests.drivers.conftest import VRP_CONFIG, params_for
from tests.drivers.fakedevice import DeviceState, FakeDevice, run_fake_device

ROUNDS = 20
CONFIG_LINES = [
    "interface GigabitEthernet0/0/1",
    "description bench",
    "quit",
    "vlan 300",
    "info-center loghost 198.18.0.30",
    "stp edged-port default",
]


def _median(action: Callable[[], None]) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _campus(device: FakeDevice, push: bool) -> None:
    session = CampusSession(params_for(device, PlatformId.HUAWEI_VRP))
    session.open()
    if push:
        session.push(CONFIG_LINES)
    else:
        session.run("display version")
    session.close()


def _netmiko(device: FakeDevice, push: bool) -> None:
    conn = ConnectHandler(
        device_type="huawei",
        host="127.0.0.1",
        port=device.port,
        username="campus",
        password="lab-password",
    )
    if push:
        conn.send_config_set(CONFIG_LINES)
    else:
        conn.send_command("display version")
    conn.disconnect()


def main() -> None:
    """Print the median seconds of each client and task."""
    state = DeviceState("vrp", "SW-BENCH-01", config=list(VRP_CONFIG))
    for device in run_fake_device(state):
        for task, push in (("login + 1 command + logout", False), ("login + 6-line push", True)):
            campus = _median(functools.partial(_campus, device, push))
            netmiko = _median(functools.partial(_netmiko, device, push))
            print(f"{task}: campus {campus:.3f} s, netmiko defaults {netmiko:.3f} s")


if __name__ == "__main__":
    main()
