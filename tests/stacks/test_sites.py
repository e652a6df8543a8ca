"""Tests of the inventory adapter that feeds the stacks."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path

import pytest

from campusctl.stacks.errors import StackInventoryError
from campusctl.stacks.sites import iter_schools, load_sites, sites_from_inventory
from tests.stacks.sample import sample_inventory
from tests.stacks.support import REPO


def test_sites_sorted_by_code() -> None:
    sites = sites_from_inventory(sample_inventory())
    assert [c.code for c in sites.cities] == ["440100", "440300"]
    assert [d.code for d in sites.cities[0].districts] == ["440104", "440106"]
    assert [s.code for _c, _d, s in iter_schools(sites)] == [
        "4401040001",
        "4401060001",
        "4401060002",
        "4403050001",
    ]


def test_sites_fill_missing_english_names() -> None:
    yuexiu = sites_from_inventory(sample_inventory()).cities[0].districts[0]
    assert yuexiu.name_en == "越秀区"


def test_bandwidth_prefers_man_uplink() -> None:
    guangzhou, shenzhen = sites_from_inventory(sample_inventory()).cities
    # Tianhe No.1 has two uplinks (1000 + 200.5 Mbit/s), rounded to whole Mbit/s.
    assert [s.committed_mbps for s in guangzhou.districts[1].schools] == [1200, 500]
    assert guangzhou.committed_mbps == 300 + 1200 + 500
    assert shenzhen.committed_mbps == 10000


def test_sites_keep_only_servers() -> None:
    sites = sites_from_inventory(sample_inventory())
    tianhe_one = sites.cities[0].districts[1].schools[0]
    assert [s.name for s in tianhe_one.servers] == ["radius"]
    assert str(tianhe_one.servers[0].ipv4) == "198.18.16.10"


def test_city_pools_cover_districts() -> None:
    guangzhou = sites_from_inventory(sample_inventory()).cities[0]
    assert guangzhou.ipv4_pools == (
        ip_network("198.18.32.0/21"),
        ip_network("198.18.40.0/21"),
        ip_network("198.18.16.0/20"),
    )


def test_unknown_district_is_rejected() -> None:
    inventory = sample_inventory()
    inventory.schools["4401060002"].district = "440199"
    with pytest.raises(StackInventoryError, match=r"4401060002.*440199"):
        sites_from_inventory(inventory)


def test_no_city_is_rejected() -> None:
    inventory = sample_inventory()
    inventory.province.cities = []
    inventory.schools = {}
    with pytest.raises(StackInventoryError, match="no city"):
        sites_from_inventory(inventory)


def test_repository_inventory_loads() -> None:
    sites = load_sites(REPO / "inventory")
    assert sites.code == "44"
    assert sites.cities
    assert all(city.districts for city in sites.cities)
    assert sites.platforms


def test_missing_inventory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StackInventoryError, match=str(tmp_path)):
        load_sites(tmp_path)
