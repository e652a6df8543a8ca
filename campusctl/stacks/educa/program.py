"""The education CA stack program: root, platform and city intermediates, server certificates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from campusctl.stacks.common import child
from campusctl.stacks.educa.components import (
    RootCa,
    RootCaArgs,
    SignedCertificate,
    SignedCertificateArgs,
)
from campusctl.stacks.educa.config import EduCaConfig, read_config
from campusctl.stacks.sites import ProvinceSite, iter_schools, load_sites


@dataclass(frozen=True, slots=True)
class EducationCaArgs:
    """Inputs of :class:`EducationCa`."""

    config: EduCaConfig
    province: ProvinceSite


class EducationCa(pulumi.ComponentResource):
    """The provincial education CA hierarchy of one environment.

    The root signs one intermediate for the provincial platforms and one per
    city. The platform intermediate issues the certificates of the 粤教云
    endpoints, the CA's own web endpoint and the provincial RADIUS servers.
    A city's intermediate issues the certificates of its schools' servers
    (RADIUS, portal and caches).
    """

    def __init__(
        self, name: str, args: EducationCaArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:educa:EducationCa", name, None, opts)
        config, province = args.config, args.province
        subject = config.subject
        root = RootCa(
            f"{name}-root",
            RootCaArgs(config.root_name, subject, config.root_key, config.root_days),
            opts=child(self),
        )

        def intermediate(suffix: str, common_name: str) -> SignedCertificate:
            return SignedCertificate(
                f"{name}-{suffix}",
                SignedCertificateArgs(
                    common_name=common_name,
                    subject=subject,
                    key=config.intermediate_key,
                    days=config.intermediate_days,
                    issuer_cert_pem=root.cert_pem,
                    issuer_key_pem=root.private_key_pem,
                    is_ca=True,
                ),
                opts=child(self),
            )

        def server(
            issuer: SignedCertificate, suffix: str, common_name: str, dns: list[str], ips: list[str]
        ) -> SignedCertificate:
            return SignedCertificate(
                f"{name}-{suffix}",
                SignedCertificateArgs(
                    common_name=common_name,
                    subject=subject,
                    key=config.server_key,
                    days=config.server_days,
                    issuer_cert_pem=issuer.cert_pem,
                    issuer_key_pem=issuer.private_key_pem,
                    dns_names=dns,
                    ip_addresses=ips,
                ),
                opts=child(self),
            )

        platforms = intermediate("platforms", f"{config.root_name} - Platforms")
        cities = {
            city.code: intermediate(
                f"city-{city.code}", f"{config.root_name} - {city.name_en} ({city.code})"
            )
            for city in province.cities
        }
        servers: dict[str, SignedCertificate] = {}
        endpoints = [*province.platforms, *([province.ca] if province.ca else [])]
        for endpoint in endpoints:
            ips = [str(a) for a in (endpoint.ipv4, endpoint.ipv6) if a is not None]
            servers[endpoint.fqdn] = server(
                platforms, f"platform-{endpoint.fqdn}", endpoint.fqdn, [endpoint.fqdn], ips
            )
        for index, address in enumerate(province.radius, start=1):
            label = f"radius{index}.{config.school_domain}"
            servers[label] = server(platforms, f"radius-{index}", label, [label], [str(address)])
        for city, _district, school in iter_schools(province):
            for host in school.servers:
                # Host names are case-insensitive; certificates carry them in lower case.
                fqdn = f"{host.name.lower()}.{school.code}.{config.school_domain}"
                ips = [str(a) for a in (host.ipv4, host.ipv6) if a is not None]
                servers[fqdn] = server(
                    cities[city.code], f"school-{school.code}-{host.name}", fqdn, [fqdn], ips
                )

        self.exports: dict[str, Any] = {
            "rootCertPem": root.cert_pem,
            "rootPrivateKeyPem": root.private_key_pem,
            "platformCaCertPem": platforms.cert_pem,
            "cityCaCertPems": {code: ca.cert_pem for code, ca in cities.items()},
            "serverCertPems": {fqdn: cert.cert_pem for fqdn, cert in servers.items()},
            "serverPrivateKeyPems": pulumi.Output.secret(
                {fqdn: cert.private_key_pem for fqdn, cert in servers.items()}
            ),
        }
        self.register_outputs(self.exports)


def build(province: ProvinceSite | None = None) -> Mapping[str, Any]:
    """Create the CA resources of the current stack and return its exports.

    Args:
        province: the inventory's sites; when None they are loaded from the
            ``edu-ca:inventory`` path, relative to the project folder.
    """
    config = read_config()
    if province is None:
        province = load_sites(config.inventory)
    ca = EducationCa(f"educa-{config.environment}", EducationCaArgs(config, province))
    return ca.exports
