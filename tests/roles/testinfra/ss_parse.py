"""Parse ``ss -lntuH`` output into listening sockets, across iproute2 versions.

iproute2 prints the same socket differently by version and family:
``0.0.0.0:53`` or ``*:53`` for any IPv4 address, ``[::]:53``, ``:::53`` or
``*:53`` for a dual-stack IPv6 socket, ``127.0.0.53%lo:53`` with an interface
scope, and ``[fe80::1]%eth0:123`` for a link-local one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address

ANY = "*"
_ENDPOINT_RE = re.compile(
    r"^(?P<address>\[[^\]]+\]|[^%\s]*?)(?:%(?P<scope>[^:\s]+))?:(?P<port>\d+|\*)$"
)


@dataclass(frozen=True)
class Listener:
    """One listening socket: protocol (tcp/udp), address (or ``*`` for any) and port."""

    protocol: str
    address: str
    port: int

    def serves(self, address: IPv4Address | IPv6Address) -> bool:
        """Return whether a client can reach this socket at ``address``."""
        if self.address == ANY:
            return True
        bound = ip_address(self.address)
        if bound.is_unspecified:
            return bound.version == address.version
        return bound == address


def parse_endpoint(text: str) -> tuple[str, int] | None:
    """Split ``ss``'s local address column into (address, port); ``None`` for ``*:*``."""
    match = _ENDPOINT_RE.match(text)
    if match is None or match.group("port") == "*":
        return None
    address = match.group("address").strip("[]")
    return (address or ANY), int(match.group("port"))


def parse_ss(output: str, protocol: str | None = None) -> set[Listener]:
    """Return the listening TCP and UDP sockets in ``ss -lntu`` output.

    ``ss`` leaves out the Netid column when one protocol is selected (``ss -lnu``);
    pass that protocol as ``protocol`` for such output. The header line is optional.
    """
    found: set[Listener] = set()
    for line in output.splitlines():
        fields = line.split()
        if fields and fields[0] in _STATES:
            if protocol is None:
                continue
            fields = [protocol, *fields]
        if len(fields) < 5 or fields[0] not in ("tcp", "udp"):
            continue
        if fields[1] not in ("LISTEN", "UNCONN"):
            continue
        endpoint = parse_endpoint(fields[4])
        if endpoint is not None:
            found.add(Listener(fields[0], endpoint[0], endpoint[1]))
    return found


_STATES = frozenset(("LISTEN", "UNCONN", "ESTAB", "TIME-WAIT", "CLOSE-WAIT", "SYN-SENT"))


def listening(listeners: set[Listener], protocol: str, port: int, address: str) -> bool:
    """Return whether some socket accepts ``protocol`` traffic to ``address``:``port``."""
    target = ip_address(address)
    return any(
        item.protocol == protocol and item.port == port and item.serves(target)
        for item in listeners
    )
