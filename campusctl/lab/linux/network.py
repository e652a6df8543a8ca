"""The lab bridge, per-host network namespaces and veth pairs, and the no-forwarding rules.

Layout: one bridge in the root namespace carries every lab address on a single
layer-2 segment. Each host or service container has its own namespace with a
veth whose inner end is ``eth0``. Containers get on-link routes for the lab
ranges and no default route, and an nftables table drops every packet the root
namespace would forward into or out of the bridge, so no lab traffic leaves it.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from pathlib import Path

from campusctl.i18n import _
from campusctl.lab.linux import system
from campusctl.lab.linux.errors import LabHostError
from campusctl.lab.linux.spec import CONTROLLER_IPV4, CONTROLLER_IPV6, LAB_IPV4, LAB_IPV6

log = logging.getLogger(__name__)

NETNS_DIR = Path("/run/netns")
# Earlier versions used one table for every lab; it is removed only when its
# rules name this lab's bridge, so stopping one lab never drops another's.
LEGACY_NFT_TABLE = "campusctl_lab"


def lab_tag(state_dir: Path) -> str:
    """Return a short tag naming this lab's bridge, namespaces and links."""
    return hashlib.sha256(os.fspath(state_dir.resolve()).encode()).hexdigest()[:4]


def bridge_name(tag: str) -> str:
    return f"cclab{tag}"


def nft_table(tag: str) -> str:
    """Return the name of this lab's own nftables table (in the ``inet`` family)."""
    return f"campusctl_lab_{tag}"


def netns_name(tag: str, host: str) -> str:
    return f"cclab{tag}-{host.lower()}"


def veth_name(tag: str, index: int) -> str:
    """Return the root-side veth name (at most 15 characters, as the kernel requires)."""
    return f"ccv{tag}{index:04d}"


def link_exists(name: str) -> bool:
    return Path("/sys/class/net", name).exists()


def ensure_bridge(tag: str) -> str:
    """Create the lab bridge with the controller addresses and the drop rules."""
    bridge = bridge_name(tag)
    _reject_other_lab(bridge)
    if not link_exists(bridge):
        system.run(["ip", "link", "add", bridge, "type", "bridge"])
        # Without IPv6 DAD the controller address is usable at once.
        system.run(["ip", "addr", "add", str(CONTROLLER_IPV4), "dev", bridge])
        system.run(["ip", "-6", "addr", "add", str(CONTROLLER_IPV6), "dev", bridge, "nodad"])
        system.run(["ip", "link", "set", bridge, "up"])
    install_drop_rules(bridge, nft_table(tag))
    return bridge


def _reject_other_lab(bridge: str) -> None:
    """Raise when another bridge already routes the lab range (a second lab running)."""
    routes = system.run(["ip", "-o", "route", "show", str(LAB_IPV4)], check=False).stdout
    for line in routes.splitlines():
        fields = line.split()
        if "dev" in fields:
            device = fields[fields.index("dev") + 1]
            if device != bridge:
                raise LabHostError(
                    _(
                        "The lab range {range} is already routed to {device}: another lab "
                        "is running; stop it with `campusctl lab down` in its folder first."
                    ).format(range=LAB_IPV4, device=device)
                )


def install_drop_rules(bridge: str, table: str) -> None:
    """Load the nftables ``table`` that drops all forwarding into or out of ``bridge``."""
    ruleset = (
        f"table inet {table} {{}}\n"
        f"delete table inet {table}\n"
        f"table inet {table} {{\n"
        "  chain forward {\n"
        "    type filter hook forward priority -10; policy accept;\n"
        # With br_netfilter loaded, frames bridged between two lab ports pass
        # this hook with the bridge as both input and output; they stay.
        f'    iifname "{bridge}" oifname != "{bridge}" counter drop\n'
        f'    oifname "{bridge}" iifname != "{bridge}" counter drop\n'
        "  }\n"
        "}\n"
    )
    system.run(["nft", "-f", "-"], input_text=ruleset)


