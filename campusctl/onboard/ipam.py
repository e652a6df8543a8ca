"""Address management: school blocks from district pools, VLAN subnets inside them.

Allocation is first fit and deterministic: the lowest aligned block of the
requested size, in pool order, that overlaps no block already in use. The
result depends only on the pools, the blocks in use and the request order,
so the same inventory and batch always give the same addresses. The
allocated blocks are written to the school files, where the next run finds
them as blocks in use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import TypeVar

Network = TypeVar("Network", IPv4Network, IPv6Network)


def first_free(pools: Sequence[Network], used: Iterable[Network], prefixlen: int) -> Network | None:
    """Return the first block of ``prefixlen`` inside ``pools`` that overlaps nothing in ``used``.

    Pools are tried in their order. ``used`` may contain blocks of any size,
    inside or outside the pools. Returns None when no pool has room.
    """
    in_use = sorted((int(block.network_address), int(block.broadcast_address)) for block in used)
    for pool in pools:
        if prefixlen < pool.prefixlen or prefixlen > pool.max_prefixlen:
            continue
        size = 1 << (pool.max_prefixlen - prefixlen)
        start, end = int(pool.network_address), int(pool.broadcast_address)
        cursor = start
        for low, high in in_use:
            if high < cursor:
                continue
            if low > end:
                break
            if cursor + size - 1 < low:
                break
            cursor = _align_up(high + 1, size)
            if cursor > end:
                break
        if cursor + size - 1 <= end:
            return _network(pool, cursor, prefixlen)
    return None


def last_free(pools: Sequence[Network], used: Iterable[Network], prefixlen: int) -> Network | None:
    """Return the last block of ``prefixlen`` inside ``pools`` that overlaps nothing in ``used``.

    The mirror of :func:`first_free`: pools are tried from the last, and each
    from its top, so small link networks gather at the end of a pool, away
    from the school blocks that fill it from the start.
    """
    in_use = sorted(
        ((int(block.network_address), int(block.broadcast_address)) for block in used),
        key=lambda span: span[1],
        reverse=True,
    )
    for pool in reversed(pools):
        if prefixlen < pool.prefixlen or prefixlen > pool.max_prefixlen:
            continue
        size = 1 << (pool.max_prefixlen - prefixlen)
        start, end = int(pool.network_address), int(pool.broadcast_address)
        cursor = end - size + 1
        for low, high in in_use:
            if low > cursor + size - 1:
                continue
            if high < cursor:
                break
            cursor = (low - size) // size * size
            if cursor < start:
                break
        if cursor >= start:
            return _network(pool, cursor, prefixlen)
    return None


def _align_up(value: int, size: int) -> int:
    return (value + size - 1) // size * size


def _network(pool: Network, address: int, prefixlen: int) -> Network:
    network = ip_network((address, prefixlen))
    assert isinstance(network, type(pool))
    return network


def prefixlen_for(addresses: int, max_bits: int = 32) -> int:
    """Return the longest prefix length whose block holds ``addresses`` addresses."""
    return max_bits - max(0, math.ceil(math.log2(max(addresses, 1))))


def pack_subnets(block: IPv4Network, requests: Sequence[tuple[int, int]]) -> dict[int, IPv4Network]:
    """Place subnets of ``(key, prefixlen)`` inside ``block``, largest first, key order on ties.

    Power-of-two blocks placed largest first are always aligned, so the
    subnets fill the block from its start without gaps.

    :raise ValueError: when the subnets do not fit in ``block``.
    """
    cursor = int(block.network_address)
    placed: dict[int, IPv4Network] = {}
    for key, prefixlen in sorted(requests, key=lambda item: (item[1], item[0])):
        subnet = IPv4Network((cursor, prefixlen))
        if not subnet.subnet_of(block):
            raise ValueError(f"subnets do not fit in {block}")
        placed[key] = subnet
        cursor += subnet.num_addresses
    return placed


def block_prefixlen(requests: Sequence[tuple[int, int]]) -> int:
    """Return the prefix length of the smallest IPv4 block that holds all ``requests``."""
    total = sum(1 << (32 - prefixlen) for _key, prefixlen in requests)
    return prefixlen_for(total)


def vlan_ipv6(school_block: IPv6Network, vlan_id: int) -> IPv6Network:
    """Return the /64 of ``vlan_id``: subnet number ``vlan_id`` of the school's block."""
    if school_block.prefixlen > 64 or vlan_id >= 1 << (64 - school_block.prefixlen):
        raise ValueError(f"VLAN {vlan_id} has no /64 in {school_block}")
    return IPv6Network((int(school_block.network_address) + (vlan_id << 64), 64))
