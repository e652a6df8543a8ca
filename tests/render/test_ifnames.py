"""Interface names per platform, with the abbreviations that differ between vendors."""

from __future__ import annotations

import pytest

from campusctl.errors import RenderError
from campusctl.render.ifnames import canonical, is_lag, lag_number

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
def test_canonical_per_platform(platform: str, raw: str, expected: str) -> None:
    assert canonical(raw, platform) == expected


def test_canonical_is_idempotent() -> None:
    for platform, _raw, expected in CASES:
        assert canonical(expected, platform) == expected


@pytest.mark.parametrize("raw", ["XGE0/0/1", "Fi1/0/1", "GE1/0/1"])
def test_ambiguous_without_platform_raises(raw: str) -> None:
    with pytest.raises(RenderError, match="ambiguous"):
        canonical(raw, None)


def test_unambiguous_without_platform() -> None:
    assert canonical("GigabitEthernet1/0/1", None) == "GigabitEthernet1/0/1"


def test_unknown_type_raises() -> None:
    with pytest.raises(RenderError, match="unknown interface type"):
        canonical("Serial0/0", "huawei_vrp")


def test_lag_roles() -> None:
    assert is_lag("Po1", "cisco_ios")
    assert is_lag("BAGG2", "h3c_comware")
    assert is_lag("Eth-Trunk3", "huawei_vrp")
    assert not is_lag("Gi1/0/1", "cisco_ios")
    assert lag_number("Eth-Trunk12") == 12
