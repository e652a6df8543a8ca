"""Parse every rendered sample config back with hier_config and check its structure.

The structure read back from the text must equal the intent: every access
port's VLAN, every SVI's IPv4 and IPv6 addresses, every trunk's allowed set
(all allowed-VLAN lines of an interface applied in order, from the
platform's default list, as the device applies them).
"""

from __future__ import annotations

import re
from ipaddress import ip_interface

import pytest
from hier_config import HConfig, Platform, get_hconfig

from campusctl.netkit.vlans import VlanSetState, parse_allowed_vlan_config
from campusctl.render.model import DeviceIntent, PortMode

HIER_PLATFORM = {
    "huawei_vrp": Platform.HUAWEI_VRP,
    "h3c_comware": Platform.HP_COMWARE5,
    "cisco_ios": Platform.CISCO_IOS,
    # RGOS follows the Cisco IOS section layout.
    "ruijie_rgos": Platform.CISCO_IOS,
}
ACCESS_VLAN = {
    "huawei_vrp": re.compile(r"^port default vlan (\d+)$"),
    "h3c_comware": re.compile(r"^port access vlan (\d+)$"),
    "cisco_ios": re.compile(r"^switchport access vlan (\d+)$"),
    "ruijie_rgos": re.compile(r"^switchport access vlan (\d+)$"),
}
SVI_NAME = {
    "huawei_vrp": "Vlanif{}",
    "h3c_comware": "Vlan-interface{}",
    "cisco_ios": "Vlan{}",
    "ruijie_rgos": "VLAN {}",
}
# "capwap source interface Vlanif10" names an interface inside one command.
TOP_LEVEL = re.compile(
    r"[^\s-](?<!source)\s+(?:interface|hostname|sysname|vlan batch|ip route|acl number) |[^\s-](?:interface|hostname|sysname) "
)


def _parse(intent: DeviceIntent, config: str) -> HConfig:
    if intent.platform == "h3c_comware":
        # hier_config's Comware driver (3.7) does not drop the `#` section separators
        # that Comware prints, so they are removed here as the device's reader would.
        config = "\n".join(line for line in config.splitlines() if not line.startswith("#"))
    return get_hconfig(HIER_PLATFORM[intent.platform], config)


def _children(tree: HConfig, section: str) -> list[str]:
    child = tree.get_child(equals=section)
    assert child is not None, f"section {section!r} missing"
    return [c.text for c in child.children]


def _addresses(lines: list[str]) -> set[str]:
    found = set()
    for line in lines:
        words = line.split()
        if words[:2] == ["ip", "address"] and len(words) >= 4:
            found.add(str(ip_interface(f"{words[2]}/{words[3]}")))
        elif words[:2] == ["ipv6", "address"] and len(words) == 3:
            found.add(str(ip_interface(words[2])))
    return found


def test_every_device_rendered(intents: dict[str, DeviceIntent], configs: dict[str, str]) -> None:
    assert set(configs) == set(intents)
    assert len(configs) == 38


def test_no_line_holds_two_commands(configs: dict[str, str]) -> None:
    for name, config in configs.items():
        for line in config.splitlines():
            assert not TOP_LEVEL.search(line), (name, line)
            assert line == line.rstrip(), (name, line)
            assert line, f"{name}: blank line"


@pytest.mark.parametrize("platform", sorted(HIER_PLATFORM))
def test_structure_matches_intent(
    platform: str, intents: dict[str, DeviceIntent], configs: dict[str, str]
) -> None:
    checked = 0
    for name, intent in intents.items():
        if intent.platform != platform:
            continue
        tree = _parse(intent, configs[name])
        for port in intent.interfaces:
            lines = _children(tree, f"interface {port.name}")
            if port.mode is PortMode.ACCESS:
                vlans = [m[1] for line in lines if (m := ACCESS_VLAN[platform].match(line))]
                assert vlans == [str(port.access_vlan)], (name, port.name)
            elif port.mode is PortMode.TRUNK:
                allowed = parse_allowed_vlan_config(lines, platform)
                assert port.allowed is not None
                assert allowed.state is VlanSetState.SET, (name, port.name)
                assert allowed.ids == port.allowed.ids, (name, port.name)
            elif port.mode is PortMode.DISABLED:
                assert "shutdown" in lines, (name, port.name)
        for svi in intent.svis:
            lines = _children(tree, f"interface {SVI_NAME[platform].format(svi.vlan)}")
            expected = {str(a) for a in [svi.ipv4, svi.ipv4_secondary, *svi.ipv6] if a}
            assert _addresses(lines) == expected, (name, svi.vlan)
        checked += 1
    assert checked > 0
