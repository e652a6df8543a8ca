"""Tests of every CrossGuard policy with passing and failing resources, run offline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pulumi_keycloak as keycloak
import pulumi_openstack as openstack
import pulumi_tls as tls
import pytest
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from campusctl.stacks.policies import POLICIES
from campusctl.stacks.policies.certificates import (
    ca_key_strength,
    certificate_key_strength,
    certificate_lifetimes,
)
from campusctl.stacks.policies.identity import identity_authentication
from campusctl.stacks.policies.network import ipv6_on_every_network, no_world_open_ingress
from campusctl.stacks.policies.runner import PolicyResult, check_config_secrets, run_policies
from campusctl.stacks.policies.storage import encrypted_volumes
from campusctl.stacks.policies.tags import required_tags
from campusctl.stacks.stackconfig import load_stack_config
from tests.stacks.support import STACKS, capture, sample_plan

Policy = ResourceValidationPolicy | StackValidationPolicy
TAGS = ["owner=netops", "environment=test", "system=yuejiaoyun", "managed-by=pulumi"]
META = {"owner": "netops", "environment": "test", "system": "yuejiaoyun", "managed-by": "pulumi"}


def _check(policy: Policy, program: Callable[[], object]) -> PolicyResult:
    (result,) = run_policies(capture(program), [policy])
    return result


def _rule(group_name: str, **rule: object) -> None:
    group = openstack.networking.SecGroup(group_name, name=group_name, tags=TAGS)
    openstack.networking.SecGroupRule(
        f"{group_name}-rule",
        security_group_id=group.id,
        direction="ingress",
        ethertype="IPv4",
        **rule,
    )


def test_repository_plans_pass_every_policy() -> None:
    for project in ("yuejiaoyun", "edu-ca", "identity"):
        for env in ("dev", "prod"):
            stack_plan = sample_plan(project, env)
            failed = [r.name for r in stack_plan.policies if not r.passed]
            assert failed == [], f"{project}/{env}: {failed}"
            assert len(stack_plan.policies) == len(POLICIES) + 1


def test_world_https_on_portal_passes() -> None:
    result = _check(
        no_world_open_ingress,
        lambda: _rule(
            "yjy-prod-portal",
            protocol="tcp",
            port_range_min=443,
            port_range_max=443,
            remote_ip_prefix="0.0.0.0/0",
        ),
    )
    assert result.passed


@pytest.mark.parametrize(
    ("group", "rule"),
    [
        (
            "yjy-prod-management",
            {
                "protocol": "tcp",
                "port_range_min": 22,
                "port_range_max": 22,
                "remote_ip_prefix": "0.0.0.0/0",
            },
        ),
        (
            "yjy-prod-portal",
            {
                "protocol": "tcp",
                "port_range_min": 22,
                "port_range_max": 22,
                "remote_ip_prefix": "::/0",
            },
        ),
        (
            "yjy-prod-portal",
            {
                "protocol": "tcp",
                "port_range_min": 80,
                "port_range_max": 443,
                "remote_ip_prefix": "0.0.0.0/0",
            },
        ),
        (
            "yjy-prod-resource",
            {
                "protocol": "tcp",
                "port_range_min": 443,
                "port_range_max": 443,
                "remote_ip_prefix": "0.0.0.0/0",
            },
        ),
        ("yjy-prod-data", {"protocol": "tcp", "port_range_min": 5432, "port_range_max": 5432}),
    ],
)
def test_world_open_rules_fail(group: str, rule: dict[str, object]) -> None:
    result = _check(no_world_open_ingress, lambda: _rule(group, **rule))
    assert not result.passed
    assert result.violations[0].subject.endswith(f"::{group}-rule")
    assert "only HTTPS" in result.violations[0].message


def test_restricted_ssh_passes() -> None:
    result = _check(
        no_world_open_ingress,
        lambda: _rule(
            "yjy-prod-management",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="198.18.250.0/24",
        ),
    )
    assert result.passed


def _network(v6: bool, v6_modes: bool = True) -> None:
    network = openstack.networking.Network("net", tags=TAGS)
    openstack.networking.Subnet(
        "net-v4", network_id=network.id, cidr="198.18.240.0/24", ip_version=4
    )
    if v6:
        openstack.networking.Subnet(
            "net-v6",
            network_id=network.id,
            cidr="2001:db8:fff0:1::/64",
            ip_version=6,
            ipv6_address_mode="slaac" if v6_modes else None,
            ipv6_ra_mode="slaac" if v6_modes else None,
        )


def test_dual_stack_network_passes() -> None:
    assert _check(ipv6_on_every_network, lambda: _network(v6=True)).passed


def test_ipv4_only_network_fails() -> None:
    result = _check(ipv6_on_every_network, lambda: _network(v6=False))
    assert [v.message for v in result.violations] == [
        "Network net has no IPv6 subnet: every network must be dual-stack."
    ]


def test_ipv6_without_modes_fails() -> None:
    result = _check(ipv6_on_every_network, lambda: _network(v6=True, v6_modes=False))
    assert len(result.violations) == 1
    assert "ipv6_address_mode" in result.violations[0].message


def test_encrypted_volume_passes() -> None:
    result = _check(
        encrypted_volumes,
        lambda: openstack.blockstorage.Volume("v", size=10, volume_type="luks-ssd", metadata=META),
    )
    assert result.passed


@pytest.mark.parametrize("volume_type", [None, "ssd"])
def test_unencrypted_volume_fails(volume_type: str | None) -> None:
    result = _check(
        encrypted_volumes,
        lambda: openstack.blockstorage.Volume("v", size=10, volume_type=volume_type, metadata=META),
    )
    assert len(result.violations) == 1
    assert "not encrypted" in result.violations[0].message


def test_instance_on_local_disk_fails() -> None:
    result = _check(
        encrypted_volumes,
        lambda: openstack.compute.Instance("vm", flavor_name="c2.m4", image_name="debian-12"),
    )
    assert not result.passed


def test_instance_new_volume_needs_encrypted_type() -> None:
    def program() -> None:
        openstack.compute.Instance(
            "vm",
            flavor_name="c2.m4",
            block_devices=[
                openstack.compute.InstanceBlockDeviceArgs(
                    uuid="image-1",
                    source_type="image",
                    destination_type="volume",
                    volume_size=20,
                    boot_index=0,
                )
            ],
        )

    result = _check(encrypted_volumes, program)
    assert "set volume_type" in result.violations[0].message


def test_required_tags_pass() -> None:
    result = _check(required_tags, lambda: openstack.networking.Network("net", tags=TAGS))
    assert result.passed


def test_missing_owner_tag_fails() -> None:
    def program() -> None:
        openstack.networking.Network("net", tags=TAGS[1:])
        openstack.objectstorage.Container("bucket", metadata={"owner": "", "environment": "test"})

    result = _check(required_tags, program)
    messages = sorted(v.message for v in result.violations)
    assert len(messages) == 2
    assert "owner" in messages[1] and "Network net" in messages[1]
    assert "owner, system, managed-by" in messages[0]


def _key(**kwargs: object) -> None:
    tls.PrivateKey("key", **kwargs)


@pytest.mark.parametrize(
    "key", [{"algorithm": "RSA", "rsa_bits": 2048}, {"algorithm": "ECDSA", "ecdsa_curve": "P384"}]
)
def test_strong_keys_pass(key: dict[str, object]) -> None:
    assert _check(certificate_key_strength, lambda: _key(**key)).passed


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ({"algorithm": "RSA", "rsa_bits": 1024}, "shorter than 2048"),
        ({"algorithm": "ECDSA"}, "P224"),
        ({"algorithm": "ED25519"}, "not RSA or ECDSA"),
    ],
)
def test_weak_keys_fail(key: dict[str, object], reason: str) -> None:
    result = _check(certificate_key_strength, lambda: _key(**key))
    assert reason in result.violations[0].message


def _root(algorithm: str, days: int, **key: object) -> None:
    private = tls.PrivateKey("root", algorithm=algorithm, **key)
    tls.SelfSignedCert(
        "root",
        private_key_pem=private.private_key_pem,
        is_ca_certificate=True,
        allowed_uses=["cert_signing", "crl_signing"],
        validity_period_hours=days * 24,
        early_renewal_hours=720,
    )


def test_ca_key_p384_passes() -> None:
    assert _check(ca_key_strength, lambda: _root("ECDSA", 7300, ecdsa_curve="P384")).passed


@pytest.mark.parametrize(
    ("algorithm", "key"), [("ECDSA", {"ecdsa_curve": "P256"}), ("RSA", {"rsa_bits": 2048})]
)
def test_ca_key_too_weak_fails(algorithm: str, key: dict[str, object]) -> None:
    result = _check(ca_key_strength, lambda: _root(algorithm, 7300, **key))
    assert result.violations[0].subject.endswith("SelfSignedCert::root")


def test_ca_key_found_through_request() -> None:
    def program() -> None:
        _root("ECDSA", 7300, ecdsa_curve="P384")
        key = tls.PrivateKey("inter", algorithm="RSA", rsa_bits=2048)
        request = tls.CertRequest("inter", private_key_pem=key.private_key_pem)
        tls.LocallySignedCert(
            "inter",
            cert_request_pem=request.cert_request_pem,
            ca_cert_pem="ca",
            ca_private_key_pem="ca-key",
            is_ca_certificate=True,
            allowed_uses=["cert_signing"],
            validity_period_hours=24,
        )

    result = _check(ca_key_strength, program)
    assert [v.subject.rsplit("::", 1)[-1] for v in result.violations] == ["inter"]


def test_root_lifetime_within_limit_passes() -> None:
    assert _check(certificate_lifetimes, lambda: _root("ECDSA", 7300, ecdsa_curve="P384")).passed


def test_root_lifetime_too_long_fails() -> None:
    result = _check(certificate_lifetimes, lambda: _root("ECDSA", 9000, ecdsa_curve="P384"))
    assert "valid for 9000 days; the limit is 7300" in result.violations[0].message


def test_leaf_that_can_sign_fails() -> None:
    def program() -> None:
        tls.LocallySignedCert(
            "leaf",
            cert_request_pem="csr",
            ca_cert_pem="ca",
            ca_private_key_pem="ca-key",
            allowed_uses=["server_auth", "cert_signing"],
            validity_period_hours=825 * 24,
        )

    messages = [v.message for v in _check(certificate_lifetimes, program).violations]
    assert len(messages) == 3
    assert any("limit is 398" in m for m in messages)
    assert any("remove cert_signing" in m for m in messages)
    assert any("early_renewal_hours" in m for m in messages)


def _realm(**overrides: object) -> None:
    settings: dict[str, object] = {
        "realm": "renrentong",
        "ssl_required": "all",
        "password_policy": "length(12) and digits(1) and upperCase(1) and lowerCase(1) and forceExpiredPasswordChange(90)",
        "sso_session_idle_timeout": "30m",
        "security_defenses": keycloak.RealmSecurityDefensesArgs(
            brute_force_detection=keycloak.RealmSecurityDefensesBruteForceDetectionArgs(
                max_login_failures=5
            )
        ),
        "attributes": META,
    }
    settings.update(overrides)
    keycloak.Realm("realm", **settings)  # type: ignore[arg-type]


def test_compliant_realm_passes() -> None:
    assert _check(identity_authentication, _realm).passed


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        (
            {
                "password_policy": "length(6) and digits(1) and upperCase(1) and lowerCase(1) and forceExpiredPasswordChange(90)"
            },
            "shorter than 8",
        ),
        (
            {"password_policy": "length(12) and digits(1) and forceExpiredPasswordChange(90)"},
            "three character classes",
        ),
        (
            {"password_policy": "length(12) and digits(1) and upperCase(1) and lowerCase(1)"},
            "within 90 days",
        ),
        ({"security_defenses": None}, "locked after 5 failures"),
        ({"sso_session_idle_timeout": "2h"}, "longer than 30 minutes"),
        ({"ssl_required": "none"}, "without TLS"),
    ],
)
def test_weak_realm_fails(override: dict[str, object], reason: str) -> None:
    result = _check(identity_authentication, lambda: _realm(**override))
    assert len(result.violations) == 1
    assert reason in result.violations[0].message


def test_policy_config_overrides_default() -> None:
    plan = capture(
        lambda: _rule(
            "yjy-dev-portal",
            protocol="tcp",
            port_range_min=443,
            port_range_max=443,
            remote_ip_prefix="0.0.0.0/0",
        )
    )
    (strict,) = run_policies(
        plan,
        [no_world_open_ingress],
        {"no-world-open-ingress": {"publicGroupPattern": "^yjy-prod-portal$"}},
    )
    assert not strict.passed


def test_plaintext_secret_in_stack_file_fails(tmp_path: Path) -> None:
    config = load_stack_config(STACKS / "identity", "prod", ("keycloak:clientSecret",))
    assert check_config_secrets(config).passed
    leaked = tmp_path / "test-leak.yaml"
    text = (STACKS / "identity" / "Pulumi.prod.yaml").read_text(encoding="utf-8")
    leaked.write_text(text + "  keycloak:clientSecret: s3cr3t\n", encoding="utf-8")
    config = load_stack_config(STACKS / "identity", "prod", config_file=leaked)
    result = check_config_secrets(config)
    assert [v.subject for v in result.violations] == [str(leaked)]
    assert "s3cr3t" not in result.violations[0].message
