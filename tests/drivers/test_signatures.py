"""Every campus driver keeps NAPALM's NetworkDriver contract."""

from __future__ import annotations

import inspect

import napalm
import pytest
from napalm.base.base import NetworkDriver

DRIVERS = ["campus_huawei_vrp", "campus_h3c_comware", "campus_ruijie_rgos", "campus_cisco_ios"]

# Methods the change engine and the checks call; each must be implemented,
# not inherited from NetworkDriver's NotImplementedError stubs.
REQUIRED = [
    "open",
    "close",
    "is_alive",
    "cli",
    "get_facts",
    "get_interfaces",
    "get_interfaces_ip",
    "get_vlans",
    "get_lldp_neighbors",
    "get_config",
    "load_merge_candidate",
    "load_replace_candidate",
    "compare_config",
    "commit_config",
    "discard_config",
    "rollback",
]


def _contract_methods() -> list[str]:
    names = [n for n, _ in inspect.getmembers(NetworkDriver, inspect.isfunction)]
    return [n for n in names if not n.startswith("_") or n == "__init__"]


@pytest.mark.parametrize("name", DRIVERS)
def test_driver_registered_under_own_name(name: str) -> None:
    driver = napalm.get_network_driver(name)
    assert issubclass(driver, NetworkDriver)
    assert driver.__module__.startswith("campusctl.drivers.")


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.parametrize("method", _contract_methods())
def test_method_signature_matches_base(name: str, method: str) -> None:
    driver = napalm.get_network_driver(name)
    base = inspect.signature(getattr(NetworkDriver, method))
    ours = inspect.signature(getattr(driver, method))
    expected = [(p.name, p.kind, p.default) for p in base.parameters.values()]
    actual = [(p.name, p.kind, p.default) for p in ours.parameters.values()]
    assert actual == expected


@pytest.mark.parametrize("name", DRIVERS)
@pytest.mark.parametrize("method", REQUIRED)
def test_required_method_implemented(name: str, method: str) -> None:
    driver = napalm.get_network_driver(name)
    owner = next(k for k in driver.__mro__ if method in vars(k))
    assert owner is not NetworkDriver


def test_community_drivers_keep_their_names() -> None:
    assert napalm.get_network_driver("huawei_vrp").__module__.startswith("napalm_huawei_vrp")
    assert napalm.get_network_driver("ios").__module__.startswith("napalm.ios")
