"""Interface-name canonicalisation and role maps."""

from __future__ import annotations

import pytest

from campusctl.netkit.errors import AmbiguousInterfaceName, InterfaceNameError, UnknownPlatform
from campusctl.netkit.interfaces import (
    InterfaceRole,
    canonical_interface,
    interface_role,
    lag_interface,
    svi_interface,
)

CANONICAL = [
    # Short forms that H3C FlexFabric LLDP reports.
    ("hp_comware", "GE1/0/6", "GigabitEthernet1/0/6"),
    ("hp_comware", "XGE1/0/25", "Ten-GigabitEthernet1/0/25"),
    ("hp_comware", "BAGG1", "Bridge-Aggregation1"),
    ("hp_comware", "RAGG2", "Route-Aggregation2"),
    ("hp_comware", "Vlan-int10", "Vlan-interface10"),
    ("hp_comware", "MGE0/0/0", "M-GigabitEthernet0/0/0"),
    ("hp_comware", "FGE1/0/53", "FortyGigE1/0/53"),
    ("hp_comware", "HGE1/0/54", "HundredGigE1/0/54"),
    ("hp_comware", "WGE1/0/49", "Twenty-FiveGigE1/0/49"),
    ("hp_comware", "ten-gigabitethernet1/0/1", "Ten-GigabitEthernet1/0/1"),
    # Huawei: same short form XGE, a different long form.
    ("huawei", "XGE0/0/1", "XGigabitEthernet0/0/1"),
    ("huawei", "GE0/0/1", "GigabitEthernet0/0/1"),
    ("huawei", "Eth-Trunk1", "Eth-Trunk1"),
    ("huawei", "Eth-Trunk1.100", "Eth-Trunk1.100"),
    ("huawei", "Vlanif100", "Vlanif100"),
    ("huawei", "MEth0/0/1", "MEth0/0/1"),
    ("huawei", "40GE0/0/1", "40GE0/0/1"),
    ("huawei", "MultiGE0/0/1", "MultiGE0/0/1"),
    ("huawei_vrp", "Loop0", "LoopBack0"),
    # Cisco, including Catalyst 9300 mGig ports.
    ("cisco_ios", "Po1", "Port-channel1"),
    ("cisco_ios", "Fi1/0/1", "FiveGigabitEthernet1/0/1"),
    ("cisco_ios", "Tw1/0/1", "TwoGigabitEthernet1/0/1"),
    ("cisco_ios", "Te1/1/1", "TenGigabitEthernet1/1/1"),
    ("cisco_ios", "Gi1/0/1", "GigabitEthernet1/0/1"),
    ("cisco_ios", "gig1/0/1", "GigabitEthernet1/0/1"),
    ("cisco_ios", "Vl10", "Vlan10"),
    ("cisco_ios", "Se0/0/0", "Serial0/0/0"),
    # Ruijie writes a space between type and number.
    ("ruijie_os", "Gi0/1", "GigabitEthernet 0/1"),
    ("ruijie_os", "GigabitEthernet0/1", "GigabitEthernet 0/1"),
    ("ruijie_os", "GigabitEthernet 0/1", "GigabitEthernet 0/1"),
    ("ruijie_os", "Te0/49", "TenGigabitEthernet 0/49"),
    ("ruijie_os", "Ag1", "AggregatePort 1"),
    ("ruijie_rgos", "VLAN 10", "VLAN 10"),
]


@pytest.mark.parametrize(("platform", "raw", "expected"), CANONICAL)
def test_canonical_interface_per_platform(platform: str, raw: str, expected: str) -> None:
    assert canonical_interface(raw, platform) == expected


def test_canonical_interface_idempotent() -> None:
    for platform, raw, _expected in CANONICAL:
        once = canonical_interface(raw, platform)
        assert canonical_interface(once, platform) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GE1/0/1", "GigabitEthernet1/0/1"),
        ("Po1", "Port-channel1"),
        ("Bridge-Aggregation3", "Bridge-Aggregation3"),
    ],
)
def test_canonical_without_platform_when_unambiguous(raw: str, expected: str) -> None:
    assert canonical_interface(raw) == expected


@pytest.mark.parametrize("raw", ["XGE1/0/25", "Fi1/0/1", "Vlan10"])
def test_ambiguous_abbreviation_without_platform_raises(raw: str) -> None:
    with pytest.raises(AmbiguousInterfaceName) as caught:
        canonical_interface(raw)
    assert raw in str(caught.value)


def test_ambiguous_error_lists_each_reading() -> None:
    with pytest.raises(AmbiguousInterfaceName) as caught:
        canonical_interface("XGE1/0/25")
    message = str(caught.value)
    assert "Ten-GigabitEthernet1/0/25" in message
    assert "XGigabitEthernet1/0/25" in message


@pytest.mark.parametrize(
    ("platform", "raw"),
    [("huawei", "Port-channel1"), ("cisco_ios", "Eth-Trunk1"), ("hp_comware", "Foo1")],
)
def test_unknown_type_on_platform_raises(platform: str, raw: str) -> None:
    with pytest.raises(InterfaceNameError):
        canonical_interface(raw, platform)


@pytest.mark.parametrize("raw", ["", "GigabitEthernet", "1/0/1", "Gi1/0/1 extra"])
def test_malformed_name_raises(raw: str) -> None:
    with pytest.raises(InterfaceNameError):
        canonical_interface(raw, "cisco_ios")


def test_unknown_platform_raises() -> None:
    with pytest.raises(UnknownPlatform):
        canonical_interface("Gi1/0/1", "junos")


ROLE_MAP = {
    "cisco_ios": ("Port-channel1", "Vlan10"),
    "huawei": ("Eth-Trunk1", "Vlanif10"),
    "hp_comware": ("Bridge-Aggregation1", "Vlan-interface10"),
    "ruijie_os": ("AggregatePort 1", "VLAN 10"),
}


@pytest.mark.parametrize("platform", sorted(ROLE_MAP))
def test_lag_and_svi_names_per_platform(platform: str) -> None:
    lag, svi = ROLE_MAP[platform]
    assert lag_interface(platform, 1) == lag
    assert svi_interface(platform, 10) == svi
    assert interface_role(lag, platform) is InterfaceRole.LAG
    assert interface_role(svi, platform) is InterfaceRole.SVI


def test_physical_and_management_roles() -> None:
    assert interface_role("GE1/0/1", "hp_comware") is InterfaceRole.PHYSICAL
    assert interface_role("MEth0/0/1", "huawei") is InterfaceRole.MANAGEMENT
    assert interface_role("Loopback0", "cisco_ios") is InterfaceRole.LOOPBACK
