"""Interface names in rendered intents are each platform's canonical spelling."""

from __future__ import annotations

import pytest

from campusctl.netkit.errors import AmbiguousInterfaceName, InterfaceNameError
from campusctl.netkit.interfaces import (
    InterfaceRole,
    canonical_interface,
    interface_role,
    lag_interface,
    svi_interface,
)
from campusctl.platforms import PLATFORMS, PlatformId
from campusctl.render.model import DeviceIntent

# Short forms from LLDP and show output, with the long name each platform configures.
CASES = [
    ("h3c_comware", "GE1/0/6", "GigabitEthernet1/0/6"),
    ("h3c_comware", "XGE1/0/25", "Ten-GigabitEthernet1/0/25"),
    ("h3c_comware", "BAGG1", "Bridge-Aggregation1"),
    ("h3c_comware", "Vlan-int10", "Vlan-interface10"),
    ("huawei_vrp", "XGE0/0/1", "XGigabitEthernet0/0/1"),
    ("huawei_vrp", "GE0/0/1", "GigabitEthernet0/0/1"),
    ("huawei_vrp", "100GE1/0/1", "100GE1/0/1"),
    ("huawei_vrp", "eth-trunk1", "Eth-Trunk1"),
    ("cisco_ios", "Po1", "Port-channel1"),
    ("cisco_ios", "Fi1/0/1", "FiveGigabitEthernet1/0/1"),
    ("cisco_ios", "Tw1/0/1", "TwoGigabitEthernet1/0/1"),
    ("cisco_ios", "Te1/1/1", "TenGigabitEthernet1/1/1"),
    ("cisco_ios", "Gi1/0/48", "GigabitEthernet1/0/48"),
    ("ruijie_rgos", "Gi0/1", "GigabitEthernet 0/1"),
    ("ruijie_rgos", "GigabitEthernet0/1", "GigabitEthernet 0/1"),
    ("ruijie_rgos", "Ag1", "AggregatePort 1"),
]


@pytest.mark.parametrize(("platform", "raw", "expected"), CASES)
def test_short_form_per_platform(platform: str, raw: str, expected: str) -> None:
    assert canonical_interface(raw, platform) == expected


@pytest.mark.parametrize(("platform", "_raw", "expected"), CASES)
def test_canonical_name_is_stable(platform: str, _raw: str, expected: str) -> None:
    assert canonical_interface(expected, platform) == expected


# GE is GigabitEthernet on every platform that reads it: Huawei and H3C print
# it, and netutils maps it for Cisco. So a platform-less GE1/0/1 has one
# meaning, and only the spelling differs because RGOS puts a space before the
# number.
GE_BY_PLATFORM = {
    "huawei_vrp": "GigabitEthernet1/0/1",
    "h3c_comware": "GigabitEthernet1/0/1",
    "cisco_ios": "GigabitEthernet1/0/1",
    "ruijie_rgos": "GigabitEthernet 1/0/1",
}


@pytest.mark.parametrize(("platform", "expected"), GE_BY_PLATFORM.items())
def test_ge_short_form_per_platform(platform: str, expected: str) -> None:
    assert canonical_interface("GE1/0/1", platform) == expected


def test_ge_without_platform_is_gigabit() -> None:
    assert canonical_interface("GE1/0/1") == "GigabitEthernet1/0/1"


@pytest.mark.parametrize("raw", ["XGE0/0/1", "Fi1/0/1"])
def test_ambiguous_without_platform_raises(raw: str) -> None:
    with pytest.raises(AmbiguousInterfaceName, match="ambiguous"):
        canonical_interface(raw)


def test_unknown_type_raises() -> None:
    with pytest.raises(InterfaceNameError, match="Unknown interface type"):
        canonical_interface("Serial0/0", "huawei_vrp")


@pytest.mark.parametrize("platform", list(PlatformId))
def test_platform_prefixes_match_netkit(platform: PlatformId) -> None:
    # The intent builds LAG and SVI names from these prefixes.
    facts = PLATFORMS[platform]
    assert lag_interface(platform, 1).replace(" ", "") == f"{facts.lag_prefix}1"
    assert svi_interface(platform, 10).replace(" ", "") == f"{facts.svi_prefix}10"


def test_intent_interfaces_are_canonical(intents: dict[str, DeviceIntent]) -> None:
    checked = 0
    for name, intent in intents.items():
        for interface in intent.interfaces:
            canonical = canonical_interface(interface.name, intent.platform)
            assert canonical == interface.name, (name, interface.name)
            role = interface_role(interface.name, intent.platform)
            expected = InterfaceRole.LAG if interface.is_lag else InterfaceRole.PHYSICAL
            assert role is expected, (name, interface.name)
            checked += 1
    assert checked > 100
