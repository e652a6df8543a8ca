"""Dual-stack tier networks and the per-city attachment networks."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import pulumi
import pulumi_openstack as openstack

from campusctl.i18n import _
from campusctl.stacks.common import child, name_part, tag_list
from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.sites import CitySite

#: Prefix lengths of the per-city transit subnets carved from the attachment pools.
ATTACHMENT_IPV4_PREFIX = 29
ATTACHMENT_IPV6_PREFIX = 64


@dataclass(frozen=True, slots=True)
class DualStackNetworkArgs:
    """Inputs of :class:`DualStackNetwork`."""

    ipv4: IPv4Network
    ipv6: IPv6Network
    router_id: pulumi.Input[str]
    tags: dict[str, str]
    project_id: pulumi.Input[str] | None = None
    dns_servers: tuple[IPv4Address | IPv6Address, ...] = ()
    qos_policy_id: pulumi.Input[str] | None = None
    description: str = ""
    enable_dhcp: bool = True


class DualStackNetwork(pulumi.ComponentResource):
    """A Neutron network with an IPv4 and an IPv6 subnet, both attached to a router.

    With DHCP, IPv6 uses DHCPv6-stateful addressing with router advertisements
    from the router, so servers get fixed addresses that DNS records and
    load-balancer members can name. Without DHCP (router transit networks)
    every address is static.
    """

    network: openstack.networking.Network
    subnet_v4: openstack.networking.Subnet
    subnet_v6: openstack.networking.Subnet

    def __init__(
        self, name: str, args: DualStackNetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:DualStackNetwork", name, None, opts)
        tags = tag_list(args.tags)
        self.network = openstack.networking.Network(
            name,
            name=name,
            description=args.description,
            admin_state_up=True,
            port_security_enabled=True,
            tenant_id=args.project_id,
            qos_policy_id=args.qos_policy_id,
            tags=tags,
            opts=child(self),
        )
        self.subnet_v4 = openstack.networking.Subnet(
            f"{name}-v4",
            name=f"{name}-v4",
            network_id=self.network.id,
            tenant_id=args.project_id,
            ip_version=4,
            cidr=str(args.ipv4),
            gateway_ip=str(args.ipv4[1]),
            enable_dhcp=args.enable_dhcp,
            dns_nameservers=[str(a) for a in args.dns_servers if a.version == 4],
            tags=tags,
            opts=child(self),
        )
        self.subnet_v6 = openstack.networking.Subnet(
            f"{name}-v6",
            name=f"{name}-v6",
            network_id=self.network.id,
            tenant_id=args.project_id,
            ip_version=6,
            cidr=str(args.ipv6),
            gateway_ip=str(args.ipv6[1]),
            enable_dhcp=args.enable_dhcp,
            # Neutron rejects IPv6 address modes on a subnet without DHCP.
            ipv6_address_mode="dhcpv6-stateful" if args.enable_dhcp else None,
            ipv6_ra_mode="dhcpv6-stateful" if args.enable_dhcp else None,
            dns_nameservers=[str(a) for a in args.dns_servers if a.version == 6],
            tags=tags,
            opts=child(self),
        )
        for suffix, subnet in (("v4", self.subnet_v4), ("v6", self.subnet_v6)):
            openstack.networking.RouterInterface(
                f"{name}-{suffix}",
                router_id=args.router_id,
                subnet_id=subnet.id,
                opts=child(self),
            )
        self.register_outputs(
            {
                "networkId": self.network.id,
                "subnetV4Id": self.subnet_v4.id,
                "subnetV6Id": self.subnet_v6.id,
            }
        )


def transit_prefixes(
    city: CitySite, ipv4_pool: IPv4Network, ipv6_pool: IPv6Network
) -> tuple[IPv4Network, IPv6Network]:
    """Return the transit subnets of ``city`` inside the attachment pools.

    The subnet index is the city's two-digit number inside its province code
    (440100 is 01, 445300 is 53), so adding or removing a city never
    renumbers another city's attachment.

    Raises:
        StackConfigError: a pool is too small for the city's index.
    """
    index = int(city.code[2:4])
    ipv4_count = 2 ** (ATTACHMENT_IPV4_PREFIX - ipv4_pool.prefixlen)
    ipv6_count = 2 ** (ATTACHMENT_IPV6_PREFIX - ipv6_pool.prefixlen)
    if ipv4_pool.prefixlen > ATTACHMENT_IPV4_PREFIX or index >= ipv4_count:
        raise StackConfigError(
            _(
                "yuejiaoyun:attachmentIpv4 {pool} has no /{length} for city {city} (index {index}): "
                "use a /23 or larger."
            ).format(pool=ipv4_pool, length=ATTACHMENT_IPV4_PREFIX, city=city.code, index=index)
        )
    if ipv6_pool.prefixlen > ATTACHMENT_IPV6_PREFIX or index >= ipv6_count:
        raise StackConfigError(
            _(
                "yuejiaoyun:attachmentIpv6 {pool} has no /{length} for city {city} (index {index}): "
                "use a /56 or larger."
            ).format(pool=ipv6_pool, length=ATTACHMENT_IPV6_PREFIX, city=city.code, index=index)
        )
    ipv4 = IPv4Network((int(ipv4_pool.network_address) + index * 8, ATTACHMENT_IPV4_PREFIX))
    ipv6 = IPv6Network((int(ipv6_pool.network_address) + (index << 64), ATTACHMENT_IPV6_PREFIX))
    return ipv4, ipv6


@dataclass(frozen=True, slots=True)
class CityAttachmentArgs:
    """Inputs of :class:`CityAttachment`."""

    city: CitySite
    ipv4_pool: IPv4Network
    ipv6_pool: IPv6Network
    router_id: pulumi.Input[str]
    project_id: pulumi.Input[str]
    tags: dict[str, str] = field(default_factory=dict)


class CityAttachment(pulumi.ComponentResource):
    """The transit network that carries one city's education metro network into the cloud.

    The cloud router holds the first address of each transit subnet and the
    city's edge router the second; a static route per district pool points at
    the city's edge. A QoS policy limits the attachment to the committed uplink
    bandwidth of the city's schools, so one city cannot starve the others.
    """

    def __init__(
        self, name: str, args: CityAttachmentArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:CityAttachment", name, None, opts)
        city = args.city
        ipv4, ipv6 = transit_prefixes(city, args.ipv4_pool, args.ipv6_pool)
        tags = {**args.tags, "city": city.code}

        qos_policy_id: pulumi.Output[str] | None = None
        if city.committed_mbps > 0:
            qos = openstack.networking.QosPolicy(
                name,
                name=name,
                description=f"{city.name_en}: {city.committed_mbps} Mbit/s committed",
                project_id=args.project_id,
                tags=tag_list(tags),
                opts=child(self),
            )
            for direction in ("ingress", "egress"):
                openstack.networking.QosBandwidthLimitRule(
                    f"{name}-{direction}",
                    qos_policy_id=qos.id,
                    direction=direction,
                    max_kbps=city.committed_mbps * 1000,
                    max_burst_kbps=city.committed_mbps * 100,
                    opts=child(self),
                )
            qos_policy_id = qos.id

        self.network = DualStackNetwork(
            name,
            DualStackNetworkArgs(
                ipv4=ipv4,
                ipv6=ipv6,
                router_id=args.router_id,
                project_id=args.project_id,
                tags=tags,
                qos_policy_id=qos_policy_id,
                description=f"{city.name} ({city.name_en}) attachment",
                enable_dhcp=False,
            ),
            opts=child(self),
        )
        edge_v4, edge_v6 = ipv4[2], ipv6[2]
        routes = [(str(pool), str(edge_v4)) for pool in city.ipv4_pools]
        routes += [(str(pool), str(edge_v6)) for pool in city.ipv6_pools]
        for destination, next_hop in routes:
            openstack.networking.RouterRoute(
                f"{name}-{name_part(destination)}",
                router_id=args.router_id,
                destination_cidr=destination,
                next_hop=next_hop,
                opts=child(self, self.network),
            )
        self.transit_ipv4 = ipv4
        self.transit_ipv6 = ipv6
        self.register_outputs(
            {
                "transitIpv4": str(ipv4),
                "transitIpv6": str(ipv6),
                "routes": len(routes),
                "committedMbps": city.committed_mbps,
            }
        )
