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
from campusctl.stacks.yuejiaoyun.config import TIERS, YuejiaoyunConfig, read_config
from campusctl.stacks.yuejiaoyun.network import (
    VIP_HOST,
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
        named += [(f"networks.{tier}.ipv4", addressing.ipv4), (f"networks.{tier}.ipv6", addressing.ipv6)]
    named += [("attachmentIpv4", config.attachment_ipv4), ("attachmentIpv6", config.attachment_ipv6)]
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


@dataclass(frozen=True, slots=True)
class YuejiaoyunArgs:
    """Inputs of :class:`Yuejiaoyun`: the checked configuration and the inventory's sites."""

    config: YuejiaoyunConfig
    province: ProvinceSite


class Yuejiaoyun(pulumi.ComponentResource):
    """The whole provincial data center of one environment."""

    def __init__(self, name: str, args: YuejiaoyunArgs, opts: pulumi.ResourceOptions | None = None) -> None:
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

        rules = builtin_rules(config.admin_prefixes, province.ntp, province.dns)
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

        zone_suffix = config.zone.rstrip(".")
        backends = tuple(
            Backend(
                tier=tier,
                fqdn=f"{config.hostnames[tier]}.{zone_suffix}",
                addresses_v4=[a for g in groups.get(tier, []) for a in g.addresses_v4],
                addresses_v6=[a for g in groups.get(tier, []) for a in g.addresses_v6],
            )
            for tier in config.hostnames
        )
        portal_net = config.addressing["portal"]
        container = openstack.keymanager.get_container_output(
            name=f"{name}-portal", opts=pulumi.InvokeOutputOptions(parent=self)
        )
        portal = Portal(
            f"{name}-portal",
            PortalArgs(
                subnet_v4_id=networks["portal"].subnet_v4.id,
                subnet_v6_id=networks["portal"].subnet_v6.id,
                vip_v4=str(portal_net.ipv4[VIP_HOST]),
                vip_v6=str(portal_net.ipv6[VIP_HOST]),
                security_group_id=security.groups["portal"].id,
                member_subnets={
                    tier: (networks[tier].subnet_v4.id, networks[tier].subnet_v6.id)
                    for tier in config.hostnames
                },
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
            "portalHosts": [b.fqdn for b in backends],
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
