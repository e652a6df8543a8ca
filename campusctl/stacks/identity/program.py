"""The identity stack program: the 人人通 realm, its clients, roles and the school groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_keycloak as keycloak

from campusctl.stacks.common import base_tags, child
from campusctl.stacks.identity.config import IdentityConfig, read_config
from campusctl.stacks.sites import ProvinceSite, load_sites

SYSTEM = "renrentong"

#: Realm roles with their Chinese names (the role descriptions users see).
ROLES: dict[str, str] = {
    "teacher": "教师",
    "student": "学生",
    "parent": "家长",
    "school_admin": "学校管理员",
    "bureau_admin": "教育局管理员",
}


@dataclass(frozen=True, slots=True)
class RealmArgs:
    """Inputs of :class:`LearningRealm`."""

    config: IdentityConfig


class LearningRealm(pulumi.ComponentResource):
    """The 人人通 realm with its password, lockout and session rules.

    The rules follow the identity-authentication items of GB/T 22239-2019
    (等保 2.0): complex passwords changed periodically, lockout after repeated
    failures, and sessions that end after a period of inactivity.
    """

    realm: keycloak.Realm

    def __init__(
        self, name: str, args: RealmArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:identity:LearningRealm", name, None, opts)
        config = args.config
        brute = config.brute_force
        self.realm = keycloak.Realm(
            name,
            realm=config.realm,
            display_name=config.display_name,
            enabled=True,
            ssl_required="all",
            login_with_email_allowed=True,
            duplicate_emails_allowed=False,
            registration_allowed=False,
            reset_password_allowed=True,
            remember_me=False,
            password_policy=config.password.keycloak_policy(),
            sso_session_idle_timeout=f"{config.session_idle_minutes}m",
            sso_session_max_lifespan=f"{config.session_max_hours}h",
            access_token_lifespan="5m",
            internationalization=keycloak.RealmInternationalizationArgs(
                supported_locales=["zh-CN", "en"], default_locale="zh-CN"
            ),
            security_defenses=keycloak.RealmSecurityDefensesArgs(
                brute_force_detection=keycloak.RealmSecurityDefensesBruteForceDetectionArgs(
                    permanent_lockout=False,
                    max_login_failures=brute.max_login_failures,
                    wait_increment_seconds=brute.wait_increment_seconds,
                    max_failure_wait_seconds=brute.max_failure_wait_seconds,
                    failure_reset_time_seconds=brute.failure_reset_seconds,
                ),
                headers=keycloak.RealmSecurityDefensesHeadersArgs(
                    x_frame_options="SAMEORIGIN",
                    strict_transport_security="max-age=31536000; includeSubDomains",
                    x_content_type_options="nosniff",
                ),
            ),
            attributes=base_tags(config.owner, config.environment, SYSTEM),
            opts=child(self),
        )
        self.register_outputs({"realmId": self.realm.id})


def _client(
    name: str, realm: keycloak.Realm, client_id: str, title: str, url: str, parent: pulumi.Resource
) -> keycloak.openid.Client:
    return keycloak.openid.Client(
        name,
        realm_id=realm.id,
        client_id=client_id,
        name=title,
        enabled=True,
        access_type="CONFIDENTIAL",
        standard_flow_enabled=True,
        implicit_flow_enabled=False,
        direct_access_grants_enabled=False,
        pkce_code_challenge_method="S256",
        root_url=url,
        valid_redirect_uris=[f"{url}/*"],
        valid_post_logout_redirect_uris=[f"{url}/*"],
        web_origins=[url],
        opts=child(parent),
    )


@dataclass(frozen=True, slots=True)
class GroupTreeArgs:
    """Inputs of :class:`GroupTree`."""

    realm_id: pulumi.Input[str]
    province: ProvinceSite


class GroupTree(pulumi.ComponentResource):
    """Groups for the province, each city, district and school, nested as in the inventory.

    Each group carries its administrative or MoE school code as the ``code``
    attribute, so applications map a user's group to the inventory.
    """

    def __init__(
        self, name: str, args: GroupTreeArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:identity:GroupTree", name, None, opts)
        province = args.province
        root = keycloak.Group(
            f"{name}-{province.code}",
            realm_id=args.realm_id,
            name=province.name,
            attributes={"code": province.code, "level": "province"},
            opts=child(self),
        )
        count = 1
        for city in province.cities:
            city_group = keycloak.Group(
                f"{name}-{city.code}",
                realm_id=args.realm_id,
                parent_id=root.id,
                name=city.name,
                attributes={"code": city.code, "level": "city", "nameEn": city.name_en},
                opts=child(self),
            )
            count += 1
            for district in city.districts:
                district_group = keycloak.Group(
                    f"{name}-{district.code}",
                    realm_id=args.realm_id,
                    parent_id=city_group.id,
                    name=district.name,
                    attributes={
                        "code": district.code,
                        "level": "district",
                        "nameEn": district.name_en,
                    },
                    opts=child(self),
                )
                count += 1
                for school in district.schools:
                    keycloak.Group(
                        f"{name}-{school.code}",
                        realm_id=args.realm_id,
                        parent_id=district_group.id,
                        name=school.name,
                        attributes={"code": school.code, "level": "school", "type": school.type},
                        opts=child(self),
                    )
                    count += 1
        self.count = count
        self.register_outputs({"rootGroupId": root.id, "groups": count})


def build(province: ProvinceSite | None = None) -> Mapping[str, Any]:
    """Create the identity resources of the current stack and return its exports.

    Args:
        province: the inventory's sites; when None they are loaded from the
            ``identity:inventory`` path, relative to the project folder.
    """
    config = read_config()
    if province is None:
        province = load_sites(config.inventory)
    name = f"rrt-{config.environment}"
    realm = LearningRealm(name, RealmArgs(config))
    clients = {
        "learning-space": _client(
            f"{name}-learning-space",
            realm.realm,
            "learning-space",
            "网络学习空间",
            config.learning_space_url,
            realm,
        ),
        "resource-platform": _client(
            f"{name}-resource-platform",
            realm.realm,
            "resource-platform",
            "教育资源公共服务平台",
            config.resource_platform_url,
            realm,
        ),
    }
    for role, title in ROLES.items():
        keycloak.Role(
            f"{name}-{role}",
            realm_id=realm.realm.id,
            name=role,
            description=title,
            opts=child(realm),
        )
    groups = GroupTree(f"{name}-groups", GroupTreeArgs(realm.realm.id, province), opts=child(realm))
    return {
        "realm": realm.realm.realm,
        "clientIds": {key: client.client_id for key, client in clients.items()},
        "roles": sorted(ROLES),
        "groups": groups.count,
    }
