"""Tests of the security group rules and the SecurityGroups component."""

from __future__ import annotations

from ipaddress import ip_address, ip_network

from campusctl.stacks.yuejiaoyun.config import TIERS, ExtraIngress, TierAddressing
from campusctl.stacks.yuejiaoyun.security import (
    WORLD,
    Rule,
    SecurityGroups,
    SecurityGroupsArgs,
    builtin_rules,
    extra_rules,
)
from tests.stacks.support import capture

RULE = "openstack:networking/secGroupRule:SecGroupRule"
GROUP = "openstack:networking/secGroup:SecGroup"

ADDRESSING = {
    tier: TierAddressing(
        ip_network(f"198.18.{240 + i}.0/24"), ip_network(f"2001:db8:fff0:{i + 1}::/64")
    )
    for i, tier in enumerate(TIERS)
}
ADMIN = [ip_network("198.18.250.0/24"), ip_network("2001:db8:fffa::/48")]
NTP = [ip_address("198.18.255.1"), ip_address("2001:db8:ffff::123")]
DNS = [ip_address("198.18.255.53")]


def _rules() -> list[Rule]:
    return builtin_rules(ADDRESSING, ADMIN, NTP, DNS)


def test_builtin_world_ingress_is_portal_https_only() -> None:
    world = [r for r in _rules() if r.direction == "ingress" and r.remote in WORLD]
    assert {(r.tier, r.protocol, r.port) for r in world} == {("portal", "tcp", 443)}
    assert len(world) == 2


def test_builtin_ssh_only_from_admin_or_bastion() -> None:
    ssh = [r for r in _rules() if r.direction == "ingress" and r.port == 22]
    for rule in ssh:
        assert rule.remote == "management" or rule.remote in ADMIN, rule
    assert {r.tier for r in ssh} == set(TIERS)


def test_builtin_database_reachable_from_apps_only() -> None:
    database = [
        r for r in _rules() if r.tier == "data" and r.direction == "ingress" and r.port == 5432
    ]
    assert {r.remote for r in database} == {"resource", "exchange", "identity"}


def test_builtin_members_open_to_own_subnet() -> None:
    app = [
        r
        for r in _rules()
        if r.direction == "ingress" and r.port == 8443 and not isinstance(r.remote, str)
    ]
    assert {(r.tier, r.remote) for r in app} == {
        (tier, prefix)
        for tier in ("resource", "exchange", "identity")
        for prefix in (ADDRESSING[tier].ipv4, ADDRESSING[tier].ipv6)
    }


def test_builtin_egress_reaches_services() -> None:
    egress = [r for r in _rules() if r.tier == "data" and r.direction == "egress"]
    remotes = {(r.protocol, r.port, r.remote) for r in egress}
    assert ("udp", 123, ip_network("198.18.255.1/32")) in remotes
    assert ("udp", 123, ip_network("2001:db8:ffff::123/128")) in remotes
    assert ("udp", 53, ip_network("198.18.255.53/32")) in remotes


def test_extra_rules_keep_operator_values() -> None:
    extra = [ExtraIngress("management", "tcp", 22, ip_network("0.0.0.0/0"), "")]
    assert extra_rules(extra) == [
        Rule("management", "ingress", "tcp", 22, ip_network("0.0.0.0/0"), "operator rule")
    ]


def test_groups_delete_default_rules() -> None:
    plan = capture(
        lambda: SecurityGroups(
            "sg",
            SecurityGroupsArgs(
                "yjy-test", tuple(_rules()), {t: f"project-{t}" for t in TIERS}, {"owner": "x"}
            ),
        )
    )
    groups = plan.by_type(GROUP)
    assert sorted(g.inputs["name"] for g in groups) == sorted(f"yjy-test-{t}" for t in TIERS)
    assert all(g.inputs["deleteDefaultRules"] is True for g in groups)
    component = plan.by_type("campus:yuejiaoyun:SecurityGroups")[0]
    assert all(r.parent == component.urn for r in groups + plan.by_type(RULE))


def test_group_rules_expand_ethertypes() -> None:
    rules = (Rule("data", "ingress", "tcp", 5432, "resource", "PostgreSQL"),)
    plan = capture(
        lambda: SecurityGroups(
            "sg", SecurityGroupsArgs("yjy-test", rules, {t: "p" for t in TIERS}, {})
        )
    )
    created = plan.by_type(RULE)
    assert sorted(r.inputs["ethertype"] for r in created) == ["IPv4", "IPv6"]
    for rule in created:
        assert rule.inputs["remoteGroupId"]
        assert "remoteIpPrefix" not in rule.inputs
        assert rule.property_dependencies["remoteGroupId"][0].endswith("::yjy-test-resource")
        assert rule.property_dependencies["securityGroupId"][0].endswith("::yjy-test-data")
