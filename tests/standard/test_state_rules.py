"""State rules on getter data in NAPALM's return shapes, built from the test inventory."""

from __future__ import annotations

import copy
from ipaddress import ip_interface
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from campusctl.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.platforms import PlatformId
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Finding, Status
from campusctl.standard.state.drift import config_drift
from campusctl.standard.state.model import DeviceState
from tests.standard.conftest import CONFIGS, TODAY

DEVICE = "HW-ACC-01"
STATE_RULES = {"GD-BW-01", "CC-VER-01", "CC-VER-02", "CC-VER-03", "CC-VER-04", "GD-OPS-01"}


def _interface(description: str, up: bool = True) -> dict[str, Any]:
    return {
        "is_up": up,
        "is_enabled": True,
        "description": description,
        "last_flapped": -1.0,
        "speed": 1000.0,
        "mtu": 1500,
        "mac_address": "00:e0:fc:00:00:01",
    }


def passing_getters() -> dict[str, Any]:
    """Return the getter data of HW-ACC-01 configured as its inventory specifies."""
    return {
        "get_interfaces": {
            "GigabitEthernet0/0/1": _interface("A101 班班通", up=False),
            "GigabitEthernet0/0/2": _interface("AP A101"),
            "GigabitEthernet1/0/1": _interface("A102 班班通"),
            "GigabitEthernet1/0/2": _interface("AP A102"),
            "GigabitEthernet1/0/3": _interface("C101 办公"),
            "GigabitEthernet1/0/4": {**_interface("", up=False), "is_enabled": False},
            "XGigabitEthernet0/0/1": _interface("中国电信 出口"),
            "Vlanif10": _interface(""),
        },
        "get_interfaces_ip": {
            "Vlanif10": {
                "ipv4": {"198.18.16.1": {"prefix_length": 26}},
                "ipv6": {
                    "2001:DB8:4406:10A::1": {"prefix_length": 64},
                    "FE80::2E0:FCFF:FE00:1": {"prefix_length": 10},
                },
            },
            "Vlanif20": {
                "ipv4": {"198.18.16.65": {"prefix_length": 26}},
                "ipv6": {"2001:db8:4406:114::1": {"prefix_length": 64}},
            },
            "Vlanif30": {
                "ipv4": {"198.18.16.129": {"prefix_length": 26}},
                "ipv6": {"2001:db8:4406:11e::1": {"prefix_length": 64}},
            },
            "XGigabitEthernet0/0/1": {
                "ipv4": {"198.19.16.2": {"prefix_length": 30}},
                "ipv6": {"2001:db8:4406:ff01::2": {"prefix_length": 126}},
            },
        },
        "get_lldp_neighbors": {
            "GigabitEthernet0/0/2": [{"hostname": "HW-AP-A101", "port": "GigabitEthernet0/0/0"}],
            "GE1/0/2": [{"hostname": "HW-AP-A102.gdedu.example", "port": "GE0/0/0"}],
        },
        "get_vlans": {
            1: {"name": "default", "interfaces": []},
            10: {"name": "MGMT", "interfaces": []},
            20: {"name": "TEACHING", "interfaces": []},
            30: {"name": "OFFICE", "interfaces": []},
        },
    }


class StateStub:
    """A state source serving one device's getter data."""

    def __init__(self, state: DeviceState) -> None:
        self.value = state

    def state(self, school: School, device: Device) -> DeviceState | None:
        return self.value if device.name == DEVICE else None


def _state_findings(
    inventory: Inventory,
    profile: Profile,
    getters: dict[str, Any],
    running: str | None = None,
    intended: str | None = None,
) -> list[Finding]:
    state = DeviceState(
        interfaces=getters.get("get_interfaces"),
        interfaces_ip=getters.get("get_interfaces_ip"),
        lldp_neighbors=getters.get("get_lldp_neighbors"),
        vlans=getters.get("get_vlans"),
        running_config=running,
        intended_config=intended,
        errors=getters.get("errors", {}),
    )
    run = Run(inventory, profile, states=StateStub(state), check_inventory=False, today=TODAY)
    school = next(s for s in inventory.schools.values() if s.device(DEVICE))
    return [f for f in run_checks(run, [school], {DEVICE}).findings if f.device == DEVICE]


