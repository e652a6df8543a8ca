"""The school's address plan: its blocks, a subnet per VLAN, and device and host addresses.

Each VLAN's IPv4 subnet has room for its wired ports plus the growth share.
Wireless zones add the clients of the access points, and zones with static
hosts add the static-host offset. Three addresses (network, gateway,
broadcast) come on top, and the total is rounded up to a power of two.
The gateway is the subnet's first host, devices follow from the second, and
static hosts start ``host_offset`` addresses after the gateway. The IPv6 /64
of a VLAN is subnet number <VLAN id> of the school's block, and every IPv6
address uses the same host number as its IPv4 one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Interface, IPv4Network, IPv6Interface, IPv6Network
from typing import Any

from campusctl.inventory.model import Pools, School
from campusctl.inventory.model.enums import Zone
from campusctl.onboard.ipam import (
    block_prefixlen,
    first_free,
    last_free,
    pack_subnets,
    prefixlen_for,
    vlan_ipv6,
)
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.spec import SchoolSpec

RESERVED_PER_SUBNET = 3
"""Network, gateway and broadcast addresses of every IPv4 subnet."""
STATIC_HOST_ZONES = (Zone.TEACHING, Zone.SERVERS)
"""Zones where the plan gives hosts (班班通 terminals, the school server) static addresses."""


@dataclass(frozen=True)
class AddressPlan:
    """The school's blocks and the subnets of its VLANs."""

    ipv4: IPv4Network
    ipv6: IPv6Network
    vlans_ipv4: dict[Zone, IPv4Network]
    vlans_ipv6: dict[Zone, IPv6Network]

    def management(self, index: int, vlan_id: int) -> dict[str, Any]:
        """Return the management entry of the ``index``-th device (gateway + 1 + index)."""
        return {
            "vlan": vlan_id,
            **self._addresses(Zone.MANAGEMENT, 2 + index),
        }

    def host(self, zone: Zone, index: int, rules: SizingRules) -> dict[str, Any]:
        """Return the VLAN and addresses of the ``index``-th static host of ``zone``."""
        return {
            "vlan": rules.vlan_id(zone),
            **self._addresses(zone, 1 + rules.addressing.host_offset + index),
        }

    def _addresses(self, zone: Zone, host_number: int) -> dict[str, str]:
        subnet4 = self.vlans_ipv4[zone]
        subnet6 = self.vlans_ipv6[zone]
        if host_number >= subnet4.num_addresses - 1:
            raise ValueError(f"host number {host_number} does not fit in {subnet4}")
        return {
            "ipv4": f"{subnet4.network_address + host_number}/{subnet4.prefixlen}",
            "ipv6": f"{subnet6.network_address + host_number}/{subnet6.prefixlen}",
        }


def subnet_requests(
    rules: SizingRules, zones: Sequence[Zone], wired: dict[Zone, int], ap_count: int
) -> list[tuple[int, int]]:
    """Return ``(VLAN id, prefix length)`` of every zone's IPv4 subnet."""
    addressing = rules.addressing
    requests: list[tuple[int, int]] = []
    for zone in zones:
        wired_total = math.ceil(wired.get(zone, 0) * (100 + addressing.growth_percent) / 100)
        total = (
            wired_total
            + addressing.clients_per_ap.get(zone, 0) * ap_count
            + (addressing.host_offset if zone in STATIC_HOST_ZONES else 0)
            + RESERVED_PER_SUBNET
        )
        requests.append((rules.vlan_id(zone), min(addressing.max_prefixlen, prefixlen_for(total))))
    return requests


def reserved_ipv6(pools: Sequence[IPv6Network], prefixlen: int) -> list[IPv6Network]:
    """Return the first and the last block of ``prefixlen`` in every pool larger than one block."""
    reserved: list[IPv6Network] = []
    for pool in pools:
        if pool.prefixlen >= prefixlen:
            continue
        size = 1 << (128 - prefixlen)
        reserved.append(IPv6Network((int(pool.network_address), prefixlen)))
        reserved.append(IPv6Network((int(pool.broadcast_address) - size + 1, prefixlen)))
    return reserved


