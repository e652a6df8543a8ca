"""Network policies: no world-open ingress except HTTPS on the portal, IPv6 on every network."""

from __future__ import annotations

import re

from pulumi_policy import (
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from campusctl.i18n import _
from campusctl.stacks.policies._support import MANDATORY, config_value, depends_on, schema

SEC_GROUP = "openstack:networking/secGroup:SecGroup"
SEC_GROUP_RULE = "openstack:networking/secGroupRule:SecGroupRule"
NETWORK = "openstack:networking/network:Network"
SUBNET = "openstack:networking/subnet:Subnet"

WORLD_PREFIXES = ("0.0.0.0/0", "::/0")

_WORLD_SCHEMA = schema(
    publicGroupPattern={
        "type": "string",
        "default": r"^yjy-[a-z0-9]+-portal$",
        "description": "Regular expression of the security group names that may take HTTPS from anywhere.",
    }
)


def _is_world(props: dict[str, object]) -> bool:
    prefix = props.get("remoteIpPrefix")
    if props.get("remoteGroupId"):
        return False
    # Neutron treats a rule without remote prefix or group as open to every address.
    return prefix in (None, "") or prefix in WORLD_PREFIXES


def _is_https_only(props: dict[str, object]) -> bool:
    return (
        str(props.get("protocol", "")).lower() == "tcp"
        and props.get("portRangeMin") == 443
        and props.get("portRangeMax") == 443
    )


def _validate_world_open(args: StackValidationArgs, report: ReportViolation) -> None:
    pattern = re.compile(str(config_value(args.get_config(), _WORLD_SCHEMA, "publicGroupPattern")))
    for resource in args.resources:
        if resource.resource_type != SEC_GROUP_RULE:
            continue
        props = dict(resource.props)
        if props.get("direction") != "ingress" or not _is_world(props):
            continue
        groups = depends_on(resource, "securityGroupId", SEC_GROUP)
        group_names = [str(g.props.get("name", g.name)) for g in groups]
        public = bool(group_names) and all(pattern.search(n) for n in group_names)
        if public and _is_https_only(props):
            continue
        report(
            _(
                "Security group rule {rule} opens {protocol} {low}-{high} to {prefix} on {group}; "
                "only HTTPS (tcp 443) on the portal group may be open to the world. "
                "Restrict the source prefix or remove the rule."
            ).format(
                rule=resource.name,
                protocol=props.get("protocol") or "any",
                low=props.get("portRangeMin") or "*",
                high=props.get("portRangeMax") or "*",
                prefix=props.get("remoteIpPrefix") or "any address",
                group=", ".join(group_names) or "?",
            ),
            resource.urn,
        )


no_world_open_ingress = StackValidationPolicy(
    name="no-world-open-ingress",
    description=_(
        "No security group accepts traffic from the whole Internet except HTTPS on the portal."
    ),
    enforcement_level=MANDATORY,
    validate=_validate_world_open,
    config_schema=_WORLD_SCHEMA,
)


def _validate_ipv6(args: StackValidationArgs, report: ReportViolation) -> None:
    subnets_v6: dict[str, list[dict[str, object]]] = {}
    for resource in args.resources:
        if resource.resource_type != SUBNET:
            continue
        props = dict(resource.props)
        if props.get("ipVersion") != 6:
            continue
        for network in depends_on(resource, "networkId", NETWORK):
            subnets_v6.setdefault(network.urn, []).append(props)
        # Transit subnets between routers use static addresses and no DHCP at all.
        dhcp = props.get("enableDhcp") is not False
        if dhcp and (not props.get("ipv6AddressMode") or not props.get("ipv6RaMode")):
            report(
                _(
                    "IPv6 subnet {subnet} runs DHCP but sets no ipv6_address_mode and ipv6_ra_mode, "
                    "so hosts get no IPv6 address: set both (dhcpv6-stateful or slaac)."
                ).format(subnet=resource.name),
                resource.urn,
            )
    for resource in args.resources:
        if resource.resource_type == NETWORK and resource.urn not in subnets_v6:
            report(
                _("Network {network} has no IPv6 subnet: every network must be dual-stack.").format(
                    network=resource.name
                ),
                resource.urn,
            )


ipv6_on_every_network = StackValidationPolicy(
    name="ipv6-on-every-network",
    description=_("Every network has an IPv6 subnet with address assignment."),
    enforcement_level=MANDATORY,
    validate=_validate_ipv6,
)