def _failed(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings if f.status is Status.FAIL}


def test_passing_state_passes(test_inventory: Inventory, profile: Profile) -> None:
    text = (CONFIGS / f"{DEVICE}.cfg").read_text(encoding="utf-8")
    findings = _state_findings(
        test_inventory, profile, passing_getters(), running=text, intended=text
    )
    assert [(f.rule, f.message) for f in findings if f.status is Status.FAIL] == []
    assert {f.rule for f in findings if f.status is Status.PASS} == STATE_RULES


def _mutated(change: Any) -> dict[str, Any]:
    getters = copy.deepcopy(passing_getters())
    change(getters)
    return getters


CASES = [
    (
        "empty description picked up",
        lambda g: g["get_interfaces"]["GigabitEthernet1/0/3"].update(description=""),
        {"CC-VER-01"},
    ),
    (
        "port administratively down",
        lambda g: g["get_interfaces"]["GigabitEthernet1/0/3"].update(is_enabled=False),
        {"CC-VER-01"},
    ),
    (
        "cabled ap port down",
        lambda g: g["get_interfaces"]["GigabitEthernet1/0/2"].update(is_up=False),
        {"CC-VER-01"},
    ),
    (
        "uplink down",
        lambda g: g["get_interfaces"]["XGigabitEthernet0/0/1"].update(is_up=False),
        {"CC-VER-01", "GD-BW-01"},
    ),
    ("port missing", lambda g: g["get_interfaces"].pop("GigabitEthernet1/0/3"), {"CC-VER-01"}),
    ("vlan missing", lambda g: g["get_vlans"].pop(30), {"CC-VER-02"}),
    ("svi without ipv6", lambda g: g["get_interfaces_ip"]["Vlanif30"].pop("ipv6"), {"CC-VER-03"}),
    (
        "svi with link-local ipv6 only",
        lambda g: g["get_interfaces_ip"]["Vlanif20"].update(
            ipv6={"fe80::1": {"prefix_length": 64}}
        ),
        {"CC-VER-03"},
    ),
    (
        "wrong ipv4 prefix length",
        lambda g: g["get_interfaces_ip"]["Vlanif20"].update(
            ipv4={"198.18.16.65": {"prefix_length": 24}}
        ),
        {"CC-VER-03"},
    ),
    (
        "ipv6-only uplink",
        lambda g: g["get_interfaces_ip"]["XGigabitEthernet0/0/1"].pop("ipv4"),
        {"CC-VER-03"},
    ),
    (
        "ap cabled to the other port",
        lambda g: g["get_lldp_neighbors"].update(
            {"GigabitEthernet0/0/2": [{"hostname": "HW-AP-A102", "port": "GigabitEthernet0/0/0"}]}
        ),
        {"CC-VER-04"},
    ),
    ("no lldp neighbour", lambda g: g["get_lldp_neighbors"].pop("GE1/0/2"), {"CC-VER-04"}),
    (
        "ipv6 getter unsupported",
        lambda g: (
            g.pop("get_interfaces_ip"),
            g.update(errors={"get_interfaces_ip": "% Invalid input detected at '^' marker."}),
        ),
        {"CC-VER-03"},
    ),
]


@pytest.mark.parametrize(
    ("change", "fails"), [pytest.param(c, f, id=n.replace(" ", "_")) for n, c, f in CASES]
)
def test_broken_state_fails_declared_rules(
    test_inventory: Inventory, profile: Profile, change: Any, fails: set[str]
) -> None:
    findings = _state_findings(test_inventory, profile, _mutated(change))
    assert _failed(findings) == fails
    for finding in (f for f in findings if f.status is Status.FAIL):
        assert finding.evidence


