"""What the lab needs to know about the hosts and provincial services it runs.

These small dataclasses keep the lab independent of how the inventory is
loaded; :mod:`campusctl.lab.linux.selection` builds them from an inventory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from typing import Literal

from campusctl.i18n import _
from campusctl.lab.linux.errors import LabHostError

# Lab hosts and services are addressed only inside these documentation ranges,
# which are never routed, so no lab packet can be meant for a real machine.
LAB_IPV4 = IPv4Network("198.18.0.0/15")
LAB_IPV6 = IPv6Network("2001:db8::/32")
# The root namespace's address on the lab bridge (Ansible and tests connect from it)
# and the lab's own infrastructure address (package repository).
CONTROLLER_IPV4 = IPv4Interface("198.19.255.254/15")
CONTROLLER_IPV6 = IPv6Interface("2001:db8:ffff:ffff::fffe/32")
INFRA_IPV4 = IPv4Address("198.19.255.253")
INFRA_IPV6 = IPv6Address("2001:db8:ffff:ffff::fffd")
REPO_PORT = 8080

HostKind = Literal["terminal", "server"]
_HOSTNAME_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def require_lab_address(address: IPv4Address | IPv6Address, owner: str) -> None:
    """Raise :class:`LabHostError` unless ``address`` lies inside the lab ranges."""
    inside = address in LAB_IPV4 if address.version == 4 else address in LAB_IPV6
    if not inside:
        raise LabHostError(
            _(
                "{owner} has address {address}, outside the lab ranges {ipv4} and {ipv6}; "
                "the lab only uses documentation addresses, so fix the inventory or the overlay."
            ).format(owner=owner, address=address, ipv4=LAB_IPV4, ipv6=LAB_IPV6)
        )


@dataclass(frozen=True)
class HostSpec:
    """One lab Linux host: a classroom terminal or a school server."""

    name: str
    kind: HostKind
    ipv4: IPv4Interface
    ipv6: IPv6Interface | None = None
    school: str = ""

    def __post_init__(self) -> None:
        if not _HOSTNAME_RE.match(self.name):
            raise LabHostError(
                _("Host name '{name}' is not a valid hostname (letters, digits, hyphens).").format(
                    name=self.name
                )
            )
        require_lab_address(self.ipv4.ip, self.name)
        if self.ipv6 is not None:
            require_lab_address(self.ipv6.ip, self.name)

    @property
    def hostname(self) -> str:
        """Return the host name in the lower case that Linux tools print."""
        return self.name.lower()


@dataclass(frozen=True)
class Endpoint:
    """A named service endpoint, such as the provincial CA."""

    name: str
    fqdn: str
    ipv4: IPv4Address | None = None
    ipv6: IPv6Address | None = None


@dataclass(frozen=True)
class ProvincialServices:
    """Addresses of the provincial services that the lab emulates."""

    ntp: tuple[IPv4Address | IPv6Address, ...] = ()
    syslog: tuple[IPv4Address | IPv6Address, ...] = ()
    dns: tuple[IPv4Address | IPv6Address, ...] = ()
    radius: tuple[IPv4Address | IPv6Address, ...] = ()
    ca: Endpoint | None = None
    endpoints: tuple[Endpoint, ...] = field(default_factory=tuple)
    radius_secret: str = "radius_shared_secret"
    """Name of the RADIUS shared secret (as the inventory names it), never its value."""

    def addresses(self) -> list[IPv4Address | IPv6Address]:
        """Return every distinct service address, in a stable order."""
        found: list[IPv4Address | IPv6Address] = []
        for group in (self.ntp, self.syslog, self.dns, self.radius):
            found.extend(group)
        for endpoint in (self.ca, *self.endpoints):
            if endpoint is not None:
                found.extend(a for a in (endpoint.ipv4, endpoint.ipv6) if a is not None)
        unique = list(dict.fromkeys(found))
        for address in unique:
            require_lab_address(address, _("provincial service"))
        return unique
