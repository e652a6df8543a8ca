"""Pulumi mocks and guards for the stack tests.

The mocks are registered here, at import, before any test module imports a
stack program, so no resource is ever sent to a real engine. Two guards keep
a test from passing without checking anything:

* before each test, the runtime must be using the mock monitor;
* after each test, every Output still pending is awaited, so an assertion
  inside an ``apply`` that the test neither returned nor awaited still runs
  and fails the test.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator

import pulumi
import pytest
from pulumi.runtime.settings import SETTINGS
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

from campusctl.stacks.mocks import PlanMocks
from campusctl.stacks.sites import ProvinceSite
from tests.stacks.sample import sample_sites
from tests.stacks.support import require_mocks

PENDING_TIMEOUT_S = 60

pulumi.runtime.set_mocks(PlanMocks(), project="campusctl-tests", stack="test", preview=False)

# pulumi-openstack warns about its own deprecated aliases when it is imported; importing
# it once here with those warnings off keeps them out of every test's report.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import pulumi_openstack  # noqa: F401


@pytest.fixture(autouse=True)
def pulumi_guard() -> Iterator[None]:
    """Fail a test that runs without mocks or leaves an apply unchecked."""
    require_mocks()
    yield
    if SETTINGS.outputs or SETTINGS.rpc_manager.rpcs:
        # A bounded wait: an Output created on another event loop never resolves,
        # and the suite must fail then, not hang.
        _sync_await(asyncio.wait_for(wait_for_rpcs(), timeout=PENDING_TIMEOUT_S))


@pytest.fixture
def province() -> ProvinceSite:
    """The sample inventory's sites (two cities, three districts, four schools)."""
    return sample_sites()


@pytest.fixture
def pulumi_config() -> Iterator[dict[str, str]]:
    """A Pulumi config mapping that the test fills; it is installed and cleared around the test.

    Tests put namespaced keys with CLI-style string values in the mapping and
    call ``apply_config()`` from tests.stacks.support, so config comes from
    the test, never from a live stack.
    """
    values: dict[str, str] = {}
    yield values
    pulumi.runtime.set_all_config({}, [])
