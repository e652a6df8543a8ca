"""The typed configuration of the 粤教云 stack, read from the stack's Pulumi config."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import Any

import pulumi

from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError

NAMESPACE = "yuejiaoyun"

#: Platform tiers, each with its own project, network and security group.
TIERS: tuple[str, ...] = ("portal", "resource", "exchange", "identity", "data", "management")

#: Tiers whose servers the portal load balancers may publish.
PUBLISHED_TIERS: tuple[str, ...] = ("resource", "exchange", "identity")


@dataclass(frozen=True, slots=True)
class TierAddressing:
    """The IPv4 and IPv6 prefixes of one tier's network."""

    ipv4: IPv4Network
    ipv6: IPv6Network


@dataclass(frozen=True, slots=True)
class InstanceRole:
    """A group of identical servers of one role (resource center, exchange API, database)."""

    name: str
    tier: str
    count: int
    flavor: str
    boot_gb: int
    data_gb: int


@dataclass(frozen=True, slots=True)
class PublishedEndpoint:
    """A host name the portal publishes and the tier that serves it.

    Without addresses, the addresses come from the inventory's 粤教云 endpoint
    with the same host name.
    """

    fqdn: str
    tier: str
    ipv4: IPv4Address | None = None
    ipv6: IPv6Address | None = None


@dataclass(frozen=True, slots=True)
class ExtraIngress:
    """An ingress rule added by the operator on top of the built-in rules."""

    tier: str
    protocol: str
    port: int
    prefix: IPv4Network | IPv6Network
    description: str


@dataclass(frozen=True, slots=True)
class YuejiaoyunConfig:
    """Everything the 粤教云 program reads from its stack configuration."""

    environment: str
    owner: str
    domain_id: str
    zone: str
    zone_email: str
    external_network: str
    image: str
    volume_type: str
    key_pair: str
    addressing: dict[str, TierAddressing]
    admin_prefixes: tuple[IPv4Network | IPv6Network, ...]
    attachment_ipv4: IPv4Network
    attachment_ipv6: IPv6Network
    roles: tuple[InstanceRole, ...]
    containers: tuple[str, ...]
    endpoints: tuple[PublishedEndpoint, ...]
    extra_ingress: tuple[ExtraIngress, ...]
    inventory: Path


def _error(key: str, detail: str) -> StackConfigError:
    return StackConfigError(
        _("Invalid stack setting {key}: {detail}").format(key=f"{NAMESPACE}:{key}", detail=detail)
    )


def _network(key: str, value: Any, version: int) -> Any:
    try:
        network = ip_network(str(value))
    except ValueError as err:
        raise _error(key, str(err)) from err
    if network.version != version:
        raise _error(
            key, _("{value} is not an IPv{version} prefix.").format(value=value, version=version)
        )
    return network


