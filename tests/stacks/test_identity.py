"""Tests of the 人人通 identity program."""

from __future__ import annotations

import pulumi
import pytest

from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.identity.config import PasswordRules, read_config
from campusctl.stacks.identity.program import (
    ROLES,
    GroupTree,
    GroupTreeArgs,
    LearningRealm,
    RealmArgs,
)
from campusctl.stacks.sites import ProvinceSite
from tests.stacks.support import apply_config, capture, sample_plan, stack_file_config

GROUP = "keycloak:index/group:Group"


def test_password_rules_render_keycloak_policy() -> None:
    rules = PasswordRules(12, 1, 1, 1, 1, 5, 90)
    assert rules.keycloak_policy() == (
        "length(12) and digits(1) and upperCase(1) and lowerCase(1) and specialChars(1) and "
        "notUsername(undefined) and passwordHistory(5) and forceExpiredPasswordChange(90)"
    )


@pulumi.runtime.test
def test_realm_locks_after_failures(pulumi_config: dict[str, str]) -> pulumi.Output[None]:
    apply_config(stack_file_config("identity", "prod", ("keycloak:clientSecret",)))
    realm = LearningRealm("rrt-unit", RealmArgs(read_config())).realm

    def check(values: list[object]) -> None:
        defenses, ssl, idle = values
        assert isinstance(defenses, dict)
        brute = defenses["brute_force_detection"]
        assert brute["max_login_failures"] == 5
        assert brute["permanent_lockout"] is False
        assert ssl == "all"
        assert idle == "30m"

    return pulumi.Output.all(
        realm.security_defenses, realm.ssl_required, realm.sso_session_idle_timeout
    ).apply(check)


def test_prod_groups_follow_inventory() -> None:
    plan = sample_plan("identity", "prod").plan
    groups = {r.inputs["attributes"]["code"]: r for r in plan.by_type(GROUP)}
    assert set(groups) == {
        "44",
        "440100",
        "440104",
        "440106",
        "440300",
        "440305",
        "4401040001",
        "4401060001",
        "4401060002",
        "4403050001",
    }
    school = groups["4401060002"]
    assert school.inputs["attributes"]["type"] == "junior"
    assert any(
        dep.endswith("::rrt-prod-groups-440106") for dep in school.property_dependencies["parentId"]
    )
    assert "parentId" not in groups["44"].inputs


def test_prod_roles_and_clients() -> None:
    plan = sample_plan("identity", "prod").plan
    roles = {
        r.inputs["name"]: r.inputs["description"] for r in plan.by_type("keycloak:index/role:Role")
    }
    assert roles == ROLES
    clients = {
        c.inputs["clientId"]: c.inputs for c in plan.by_type("keycloak:openid/client:Client")
    }
    assert sorted(clients) == ["learning-space", "resource-platform"]
    space = clients["learning-space"]
    assert space["validRedirectUris"] == ["https://space.yjy.gdedu.example/*"]
    assert space["pkceCodeChallengeMethod"] == "S256"
    assert space["implicitFlowEnabled"] is False


def test_config_requires_https(pulumi_config: dict[str, str]) -> None:
    values = stack_file_config("identity", "dev", ("keycloak:clientSecret",))
    values["identity:learningSpaceUrl"] = "http://space.dev.yjy.gdedu.example"
    apply_config(values)
    with pytest.raises(StackConfigError, match="https"):
        read_config()


@pulumi.runtime.test
def test_group_tree_counts_every_level(province: ProvinceSite) -> pulumi.Output[None]:
    tree = GroupTree("rrt-unit-groups", GroupTreeArgs("renrentong", province))

    def check(count: int) -> None:
        # The province, 2 cities, 3 districts and 4 schools.
        assert count == 10

    return pulumi.Output.from_input(tree.count).apply(check)


def test_group_tree_parents(province: ProvinceSite) -> None:
    plan = capture(lambda: GroupTree("rrt-unit-groups", GroupTreeArgs("renrentong", province)))
    (tree,) = plan.by_type("campus:identity:GroupTree")
    groups = plan.by_type(GROUP)
    assert len(groups) == 10
    assert all(g.parent == tree.urn for g in groups)
    assert tree.outputs["groups"] == 10
    nanshan = next(g for g in groups if g.name == "rrt-unit-groups-4403050001")
    assert nanshan.property_dependencies["parentId"][0].endswith("::rrt-unit-groups-440305")
