"""Management-path changes, which are pushed last because they can cut the session.

Remote login (VTY lines, SSH server, AAA and local users), the ACLs that
guard it, the default route and the management SVI are management-path
configuration. The ACLs and the SVI are found in the configurations
themselves when the caller does not name them: an ACL that a VTY line or
the SSH server references, and the SVI whose subnet holds the default
gateway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Interface

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.netkit.errors import InterfaceNameError
from campusctl.netkit.interfaces import InterfaceRole, interface_role, svi_interface
from campusctl.platforms import PlatformId

_MANAGEMENT: tuple[str, ...] = (
    r"^user-interface (?:vty|maximum-vty)\b",
    r"^line vty\b",
    r"^line class vty\b",
    r"^aaa\b",
    r"^(?:hwtacacs|radius)[- ]",
    r"^tacacs\b",
    r"^local-user\b",
    r"^username\b",
    r"^enable (?:secret|password)\b",
    r"^(?:stelnet|ssh|ip ssh|sftp) ",
    r"^ssh server\b",
    r"^ip route-static 0\.0\.0\.0 (?:0\.0\.0\.0|0) ",
    r"^ip route 0\.0\.0\.0 0\.0\.0\.0 ",
    r"^ip default-gateway\b",
    r"^ipv6 route(?:-static)? ::(?:/0| 0) ",
)

_MANAGEMENT_RES = tuple(re.compile(p) for p in _MANAGEMENT)

_VTY_SECTION_RE = re.compile(r"^(?:user-interface|line)(?: class)? vty\b")
_VTY_ACL_RE = re.compile(
    r"^(?:ipv6 )?(?:access-class|acl)\s+(?:ipv6 )?(?:(?:number|name|advanced|basic) )*"
    r"(?P<acl>\S+)\s+(?:in|inbound)\b"
)
_SSH_ACL_RE = re.compile(r"^ssh server (?:ipv6 )?acl (?:ipv6 )?(?:name )?(?P<acl>\S+)")
_DEFAULT_ROUTE_RE = re.compile(
    r"^(?:ip route-static 0\.0\.0\.0 (?:0\.0\.0\.0|0)|ip route 0\.0\.0\.0 0\.0\.0\.0|"
    r"ip default-gateway)\s+(?P<gateway>\d+\.\d+\.\d+\.\d+)"
)
_SVI_ADDRESS_RE = re.compile(r"^ip address (?P<address>[\d.]+) (?P<mask>[\d.]+|\d+)$")


def referenced_acls(trees: Iterable[HConfig]) -> set[str]:
    """Return the ACL names or numbers that VTY lines and the SSH server reference."""
    acls: set[str] = set()
    for tree in trees:
        for child in tree.children:
            if (match := _SSH_ACL_RE.match(child.text)) is not None:
                acls.add(match["acl"])
            if not _VTY_SECTION_RE.match(child.text):
                continue
            for line in child.children:
                if (match := _VTY_ACL_RE.match(line.text)) is not None:
                    acls.add(match["acl"])
    return acls


def gateway_interfaces(trees: Iterable[HConfig], platform_id: PlatformId) -> set[str]:
    """Return the SVIs (and management ports) whose subnet contains the default gateway."""
    trees = list(trees)
    gateways: set[IPv4Address] = set()
    for tree in trees:
        for child in tree.children:
            if (match := _DEFAULT_ROUTE_RE.match(child.text)) is not None:
                gateways.add(IPv4Address(match["gateway"]))
    names: set[str] = set()
    for tree in trees:
        for iface in tree.get_children(startswith="interface "):
            name = iface.text.removeprefix("interface ")
            try:
                role = interface_role(name, platform_id)
            except InterfaceNameError:
                continue
            if role is InterfaceRole.MANAGEMENT:
                names.add(name)
                continue
            for line in iface.children:
                match = _SVI_ADDRESS_RE.match(line.text)
                if match is None:
                    continue
                network = IPv4Interface(f"{match['address']}/{match['mask']}").network
                if any(gateway in network for gateway in gateways):
                    names.add(name)
    return names


def management_patterns(
    platform_id: PlatformId,
    trees: Iterable[HConfig],
    *,
    vlan: int | None = None,
    acls: Iterable[str] = (),
) -> list[re.Pattern[str]]:
    """Return regexes of the top-level lines that carry the management path."""
    trees = list(trees)
    patterns = list(_MANAGEMENT_RES)
    interfaces = gateway_interfaces(trees, platform_id)
    if vlan is not None:
        interfaces.add(svi_interface(platform_id, vlan))
    for name in sorted(interfaces):
        patterns.append(re.compile(rf"^interface {re.escape(name)}$"))
    for acl in sorted({*map(str, acls), *referenced_acls(trees)}):
        name = re.escape(acl)
        patterns.append(
            re.compile(
                rf"^(?:acl (?:number |name |advanced |basic |ipv6 )*{name}\b"
                rf"|ip access-list (?:standard |extended )?{name}$"
                rf"|ipv6 access-list {name}$"
                rf"|access-list {name}\s)"
            )
        )
    return patterns


def is_management(child: HConfigChild, patterns: list[re.Pattern[str]]) -> bool:
    """True when the top-level ``child`` (or its negation) carries the management path."""
    text = child.text.removeprefix(child.driver.negation_prefix)
    return any(p.search(text) for p in patterns)