def test_miscabled_port_names_both_ends(test_inventory: Inventory, profile: Profile) -> None:
    def swap(g: dict[str, Any]) -> None:
        g["get_lldp_neighbors"] = {
            "GigabitEthernet0/0/2": [{"hostname": "HW-AP-A102", "port": "GigabitEthernet0/0/0"}],
            "GigabitEthernet1/0/2": [{"hostname": "HW-AP-A101", "port": "GigabitEthernet0/0/0"}],
        }

    findings = [
        f
        for f in _state_findings(test_inventory, profile, _mutated(swap))
        if f.rule == "CC-VER-04" and f.status is Status.FAIL
    ]
    assert {f.subject for f in findings} == {
        "HW-ACC-01 GigabitEthernet0/0/2",
        "HW-ACC-01 GigabitEthernet1/0/2",
    }
    first = next(f for f in findings if f.subject.endswith("0/0/2"))
    assert "HW-AP-A101" in first.message
    assert "HW-AP-A102" in first.message
    cabling, lldp = first.evidence
    assert cabling.file is not None and cabling.line is not None
    assert lldp.command == "get_lldp_neighbors"


def test_description_empty_reported_as_found(test_inventory: Inventory, profile: Profile) -> None:
    getters = _mutated(lambda g: g["get_interfaces"]["GigabitEthernet1/0/3"].update(description=""))
    (finding,) = [
        f for f in _state_findings(test_inventory, profile, getters) if f.status is Status.FAIL
    ]
    assert "''" in finding.message
    assert "C101 办公" in finding.message


def test_drift_reports_changed_lines(test_inventory: Inventory, profile: Profile) -> None:
    intended = (CONFIGS / f"{DEVICE}.cfg").read_text(encoding="utf-8")
    running = intended.replace(
        "stelnet server enable\n", "stelnet server enable\nhttp server enable\n"
    ).replace(" mac-limit maximum 3\n", " mac-limit maximum 8\n", 1)
    findings = _state_findings(
        test_inventory, profile, passing_getters(), running=running, intended=intended
    )
    (drift,) = [f for f in findings if f.rule == "GD-OPS-01"]
    assert drift.status is Status.FAIL
    texts = {e.text for e in drift.evidence}
    assert "unexpected: http server enable" in texts
    assert "missing: interface GigabitEthernet0/0/1 / mac-limit maximum 3" in texts
    assert "unexpected: interface GigabitEthernet0/0/1 / mac-limit maximum 8" in texts


def test_drift_ignores_hidden_defaults_and_masked_secrets() -> None:
    intended = "logging on\nlogging facility local7\nlogging trap informational\nlogging host 198.18.255.11\nsnmp-server community EXAMPLE-RO RO\nusername netadmin privilege 15 secret 9 $9$abc\n"
    running = "logging host 198.18.255.11\nsnmp-server community ****** RO\nusername netadmin privilege 15 secret 9 $9$xyz\n"
    assert not config_drift(PlatformId.CISCO_IOS, running, intended)
    changed = running.replace(" RO\n", " RW\n")
    assert config_drift(PlatformId.CISCO_IOS, changed, intended)


def test_addresses_expected_from_plan(test_inventory: Inventory) -> None:
    vlan = test_inventory.schools["2440106101"].vlan(20)
    assert vlan is not None and vlan.ipv4 is not None
    assert ip_interface(f"{vlan.ipv4.network_address + 1}/{vlan.ipv4.prefixlen}") == ip_interface(
        "198.18.16.65/26"
    )


def test_state_not_read_fails(test_inventory: Inventory, profile: Profile) -> None:
    class Nothing:
        def state(self, school: School, device: Device) -> DeviceState | None:
            return None

    run = Run(test_inventory, profile, states=Nothing(), check_inventory=False, today=TODAY)
    school = test_inventory.schools["2440106101"]
    findings = [f for f in run_checks(run, [school], {DEVICE}).findings if f.device == DEVICE]
    assert findings
    assert all(f.status is Status.FAIL for f in findings)


def test_captured_state_round_trip(tmp_path: Path, test_inventory: Inventory) -> None:
    import json

    from campusctl.standard.sources import CapturedState

    (tmp_path / f"{DEVICE}.json").write_text(
        json.dumps(passing_getters(), ensure_ascii=False), encoding="utf-8"
    )
    school = test_inventory.schools["2440106101"]
    device = school.device(DEVICE)
    assert device is not None
    state = CapturedState(tmp_path).state(school, device)
    assert state is not None and state.vlans is not None
    assert set(state.vlans) == {1, 10, 20, 30}