def plan_addresses(
    spec: SchoolSpec,
    rules: SizingRules,
    zones: Sequence[Zone],
    wired: dict[Zone, int],
    ap_count: int,
    pools: Pools,
    used_ipv4: list[IPv4Network],
    used_ipv6: list[IPv6Network],
    keep: School | None = None,
) -> AddressPlan | None:
    """Allocate the school's blocks and VLAN subnets; None when the district has no room.

    :param keep: the school's current entry; its blocks are kept when still
        inside the district's pools and large enough.
    """
    requests = subnet_requests(rules, zones, wired, ap_count)
    ipv4_prefixlen = block_prefixlen(requests)
    ipv6_prefixlen = rules.addressing.school_ipv6_prefixlen
    block4: IPv4Network | None = None
    block6: IPv6Network | None = None
    if keep is not None:
        old4, old6 = keep.prefixes.ipv4, keep.prefixes.ipv6
        if old4.prefixlen <= ipv4_prefixlen and any(old4.subnet_of(p) for p in pools.ipv4):
            block4 = old4
        if old6.prefixlen <= ipv6_prefixlen and any(old6.subnet_of(p) for p in pools.ipv6):
            block6 = old6
    reserved = (
        reserved_ipv6(pools.ipv6, ipv6_prefixlen) if rules.addressing.reserve_ipv6_ends else []
    )
    block4 = block4 or first_free(pools.ipv4, used_ipv4, ipv4_prefixlen)
    block6 = block6 or first_free(pools.ipv6, [*used_ipv6, *reserved], ipv6_prefixlen)
    if block4 is None or block6 is None:
        return None
    by_id = pack_subnets(block4, requests)
    return AddressPlan(
        ipv4=block4,
        ipv6=block6,
        vlans_ipv4={zone: by_id[rules.vlan_id(zone)] for zone in zones},
        vlans_ipv6={zone: vlan_ipv6(block6, rules.vlan_id(zone)) for zone in zones},
    )


UPLINK_HOST = 2
"""Host number of the school's side of its uplink network (the district side is 1)."""


def links_ipv6(pools: Sequence[IPv6Network]) -> list[IPv6Network]:
    """Return the last /64 of every IPv6 pool, where the district's link networks go."""
    return [
        IPv6Network((int(pool.broadcast_address) - (1 << 64) + 1, 64))
        for pool in pools
        if pool.prefixlen <= 64
    ]


def plan_uplink(
    spec: SchoolSpec,
    rules: SizingRules,
    pools: Pools,
    used_ipv4: Sequence[IPv4Network],
    used_ipv6: Sequence[IPv6Network],
    keep: School | None = None,
) -> tuple[IPv4Interface, IPv6Interface] | None:
    """Return the school's addresses on its uplink; None when the district has no room.

    The spec's own addresses win, then those of the school's current entry
    (so a re-plan keeps them), then a new /30 from the end of the IPv4 pools
    and a new /126 from the last /64 of the IPv6 pools.
    """
    old = keep.uplinks[0] if keep is not None and keep.uplinks else None
    ipv4 = spec.uplink_ipv4 or (old.ipv4 if old is not None else None)
    ipv6 = spec.uplink_ipv6 or (old.ipv6 if old is not None else None)
    if ipv4 is None:
        network4 = last_free(pools.ipv4, used_ipv4, rules.addressing.uplink_ipv4_prefixlen)
        if network4 is None:
            return None
        ipv4 = IPv4Interface(f"{network4.network_address + UPLINK_HOST}/{network4.prefixlen}")
    if ipv6 is None:
        network6 = first_free(
            links_ipv6(pools.ipv6), used_ipv6, rules.addressing.uplink_ipv6_prefixlen
        )
        if network6 is None:
            return None
        ipv6 = IPv6Interface(f"{network6.network_address + UPLINK_HOST}/{network6.prefixlen}")
    return ipv4, ipv6
