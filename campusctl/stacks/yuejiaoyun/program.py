"""The 粤教云 stack program: projects, networks, security, servers, portal, storage, cities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_openstack as openstack

from campusctl.i18n import _
from campusctl.stacks.common import base_tags, child, tag_list
from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.sites import ProvinceSite, load_sites
from campusctl.stacks.yuejiaoyun.compute import InstanceGroup, InstanceGroupArgs
from campusctl.stacks.yuejiaoyun.config import (
    TIERS,
    PublishedEndpoint,
    YuejiaoyunConfig,
    read_config,
)
from campusctl.stacks.yuejiaoyun.network import (
    CityAttachment,
    CityAttachmentArgs,
    DualStackNetwork,
    DualStackNetworkArgs,
)
from campusctl.stacks.yuejiaoyun.portal import Backend, Portal, PortalArgs
from campusctl.stacks.yuejiaoyun.security import (
    SecurityGroups,
    SecurityGroupsArgs,
    builtin_rules,
    extra_rules,
)

SYSTEM = "yuejiaoyun"


def check_addressing(config: YuejiaoyunConfig, province: ProvinceSite) -> None:
    """Reject data-center prefixes that overlap each other or a district pool.

    Raises:
        StackConfigError: two prefixes overlap; the message names both.
    """
    named: list[tuple[str, Any]] = []
    for tier, addressing in config.addressing.items():
        named += [
            (f"networks.{tier}.ipv4", addressing.ipv4),
            (f"networks.{tier}.ipv6", addressing.ipv6),
        ]
    named += [
        ("attachmentIpv4", config.attachment_ipv4),
        ("attachmentIpv6", config.attachment_ipv6),
    ]
    for city in province.cities:
        for district in city.districts:
            named += [(f"district {district.code}", pool) for pool in district.ipv4_pools]
            named += [(f"district {district.code}", pool) for pool in district.ipv6_pools]
    for index, (name_a, net_a) in enumerate(named):
        for name_b, net_b in named[index + 1 :]:
            if net_a.version == net_b.version and net_a.overlaps(net_b):
                raise StackConfigError(
                    _("{a} ({net_a}) overlaps {b} ({net_b}): give each a separate prefix.").format(
                        a=name_a, net_a=net_a, b=name_b, net_b=net_b
                    )
                )


def resolve_endpoints(config: YuejiaoyunConfig, province: ProvinceSite) -> list[PublishedEndpoint]:
    """Return the published endpoints with both addresses, checked against the portal subnet.

    An endpoint without addresses takes them from the inventory's 粤教云
    endpoint of the same host name.

    Raises:
        StackConfigError: an endpoint is unknown to the inventory, lacks an
            address, lies outside the portal subnet or outside the DNS zone.
    """
    inventory = {e.fqdn: e for e in province.platforms}
    portal = config.addressing["portal"]
    zone = config.zone.rstrip(".")
    resolved: list[PublishedEndpoint] = []
    for endpoint in config.endpoints:
        known = inventory.get(endpoint.fqdn)
        ipv4 = endpoint.ipv4 or (known.ipv4 if known else None)
        ipv6 = endpoint.ipv6 or (known.ipv6 if known else None)
        if ipv4 is None or ipv6 is None:
            raise StackConfigError(
                _(
                    "Endpoint {fqdn} has no IPv4 or no IPv6 address: give both in yuejiaoyun:endpoints "
                    "or in the inventory's yuejiaoyun services."
                ).format(fqdn=endpoint.fqdn)
            )
        if ipv4 not in portal.ipv4 or ipv6 not in portal.ipv6:
            raise StackConfigError(
                _(
                    "Endpoint {fqdn} ({ipv4}, {ipv6}) is outside the portal subnets {net4} and {net6}: "
                    "move the endpoint or the yuejiaoyun:networks.portal prefixes."
                ).format(
                    fqdn=endpoint.fqdn, ipv4=ipv4, ipv6=ipv6, net4=portal.ipv4, net6=portal.ipv6
                )
            )
        if not endpoint.fqdn.endswith("." + zone):
            raise StackConfigError(
                _("Endpoint {fqdn} is outside the DNS zone {zone}.").format(
                    fqdn=endpoint.fqdn, zone=config.zone
                )
            )
        resolved.append(PublishedEndpoint(endpoint.fqdn, endpoint.tier, ipv4, ipv6))
    return resolved


@dataclass(frozen=True, slots=True)
class YuejiaoyunArgs:
    """Inputs of :class:`Yuejiaoyun`: the checked configuration and the inventory's sites."""

    config: YuejiaoyunConfig
    province: ProvinceSite


