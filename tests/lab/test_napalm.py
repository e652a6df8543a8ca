"""The community NAPALM drivers' getters return what the lab devices imply."""

from __future__ import annotations

from collections.abc import Iterator

import napalm
import pytest

from campusctl.lab.vendors.cisco import IOS_NAMING
from campusctl.lab.vendors.comware import NAMING as COMWARE_NAMING
from campusctl.lab.vendors.huawei import NAMING as HUAWEI_NAMING
from tests.lab.conftest import PASSWORD, USERNAME, RunningLab
from tests.lab.test_devices import Shell

NAMINGS = {"THSY-ACC-01": HUAWEI_NAMING, "THSY-AGG-01": COMWARE_NAMING, "THSY-ACC-02": IOS_NAMING}


def short(naming: object, name: str) -> str:
    """Return the short form, so GE0/0/1 and GigabitEthernet0/0/1 compare equal."""
    return naming.short(naming.canonical(name))  # type: ignore[attr-defined]


DRIVERS = {"THSY-ACC-01": "huawei_vrp", "THSY-AGG-01": "h3c_comware", "THSY-ACC-02": "ios"}


VLAN_LINES = {
    "THSY-AGG-01": ("<THSY-AGG-01>", ["system-view", "vlan 10", "name teaching", "return"]),
    "THSY-ACC-02": ("THSY-ACC-02#", ["configure terminal", "vlan 10", "name teaching", "end"]),
}


@pytest.fixture(scope="module")
def getters(lab: RunningLab) -> Iterator[dict[str, dict[str, object]]]:
    for name, (prompt, lines) in VLAN_LINES.items():
        shell = Shell(lab, name)
        try:
            shell.login(prompt)
            for line in lines:
                shell.send(line)
            shell.read_until(f"{prompt}")
        finally:
            shell.close()
    results: dict[str, dict[str, object]] = {}
    for name, driver in DRIVERS.items():
        spec = lab.device(name)
        device = napalm.get_network_driver(driver)(
            spec.address,
            USERNAME,
            PASSWORD,
            optional_args={"port": spec.port, "secret": PASSWORD, "fast_cli": True},
        )
        device.open()
        try:
            results[name] = {
                "facts": device.get_facts(),
                "interfaces": device.get_interfaces(),
                "lldp": device.get_lldp_neighbors(),
                "ip": device.get_interfaces_ip(),
                "vlans": device.get_vlans(),
            }
        finally:
            device.close()
    yield results


@pytest.mark.parametrize("name", sorted(DRIVERS))
def test_facts_match_device(lab: RunningLab, getters: dict, name: str) -> None:
    spec = lab.device(name)
    facts = getters[name]["facts"]
    assert facts["hostname"] == name
    assert facts["model"] == spec.model
    serial = facts["serial_number"]
    assert spec.serial in (serial if isinstance(serial, list) else [serial])
    physical = [i for i in facts["interface_list"] if i in spec.interfaces]
    assert physical == spec.interfaces


@pytest.mark.parametrize("name", sorted(DRIVERS))
def test_interfaces_and_addresses(lab: RunningLab, getters: dict, name: str) -> None:
    spec = lab.device(name)
    interfaces = getters[name]["interfaces"]
    uplink = spec.neighbors[0].local_port
    assert interfaces[uplink]["is_up"] is True
    assert interfaces[spec.interfaces[1]]["is_up"] is False
    addresses = {
        address
        for families in getters[name]["ip"].values()
        for family in families.values()
        for address in family
    }
    assert "198.18.0.10" in addresses


@pytest.mark.parametrize("name", sorted(DRIVERS))
def test_lldp_neighbors_from_cabling(lab: RunningLab, getters: dict, name: str) -> None:
    spec = lab.device(name)
    lldp = getters[name]["lldp"]
    local = NAMINGS[name]
    found = {
        short(local, port): [(n["hostname"], short(HUAWEI_NAMING, n["port"])) for n in entries]
        for port, entries in lldp.items()
    }
    expected = {
        short(local, n.local_port): [(n.device, short(HUAWEI_NAMING, n.port))]
        for n in spec.neighbors
    }
    assert found == expected