def _mapping(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _error(key, _("expected a mapping."))
    return value


def _addressing(raw: Any) -> dict[str, TierAddressing]:
    networks = _mapping("networks", raw)
    missing = [tier for tier in TIERS if tier not in networks]
    unknown = sorted(set(networks) - set(TIERS))
    if missing or unknown:
        raise _error(
            "networks",
            _("every tier needs one entry ({tiers}); missing {missing}, unknown {unknown}.").format(
                tiers=", ".join(TIERS), missing=missing or "-", unknown=unknown or "-"
            ),
        )
    result: dict[str, TierAddressing] = {}
    for tier in TIERS:
        entry = _mapping(f"networks.{tier}", networks[tier])
        result[tier] = TierAddressing(
            ipv4=_network(f"networks.{tier}.ipv4", entry.get("ipv4"), 4),
            ipv6=_network(f"networks.{tier}.ipv6", entry.get("ipv6"), 6),
        )
    return result


def _roles(raw: Any) -> tuple[InstanceRole, ...]:
    if not isinstance(raw, list) or not raw:
        raise _error("instances", _("expected a non-empty list of instance roles."))
    roles = []
    for index, item in enumerate(raw):
        entry = _mapping(f"instances[{index}]", item)
        try:
            role = InstanceRole(
                name=str(entry["name"]),
                tier=str(entry["tier"]),
                count=int(entry["count"]),
                flavor=str(entry["flavor"]),
                boot_gb=int(entry["bootGb"]),
                data_gb=int(entry.get("dataGb", 0)),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise _error(
                f"instances[{index}]", _("missing or invalid field {field}.").format(field=err)
            ) from err
        if role.tier not in TIERS:
            raise _error(
                f"instances[{index}].tier", _("unknown tier {tier}.").format(tier=role.tier)
            )
        if role.count < 1:
            raise _error(f"instances[{index}].count", _("must be at least 1."))
        roles.append(role)
    return tuple(roles)


def _endpoints(raw: Any) -> tuple[PublishedEndpoint, ...]:
    if not isinstance(raw, list) or not raw:
        raise _error("endpoints", _("expected a non-empty list of published endpoints."))
    endpoints = []
    for index, item in enumerate(raw):
        entry = _mapping(f"endpoints[{index}]", item)
        tier = str(entry.get("tier", ""))
        if tier not in PUBLISHED_TIERS:
            raise _error(
                f"endpoints[{index}].tier",
                _("{tier} is not one of {tiers}.").format(
                    tier=tier or "-", tiers=", ".join(PUBLISHED_TIERS)
                ),
            )
        try:
            ipv4 = ip_address(str(entry["ipv4"])) if entry.get("ipv4") else None
            ipv6 = ip_address(str(entry["ipv6"])) if entry.get("ipv6") else None
            fqdn = str(entry["fqdn"]).rstrip(".")
        except (KeyError, ValueError) as err:
            raise _error(f"endpoints[{index}]", str(err)) from err
        if (ipv4 is not None and ipv4.version != 4) or (ipv6 is not None and ipv6.version != 6):
            raise _error(
                f"endpoints[{index}]", _("ipv4 and ipv6 must be addresses of their family.")
            )
        endpoints.append(PublishedEndpoint(fqdn, tier, ipv4, ipv6))
    return tuple(endpoints)


def _extra_ingress(raw: Any) -> tuple[ExtraIngress, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _error("extraIngress", _("expected a list of rules."))
    rules = []
    for index, item in enumerate(raw):
        entry = _mapping(f"extraIngress[{index}]", item)
        tier = str(entry.get("tier", ""))
        if tier not in TIERS:
            raise _error(f"extraIngress[{index}].tier", _("unknown tier {tier}.").format(tier=tier))
        try:
            prefix = ip_network(str(entry["prefix"]))
            rule = ExtraIngress(
                tier=tier,
                protocol=str(entry.get("protocol", "tcp")),
                port=int(entry["port"]),
                prefix=prefix,
                description=str(entry.get("description", "")),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise _error(f"extraIngress[{index}]", str(err)) from err
        rules.append(rule)
    return tuple(rules)


def read_config() -> YuejiaoyunConfig:
    """Read and check the stack configuration of the current Pulumi program.

    Raises:
        StackConfigError: a value is invalid.
        pulumi.ConfigMissingError: a required key is missing.
    """
    config = pulumi.Config(NAMESPACE)
    admin_raw = config.require_object("adminPrefixes")
    if not isinstance(admin_raw, list) or not admin_raw:
        raise _error("adminPrefixes", _("expected a non-empty list of prefixes."))
    try:
        admin_prefixes = tuple(ip_network(str(p)) for p in admin_raw)
    except ValueError as err:
        raise _error("adminPrefixes", str(err)) from err
    containers = config.require_object("containers")
    if not isinstance(containers, list):
        raise _error("containers", _("expected a list of container names."))
    zone = config.require("zone")
    if not zone.endswith("."):
        raise _error(
            "zone", _("a DNS zone name must end with a dot, e.g. {zone}.").format(zone=zone + ".")
        )
    return YuejiaoyunConfig(
        environment=pulumi.get_stack(),
        owner=config.require("owner"),
        domain_id=config.get("domainId") or "default",
        zone=zone,
        zone_email=config.require("zoneEmail"),
        external_network=config.require("externalNetwork"),
        image=config.require("image"),
        volume_type=config.require("volumeType"),
        key_pair=config.require("keyPair"),
        addressing=_addressing(config.require_object("networks")),
        admin_prefixes=admin_prefixes,
        attachment_ipv4=_network("attachmentIpv4", config.require("attachmentIpv4"), 4),
        attachment_ipv6=_network("attachmentIpv6", config.require("attachmentIpv6"), 6),
        roles=_roles(config.require_object("instances")),
        containers=tuple(str(c) for c in containers),
        endpoints=_endpoints(config.require_object("endpoints")),
        extra_ingress=_extra_ingress(config.get_object("extraIngress")),
        inventory=Path(config.get("inventory") or "../../inventory"),
    )
