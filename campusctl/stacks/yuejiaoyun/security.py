"""Security groups that deny by default and open only what each tier needs.

Every group is created with ``delete_default_rules`` so Neutron's allow-all
egress rules are removed; the rules below are then the whole policy. The
portal (the load balancer's VIP) is the only group open to the world, and only
for HTTPS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

import pulumi
import pulumi_openstack as openstack

from campusctl.stacks.common import child, name_part, tag_list
from campusctl.stacks.yuejiaoyun.config import PUBLISHED_TIERS, TIERS, ExtraIngress, TierAddressing

HTTPS = 443
APP_PORT = 8443
POSTGRES = 5432
SSH = 22
NODE_EXPORTER = 9100

WORLD: tuple[IPv4Network | IPv6Network, ...] = (ip_network("0.0.0.0/0"), ip_network("::/0"))


@dataclass(frozen=True, slots=True)
class Rule:
    """One security group rule; ``remote`` is a prefix or the name of another tier."""

    tier: str
    direction: str
    protocol: str
    port: int
    remote: IPv4Network | IPv6Network | str
    description: str


def _tier_rule(tier: str, direction: str, port: int, remote: str, description: str) -> list[Rule]:
    # SecurityGroups turns a rule whose remote is another tier into one rule per ethertype.
    return [Rule(tier, direction, "tcp", port, remote, description)]


def builtin_rules(
    addressing: Mapping[str, TierAddressing],
    admin_prefixes: Sequence[IPv4Network | IPv6Network],
    ntp: Sequence[IPv4Address | IPv6Address],
    dns: Sequence[IPv4Address | IPv6Address],
) -> list[Rule]:
    """Return the rules every deployment has, derived from the tiers' needs.

    Args:
        addressing: the tiers' prefixes.
        admin_prefixes: the operations networks allowed to reach the bastions.
        ntp: the provincial NTP servers every tier may query.
        dns: the provincial DNS resolvers every tier may query.
    """
    rules: list[Rule] = [
        Rule("portal", "ingress", "tcp", HTTPS, p, "HTTPS to the portal") for p in WORLD
    ]
    for tier in PUBLISHED_TIERS:
        # Octavia's amphorae reach the members from ports inside the members' own subnet,
        # so the application port is open to that subnet, not to the portal group.
        for prefix in (addressing[tier].ipv4, addressing[tier].ipv6):
            rules.append(Rule(tier, "ingress", "tcp", APP_PORT, prefix, "load balancer to members"))
    for tier in ("resource", "exchange"):
        rules += _tier_rule("identity", "ingress", APP_PORT, tier, f"token checks from {tier}")
        rules += _tier_rule(tier, "egress", APP_PORT, "identity", "token checks")
    for tier in ("resource", "exchange", "identity"):
        rules += _tier_rule("data", "ingress", POSTGRES, tier, f"PostgreSQL from {tier}")
        rules += _tier_rule(tier, "egress", POSTGRES, "data", "PostgreSQL")
    for tier in TIERS:
        if tier == "management":
            continue
        rules += _tier_rule(tier, "ingress", SSH, "management", "SSH from the bastions")
        rules += _tier_rule(tier, "ingress", NODE_EXPORTER, "management", "metrics scrape")
        rules += _tier_rule("management", "egress", SSH, tier, f"SSH to {tier}")
        rules += _tier_rule("management", "egress", NODE_EXPORTER, tier, f"metrics from {tier}")
    rules += [
        Rule("management", "ingress", "tcp", SSH, p, "SSH from operations") for p in admin_prefixes
    ]
    for tier in TIERS:
        if tier == "portal":
            continue
        for address in dns:
            prefix = ip_network(address)
            rules.append(Rule(tier, "egress", "udp", 53, prefix, "DNS"))
            rules.append(Rule(tier, "egress", "tcp", 53, prefix, "DNS"))
        rules += [Rule(tier, "egress", "udp", 123, ip_network(a), "NTP") for a in ntp]
        rules += [
            Rule(tier, "egress", "tcp", HTTPS, p, "HTTPS to mirrors and object storage")
            for p in WORLD
        ]
    return rules


def extra_rules(extra: Iterable[ExtraIngress]) -> list[Rule]:
    """Return the operator's extra ingress rules as :class:`Rule` objects."""
    return [
        Rule(e.tier, "ingress", e.protocol, e.port, e.prefix, e.description or "operator rule")
        for e in extra
    ]


def _rule_name(rule: Rule, ethertype: str) -> str:
    remote = rule.remote if isinstance(rule.remote, str) else name_part(str(rule.remote))
    return f"{rule.tier}-{rule.direction}-{rule.protocol}{rule.port}-{remote}-{ethertype.lower()}"


@dataclass(frozen=True, slots=True)
class SecurityGroupsArgs:
    """Inputs of :class:`SecurityGroups`."""

    prefix: str
    rules: tuple[Rule, ...]
    project_ids: Mapping[str, pulumi.Input[str]]
    tags: dict[str, str]


class SecurityGroups(pulumi.ComponentResource):
    """One security group per tier and every rule between them."""

    groups: dict[str, openstack.networking.SecGroup]

    def __init__(
        self, name: str, args: SecurityGroupsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:SecurityGroups", name, None, opts)
        self.groups = {}
        for tier in TIERS:
            group_name = f"{args.prefix}-{tier}"
            self.groups[tier] = openstack.networking.SecGroup(
                group_name,
                name=group_name,
                description=f"{tier} tier: deny by default",
                delete_default_rules=True,
                tenant_id=args.project_ids[tier],
                tags=tag_list({**args.tags, "tier": tier}),
                opts=child(self),
            )

        seen: set[str] = set()
        for rule in args.rules:
            if isinstance(rule.remote, str):
                ethertypes = ["IPv4", "IPv6"]
            else:
                ethertypes = ["IPv4" if rule.remote.version == 4 else "IPv6"]
            for ethertype in ethertypes:
                rule_name = f"{args.prefix}-{_rule_name(rule, ethertype)}"
                if rule_name in seen:
                    continue
                seen.add(rule_name)
                group = self.groups[rule.tier]
                remote_group = self.groups[rule.remote] if isinstance(rule.remote, str) else None
                openstack.networking.SecGroupRule(
                    rule_name,
                    security_group_id=group.id,
                    direction=rule.direction,
                    ethertype=ethertype,
                    protocol=rule.protocol,
                    port_range_min=rule.port,
                    port_range_max=rule.port,
                    remote_ip_prefix=None if remote_group else str(rule.remote),
                    remote_group_id=remote_group.id if remote_group else None,
                    description=rule.description,
                    opts=child(self, group),
                )
        self.register_outputs({f"{tier}Id": group.id for tier, group in self.groups.items()})
