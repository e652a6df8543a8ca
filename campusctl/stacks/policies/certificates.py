"""Certificate policies: key algorithms and sizes, lifetimes and key usages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from campusctl.i18n import _
from campusctl.stacks.policies._support import MANDATORY, config_value, depends_on, schema

PRIVATE_KEY = "tls:index/privateKey:PrivateKey"
CERT_REQUEST = "tls:index/certRequest:CertRequest"
SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert"
LOCALLY_SIGNED = "tls:index/locallySignedCert:LocallySignedCert"

HOURS_PER_DAY = 24

#: The tls provider's defaults when the inputs are left out.
DEFAULT_RSA_BITS = 2048
DEFAULT_ECDSA_CURVE = "P224"

_KEY_SCHEMA = schema(
    minRsaBits={
        "type": "integer",
        "default": 2048,
        "description": "Smallest RSA key of any certificate.",
    },
    allowedCurves={
        "type": "array",
        "items": {"type": "string"},
        "default": ["P256", "P384", "P521"],
        "description": "ECDSA curves any certificate may use.",
    },
)

_CA_KEY_SCHEMA = schema(
    minCaRsaBits={"type": "integer", "default": 3072, "description": "Smallest RSA key of a CA."},
    allowedCaCurves={
        "type": "array",
        "items": {"type": "string"},
        "default": ["P384", "P521"],
        "description": "ECDSA curves a CA may use.",
    },
)

_LIFETIME_SCHEMA = schema(
    maxRootDays={
        "type": "integer",
        "default": 7300,
        "description": "Longest root CA lifetime (20 years).",
    },
    maxIntermediateDays={
        "type": "integer",
        "default": 3650,
        "description": "Longest intermediate CA lifetime (10 years).",
    },
    maxServerDays={
        "type": "integer",
        "default": 398,
        "description": "Longest server certificate lifetime (398 days, the browsers' limit).",
    },
)


def key_problem(props: Mapping[str, Any], min_rsa: int, curves: list[str]) -> str | None:
    """Return why a key of ``props`` is too weak, or None when it is acceptable."""
    algorithm = props.get("algorithm")
    if algorithm == "RSA":
        bits = int(props.get("rsaBits") or DEFAULT_RSA_BITS)
        if bits < min_rsa:
            return _("RSA key of {bits} bits is shorter than {minimum}").format(
                bits=bits, minimum=min_rsa
            )
        return None
    if algorithm == "ECDSA":
        curve = str(props.get("ecdsaCurve") or DEFAULT_ECDSA_CURVE)
        if curve not in curves:
            return _("ECDSA curve {curve} is not one of {allowed}").format(
                curve=curve, allowed=curves
            )
        return None
    return _("algorithm {algorithm} is not RSA or ECDSA").format(algorithm=algorithm)


def _validate_key(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != PRIVATE_KEY:
        return
    config = args.get_config()
    problem = key_problem(
        args.props,
        int(config_value(config, _KEY_SCHEMA, "minRsaBits")),
        list(config_value(config, _KEY_SCHEMA, "allowedCurves")),
    )
    if problem:
        report(
            _("Private key {name}: {problem}; use RSA 2048+ or ECDSA P-256/P-384.").format(
                name=args.name, problem=problem
            ),
            None,
        )


certificate_key_strength = ResourceValidationPolicy(
    name="certificate-key-strength",
    description=_("Certificate keys are RSA of at least 2048 bits or ECDSA on P-256 or stronger."),
    enforcement_level=MANDATORY,
    validate=_validate_key,
    config_schema=_KEY_SCHEMA,
)


def _signing_key(cert: PolicyResource) -> PolicyResource | None:
    if cert.resource_type == SELF_SIGNED:
        keys = depends_on(cert, "privateKeyPem", PRIVATE_KEY)
        return keys[0] if keys else None
    for request in depends_on(cert, "certRequestPem", CERT_REQUEST):
        keys = depends_on(request, "privateKeyPem", PRIVATE_KEY)
        if keys:
            return keys[0]
    return None


def _validate_ca_keys(args: StackValidationArgs, report: ReportViolation) -> None:
    config = args.get_config()
    min_rsa = int(config_value(config, _CA_KEY_SCHEMA, "minCaRsaBits"))
    curves = list(config_value(config, _CA_KEY_SCHEMA, "allowedCaCurves"))
    for resource in args.resources:
        if resource.resource_type not in (SELF_SIGNED, LOCALLY_SIGNED):
            continue
        if not resource.props.get("isCaCertificate"):
            continue
        key = _signing_key(resource)
        if key is None:
            report(
                _(
                    "CA certificate {name}: its private key is not in this stack, so its strength is unknown."
                ).format(name=resource.name),
                resource.urn,
            )
            continue
        problem = key_problem(key.props, min_rsa, curves)
        if problem:
            report(
                _(
                    "CA certificate {name}: {problem}; a CA key must be RSA 3072+ or ECDSA P-384/P-521."
                ).format(name=resource.name, problem=problem),
                resource.urn,
            )


ca_key_strength = StackValidationPolicy(
    name="ca-key-strength",
    description=_(
        "CA certificates use RSA keys of at least 3072 bits or ECDSA on P-384 or stronger."
    ),
    enforcement_level=MANDATORY,
    validate=_validate_ca_keys,
    config_schema=_CA_KEY_SCHEMA,
)


def _validate_lifetime(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type not in (SELF_SIGNED, LOCALLY_SIGNED):
        return
    config = args.get_config()
    props = args.props
    is_ca = bool(props.get("isCaCertificate"))
    uses = set(props.get("allowedUses") or [])
    hours = int(props.get("validityPeriodHours") or 0)

    if args.resource_type == SELF_SIGNED:
        if not is_ca:
            report(
                _(
                    "Self-signed certificate {name} is not a CA: issue server certificates from the CA."
                ).format(name=args.name),
                None,
            )
        limit_key, kind = "maxRootDays", _("root CA")
    elif is_ca:
        limit_key, kind = "maxIntermediateDays", _("intermediate CA")
    else:
        limit_key, kind = "maxServerDays", _("server certificate")
    limit_days = int(config_value(config, _LIFETIME_SCHEMA, limit_key))

    if hours <= 0 or hours > limit_days * HOURS_PER_DAY:
        report(
            _("{kind} {name} is valid for {days} days; the limit is {limit} days.").format(
                kind=kind, name=args.name, days=hours // HOURS_PER_DAY, limit=limit_days
            ),
            None,
        )

    if is_ca and "cert_signing" not in uses:
        report(
            _("CA certificate {name} lacks the cert_signing key usage.").format(name=args.name),
            None,
        )
    if not is_ca and ({"cert_signing", "crl_signing"} & uses):
        report(
            _(
                "Server certificate {name} may sign certificates: remove cert_signing and crl_signing."
            ).format(name=args.name),
            None,
        )
    if not props.get("earlyRenewalHours"):
        report(
            _(
                "Certificate {name} sets no early_renewal_hours, so it is only replaced after it expires."
            ).format(name=args.name),
            None,
        )


certificate_lifetimes = ResourceValidationPolicy(
    name="certificate-lifetimes",
    description=_(
        "Certificates stay within the lifetimes of their kind and carry matching key usages."
    ),
    enforcement_level=MANDATORY,
    validate=_validate_lifetime,
    config_schema=_LIFETIME_SCHEMA,
)