class Yuejiaoyun(pulumi.ComponentResource):
    """The whole provincial data center of one environment."""

    def __init__(
        self, name: str, args: YuejiaoyunArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:Yuejiaoyun", name, None, opts)
        config, province = args.config, args.province
        check_addressing(config, province)
        tags = base_tags(config.owner, config.environment, SYSTEM)

        projects = {
            tier: openstack.identity.Project(
                f"{name}-{tier}",
                name=f"{name}-{tier}",
                description=f"粤教云 {tier} tier ({config.environment})",
                domain_id=config.domain_id,
                enabled=True,
                tags=tag_list({**tags, "tier": tier}),
                opts=child(self),
            )
            for tier in TIERS
        }
        external = openstack.networking.get_network_output(
            name=config.external_network, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        router = openstack.networking.Router(
            f"{name}-core",
            name=f"{name}-core",
            description="粤教云 core router",
            admin_state_up=True,
            external_network_id=external.id,
            enable_snat=False,
            tenant_id=projects["management"].id,
            tags=tag_list(tags),
            opts=child(self),
        )

        networks = {
            tier: DualStackNetwork(
                f"{name}-{tier}",
                DualStackNetworkArgs(
                    ipv4=config.addressing[tier].ipv4,
                    ipv6=config.addressing[tier].ipv6,
                    router_id=router.id,
                    project_id=projects[tier].id,
                    tags={**tags, "tier": tier},
                    dns_servers=province.dns,
                    description=f"粤教云 {tier} tier",
                ),
                opts=child(self),
            )
            for tier in TIERS
        }

        rules = builtin_rules(config.addressing, config.admin_prefixes, province.ntp, province.dns)
        rules += extra_rules(config.extra_ingress)
        security = SecurityGroups(
            f"{name}-sg",
            SecurityGroupsArgs(
                prefix=name,
                rules=tuple(rules),
                project_ids={tier: projects[tier].id for tier in TIERS},
                tags=tags,
            ),
            opts=child(self),
        )

        image = openstack.images.get_image_output(
            name=config.image, most_recent=True, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        groups: dict[str, list[InstanceGroup]] = {}
        slots: dict[str, int] = {}
        for role in config.roles:
            slot = slots.get(role.tier, 0)
            slots[role.tier] = slot + 1
            network = networks[role.tier]
            group = InstanceGroup(
                f"{name}-{role.name}",
                InstanceGroupArgs(
                    role=role,
                    slot=slot,
                    network_id=network.network.id,
                    subnet_v4_id=network.subnet_v4.id,
                    subnet_v6_id=network.subnet_v6.id,
                    ipv4=config.addressing[role.tier].ipv4,
                    ipv6=config.addressing[role.tier].ipv6,
                    security_group_id=security.groups[role.tier].id,
                    image_id=image.id,
                    volume_type=config.volume_type,
                    key_pair=config.key_pair,
                    tags={**tags, "tier": role.tier},
                ),
                opts=child(self),
            )
            groups.setdefault(role.tier, []).append(group)

        backends = tuple(
            Backend(
                label=endpoint.fqdn.split(".", 1)[0],
                fqdn=endpoint.fqdn,
                vip_v4=str(endpoint.ipv4),
                vip_v6=str(endpoint.ipv6),
                subnet_v4_id=networks[endpoint.tier].subnet_v4.id,
                subnet_v6_id=networks[endpoint.tier].subnet_v6.id,
                addresses_v4=[a for g in groups.get(endpoint.tier, []) for a in g.addresses_v4],
                addresses_v6=[a for g in groups.get(endpoint.tier, []) for a in g.addresses_v6],
            )
            for endpoint in resolve_endpoints(config, province)
        )
        container = openstack.keymanager.get_container_output(
            name=f"{name}-portal", opts=pulumi.InvokeOutputOptions(parent=self)
        )
        portal = Portal(
            f"{name}-portal",
            PortalArgs(
                vip_subnet_v4_id=networks["portal"].subnet_v4.id,
                vip_subnet_v6_id=networks["portal"].subnet_v6.id,
                security_group_id=security.groups["portal"].id,
                tls_container_ref=container.container_ref,
                backends=backends,
                zone=config.zone,
                zone_email=config.zone_email,
                tags={**tags, "tier": "portal"},
            ),
            opts=child(self),
        )

        containers = [
            openstack.objectstorage.Container(
                f"{name}-{container_name}",
                name=f"{name}-{container_name}",
                versioning=True,
                metadata=tags,
                opts=child(self),
            )
            for container_name in config.containers
        ]

        attachments = {
            city.code: CityAttachment(
                f"{name}-city-{city.code}",
                CityAttachmentArgs(
                    city=city,
                    ipv4_pool=config.attachment_ipv4,
                    ipv6_pool=config.attachment_ipv6,
                    router_id=router.id,
                    project_id=projects["management"].id,
                    tags=tags,
                ),
                opts=child(self),
            )
            for city in province.cities
        }

        self.exports: dict[str, Any] = {
            "routerId": router.id,
            "zoneId": portal.zone_id,
            "networkIds": {tier: net.network.id for tier, net in networks.items()},
            "containers": [c.name for c in containers],
            "portalHosts": {b.fqdn: [b.vip_v4, b.vip_v6] for b in backends},
            "cityAttachments": {
                code: {"ipv4": str(a.transit_ipv4), "ipv6": str(a.transit_ipv6)}
                for code, a in attachments.items()
            },
        }
        self.register_outputs(self.exports)


def build(province: ProvinceSite | None = None) -> Mapping[str, Any]:
    """Create the 粤教云 resources of the current stack and return its exports.

    Args:
        province: the inventory's sites; when None they are loaded from the
            ``yuejiaoyun:inventory`` path, relative to the project folder.
    """
    config = read_config()
    if province is None:
        province = load_sites(config.inventory)
    stack = Yuejiaoyun(f"yjy-{config.environment}", YuejiaoyunArgs(config, province))
    return stack.exports
