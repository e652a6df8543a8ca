"""Short, readable summaries of planned resources for the terminal."""

from __future__ import annotations

from typing import Any

from campusctl.stacks.plan import PlannedResource

#: The inputs worth showing per resource type, in display order.
KEY_INPUTS: dict[str, tuple[str, ...]] = {
    "openstack:networking/subnet:Subnet": ("cidr", "ipVersion", "ipv6AddressMode"),
    "openstack:networking/secGroupRule:SecGroupRule": (
        "direction",
        "ethertype",
        "protocol",
        "portRangeMin",
        "remoteIpPrefix",
    ),
    "openstack:networking/routerRoute:RouterRoute": ("destinationCidr", "nextHop"),
    "openstack:networking/qosBandwidthLimitRule:QosBandwidthLimitRule": ("direction", "maxKbps"),
    "openstack:networking/port:Port": ("fixedIps",),
    "openstack:blockstorage/volume:Volume": ("size", "volumeType"),
    "openstack:compute/instance:Instance": ("flavorName", "keyPair"),
    "openstack:loadbalancer/loadBalancer:LoadBalancer": ("vipAddress",),
    "openstack:loadbalancer/listener:Listener": ("protocol", "protocolPort"),
    "openstack:loadbalancer/member:Member": ("address", "protocolPort"),
    "openstack:loadbalancer/l7RuleV2:L7RuleV2": ("type", "value"),
    "openstack:dns/zone:Zone": ("name", "ttl"),
    "openstack:dns/recordSet:RecordSet": ("name", "type", "records"),
    "tls:index/privateKey:PrivateKey": ("algorithm", "rsaBits", "ecdsaCurve"),
    "tls:index/selfSignedCert:SelfSignedCert": ("validityPeriodHours", "isCaCertificate"),
    "tls:index/locallySignedCert:LocallySignedCert": ("validityPeriodHours", "isCaCertificate"),
    "tls:index/certRequest:CertRequest": ("dnsNames", "ipAddresses"),
    "keycloak:index/realm:Realm": ("realm", "passwordPolicy", "ssoSessionIdleTimeout"),
    "keycloak:openid/client:Client": ("clientId", "accessType", "rootUrl"),
    "keycloak:index/group:Group": ("name", "attributes"),
    "keycloak:index/role:Role": ("name", "description"),
}

#: Inputs left out of the fallback summary because they are long or repeated everywhere.
_SKIPPED = {"tags", "metadata", "description", "tenantId", "projectId"}


def short_type(type_: str) -> str:
    """Return a short form of a type token.

    ``openstack:networking/subnet:Subnet`` gives ``networking/subnet``,
    ``tls:index/privateKey:PrivateKey`` gives ``tls/privateKey`` and a
    component such as ``campus:yuejiaoyun:Portal`` gives ``yuejiaoyun:Portal``.
    """
    parts = type_.split(":")
    if len(parts) != 3:
        return type_
    package, module, kind = parts
    if "/" not in module:
        return f"{module}:{kind}"
    group, member = module.split("/", 1)
    return f"{package if group == 'index' else group}/{member}"


def _format(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(_format(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}={_format(v)}" for k, v in value.items())
    return str(value)


def key_inputs(resource: PlannedResource, limit: int = 3) -> str:
    """Return ``key=value`` pairs of the inputs that identify ``resource``."""
    keys = KEY_INPUTS.get(resource.type)
    if keys is None:
        keys = tuple(
            k
            for k, v in resource.inputs.items()
            if k not in _SKIPPED and isinstance(v, str | int | float | bool)
        )[:limit]
    pairs = [
        f"{k}={_format(resource.inputs[k])}"
        for k in keys
        if resource.inputs.get(k) not in (None, "", [])
    ]
    return " ".join(pairs)


def parent_name(resource: PlannedResource) -> str:
    """Return the parent's name, or ``-`` for a child of the stack itself."""
    parts = resource.parent.split("::")
    if len(parts) < 4 or parts[2].split("$")[-1] == "pulumi:pulumi:Stack":
        return "-"
    return parts[3]
