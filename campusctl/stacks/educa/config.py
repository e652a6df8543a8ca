"""The typed configuration of the education CA stack."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi

from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError

NAMESPACE = "edu-ca"

#: Key algorithms a certificate of the CA may use, with the sizes or curves allowed.
RSA_BITS = (2048, 3072, 4096)
ECDSA_CURVES = ("P256", "P384", "P521")

HOURS_PER_DAY = 24


@dataclass(frozen=True, slots=True)
class KeySpec:
    """A private key algorithm with its size (RSA) or curve (ECDSA)."""

    algorithm: str
    rsa_bits: int | None = None
    ecdsa_curve: str | None = None

    def label(self) -> str:
        """Return ``RSA-4096`` or ``ECDSA-P384``."""
        return f"RSA-{self.rsa_bits}" if self.algorithm == "RSA" else f"ECDSA-{self.ecdsa_curve}"


@dataclass(frozen=True, slots=True)
class Subject:
    """The distinguished-name fields shared by every certificate of the CA."""

    organization: str
    organizational_unit: str
    country: str
    province: str
    locality: str


@dataclass(frozen=True, slots=True)
class EduCaConfig:
    """Everything the CA program reads from its stack configuration."""

    environment: str
    subject: Subject
    root_name: str
    root_key: KeySpec
    intermediate_key: KeySpec
    server_key: KeySpec
    root_days: int
    intermediate_days: int
    server_days: int
    school_domain: str
    inventory: Path


def _error(key: str, detail: str) -> StackConfigError:
    return StackConfigError(
        _("Invalid stack setting {key}: {detail}").format(key=f"{NAMESPACE}:{key}", detail=detail)
    )


def _key(key: str, raw: Any) -> KeySpec:
    if not isinstance(raw, dict):
        raise _error(key, _("expected a mapping with algorithm and rsaBits or ecdsaCurve."))
    algorithm = str(raw.get("algorithm", "")).upper()
    if algorithm == "RSA":
        bits = int(raw.get("rsaBits", 0))
        if bits not in RSA_BITS:
            raise _error(key, _("rsaBits must be one of {allowed}.").format(allowed=RSA_BITS))
        return KeySpec("RSA", rsa_bits=bits)
    if algorithm == "ECDSA":
        curve = str(raw.get("ecdsaCurve", ""))
        if curve not in ECDSA_CURVES:
            raise _error(
                key, _("ecdsaCurve must be one of {allowed}.").format(allowed=ECDSA_CURVES)
            )
        return KeySpec("ECDSA", ecdsa_curve=curve)
    raise _error(
        key, _("algorithm must be RSA or ECDSA, not {value}.").format(value=algorithm or "-")
    )


def read_config() -> EduCaConfig:
    """Read and check the stack configuration of the current Pulumi program.

    Raises:
        StackConfigError: a value is invalid.
        pulumi.ConfigMissingError: a required key is missing.
    """
    config = pulumi.Config(NAMESPACE)
    subject = config.require_object("subject")
    if not isinstance(subject, dict):
        raise _error("subject", _("expected a mapping."))
    try:
        parsed_subject = Subject(
            organization=str(subject["organization"]),
            organizational_unit=str(subject["organizationalUnit"]),
            country=str(subject["country"]),
            province=str(subject["province"]),
            locality=str(subject["locality"]),
        )
    except KeyError as err:
        raise _error("subject", _("missing field {field}.").format(field=err)) from err
    days = {
        name: config.require_int(name) for name in ("rootDays", "intermediateDays", "serverDays")
    }
    for name, value in days.items():
        if value < 1:
            raise _error(name, _("must be a positive number of days."))
    return EduCaConfig(
        environment=pulumi.get_stack(),
        subject=parsed_subject,
        root_name=config.require("rootName"),
        root_key=_key("rootKey", config.require_object("rootKey")),
        intermediate_key=_key("intermediateKey", config.require_object("intermediateKey")),
        server_key=_key("serverKey", config.require_object("serverKey")),
        root_days=days["rootDays"],
        intermediate_days=days["intermediateDays"],
        server_days=days["serverDays"],
        school_domain=config.require("schoolDomain"),
        inventory=Path(config.get("inventory") or "../../inventory"),
    )
