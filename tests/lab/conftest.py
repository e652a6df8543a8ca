"""One lab per test module: five devices, one per platform family, on free ports."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from campusctl.lab.devices import LabDevice, Neighbor, Station
from campusctl.lab.server import LabServer

PASSWORD = "Lab-pass-1"
USERNAME = "campus-lab"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _device(
    name: str,
    platform: str,
    os_name: str,
    version: str,
    model: str,
    ports: list[str],
    uplink_remote: str,
) -> LabDevice:
    return LabDevice(
        name=name,
        platform=platform,
        os=os_name,
        os_version=version,
        model=model,
        serial=f"SN{name.replace('-', '')}",
        interfaces=ports,
        management_vlan=100,
        management_ipv4="198.18.0.10/24",
        management_ipv6="2001:db8::10/64",
        neighbors=[
            Neighbor(
                ports[-1],
                "THSY-CORE-01",
                uplink_remote,
                "huawei_vrp",
                "S6730-H24X6C V200R022",
                "198.18.0.1",
            )
        ],
        stations=[Station("0aa0-0000-0001", "198.18.10.21", 10, ports[0])],
        port=_free_port(),
    )


def lab_devices() -> list[LabDevice]:
    """Return one device per emulated platform family."""
    return [
        _device(
            "THSY-ACC-01",
            "huawei_vrp",
            "VRP5",
            "V200R019C10SPC500",
            "S5735-L24T4X-A1",
            [f"GigabitEthernet0/0/{i}" for i in range(1, 25)],
            "XGigabitEthernet0/0/1",
        ),
        _device(
            "THSY-CORE-08",
            "huawei_vrp",
            "VRP8",
            "V200R021C10SPC600",
            "CE6881-48S6CQ",
            [f"10GE1/0/{i}" for i in range(1, 9)],
            "XGigabitEthernet0/0/2",
        ),
        _device(
            "THSY-AGG-01",
            "h3c_comware",
            "Comware7",
            "Release 6616",
            "S5130S-28S-EI",
            [f"GigabitEthernet1/0/{i}" for i in range(1, 25)],
            "XGigabitEthernet0/0/3",
        ),
        _device(
            "THSY-ACC-02",
            "cisco_ios",
            "IOS",
            "15.2(7)E8",
            "WS-C2960X-24TS-L",
            [f"GigabitEthernet1/0/{i}" for i in range(1, 25)],
            "XGigabitEthernet0/0/4",
        ),
        _device(
            "THSY-ACC-03",
            "ruijie_rgos",
            "RGOS",
            "11.4(1)B12P1",
            "S2910-24GT4XS-E",
            [f"GigabitEthernet 0/{i}" for i in range(1, 25)],
            "XGigabitEthernet0/0/5",
        ),
    ]


class RunningLab:
    """A lab server running in a background event loop thread."""

    def __init__(self, server: LabServer, loop: asyncio.AbstractEventLoop) -> None:
        self.server = server
        self.loop = loop

    def device(self, name: str) -> LabDevice:
        return self.server.runtimes[name].spec

    def call(self, coroutine: object) -> object:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)  # type: ignore[arg-type]

    def fault(self, name: str, kind: str, value: str = "") -> None:
        self.call(self.server.set_fault(name, kind, value))

    def clear(self) -> None:
        async def clear_faults() -> None:
            self.server.clear_faults()

        self.call(clear_faults())


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLab]:
    state: Path = tmp_path_factory.mktemp("lab")
    devices = lab_devices()
    loop = asyncio.new_event_loop()
    server = LabServer(devices, {d.name: PASSWORD for d in devices}, USERNAME, state)
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield RunningLab(server, loop)
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
