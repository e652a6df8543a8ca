"""A replace never deletes a hardware port, the management port included, on any platform.

Brownfield configurations carry sections the rendered config does not,
such as an empty ``interface MEth0/0/1`` or an addressed management port.
The remediation clears their lines and never sends ``undo interface`` or
``no interface`` for a port the device cannot delete.
"""

from __future__ import annotations

import pytest

from campusctl.diff import plan_remediation
from campusctl.discover.brownfield import SAMPLES

# platform, running config, the management port, a data port, a sub-interface.
CASES = {
    "huawei_vrp": (
        "#\nsysname SW\n#\n"
        "interface MEth0/0/1\n ip address 198.18.36.30 255.255.255.192\n#\n"
        "interface MEth0/0/2\n#\n"
        "interface GigabitEthernet0/0/7\n description old-printer\n port link-type access\n#\n"
        "interface GigabitEthernet0/0/8.100\n dot1q termination vid 100\n#\n"
        "return\n",
        "#\nsysname SW\n#\nreturn\n",
        "undo interface",
        "MEth0/0/1",
        "GigabitEthernet0/0/7",
        "GigabitEthernet0/0/8.100",
    ),
    "h3c_comware": (
        "#\n sysname SW\n#\n"
        "interface M-GigabitEthernet0/0/0\n ip address 198.18.36.30 255.255.255.192\n#\n"
        "interface GigabitEthernet1/0/7\n description old-printer\n port access vlan 20\n#\n"
        "interface GigabitEthernet1/0/8.100\n vlan-type dot1q vid 100\n#\n"
        "return\n",
        "#\n sysname SW\n#\nreturn\n",
        "undo interface",
        "M-GigabitEthernet0/0/0",
        "GigabitEthernet1/0/7",
        "GigabitEthernet1/0/8.100",
    ),
    "cisco_ios": (
        "hostname SW\n!\n"
        "interface GigabitEthernet0/0\n vrf forwarding Mgmt-vrf\n"
        " ip address 198.18.36.30 255.255.255.192\n!\n"
        "interface GigabitEthernet1/0/7\n description old-printer\n"
        " switchport access vlan 20\n!\n"
        "interface GigabitEthernet1/0/8.100\n encapsulation dot1Q 100\n!\n"
        "end\n",
        "hostname SW\n!\nend\n",
        "no interface",
        "GigabitEthernet0/0",
        "GigabitEthernet1/0/7",
        "GigabitEthernet1/0/8.100",
    ),
    "ruijie_rgos": (
        "hostname SW\n!\n"
        "interface Mgmt 0\n ip address 198.18.36.30 255.255.255.192\n!\n"
        "interface GigabitEthernet 0/7\n description old-printer\n"
        " switchport access vlan 20\n!\n"
        "interface GigabitEthernet 0/8.100\n encapsulation dot1Q 100\n!\n"
        "end\n",
        "hostname SW\n!\nend\n",
        "no interface",
        "Mgmt 0",
        "GigabitEthernet 0/7",
        "GigabitEthernet 0/8.100",
    ),
}


@pytest.mark.parametrize("platform", sorted(CASES))
def test_replace_never_deletes_hardware_ports(platform: str) -> None:
    running, intended, negation, management, port, _sub = CASES[platform]
    plan = plan_remediation(running, intended, platform)
    commands = plan.all_commands
    for name in (management, port):
        assert f"{negation} {name}" not in commands, commands
    assert f"interface {port}" in commands
    # The port's own lines are cleared instead.
    undo = negation.split()[0]
    assert any(c.strip().startswith(f"{undo} description") for c in commands), commands


@pytest.mark.parametrize("platform", sorted(CASES))
def test_replace_clears_management_port_lines(platform: str) -> None:
    running, intended, negation, management, _port, _sub = CASES[platform]
    plan = plan_remediation(running, intended, platform)
    commands = plan.all_commands
    assert f"interface {management}" in commands, commands
    undo = negation.split()[0]
    assert any(c.strip().startswith(f"{undo} ip address") for c in commands), commands


