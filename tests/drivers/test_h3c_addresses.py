"""The campus H3C driver's interface getters on Comware output."""

from __future__ import annotations

from typing import Any

import pytest

from campusctl.drivers.h3c_comware import CampusH3cComwareDriver

IP_INTERFACE = """\
Vlan-interface10 current state: UP
Line protocol current state: UP
Internet Address is 198.18.48.193/27 Primary
Internet Address is 198.18.48.194/27 Sub
Broadcast address: 198.18.48.223
Vlan-interface20 current state: DOWN
Line protocol current state: DOWN
Internet Address is 198.18.48.129/26 Primary
"""
IPV6_INTERFACE = """\
Vlan-interface10 current state: UP
Line protocol current state: UP
IPv6 is enabled, link-local address is FE80::B4:DFFF:FE3D:F400
  Global unicast address(es):
    2001:DB8:4481:10A::1, subnet is 2001:DB8:4481:10A::/64
    2001:DB8:4481:10A::2, subnet is 2001:DB8:4481:10A::/64
"""
INTERFACE = """\
Ten-GigabitEthernet1/0/49
Current state: DOWN
Line protocol state: DOWN
Description: uplink
Bandwidth: 10000000 kbps
Maximum frame length: 9216
IP packet frame type: Ethernet II, hardware address: 02b4-df3d-f431
Last link flapping: Never
Ten-GigabitEthernet1/0/50
Current state: Administratively DOWN
Line protocol state: DOWN
Description: spare
Bandwidth: 10000000 kbps
Maximum frame length: 9216
IP packet frame type: Ethernet II, hardware address: 02b4-df3d-f432
Last link flapping: Never
"""
OUTPUTS = {
    "display ip interface": IP_INTERFACE,
    "display ipv6 interface": IPV6_INTERFACE,
    "display interface": INTERFACE,
}


@pytest.fixture
def driver(monkeypatch: pytest.MonkeyPatch) -> CampusH3cComwareDriver:
    found = CampusH3cComwareDriver("127.0.0.1", "user", "secret-value")

    def send_command(command: str, *_args: Any, **_kwargs: Any) -> str:
        return OUTPUTS[command]

    monkeypatch.setattr(found, "send_command", send_command)
    return found


def test_interfaces_ip_reads_sub_and_ipv6(driver: CampusH3cComwareDriver) -> None:
    addresses = driver.get_interfaces_ip()
    assert addresses["Vlan-interface10"]["ipv4"] == {
        "198.18.48.193": {"prefix_length": 27},
        "198.18.48.194": {"prefix_length": 27},
    }
    assert addresses["Vlan-interface10"]["ipv6"] == {
        "2001:DB8:4481:10A::1": {"prefix_length": 64},
        "2001:DB8:4481:10A::2": {"prefix_length": 64},
    }
    assert addresses["Vlan-interface20"] == {"ipv4": {"198.18.48.129": {"prefix_length": 26}}}


def test_interfaces_down_port_stays_enabled(driver: CampusH3cComwareDriver) -> None:
    interfaces = driver.get_interfaces()
    assert interfaces["Ten-GigabitEthernet1/0/49"]["is_enabled"] is True
    assert interfaces["Ten-GigabitEthernet1/0/49"]["is_up"] is False
    assert interfaces["Ten-GigabitEthernet1/0/50"]["is_enabled"] is False
    assert interfaces["Ten-GigabitEthernet1/0/49"]["description"] == "uplink"


def test_no_address_of_a_family_gives_no_blocks() -> None:
    from campusctl.drivers.h3c_comware import _blocks

    assert _blocks("") == []
