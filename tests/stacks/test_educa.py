"""Tests of the education CA components and program."""

from __future__ import annotations

import pulumi
import pytest

from campusctl.stacks.educa.components import (
    RootCa,
    RootCaArgs,
    SignedCertificate,
    SignedCertificateArgs,
    server_uses,
)
from campusctl.stacks.educa.config import KeySpec, Subject, read_config
from campusctl.stacks.errors import StackConfigError
from tests.stacks.support import apply_config, capture, sample_plan, stack_file_config

KEY = "tls:index/privateKey:PrivateKey"
SIGNED = "tls:index/locallySignedCert:LocallySignedCert"
REQUEST = "tls:index/certRequest:CertRequest"

SUBJECT = Subject("广东省教育厅", "广东省教育技术中心", "CN", "广东省", "广州市")
P384 = KeySpec("ECDSA", ecdsa_curve="P384")
P256 = KeySpec("ECDSA", ecdsa_curve="P256")


def _root() -> RootCa:
    return RootCa("root", RootCaArgs("Test Root", SUBJECT, P384, 7300))


@pulumi.runtime.test
def test_root_key_is_secret() -> pulumi.Output[None]:
    root = _root()

    def check(secret: bool) -> None:
        assert secret is True

    return pulumi.Output.from_input(root.private_key_pem.is_secret()).apply(check)


def test_root_is_self_signed_ca() -> None:
    plan = capture(_root)
    (cert,) = plan.by_type("tls:index/selfSignedCert:SelfSignedCert")
    assert cert.inputs["isCaCertificate"] is True
    assert cert.inputs["validityPeriodHours"] == 7300 * 24
    assert cert.inputs["privateKeyPem"] == "[secret]"
    assert cert.inputs["subject"]["organization"] == "广东省教育厅"
    (key,) = plan.by_type(KEY)
    assert (key.inputs["algorithm"], key.inputs["ecdsaCurve"]) == ("ECDSA", "P384")
    root = plan.by_type("campus:educa:RootCa")[0]
    assert root.outputs["privateKeyPem"] == "[secret]"


def test_server_certificate_is_leaf() -> None:
    def build() -> None:
        root = _root()
        SignedCertificate(
            "srv",
            SignedCertificateArgs(
                common_name="res.yjy.gdedu.example",
                subject=SUBJECT,
                key=P256,
                days=397,
                issuer_cert_pem=root.cert_pem,
                issuer_key_pem=root.private_key_pem,
                dns_names=["res.yjy.gdedu.example"],
                ip_addresses=["198.18.254.10"],
            ),
        )

    plan = capture(build)
    (cert,) = plan.by_type(SIGNED)
    assert cert.inputs["isCaCertificate"] is False
    assert cert.inputs["allowedUses"] == ["digital_signature", "server_auth"]
    assert cert.inputs["caPrivateKeyPem"] == "[secret]"
    assert cert.inputs["earlyRenewalHours"] == 720
    (request,) = plan.by_type(REQUEST)
    assert request.inputs["dnsNames"] == ["res.yjy.gdedu.example"]
    assert request.inputs["ipAddresses"] == ["198.18.254.10"]
    assert plan.by_type("campus:educa:ServerCertificate")[0].urn == cert.parent


def test_server_uses_follow_key_type() -> None:
    assert server_uses(KeySpec("RSA", rsa_bits=2048)) == [
        "digital_signature",
        "key_encipherment",
        "server_auth",
    ]
    assert "key_encipherment" not in server_uses(P256)


def test_prod_hierarchy_per_city() -> None:
    plan = sample_plan("edu-ca", "prod").plan
    intermediates = sorted(r.name for r in plan.by_type("campus:educa:IntermediateCa"))
    assert intermediates == [
        "educa-prod-city-440100",
        "educa-prod-city-440300",
        "educa-prod-platforms",
    ]
    assert sorted(plan.outputs["cityCaCertPems"]) == ["440100", "440300"]


def test_prod_school_servers_signed_by_city() -> None:
    plan = sample_plan("edu-ca", "prod").plan
    names = sorted(plan.outputs["serverCertPems"])
    assert names == [
        "ca.gdedu.example",
        "dx.yjy.gdedu.example",
        "portal.4401040001.school.gdedu.example",
        "radius.4401060001.school.gdedu.example",
        "radius1.school.gdedu.example",
        "radius2.school.gdedu.example",
        "res.yjy.gdedu.example",
        "space.yjy.gdedu.example",
    ]
    (cert,) = [r for r in plan.by_type(SIGNED) if r.name == "educa-prod-school-4401040001-portal"]
    assert any(dep.endswith("::educa-prod-city-440100") for dep in cert.dependencies)


def test_prod_exports_keys_only_as_secrets() -> None:
    plan = sample_plan("edu-ca", "prod").plan
    assert plan.secret_outputs == ["rootPrivateKeyPem", "serverPrivateKeyPems"]
    assert plan.outputs["rootPrivateKeyPem"] == "[secret]"
    assert "PRIVATE KEY" not in str(plan.to_json())


def test_config_rejects_weak_key(pulumi_config: dict[str, str]) -> None:
    values = stack_file_config("edu-ca", "prod")
    values["edu-ca:serverKey"] = '{"algorithm": "RSA", "rsaBits": 1024}'
    apply_config(values)
    with pytest.raises(StackConfigError, match="rsaBits"):
        read_config()


def test_config_rejects_unknown_algorithm(pulumi_config: dict[str, str]) -> None:
    values = stack_file_config("edu-ca", "dev")
    values["edu-ca:rootKey"] = '{"algorithm": "ED25519"}'
    apply_config(values)
    with pytest.raises(StackConfigError, match="RSA or ECDSA"):
        read_config()
