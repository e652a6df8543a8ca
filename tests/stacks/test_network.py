"""Unit tests of the dual-stack network and city attachment components (under mocks)."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network

import pulumi
import pytest

from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.sites import ProvinceSite
from campusctl.stacks.yuejiaoyun.network import (
    CityAttachment,
    CityAttachmentArgs,
    DualStackNetwork,
    DualStackNetworkArgs,
    transit_prefixes,
)
from tests.stacks.support import capture, children

ROUTE = "openstack:networking/routerRoute:RouterRoute"
QOS_POLICY = "openstack:networking/qosPolicy:QosPolicy"
QOS_RULE = "openstack:networking/qosBandwidthLimitRule:QosBandwidthLimitRule"

TAGS = {"owner": "netops", "environment": "test", "system": "yuejiaoyun", "managed-by": "pulumi"}


def _network(name: str = "resource", dhcp: bool = True) -> DualStackNetwork:
    return DualStackNetwork(
        name,
        DualStackNetworkArgs(
            ipv4=IPv4Network("198.18.240.0/24"),
            ipv6=IPv6Network("2001:db8:fff0:1::/64"),
            router_id="router-1",
            project_id="project-1",
            tags=TAGS,
            enable_dhcp=dhcp,
        ),
    )


@pulumi.runtime.test
def test_dual_stack_subnets_have_both_families() -> pulumi.Output[None]:
    network = _network()

    def check(values: list[object]) -> None:
        v4_version, v4_cidr, v6_version, v6_cidr, v6_mode = values
        assert v4_version == 4
        assert v4_cidr == "198.18.240.0/24"
        assert v6_version == 6
        assert v6_cidr == "2001:db8:fff0:1::/64"
        assert v6_mode == "dhcpv6-stateful"

    return pulumi.Output.all(
        network.subnet_v4.ip_version,
        network.subnet_v4.cidr,
        network.subnet_v6.ip_version,
        network.subnet_v6.cidr,
        network.subnet_v6.ipv6_address_mode,
    ).apply(check)


@pulumi.runtime.test
def test_dual_stack_gateway_is_first_host() -> pulumi.Output[None]:
    network = _network("gw")

    def check(values: list[object]) -> None:
        assert values == ["198.18.240.1", "2001:db8:fff0:1::1"]

    return pulumi.Output.all(network.subnet_v4.gateway_ip, network.subnet_v6.gateway_ip).apply(
        check
    )


@pulumi.runtime.test
def test_dual_stack_tags_carry_owner() -> pulumi.Output[None]:
    network = _network("tagged")

    def check(tags: list[str] | None) -> None:
        assert tags is not None
        assert "owner=netops" in tags
        assert "managed-by=pulumi" in tags

    return network.network.tags.apply(check)


@pulumi.runtime.test
def test_dual_stack_without_dhcp_has_no_modes() -> pulumi.Output[None]:
    network = _network("transit", dhcp=False)

    def check(values: list[object]) -> None:
        dhcp, address_mode, ra_mode = values
        assert dhcp is False
        assert address_mode is None
        assert ra_mode is None

    return pulumi.Output.all(
        network.subnet_v6.enable_dhcp,
        network.subnet_v6.ipv6_address_mode,
        network.subnet_v6.ipv6_ra_mode,
    ).apply(check)


def test_transit_prefixes_follow_city_code(province: ProvinceSite) -> None:
    pool4, pool6 = IPv4Network("198.18.246.0/23"), IPv6Network("2001:db8:fff6::/56")
    guangzhou, shenzhen = province.cities
    assert transit_prefixes(guangzhou, pool4, pool6) == (
        IPv4Network("198.18.246.8/29"),
        IPv6Network("2001:db8:fff6:1::/64"),
    )
    assert transit_prefixes(shenzhen, pool4, pool6) == (
        IPv4Network("198.18.246.24/29"),
        IPv6Network("2001:db8:fff6:3::/64"),
    )


def test_transit_prefixes_reject_small_pool(province: ProvinceSite) -> None:
    shenzhen = province.cities[1]
    with pytest.raises(StackConfigError, match="attachmentIpv4"):
        transit_prefixes(
            shenzhen, IPv4Network("198.18.246.0/28"), IPv6Network("2001:db8:fff6::/56")
        )
    with pytest.raises(StackConfigError, match="attachmentIpv6"):
        transit_prefixes(
            shenzhen, IPv4Network("198.18.246.0/23"), IPv6Network("2001:db8:fff6::/63")
        )


def _attachment(province: ProvinceSite, index: int) -> CityAttachment:
    city = province.cities[index]
    return CityAttachment(
        f"city-{city.code}",
        CityAttachmentArgs(
            city=city,
            ipv4_pool=IPv4Network("198.18.246.0/23"),
            ipv6_pool=IPv6Network("2001:db8:fff6::/56"),
            router_id="router-1",
            project_id="project-1",
            tags=TAGS,
        ),
    )


@pulumi.runtime.test
def test_attachment_tags_city_and_uses_transit(province: ProvinceSite) -> pulumi.Output[None]:
    attachment = _attachment(province, 0)
    network = attachment.network

    def check(values: list[object]) -> None:
        tags, cidr, dhcp = values
        assert isinstance(tags, list)
        assert "city=440100" in tags
        assert cidr == "198.18.246.8/29"
        assert dhcp is False

    return pulumi.Output.all(
        network.network.tags, network.subnet_v4.cidr, network.subnet_v4.enable_dhcp
    ).apply(check)


def test_attachment_routes_every_district_pool(province: ProvinceSite) -> None:
    plan = capture(lambda: _attachment(province, 0))
    routes = {(r.inputs["destinationCidr"], r.inputs["nextHop"]) for r in plan.by_type(ROUTE)}
    # Guangzhou: Yuexiu has two IPv4 pools and one IPv6 pool, Tianhe one of each;
    # the city's edge router holds the second address of the transit subnets.
    assert routes == {
        ("198.18.32.0/21", "198.18.246.10"),
        ("198.18.40.0/21", "198.18.246.10"),
        ("198.18.16.0/20", "198.18.246.10"),
        ("2001:db8:4420::/44", "2001:db8:fff6:1::2"),
        ("2001:db8:4410::/44", "2001:db8:fff6:1::2"),
    }


def test_attachment_qos_uses_city_bandwidth(province: ProvinceSite) -> None:
    plan = capture(lambda: _attachment(province, 0))
    limits = {r.inputs["direction"]: r.inputs["maxKbps"] for r in plan.by_type(QOS_RULE)}
    # Guangzhou's districts have no MAN uplink, so its schools' uplinks add up: 300 + 1200 + 500.
    assert limits == {"ingress": 2_000_000, "egress": 2_000_000}


def test_attachment_children_are_parented(province: ProvinceSite) -> None:
    plan = capture(lambda: _attachment(province, 1))
    attachment = plan.by_type("campus:yuejiaoyun:CityAttachment")[0]
    network = plan.by_type("campus:yuejiaoyun:DualStackNetwork")[0]
    assert network.parent == attachment.urn
    assert {r.type for r in children(plan, "campus:yuejiaoyun:CityAttachment")} == {
        "campus:yuejiaoyun:DualStackNetwork",
        QOS_POLICY,
        QOS_RULE,
        ROUTE,
    }
    assert attachment.outputs["committedMbps"] == 10000
    assert attachment.outputs["routes"] == 2


def test_dual_stack_registers_outputs() -> None:
    plan = capture(lambda: _network("outputs"))
    component = plan.by_type("campus:yuejiaoyun:DualStackNetwork")[0]
    assert set(component.outputs) == {"networkId", "subnetV4Id", "subnetV6Id"}
    kinds = sorted(r.type for r in children(plan, "campus:yuejiaoyun:DualStackNetwork"))
    assert kinds == [
        "openstack:networking/network:Network",
        "openstack:networking/routerInterface:RouterInterface",
        "openstack:networking/routerInterface:RouterInterface",
        "openstack:networking/subnet:Subnet",
        "openstack:networking/subnet:Subnet",
    ]
