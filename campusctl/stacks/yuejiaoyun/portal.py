"""The portal: dual-stack HTTPS load balancers, host-based routing and DNS."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from campusctl.stacks.common import child, tag_list

#: Port the application servers listen on behind the load balancer.
BACKEND_PORT = 8443


@dataclass(frozen=True, slots=True)
class Backend:
    """The servers of one published tier and the host name they answer to."""

    tier: str
    fqdn: str
    addresses_v4: Sequence[str]
    addresses_v6: Sequence[str]


@dataclass(frozen=True, slots=True)
class PortalArgs:
    """Inputs of :class:`Portal`."""

    subnet_v4_id: pulumi.Input[str]
    subnet_v6_id: pulumi.Input[str]
    vip_v4: str
    vip_v6: str
    security_group_id: pulumi.Input[str]
    member_subnets: Mapping[str, tuple[pulumi.Input[str], pulumi.Input[str]]]
    tls_container_ref: pulumi.Input[str]
    backends: tuple[Backend, ...]
    zone: str
    zone_email: str
    tags: dict[str, str]


class Portal(pulumi.ComponentResource):
    """One Octavia load balancer per IP family, routing by host name to each tier.

    The listeners terminate TLS with the certificate stored in Barbican and
    re-encrypt to the servers. Each published host name gets an A and an AAAA
    record pointing at the two VIPs in a Designate zone.
    """

    def __init__(self, name: str, args: PortalArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("campus:yuejiaoyun:Portal", name, None, opts)
        tags = tag_list(args.tags)
        families = (
            ("v4", args.subnet_v4_id, args.vip_v4),
            ("v6", args.subnet_v6_id, args.vip_v6),
        )
        for family, subnet_id, vip in families:
            lb_name = f"{name}-{family}"
            balancer = openstack.loadbalancer.LoadBalancer(
                lb_name,
                name=lb_name,
                vip_subnet_id=subnet_id,
                vip_address=vip,
                security_group_ids=[args.security_group_id],
                tags=tags,
                opts=child(self),
            )
            listener = openstack.loadbalancer.Listener(
                lb_name,
                name=lb_name,
                loadbalancer_id=balancer.id,
                protocol="TERMINATED_HTTPS",
                protocol_port=443,
                default_tls_container_ref=args.tls_container_ref,
                tls_versions=["TLSv1.2", "TLSv1.3"],
                hsts_max_age=31536000,
                insert_headers={"X-Forwarded-For": "true", "X-Forwarded-Proto": "true"},
                tags=tags,
                opts=child(self),
            )
            for position, backend in enumerate(args.backends, start=1):
                pool_name = f"{lb_name}-{backend.tier}"
                pool = openstack.loadbalancer.Pool(
                    pool_name,
                    name=pool_name,
                    loadbalancer_id=balancer.id,
                    protocol="HTTPS",
                    lb_method="LEAST_CONNECTIONS",
                    tls_enabled=True,
                    tags=tags,
                    opts=child(self, listener),
                )
                openstack.loadbalancer.Monitor(
                    pool_name,
                    pool_id=pool.id,
                    type="HTTPS",
                    url_path="/healthz",
                    expected_codes="200",
                    delay=10,
                    timeout=5,
                    max_retries=3,
                    opts=child(self),
                )
                addresses = backend.addresses_v4 if family == "v4" else backend.addresses_v6
                member_subnet = args.member_subnets[backend.tier][0 if family == "v4" else 1]
                for index, address in enumerate(addresses, start=1):
                    openstack.loadbalancer.Member(
                        f"{pool_name}-{index:02d}",
                        pool_id=pool.id,
                        address=address,
                        protocol_port=BACKEND_PORT,
                        subnet_id=member_subnet,
                        tags=tags,
                        opts=child(self),
                    )
                policy = openstack.loadbalancer.L7PolicyV2(
                    pool_name,
                    name=pool_name,
                    listener_id=listener.id,
                    action="REDIRECT_TO_POOL",
                    redirect_pool_id=pool.id,
                    position=position,
                    opts=child(self),
                )
                openstack.loadbalancer.L7RuleV2(
                    pool_name,
                    l7policy_id=policy.id,
                    type="HOST_NAME",
                    compare_type="EQUAL_TO",
                    value=backend.fqdn,
                    opts=child(self),
                )

        zone = openstack.dns.Zone(
            name,
            name=args.zone,
            email=args.zone_email,
            ttl=3600,
            type="PRIMARY",
            description="粤教云 portal zone",
            opts=child(self),
        )
        for backend in args.backends:
            for record_type, vip in (("A", args.vip_v4), ("AAAA", args.vip_v6)):
                openstack.dns.RecordSet(
                    f"{backend.tier}-{record_type.lower()}",
                    zone_id=zone.id,
                    name=backend.fqdn + ".",
                    type=record_type,
                    records=[vip],
                    ttl=300,
                    opts=child(self),
                )
        self.zone_id = zone.id
        self.register_outputs(
            {
                "zoneId": zone.id,
                "vipV4": args.vip_v4,
                "vipV6": args.vip_v6,
                "hosts": [b.fqdn for b in args.backends],
            }
        )