@pytest.mark.parametrize("platform", sorted(CASES))
def test_replace_deletes_subinterfaces(platform: str) -> None:
    running, intended, negation, _management, _port, sub = CASES[platform]
    plan = plan_remediation(running, intended, platform)
    assert f"{negation} {sub}" in plan.all_commands


def test_empty_management_section_sends_nothing() -> None:
    running, intended, *_rest = CASES["huawei_vrp"]
    commands = plan_remediation(running, intended, "huawei_vrp").all_commands
    assert not any("MEth0/0/2" in c for c in commands), commands


def test_brownfield_core_keeps_its_meth_port() -> None:
    running = (SAMPLES / "2440113003" / "core-huawei.cfg").read_text(encoding="utf-8")
    intended = running.replace("interface MEth0/0/1\n#\n", "")
    assert intended != running
    commands = plan_remediation(running, intended, "huawei_vrp").all_commands
    assert commands == ()


@pytest.mark.parametrize("vendor", ["huawei", "comware"])
def test_lab_accepts_manual_link_local_and_its_removal(vendor: str) -> None:
    """Hand-built VRP and Comware SVIs set a link-local address; a replace removes it."""
    from campusctl.lab.grammar import match_line
    from campusctl.lab.vendors.comware import Comware
    from campusctl.lab.vendors.huawei import Huawei

    cls = {"huawei": Huawei, "comware": Comware}[vendor]
    line = "ipv6 address FE80::1 link-local"
    assert match_line(line, cls.forms("interface")).failure is None
    assert match_line(line, cls.undo_forms("interface")).failure is None


# platform, VLAN 1 interface, new management VLAN interface, undo word.
VLAN1 = {
    "huawei_vrp": (
        "#\nsysname SW\n#\ninterface Vlanif1\n ip address 198.18.52.11 255.255.255.192\n#\n",
        "#\nsysname SW\n#\ninterface Vlanif10\n ip address 198.18.52.226 255.255.255.224\n#\n",
        "Vlanif1",
        "Vlanif10",
        "undo",
    ),
    "h3c_comware": (
        "#\n sysname SW\n#\ninterface Vlan-interface1\n ip address 198.18.52.12 255.255.255.192\n#\n",
        "#\n sysname SW\n#\ninterface Vlan-interface10\n"
        " ip address 198.18.52.227 255.255.255.224\n#\n",
        "Vlan-interface1",
        "Vlan-interface10",
        "undo",
    ),
    "cisco_ios": (
        "hostname SW\n!\ninterface Vlan1\n ip address 198.18.52.13 255.255.255.192\n!\nend\n",
        "hostname SW\n!\ninterface Vlan10\n ip address 198.18.52.228 255.255.255.224\n!\nend\n",
        "Vlan1",
        "Vlan10",
        "no",
    ),
    "ruijie_rgos": (
        "hostname SW\n!\ninterface VLAN 1\n ip address 198.18.52.1 255.255.255.192\n!\nend\n",
        "hostname SW\n!\ninterface VLAN 10\n ip address 198.18.52.225 255.255.255.224\n!\nend\n",
        "VLAN 1",
        "VLAN 10",
        "no",
    ),
}


@pytest.mark.parametrize("platform", sorted(VLAN1))
def test_management_off_vlan1_removes_its_address(platform: str) -> None:
    running, intended, old, new, undo = VLAN1[platform]
    commands = plan_remediation(running, intended, platform).all_commands
    assert f"{undo} interface {old}" not in commands, commands
    old_at = commands.index(f"interface {old}")
    address = running.split("ip address ", 1)[1].split("\n", 1)[0]
    assert commands[old_at + 1].strip() == f"{undo} ip address {address}", commands
    # The old address goes last, after the new management interface exists.
    assert commands.index(f"interface {new}") < old_at


def test_cisco_vlan1_defaults_stay_untouched() -> None:
    running = (
        "hostname SW\n!\ninterface Vlan1\n no ip address\n shutdown\n!\n"
        "interface Vlan10\n ip address 198.18.36.12 255.255.255.192\n!\nend\n"
    )
    intended = (
        "hostname SW\n!\ninterface Vlan10\n ip address 198.18.36.12 255.255.255.192\n!\nend\n"
    )
    assert plan_remediation(running, intended, "cisco_ios").all_commands == ()