class FakeDriver:
    """An open driver returning constructed getter data; get_vlans is not implemented."""

    def __init__(self, getters: dict[str, Any], running: str) -> None:
        self.getters = getters
        self.running = running

    def get_interfaces(self) -> Any:
        return self.getters["get_interfaces"]

    def get_interfaces_ip(self) -> Any:
        return self.getters["get_interfaces_ip"]

    def get_lldp_neighbors(self) -> Any:
        return self.getters["get_lldp_neighbors"]

    def get_vlans(self) -> Any:
        raise NotImplementedError("get_vlans is not implemented")

    def get_config(self) -> Any:
        return {"running": self.running, "startup": "", "candidate": ""}


def test_live_state_reads_getters(
    monkeypatch: pytest.MonkeyPatch, test_inventory: Inventory, profile: Profile
) -> None:
    from contextlib import contextmanager

    from campusctl.standard import live

    text = (CONFIGS / f"{DEVICE}.cfg").read_text(encoding="utf-8")

    @contextmanager
    def fake_session(access: Any) -> Any:
        yield FakeDriver(passing_getters(), text)

    monkeypatch.setattr(live, "session", fake_session)
    monkeypatch.setattr(live, "device_access", lambda *args: SimpleNamespace(username="lab"))
    states = live.LiveState(test_inventory)
    run = Run(test_inventory, profile, states=states, check_inventory=False, today=TODAY)
    findings = [
        f
        for f in run_checks(run, [test_inventory.schools["2440106101"]], {DEVICE}).findings
        if f.device == DEVICE
    ]
    assert _failed(findings) == {"CC-VER-02"}
    (vlans,) = [f for f in findings if f.rule == "CC-VER-02"]
    assert "not implemented" in vlans.message


# Per platform: a device, its LLDP local-port spellings as drivers report them, and the AP ports.
PLATFORM_STATE = {
    "h3c_comware": (
        "H3C-ACC-01",
        {"GigabitEthernet1/0/2": "GE1/0/2", "GigabitEthernet2/0/2": "GE2/0/2"},
        "Vlan-interface",
        "Ten-GigabitEthernet1/0/25",
    ),
    "cisco_ios": (
        "CS-ACC-01",
        {"GigabitEthernet1/0/2": "Gi1/0/2", "GigabitEthernet2/0/2": "Gi2/0/2"},
        "Vlan",
        "TenGigabitEthernet1/1/1",
    ),
    "ruijie_rgos": (
        "RJ-ACC-01",
        {"GigabitEthernet 1/0/2": "Gi1/0/2", "GigabitEthernet 2/0/2": "Gi2/0/2"},
        "VLAN ",
        "TenGigabitEthernet 1/0/25",
    ),
}


def _getters_for(
    inventory: Inventory, device_name: str, lldp_names: dict[str, str], svi: str, uplink: str
) -> dict[str, Any]:
    school = next(s for s in inventory.schools.values() if s.device(device_name))
    device = school.device(device_name)
    assert device is not None
    interfaces = {
        name: _interface(port.description or "")
        for name, port in device.port_map().items()
        if port.profile.value != "unused"
    }
    addresses: dict[str, Any] = {}
    for vlan in school.vlans:
        assert vlan.ipv4 is not None and vlan.ipv6 is not None
        addresses[f"{svi}{vlan.id}"] = {
            "ipv4": {str(vlan.ipv4.network_address + 1): {"prefix_length": vlan.ipv4.prefixlen}},
            "ipv6": {
                str(vlan.ipv6.network_address + 1): {"prefix_length": 64},
                "fe80::1": {"prefix_length": 64},
            },
        }
    (egress,) = school.uplinks
    assert egress.ipv4 is not None and egress.ipv6 is not None
    addresses[uplink] = {
        "ipv4": {str(egress.ipv4.ip): {"prefix_length": 30}},
        "ipv6": {str(egress.ipv6.ip): {"prefix_length": 126}},
    }
    lldp = {}
    for link in school.links:
        lldp[lldp_names[link.a.port]] = [{"hostname": link.b.device.lower(), "port": "GE0/0/0"}]
    vlans = {v.id: {"name": v.name, "interfaces": []} for v in school.vlans}
    return {
        "get_interfaces": interfaces,
        "get_interfaces_ip": addresses,
        "get_lldp_neighbors": lldp,
        "get_vlans": vlans,
    }


