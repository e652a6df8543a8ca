"""The portal: a dual-stack HTTPS load balancer per published endpoint, and its DNS zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from campusctl.stacks.common import child, tag_list

#: Port the application servers listen on behind the load balancers.
BACKEND_PORT = 8443


@dataclass(frozen=True, slots=True)
class Backend:
    """A published host name, its VIPs and the servers behind it."""

    label: str
    fqdn: str
    vip_v4: str
    vip_v6: str
    subnet_v4_id: pulumi.Input[str]
    subnet_v6_id: pulumi.Input[str]
    addresses_v4: Sequence[str]
    addresses_v6: Sequence[str]


@dataclass(frozen=True, slots=True)
class PortalArgs:
    """Inputs of :class:`Portal`."""

    vip_subnet_v4_id: pulumi.Input[str]
    vip_subnet_v6_id: pulumi.Input[str]
    security_group_id: pulumi.Input[str]
    tls_container_ref: pulumi.Input[str]
    backends: tuple[Backend, ...]
    zone: str
    zone_email: str
    tags: dict[str, str]


class Portal(pulumi.ComponentResource):
    """Octavia load balancers for every published endpoint, one per IP family.

    The VIPs are the endpoint addresses of the inventory, so the devices and
    the schools' DNS point at the same addresses the cloud serves. Listeners
    terminate TLS with the certificate stored in Barbican and re-encrypt to
    the servers. Each host name gets an A and an AAAA record in a Designate
    zone.
    """

    def __init__(
        self, name: str, args: PortalArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:Portal", name, None, opts)
        tags = tag_list(args.tags)
        for backend in args.backends:
            families = (
                (
                    "v4",
                    args.vip_subnet_v4_id,
                    backend.vip_v4,
                    backend.subnet_v4_id,
                    backend.addresses_v4,
                ),
                (
                    "v6",
                    args.vip_subnet_v6_id,
                    backend.vip_v6,
                    backend.subnet_v6_id,
                    backend.addresses_v6,
                ),
            )
            for family, vip_subnet, vip, member_subnet, addresses in families:
                lb_name = f"{name}-{backend.label}-{family}"
                balancer = openstack.loadbalancer.LoadBalancer(
                    lb_name,
                    name=lb_name,
                    description=backend.fqdn,
                    vip_subnet_id=vip_subnet,
                    vip_address=vip,
                    security_group_ids=[args.security_group_id],
                    tags=tags,
                    opts=child(self),
                )
                pool = openstack.loadbalancer.Pool(
                    lb_name,
                    name=lb_name,
                    loadbalancer_id=balancer.id,
                    protocol="HTTPS",
                    lb_method="LEAST_CONNECTIONS",
                    tls_enabled=True,
                    tags=tags,
                    opts=child(self),
                )
                openstack.loadbalancer.Listener(
                    lb_name,
                    name=lb_name,
                    loadbalancer_id=balancer.id,
                    protocol="TERMINATED_HTTPS",
                    protocol_port=443,
                    default_pool_id=pool.id,
                    default_tls_container_ref=args.tls_container_ref,
                    tls_versions=["TLSv1.2", "TLSv1.3"],
                    hsts_max_age=31536000,
                    insert_headers={"X-Forwarded-For": "true", "X-Forwarded-Proto": "true"},
                    tags=tags,
                    opts=child(self),
                )
                openstack.loadbalancer.Monitor(
                    lb_name,
                    pool_id=pool.id,
                    type="HTTPS",
                    url_path="/healthz",
                    expected_codes="200",
                    delay=10,
                    timeout=5,
                    max_retries=3,
                    opts=child(self),
                )
                for index, address in enumerate(addresses, start=1):
                    openstack.loadbalancer.Member(
                        f"{lb_name}-{index:02d}",
                        pool_id=pool.id,
                        address=address,
                        protocol_port=BACKEND_PORT,
                        subnet_id=member_subnet,
                        tags=tags,
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
            for record_type, vip in (("A", backend.vip_v4), ("AAAA", backend.vip_v6)):
                openstack.dns.RecordSet(
                    f"{name}-{backend.label}-{record_type.lower()}",
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
                "hosts": {b.fqdn: [b.vip_v4, b.vip_v6] for b in args.backends},
            }
        )
