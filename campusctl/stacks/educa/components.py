"""Certificate authority components: the root, intermediates and server certificates."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_tls as tls

from campusctl.stacks.common import child
from campusctl.stacks.educa.config import HOURS_PER_DAY, KeySpec, Subject

#: Key usages of a CA certificate (RFC 5280 keyCertSign and cRLSign).
CA_USES = ["cert_signing", "crl_signing", "digital_signature"]

#: Renew a certificate when a tenth of its lifetime is left, at most 30 days before expiry.
MAX_EARLY_RENEWAL_HOURS = 30 * HOURS_PER_DAY


def _private_key(name: str, spec: KeySpec, parent: pulumi.Resource) -> tls.PrivateKey:
    return tls.PrivateKey(
        name,
        algorithm=spec.algorithm,
        rsa_bits=spec.rsa_bits,
        ecdsa_curve=spec.ecdsa_curve,
        opts=pulumi.ResourceOptions(parent=parent, protect=False),
    )


def _early_renewal(days: int) -> int:
    return min(days * HOURS_PER_DAY // 10, MAX_EARLY_RENEWAL_HOURS)


def server_uses(spec: KeySpec) -> list[str]:
    """Return the key usages of a TLS server certificate for a key of ``spec``.

    keyEncipherment is only meaningful for RSA key transport, so ECDSA
    certificates leave it out (RFC 5480).
    """
    uses = ["digital_signature", "server_auth"]
    if spec.algorithm == "RSA":
        uses.insert(1, "key_encipherment")
    return uses


@dataclass(frozen=True, slots=True)
class RootCaArgs:
    """Inputs of :class:`RootCa`."""

    common_name: str
    subject: Subject
    key: KeySpec
    days: int


class RootCa(pulumi.ComponentResource):
    """The self-signed provincial education root CA.

    The private key leaves the component only as a secret output; signing
    certificates read it through :attr:`private_key_pem`.
    """

    cert_pem: pulumi.Output[str]
    private_key_pem: pulumi.Output[str]

    def __init__(
        self, name: str, args: RootCaArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:educa:RootCa", name, None, opts)
        key = _private_key(name, args.key, self)
        cert = tls.SelfSignedCert(
            name,
            private_key_pem=key.private_key_pem,
            subject=tls.SelfSignedCertSubjectArgs(
                common_name=args.common_name,
                organization=args.subject.organization,
                organizational_unit=args.subject.organizational_unit,
                country=args.subject.country,
                province=args.subject.province,
                locality=args.subject.locality,
            ),
            is_ca_certificate=True,
            max_path_length=1,
            set_subject_key_id=True,
            allowed_uses=CA_USES,
            validity_period_hours=args.days * HOURS_PER_DAY,
            early_renewal_hours=_early_renewal(args.days),
            opts=child(self),
        )
        self.cert_pem = cert.cert_pem
        self.private_key_pem = pulumi.Output.secret(key.private_key_pem)
        self.register_outputs({"certPem": cert.cert_pem, "privateKeyPem": self.private_key_pem})


@dataclass(frozen=True, slots=True)
class SignedCertificateArgs:
    """Inputs of :class:`SignedCertificate`."""

    common_name: str
    subject: Subject
    key: KeySpec
    days: int
    issuer_cert_pem: pulumi.Input[str]
    issuer_key_pem: pulumi.Input[str]
    is_ca: bool = False
    dns_names: list[str] = field(default_factory=list)
    ip_addresses: list[str] = field(default_factory=list)


class SignedCertificate(pulumi.ComponentResource):
    """A key, its request and the certificate an issuing CA signs for it.

    With ``is_ca`` the certificate is an intermediate CA with path length 0,
    so it signs server certificates but no further CA. Without it, the
    certificate is a TLS server certificate for the given names and addresses.
    """

    cert_pem: pulumi.Output[str]
    private_key_pem: pulumi.Output[str]

    def __init__(
        self, name: str, args: SignedCertificateArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        kind = "IntermediateCa" if args.is_ca else "ServerCertificate"
        super().__init__(f"campus:educa:{kind}", name, None, opts)
        key = _private_key(name, args.key, self)
        request = tls.CertRequest(
            name,
            private_key_pem=key.private_key_pem,
            subject=tls.CertRequestSubjectArgs(
                common_name=args.common_name,
                organization=args.subject.organization,
                organizational_unit=args.subject.organizational_unit,
                country=args.subject.country,
                province=args.subject.province,
                locality=args.subject.locality,
            ),
            dns_names=args.dns_names or None,
            ip_addresses=args.ip_addresses or None,
            opts=child(self),
        )
        cert = tls.LocallySignedCert(
            name,
            cert_request_pem=request.cert_request_pem,
            ca_cert_pem=args.issuer_cert_pem,
            ca_private_key_pem=args.issuer_key_pem,
            is_ca_certificate=args.is_ca,
            max_path_length=0 if args.is_ca else None,
            set_subject_key_id=True,
            allowed_uses=CA_USES if args.is_ca else server_uses(args.key),
            validity_period_hours=args.days * HOURS_PER_DAY,
            early_renewal_hours=_early_renewal(args.days),
            opts=child(self),
        )
        self.cert_pem = cert.cert_pem
        self.private_key_pem = pulumi.Output.secret(key.private_key_pem)
        self.register_outputs({"certPem": cert.cert_pem, "privateKeyPem": self.private_key_pem})