def _platform_findings(
    inventory: Inventory, profile: Profile, device: str, getters: dict[str, Any]
) -> list[Finding]:
    class Stub:
        def state(self, school: School, dev: Device) -> DeviceState | None:
            if dev.name != device:
                return None
            return DeviceState(
                interfaces=getters["get_interfaces"],
                interfaces_ip=getters["get_interfaces_ip"],
                lldp_neighbors=getters["get_lldp_neighbors"],
                vlans=getters["get_vlans"],
            )

    school = next(s for s in inventory.schools.values() if s.device(device))
    run = Run(inventory, profile, states=Stub(), check_inventory=False, today=TODAY)
    return [f for f in run_checks(run, [school], {device}).findings if f.device == device]


@pytest.mark.parametrize("platform", sorted(PLATFORM_STATE))
def test_platform_state_passes(test_inventory: Inventory, profile: Profile, platform: str) -> None:
    device, lldp_names, svi, uplink = PLATFORM_STATE[platform]
    findings = _platform_findings(
        test_inventory,
        profile,
        device,
        _getters_for(test_inventory, device, lldp_names, svi, uplink),
    )
    assert [(f.rule, f.message) for f in findings if f.status is Status.FAIL] == []
    assert {f.rule for f in findings if f.status is Status.PASS} == STATE_RULES - {"GD-OPS-01"}


@pytest.mark.parametrize("platform", sorted(PLATFORM_STATE))
def test_platform_state_miscabled_and_undescribed(
    test_inventory: Inventory, profile: Profile, platform: str
) -> None:
    device, lldp_names, svi, uplink = PLATFORM_STATE[platform]
    getters = _getters_for(test_inventory, device, lldp_names, svi, uplink)
    first, second = list(lldp_names.values())
    getters["get_lldp_neighbors"][first], getters["get_lldp_neighbors"][second] = (
        getters["get_lldp_neighbors"][second],
        getters["get_lldp_neighbors"][first],
    )
    terminal = next(
        name
        for name, data in getters["get_interfaces"].items()
        if data["description"].endswith("班班通")
    )
    getters["get_interfaces"][terminal]["description"] = ""
    findings = _platform_findings(test_inventory, profile, device, getters)
    assert _failed(findings) == {"CC-VER-01", "CC-VER-04"}
    miscabled = [f for f in findings if f.rule == "CC-VER-04" and f.status is Status.FAIL]
    assert len(miscabled) == 2


def test_stray_neighbour_names_expected_port(test_inventory: Inventory, profile: Profile) -> None:
    # The AP cabled to GigabitEthernet0/0/2 shows up on the free port 1/0/4 instead.
    def move(g: dict[str, Any]) -> None:
        g["get_lldp_neighbors"]["GigabitEthernet1/0/4"] = [
            {"hostname": "HW-AP-A101.campus.local", "port": "GigabitEthernet0/0/0"}
        ]

    findings = [
        f
        for f in _state_findings(test_inventory, profile, _mutated(move))
        if f.rule == "CC-VER-04" and f.status is Status.FAIL
    ]
    (stray,) = [f for f in findings if f.subject == "HW-ACC-01 GigabitEthernet1/0/4"]
    assert stray.message == (
        "HW-ACC-01 GigabitEthernet1/0/4: LLDP sees HW-AP-A101 GigabitEthernet0/0/0, "
        "which the inventory cables to HW-ACC-01 GigabitEthernet0/0/2"
    )
    assert stray.evidence[0].command == "get_lldp_neighbors"


