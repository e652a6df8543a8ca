"""Fixtures of the testinfra suite: the lab hosts the playbooks configured.

The suite runs only when ``CAMPUSCTL_LAB_CONTEXT`` names the context file that
the lab flow test writes after starting the lab and running the playbooks
(tests/roles/test_lab_hosts.py). Without it, ``make test`` skips collecting it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import testinfra
import yaml
from targets import Target

CONTEXT_ENV = "CAMPUSCTL_LAB_CONTEXT"

if not os.environ.get(CONTEXT_ENV):
    collect_ignore_glob = ["test_host_*.py"]


def _context() -> dict[str, Any]:
    return json.loads(Path(os.environ[CONTEXT_ENV]).read_text(encoding="utf-8"))


def _names(kind: str) -> list[str]:
    if not os.environ.get(CONTEXT_ENV):
        return []
    return [name for name, host in _context()["hosts"].items() if host["kind"] == kind]


@pytest.fixture(scope="session")
def context() -> dict[str, Any]:
    """The lab context: hosts, provincial services, secrets file and paths."""
    return _context()


def _backend(context: dict[str, Any], name: str) -> testinfra.host.Host:
    address = context["hosts"][name]["address"]
    return testinfra.get_host(f"ssh://root@{address}", ssh_config=context["ssh_config"])


@pytest.fixture(scope="session", params=_names("terminal"))
def terminal(request: pytest.FixtureRequest, context: dict[str, Any]) -> testinfra.host.Host:
    """Each classroom terminal of the lab."""
    return _backend(context, request.param)


@pytest.fixture(scope="session", params=_names("server"))
def server(request: pytest.FixtureRequest, context: dict[str, Any]) -> testinfra.host.Host:
    """Each school server of the lab."""
    return _backend(context, request.param)


@pytest.fixture(scope="session", params=_names("terminal") + _names("server"))
def any_host(request: pytest.FixtureRequest, context: dict[str, Any]) -> Target:
    """Every lab host, terminal or server: the promises both roles make."""
    name = request.param
    return Target(name, context["hosts"][name]["kind"], _backend(context, name))


@pytest.fixture(scope="session")
def secrets(context: dict[str, Any]) -> dict[str, str]:
    """The lab secrets: the RADIUS test account and the shared secret, read under its inventory name."""
    account = json.loads(Path(context["secrets_file"]).read_text(encoding="utf-8"))
    store = yaml.safe_load(Path(context["lab_secrets_file"]).read_text(encoding="utf-8"))
    return {**account, "radius_secret": store[context["radius_secret_name"]]}
