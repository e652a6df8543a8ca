"""Build the lab's host and service specs from an inventory selection."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model.province import Endpoint as InventoryEndpoint
from campusctl.inventory.selection import select
from campusctl.lab.linux.spec import Endpoint, HostSpec, ProvincialServices


def host_specs(inventory: Inventory, pattern: str | None = None) -> list[HostSpec]:
    """Return the Linux hosts (terminals and servers) that ``pattern`` selects, in inventory order."""
    specs = []
    for member in select(inventory, pattern):
        host = member.host
        if host is None:
            continue
        specs.append(
            HostSpec(
                name=host.name,
                kind=host.kind.value,
                ipv4=host.ipv4,
                ipv6=host.ipv6,
                school=member.school.code,
            )
        )
    return specs


def provincial_services(inventory: Inventory) -> ProvincialServices:
    """Return the provincial services that the lab must emulate, from ``province.yml``."""
    services = inventory.province.services
    return ProvincialServices(
        ntp=tuple(_address(a) for a in services.ntp),
        syslog=tuple(_address(a) for a in services.syslog),
        dns=tuple(_address(a) for a in services.dns),
        radius=tuple(_address(server.address) for server in services.radius),
        ca=_endpoint(services.ca) if services.ca is not None else None,
        endpoints=tuple(_endpoint(e) for e in services.yuejiaoyun),
        **({"radius_secret": services.radius[0].secret} if services.radius else {}),
    )


def _address(value: object) -> IPv4Address | IPv6Address:
    if isinstance(value, IPv4Address | IPv6Address):
        return value
    return IPv4Address(str(value)) if ":" not in str(value) else IPv6Address(str(value))


def _endpoint(endpoint: InventoryEndpoint) -> Endpoint:
    return Endpoint(endpoint.name, endpoint.fqdn, endpoint.ipv4, endpoint.ipv6)
