"""Miscabling moves one cable and changes both of its ends."""

from __future__ import annotations

import pytest

from campusctl.lab.cabling import far_end, move_cable
from campusctl.lab.console import new_runtime
from campusctl.lab.devices import LabDevice, Neighbor
from campusctl.lab.runtime import DeviceRuntime


def _switch(name: str, ports: int, neighbors: list[Neighbor]) -> LabDevice:
    return LabDevice(
        name=name,
        platform="huawei_vrp",
        os="VRP5",
        os_version="V200R019C10SPC500",
        model="S5735-L24P4X-A1",
        serial=f"SN{name}",
        interfaces=[f"GigabitEthernet0/0/{i}" for i in range(1, ports + 1)],
        management_vlan=10,
        management_ipv4="198.18.0.10/24",
        neighbors=neighbors,
    )


@pytest.fixture
def runtimes() -> dict[str, DeviceRuntime]:
    """A core with two access switches on its ports 1 and 2."""
    port = "GigabitEthernet0/0/{}".format
    core = _switch(
        "CORE",
        4,
        [Neighbor(port(1), "ACC-1", port(4)), Neighbor(port(2), "ACC-2", port(4))],
    )
    access = [_switch(f"ACC-{n}", 4, [Neighbor(port(4), "CORE", port(n))]) for n in (1, 2)]
    return {d.name: new_runtime(d) for d in (core, *access)}


def test_cable_into_used_port_unplugs_both_old_ends(runtimes: dict[str, DeviceRuntime]) -> None:
    changed = move_cable(
        runtimes, "ACC-1", "GigabitEthernet0/0/4", ("CORE", "GigabitEthernet0/0/2")
    )

    assert changed == {"ACC-1", "CORE", "ACC-2"}
    assert far_end(runtimes["ACC-1"], "GigabitEthernet0/0/4") == ("CORE", "GigabitEthernet0/0/2")
    assert far_end(runtimes["CORE"], "GigabitEthernet0/0/2") == ("ACC-1", "GigabitEthernet0/0/4")
    assert far_end(runtimes["CORE"], "GigabitEthernet0/0/1") is None
    assert far_end(runtimes["ACC-2"], "GigabitEthernet0/0/4") is None


def test_cable_into_free_port_unplugs_old_far_end(runtimes: dict[str, DeviceRuntime]) -> None:
    changed = move_cable(
        runtimes, "ACC-1", "GigabitEthernet0/0/4", ("CORE", "GigabitEthernet0/0/3")
    )

    assert changed == {"ACC-1", "CORE"}
    assert far_end(runtimes["CORE"], "GigabitEthernet0/0/3") == ("ACC-1", "GigabitEthernet0/0/4")
    assert far_end(runtimes["CORE"], "GigabitEthernet0/0/1") is None
    assert far_end(runtimes["ACC-2"], "GigabitEthernet0/0/4") == ("CORE", "GigabitEthernet0/0/2")


def test_cable_to_unknown_device_changes_near_end(runtimes: dict[str, DeviceRuntime]) -> None:
    changed = move_cable(runtimes, "ACC-1", "GigabitEthernet0/0/4", ("ROGUE", "Gi0/9"))

    assert changed == {"ACC-1", "CORE"}
    assert far_end(runtimes["ACC-1"], "GigabitEthernet0/0/4") == ("ROGUE", "Gi0/9")
    assert far_end(runtimes["CORE"], "GigabitEthernet0/0/1") is None


def test_cable_to_missing_port_rejected(runtimes: dict[str, DeviceRuntime]) -> None:
    with pytest.raises(ValueError, match="CORE has no port GigabitEthernet0/0/9"):
        move_cable(runtimes, "ACC-1", "GigabitEthernet0/0/4", ("CORE", "GigabitEthernet0/0/9"))
    with pytest.raises(ValueError, match="ACC-1 has no port Gi9"):
        move_cable(runtimes, "ACC-1", "Gi9", ("CORE", "GigabitEthernet0/0/3"))


def test_clear_far_end_restores_cabling() -> None:
    import asyncio

    from campusctl.lab.server import LabServer

    port = "GigabitEthernet0/0/{}".format
    core = _switch(
        "CORE", 4, [Neighbor(port(1), "ACC-1", port(4)), Neighbor(port(2), "ACC-2", port(4))]
    )
    access = [_switch(f"ACC-{n}", 4, [Neighbor(port(4), "CORE", port(n))]) for n in (1, 2)]
    devices = [core, *access]
    server = LabServer(devices, {d.name: "x" for d in devices}, "campus-lab")
    asyncio.run(server.set_fault("ACC-1", "miscabled", f"{port(4)}=CORE:{port(2)}"))
    assert far_end(server.runtimes["ACC-2"], port(4)) is None

    server.clear_faults("CORE")

    for name in ("CORE", "ACC-1", "ACC-2"):
        faults = server.runtimes[name].faults
        assert faults.miscabled == {}, name
        assert faults.unplugged == set(), name
    assert far_end(server.runtimes["ACC-2"], port(4)) == ("CORE", port(2))
