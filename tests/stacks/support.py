"""Helpers for the stack tests: the mock guard and config loading."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pulumi
import yaml
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.settings import SETTINGS

from campusctl.stacks.stackconfig import SECRET_PLACEHOLDER

if TYPE_CHECKING:
    from campusctl.stacks.plan import Plan, PlannedResource
    from campusctl.stacks.projects import StackPlan

REPO = Path(__file__).resolve().parents[2]
STACKS = REPO / "stacks"


class MocksNotSetError(RuntimeError):
    """Raised when a stack test runs while Pulumi is not using the mock monitor."""


def require_mocks(monitor: object = None) -> None:
    """Raise unless the Pulumi runtime sends registrations to a mock monitor.

    Without mocks a ``@pulumi.runtime.test`` body whose Outputs never resolve
    would pass without running a single check.

    Args:
        monitor: the monitor to check; the runtime's current one by default.
    """
    if not isinstance(monitor or SETTINGS.monitor, MockMonitor):
        raise MocksNotSetError(
            "Pulumi mocks are not set: call pulumi.runtime.set_mocks() before importing stack code"
        )


def stack_file_config(project: str, env: str, secret_keys: tuple[str, ...] = ()) -> dict[str, str]:
    """Return a real stack file's config as the CLI passes it (strings, JSON objects)."""
    from campusctl.stacks.stackconfig import load_stack_config

    config = load_stack_config(STACKS / project, env, secret_keys)
    return dict(config.values)


def apply_config(values: Mapping[str, str], secret_keys: tuple[str, ...] = ()) -> None:
    """Install ``values`` as the running program's configuration."""
    pulumi.runtime.set_all_config(dict(values), list(secret_keys))


def capture(program: Callable[[], object]) -> Plan:
    """Run ``program`` under the plan runner's mocks and return what it registered."""
    from campusctl.stacks.plan import run_program
    from campusctl.stacks.stackconfig import StackConfig

    def wrapped() -> Mapping[str, object]:
        program()
        return {}

    return run_program(StackConfig("campusctl-tests", "test", REPO), wrapped)


def children(plan: Plan, parent_type: str) -> list[PlannedResource]:
    """Return the resources whose parent is a component of ``parent_type``."""
    return [r for r in plan.resources if r.parent.split("::")[2].split("$")[-1] == parent_type]


@cache
def sample_plan(project: str, env: str) -> StackPlan:
    """Return the plan of a real stack file over the sample inventory (computed once per run)."""
    from campusctl.stacks.projects import plan_stack
    from tests.stacks.sample import sample_sites

    return plan_stack(project, env, province=sample_sites())


def load_yaml(path: Path) -> object:
    """Read a YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


__all__ = [
    "REPO",
    "SECRET_PLACEHOLDER",
    "STACKS",
    "MocksNotSetError",
    "apply_config",
    "capture",
    "children",
    "load_yaml",
    "require_mocks",
    "sample_plan",
    "stack_file_config",
]
