"""First-fit allocation of school blocks and the packing of VLAN subnets."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_network

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campusctl.onboard.ipam import (
    block_prefixlen,
    first_free,
    last_free,
    pack_subnets,
    prefixlen_for,
    vlan_ipv6,
)


def net4(text: str) -> IPv4Network:
    network = ip_network(text)
    assert isinstance(network, IPv4Network)
    return network


def test_first_free_skips_used_blocks() -> None:
    pool = [net4("198.18.16.0/20")]
    used = [net4("198.18.16.0/21"), net4("198.18.24.0/22")]
    assert first_free(pool, used, 22) == net4("198.18.28.0/22")


def test_first_free_aligns_after_smaller_block() -> None:
    pool = [net4("198.18.0.0/16")]
    used = [net4("198.18.0.0/24")]
    assert first_free(pool, used, 22) == net4("198.18.4.0/22")


def test_first_free_fills_gap_before_used_block() -> None:
    pool = [net4("198.18.0.0/22")]
    used = [net4("198.18.2.0/23")]
    assert first_free(pool, used, 23) == net4("198.18.0.0/23")


def test_first_free_tries_next_pool() -> None:
    pools = [net4("198.18.48.0/24"), net4("198.19.0.0/16")]
    used = [net4("198.18.48.0/25")]
    assert first_free(pools, used, 24) == net4("198.19.0.0/24")


def test_first_free_none_when_full() -> None:
    pool = [net4("198.18.16.0/20")]
    assert first_free(pool, [net4("198.18.16.0/20")], 28) is None


def test_first_free_none_for_block_larger_than_pool() -> None:
    assert first_free([net4("198.18.16.0/24")], [], 23) is None


def test_first_free_ignores_blocks_outside_pool() -> None:
    pool = [net4("198.18.16.0/24")]
    used = [net4("10.0.0.0/8"), net4("198.19.0.0/16")]
    assert first_free(pool, used, 24) == net4("198.18.16.0/24")


def test_first_free_ipv6_slash56() -> None:
    pool = [IPv6Network("2001:db8:4406::/48")]
    used = [IPv6Network("2001:db8:4406:100::/56"), IPv6Network("2001:db8:4406::/56")]
    assert first_free(pool, used, 56) == IPv6Network("2001:db8:4406:200::/56")


def test_pack_subnets_largest_first_without_gaps() -> None:
    placed = pack_subnets(net4("198.18.28.0/22"), [(10, 26), (50, 23), (20, 25), (30, 28)])
    assert placed[50] == net4("198.18.28.0/23")
    assert placed[20] == net4("198.18.30.0/25")
    assert placed[10] == net4("198.18.30.128/26")
    assert placed[30] == net4("198.18.30.192/28")


def test_pack_subnets_rejects_overflow() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        pack_subnets(net4("198.18.0.0/24"), [(10, 24), (20, 28)])


def test_block_prefixlen_rounds_up() -> None:
    assert block_prefixlen([(10, 23), (20, 25)]) == 22
    assert block_prefixlen([(10, 24)]) == 24


def test_prefixlen_for_counts() -> None:
    assert prefixlen_for(256) == 24
    assert prefixlen_for(257) == 23
    assert prefixlen_for(1) == 32


def test_vlan_ipv6_is_subnet_number_vlan_id() -> None:
    block = IPv6Network("2001:db8:4406:100::/56")
    assert vlan_ipv6(block, 10) == IPv6Network("2001:db8:4406:10a::/64")
    assert vlan_ipv6(block, 100) == IPv6Network("2001:db8:4406:164::/64")


def test_vlan_ipv6_rejects_id_beyond_block() -> None:
    with pytest.raises(ValueError, match="no /64"):
        vlan_ipv6(IPv6Network("2001:db8:4406:100::/56"), 256)


POOL = net4("198.18.0.0/20")


@st.composite
def used_blocks(draw: st.DrawFn) -> list[IPv4Network]:
    """Blocks already in use: inside the pool (possibly overlapping each other) or outside it."""
    blocks: list[IPv4Network] = []
    for _ in range(draw(st.integers(0, 8))):
        prefixlen = draw(st.integers(20, 28))
        offset = draw(st.integers(0, (1 << 12) - 1)) >> (32 - prefixlen) << (32 - prefixlen)
        base = (
            int(POOL.network_address)
            if draw(st.booleans())
            else int(net4("198.19.0.0/20").network_address)
        )
        blocks.append(net4(f"{ip_network((base + offset, prefixlen), strict=False)}"))
    return blocks


def brute_force(used: list[IPv4Network], prefixlen: int) -> IPv4Network | None:
    for candidate in POOL.subnets(new_prefix=prefixlen):
        if not any(candidate.overlaps(block) for block in used):
            return candidate
    return None


@settings(max_examples=300, deadline=None)
@given(used=used_blocks(), requests=st.lists(st.integers(22, 29), min_size=1, max_size=20))
def test_allocation_never_overlaps(used: list[IPv4Network], requests: list[int]) -> None:
    allocated = list(used)
    for prefixlen in requests:
        expected = brute_force(allocated, prefixlen)
        block = first_free([POOL], allocated, prefixlen)
        assert block == expected
        if block is None:
            continue
        assert block.subnet_of(POOL)
        assert block.prefixlen == prefixlen
        assert not any(block.overlaps(other) for other in allocated)
        allocated.append(block)


@settings(max_examples=200, deadline=None)
@given(prefixlens=st.lists(st.integers(23, 29), min_size=1, max_size=10))
def test_packed_subnets_never_overlap(prefixlens: list[int]) -> None:
    requests = list(enumerate(prefixlens))
    block = net4(f"198.18.0.0/{block_prefixlen(requests)}")
    placed = list(pack_subnets(block, requests).values())
    for index, subnet in enumerate(placed):
        assert subnet.subnet_of(block)
        assert not any(subnet.overlaps(other) for other in placed[index + 1 :])


POOL6 = IPv6Network("2001:db8:4406::/48")


@settings(max_examples=200, deadline=None)
@given(
    used=st.lists(st.integers(0, 255), max_size=30),
    requests=st.lists(st.integers(52, 60), min_size=1, max_size=12),
)
def test_ipv6_allocation_never_overlaps(used: list[int], requests: list[int]) -> None:
    base = int(POOL6.network_address)
    allocated = [IPv6Network((base + (index << 72), 56)) for index in used]
    for prefixlen in requests:
        block = first_free([POOL6], allocated, prefixlen)
        if block is None:
            assert all(
                any(candidate.overlaps(other) for other in allocated)
                for candidate in POOL6.subnets(new_prefix=prefixlen)
            )
            continue
        assert block.subnet_of(POOL6)
        assert not any(block.overlaps(other) for other in allocated)
        allocated.append(block)


def test_last_free_takes_top_block() -> None:
    pools = [net4("198.18.48.0/20"), net4("198.19.0.0/16")]
    assert last_free(pools, [], 30) == net4("198.19.255.252/30")


def test_last_free_skips_used_top() -> None:
    pool = [net4("198.18.0.0/24")]
    used = [net4("198.18.0.252/30"), net4("198.18.0.240/29")]
    assert last_free(pool, used, 30) == net4("198.18.0.248/30")
    assert last_free(pool, [*used, net4("198.18.0.248/30")], 30) == net4("198.18.0.236/30")


def test_last_free_none_when_full() -> None:
    assert last_free([net4("198.18.0.0/30")], [net4("198.18.0.0/24")], 30) is None


def brute_force_last(used: list[IPv4Network], prefixlen: int) -> IPv4Network | None:
    for candidate in reversed(list(POOL.subnets(new_prefix=prefixlen))):
        if not any(candidate.overlaps(block) for block in used):
            return candidate
    return None


@settings(max_examples=300, deadline=None)
@given(used=used_blocks(), requests=st.lists(st.integers(22, 30), min_size=1, max_size=20))
def test_last_free_matches_brute_force(used: list[IPv4Network], requests: list[int]) -> None:
    allocated = list(used)
    for prefixlen in requests:
        block = last_free([POOL], allocated, prefixlen)
        assert block == brute_force_last(allocated, prefixlen)
        if block is not None:
            assert not any(block.overlaps(other) for other in allocated)
            allocated.append(block)