def test_unknown_neighbour_on_free_port_ignored(
    test_inventory: Inventory, profile: Profile
) -> None:
    # A phone or a host running lldpd is not a device of the school.
    def phone(g: dict[str, Any]) -> None:
        g["get_lldp_neighbors"]["GigabitEthernet1/0/4"] = [
            {"hostname": "SEP0011223344", "port": "Port 1"}
        ]

    findings = _state_findings(test_inventory, profile, _mutated(phone))
    assert not [f for f in findings if f.rule == "CC-VER-04" and f.status is Status.FAIL]


def test_drift_reads_comware_separators() -> None:
    # Comware prints '#' between sections and indents its global commands.
    running = "#\n sysname H3C-ACC-01\n#\ninterface GigabitEthernet1/0/1\n port access vlan 20\n#\nreturn\n"
    intended = (
        "#\n sysname H3C-ACC-01\n#\ninterface GigabitEthernet1/0/1\n port access vlan 20\n#\n"
    )
    assert not config_drift(PlatformId.H3C_COMWARE, running, intended)
    changed = running.replace("vlan 20", "vlan 30")
    drift = config_drift(PlatformId.H3C_COMWARE, changed, intended)
    assert drift.missing == ("interface GigabitEthernet1/0/1 / port access vlan 20",)
    assert drift.unexpected == ("interface GigabitEthernet1/0/1 / port access vlan 30",)


def test_drift_ignores_device_written_lines() -> None:
    intended = "#\n sysname H3C-ACC-01\n#\n"
    running = "#\n version 7.1.070, Release 6348P01\n#\n sysname H3C-ACC-01\n#\nreturn\n"
    assert not config_drift(PlatformId.H3C_COMWARE, running, intended)
    ios = "Building configuration...\n\nCurrent configuration : 1234 bytes\n!\n! Last configuration change at 10:00:00 UTC Fri Dec 4 2026\n!\nversion 15.2\nhostname CS-ACC-01\n!\nend\n"
    assert not config_drift(PlatformId.CISCO_IOS, ios, "hostname CS-ACC-01\n")


def test_live_state_hides_login_account(
    monkeypatch: pytest.MonkeyPatch, test_inventory: Inventory
) -> None:
    from contextlib import contextmanager

    from campusctl.standard import live

    text = (CONFIGS / f"{DEVICE}.cfg").read_text(encoding="utf-8")
    running = text + "local-user lab-engine class manage\n service-type ssh\n#\n"

    @contextmanager
    def fake_session(access: Any) -> Any:
        yield FakeDriver(passing_getters(), running)

    monkeypatch.setattr(live, "session", fake_session)
    monkeypatch.setattr(live, "device_access", lambda *args: SimpleNamespace(username="lab-engine"))
    school = test_inventory.schools["2440106101"]
    device = next(d for d in school.devices if d.name == DEVICE)
    state = live.LiveState(test_inventory).state(school, device)
    assert state is not None
    assert state.running_config is not None
    assert "lab-engine" not in state.running_config
    assert state.running_config.startswith(text.rstrip("\n"))


def test_live_state_prefetch_reads_once(
    monkeypatch: pytest.MonkeyPatch, test_inventory: Inventory
) -> None:
    from contextlib import contextmanager

    from campusctl.standard import live

    text = (CONFIGS / f"{DEVICE}.cfg").read_text(encoding="utf-8")
    opened: list[str] = []

    @contextmanager
    def fake_session(access: Any) -> Any:
        opened.append(access.name)
        yield FakeDriver(passing_getters(), text)

    monkeypatch.setattr(live, "session", fake_session)
    monkeypatch.setattr(
        live,
        "device_access",
        lambda inventory, school, device, *args: SimpleNamespace(username="lab", name=device.name),
    )
    pairs = [
        (school, device)
        for school in test_inventory.schools.values()
        for device in school.devices
        if device.role.value != "ap"
    ]
    assert len(pairs) > 1
    states = live.LiveState(test_inventory)

    states.prefetch(pairs, workers=4)
    for pair in pairs:
        assert states.state(*pair) is not None

    assert sorted(opened) == sorted(d.name for _s, d in pairs)
