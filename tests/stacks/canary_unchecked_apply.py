"""Canary: a stack test written the way that used to pass without checking anything.

This file is not named ``test_*.py``, so the suite does not collect it; run on
its own (``pytest tests/stacks/canary_unchecked_apply.py``) it must fail.
The test registers a subnet tagged ``owner=netops`` and checks for another
owner inside an ``apply`` that it neither returns nor awaits, without
``@pulumi.runtime.test``. Without the guard in conftest.py the assertion would
never run and the test would pass. test_canary.py runs this file in a
subprocess and expects exactly this failure.
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network

from campusctl.stacks.yuejiaoyun.network import DualStackNetwork, DualStackNetworkArgs


def test_subnet_owner_unchecked() -> None:
    network = DualStackNetwork(
        "canary",
        DualStackNetworkArgs(
            ipv4=IPv4Network("198.18.240.0/24"),
            ipv6=IPv6Network("2001:db8:fff0:1::/64"),
            router_id="router-1",
            tags={"owner": "netops"},
        ),
    )

    def check(tags: list[str] | None) -> None:
        assert tags is not None
        assert "owner=someone-else" in tags, "canary: wrong owner expected on purpose"

    network.subnet_v4.tags.apply(check)