def remove_bridge(tag: str) -> None:
    """Delete the bridge and its drop rules (both only if present).

    The rules table is shared by name, so it is deleted only when its rules
    name this lab's bridge: a lab whose start failed because another lab
    runs must not remove the other lab's rules.
    """
    bridge = bridge_name(tag)
    if link_exists(bridge):
        system.run(["ip", "link", "del", bridge])
    tables = system.run(["nft", "list", "tables"], check=False).stdout.splitlines()
    if f"table inet {nft_table(tag)}" in tables:
        system.run(["nft", "delete", "table", "inet", nft_table(tag)])
    if f"table inet {LEGACY_NFT_TABLE}" in tables:
        legacy = system.run(["nft", "list", "table", "inet", LEGACY_NFT_TABLE], check=False)
        if f'"{bridge}"' in legacy.stdout:
            system.run(["nft", "delete", "table", "inet", LEGACY_NFT_TABLE])


def create_namespace(
    tag: str,
    host: str,
    index: int,
    ipv4: Sequence[IPv4Interface],
    ipv6: Sequence[IPv6Interface],
) -> tuple[str, str]:
    """Create the namespace and veth of one container and return their names."""
    namespace = netns_name(tag, host)
    veth = veth_name(tag, index)
    peer = veth + "p"
    if (NETNS_DIR / namespace).exists():
        delete_namespace(namespace, veth)
    system.run(["ip", "netns", "add", namespace])
    system.run(["ip", "link", "add", veth, "type", "veth", "peer", "name", peer])
    system.run(["ip", "link", "set", peer, "netns", namespace])
    system.run(["ip", "link", "set", veth, "master", bridge_name(tag), "up"])
    inside = ["ip", "netns", "exec", namespace]
    system.run([*inside, "ip", "link", "set", peer, "name", "eth0"])
    system.run([*inside, "ip", "link", "set", "lo", "up"])
    system.run([*inside, "ip", "link", "set", "eth0", "up"])
    for address in ipv4:
        system.run([*inside, "ip", "addr", "add", str(address), "dev", "eth0"])
    for address6 in ipv6:
        system.run([*inside, "ip", "-6", "addr", "add", str(address6), "dev", "eth0", "nodad"])
    # On-link routes for the lab ranges only: there is no default route out.
    system.run([*inside, "ip", "route", "replace", str(LAB_IPV4), "dev", "eth0"])
    if ipv6:
        system.run([*inside, "ip", "-6", "route", "replace", str(LAB_IPV6), "dev", "eth0"])
    return namespace, veth


def host_interfaces(
    addresses: Sequence[IPv4Address | IPv6Address],
) -> tuple[list[IPv4Interface], list[IPv6Interface]]:
    """Return single-address interfaces for extra service addresses."""
    v4 = [IPv4Interface(f"{a}/32") for a in addresses if isinstance(a, IPv4Address)]
    v6 = [IPv6Interface(f"{a}/128") for a in addresses if isinstance(a, IPv6Address)]
    return v4, v6


def delete_namespace(namespace: str, veth: str) -> None:
    """Delete a container's veth and namespace (each only if present)."""
    if link_exists(veth):
        system.run(["ip", "link", "del", veth])
    if (NETNS_DIR / namespace).exists():
        system.run(["ip", "netns", "del", namespace])


def namespaces_with_tag(tag: str) -> list[str]:
    """Return the names of this lab's namespaces that still exist."""
    if not NETNS_DIR.is_dir():
        return []
    return sorted(p.name for p in NETNS_DIR.iterdir() if p.name.startswith(f"cclab{tag}-"))


def links_with_tag(tag: str) -> list[str]:
    """Return the names of this lab's root-side veths that still exist."""
    return sorted(
        p.name for p in Path("/sys/class/net").iterdir() if p.name.startswith(f"ccv{tag}")
    )