def test_huawei_merge_commit_and_rollback(lab: RunningLab) -> None:
    spec = lab.device("THSY-ACC-01")
    device = napalm.get_network_driver("huawei_vrp")(
        spec.address, USERNAME, PASSWORD, optional_args={"port": spec.port, "fast_cli": True}
    )
    runtime = lab.server.runtimes["THSY-ACC-01"]
    device.open()
    try:
        device.load_merge_candidate(config="interface GigabitEthernet0/0/7\n description napalm\n")
        device.commit_config()
        committed = runtime.running.lines()
        checkpoints = [name for name in runtime.flash_files() if name.startswith("config_")]
        device.rollback()
        rolled_back = runtime.running.lines()
    finally:
        device.close()
    assert " description napalm" in committed
    assert len(checkpoints) == 1
    assert " description napalm" not in rolled_back
    assert runtime.saved_text is not None
    assert " description napalm" not in runtime.saved_text


def test_ios_merge_over_scp_and_commit(lab: RunningLab) -> None:
    spec = lab.device("THSY-ACC-02")
    runtime = lab.server.runtimes["THSY-ACC-02"]
    device = napalm.get_network_driver("ios")(
        spec.address,
        USERNAME,
        PASSWORD,
        optional_args={"port": spec.port, "secret": PASSWORD, "fast_cli": True},
    )
    device.open()
    try:
        device.device.send_config_set(["ip scp server enable"])
        device.load_merge_candidate(config="interface GigabitEthernet1/0/9\n description napalm\n")
        diff = device.compare_config()
        device.commit_config()
    finally:
        device.close()
    assert "description napalm" in diff
    assert " description napalm" in runtime.running.lines()
    assert runtime.saved_text is not None
    assert "description napalm" in runtime.saved_text
    assert "merge_config.txt" in runtime.flash_files()


@pytest.mark.parametrize("name", sorted(VLAN_LINES))
def test_vlan_ids_and_names(getters: dict, name: str) -> None:
    vlans = {int(vid): info["name"] for vid, info in getters[name]["vlans"].items()}
    assert vlans[10] == "teaching"
    assert 100 in vlans


def test_vrp8_mac_table_parses(lab: RunningLab) -> None:
    spec = lab.device("THSY-CORE-08")
    device = napalm.get_network_driver("huawei_vrp")(
        spec.address, USERNAME, PASSWORD, optional_args={"port": spec.port, "fast_cli": True}
    )
    device.open()
    try:
        table = device.get_mac_address_table()
    finally:
        device.close()
    assert [(entry["interface"], entry["vlan"]) for entry in table] == [
        ("10GE1/0/8", 100),
        ("10GE1/0/1", 10),
    ]


def test_huawei_environment(lab: RunningLab) -> None:
    spec = lab.device("THSY-ACC-01")
    device = napalm.get_network_driver("huawei_vrp")(
        spec.address, USERNAME, PASSWORD, optional_args={"port": spec.port, "fast_cli": True}
    )
    device.open()
    try:
        environment = device.get_environment()
    finally:
        device.close()
    assert environment["fans"] == {"0": {"status": True}}
    assert environment["power"]["PWR1-0"]["status"] is True
    assert environment["temperature"]["slot0"]["is_alert"] is False
    assert environment["cpu"] == {"0": {"usage": "11"}}
    assert environment["memory"]["used_ram"] == 354334801


def test_ios_environment(lab: RunningLab) -> None:
    spec = lab.device("THSY-ACC-02")
    device = napalm.get_network_driver("ios")(
        spec.address,
        USERNAME,
        PASSWORD,
        optional_args={"port": spec.port, "secret": PASSWORD, "fast_cli": True},
    )
    device.open()
    try:
        environment = device.get_environment()
    finally:
        device.close()
    assert environment["cpu"][0]["%usage"] == 6.0
    assert environment["memory"]["used_ram"] == 322122547 + 12582912
    assert environment["temperature"]["system"]["temperature"] == 38.0
    assert environment["temperature"]["system"]["is_alert"] is False


def test_comware_environment(lab: RunningLab) -> None:
    spec = lab.device("THSY-AGG-01")
    device = napalm.get_network_driver("h3c_comware")(
        spec.address, USERNAME, PASSWORD, optional_args={"port": spec.port, "fast_cli": True}
    )
    device.open()
    try:
        environment = device.get_environment()
    finally:
        device.close()
    assert environment["cpu"] == {"Slot 1 cpu 0": {"%usage": 6.0}}
    assert environment["memory"] == {"used_ram": 741212, "available_ram": 1170128}
    assert environment["power"]["slot 1 power 1"]["status"] is True
    assert environment["fans"] == {"Slot 1 Fan 1": {"status": True}}
    assert environment["temperature"] == {
        "slot 1 sensor hotspot 1": {"temperature": 38.0, "is_alert": False, "is_critical": False}
    }
