"""Run a stack program under Pulumi's mocks and capture what it would create.

Each run happens in a fresh :class:`contextvars.Context`: the Pulumi SDK keeps
its settings, configuration and root stack resource in context variables, so
a fresh context gives every run its own engine state and lets a test process
plan several stacks one after the other. Inputs are recorded with their wire
(camelCase) names, as CrossGuard policies see them. Secret values are shown as
``[secret]`` and never written to a plan; the policies still see them.
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import rpc, set_all_config, set_mocks
from pulumi.runtime.settings import SETTINGS
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from campusctl.errors import CampusError
from campusctl.i18n import _
from campusctl.stacks.errors import StackConfigError, StackProgramError
from campusctl.stacks.mocks import SECRET_MARK, UNKNOWN_MARK, CapturingMonitor, PlanMocks
from campusctl.stacks.stackconfig import StackConfig

log = logging.getLogger(__name__)

Program = Callable[[], Mapping[str, Any]]


def plan_value(value: Any) -> Any:
    """Return ``value`` as plain JSON data with secrets and unknowns masked."""
    if rpc.is_rpc_secret(value):
        return SECRET_MARK
    if isinstance(value, pulumi.output.Unknown):
        return UNKNOWN_MARK
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): plan_value(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [plan_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def policy_value(value: Any) -> Any:
    """Return ``value`` with secrets unwrapped and unknowns as None, as policies see it."""
    if rpc.is_rpc_secret(value):
        return policy_value(rpc.unwrap_rpc_secret(value))
    if isinstance(value, pulumi.output.Unknown):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): policy_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [policy_value(v) for v in value]
    return value


@dataclass(slots=True)
class PlannedResource:
    """A resource the program would register, with its parent and key inputs."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str
    dependencies: list[str]
    protect: bool
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    props: dict[str, Any] = field(repr=False)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        """Return the resource as plan JSON data (no secret values)."""
        data: dict[str, Any] = {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "custom": self.custom,
            "parent": self.parent,
            "dependencies": self.dependencies,
            "protect": self.protect,
            "inputs": self.inputs,
        }
        if not self.custom:
            data["outputs"] = self.outputs
        return data


@dataclass(slots=True)
class Plan:
    """Everything a stack program would create, sorted by URN."""

    project: str
    stack: str
    resources: list[PlannedResource]
    outputs: dict[str, Any]
    secret_outputs: list[str]

    def by_type(self, type_: str) -> list[PlannedResource]:
        """Return the resources of Pulumi type token ``type_``."""
        return [r for r in self.resources if r.type == type_]

    def get(self, urn: str) -> PlannedResource:
        """Return the resource with ``urn``; raise KeyError when there is none."""
        for resource in self.resources:
            if resource.urn == urn:
                return resource
        raise KeyError(urn)

    def to_json(self) -> dict[str, Any]:
        """Return the plan as JSON data (resources and outputs, secrets masked)."""
        return {
            "project": self.project,
            "stack": self.stack,
            "resources": [r.to_json() for r in self.resources],
            "outputs": self.outputs,
            "secretOutputs": self.secret_outputs,
        }


def plan_json(data: Mapping[str, Any]) -> str:
    """Serialise plan data the same way on every run (sorted keys, UTF-8, newline)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


async def _resolve_exports(
    exports: Mapping[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    secrets: list[str] = []
    for name in sorted(exports):
        output = pulumi.Output.from_input(exports[name])
        value = await output.future(with_unknowns=True)
        if await output.is_secret():
            secrets.append(name)
            values[name] = SECRET_MARK
        else:
            values[name] = plan_value(value)
    return values, secrets


def _run_in_context(config: StackConfig, program: Program) -> Plan:
    # A fresh context starts with the SDK's context-variable defaults (None), so the
    # per-run bookkeeping that set_mocks does not create is created here.
    SETTINGS.outputs = set()
    SETTINGS.lock = threading.Lock()
    mocks = PlanMocks()
    monitor = CapturingMonitor(mocks)
    set_all_config(dict(config.values), sorted(config.secret_keys))
    set_mocks(mocks, project=config.project, stack=config.stack, preview=False, monitor=monitor)

    exports: dict[str, Any] = {}

    def run() -> None:
        exports.update(program())

    try:
        _sync_await(run_pulumi_func(run))
    except CampusError:
        raise
    except pulumi.ConfigMissingError as err:
        raise StackConfigError(
            _("{file}: {error} Add the key to the stack file.").format(
                file=config.project_dir / f"Pulumi.{config.stack}.yaml", error=err
            )
        ) from err
    except pulumi.ConfigTypeError as err:
        raise StackConfigError(
            _("{file}: {error} Fix the value in the stack file.").format(
                file=config.project_dir / f"Pulumi.{config.stack}.yaml", error=err
            )
        ) from err
    except Exception as err:
        raise StackProgramError(
            _("The {project} program failed for stack {stack}: {error}").format(
                project=config.project, stack=config.stack, error=err
            )
        ) from err

    outputs, secret_outputs = _sync_await(_resolve_exports(exports))
    resources = [
        PlannedResource(
            urn=reg.urn,
            type=reg.type,
            name=reg.name,
            custom=reg.custom,
            parent=reg.parent,
            dependencies=reg.dependencies,
            protect=reg.protect,
            inputs=plan_value(reg.inputs),
            outputs=plan_value(reg.outputs),
            props=policy_value(reg.inputs),
            property_dependencies=reg.property_dependencies,
        )
        for reg in sorted(monitor.registrations.values(), key=lambda r: r.urn)
    ]
    log.debug("planned %d resources for %s/%s", len(resources), config.project, config.stack)
    return Plan(config.project, config.stack, resources, outputs, secret_outputs)


def run_program(config: StackConfig, program: Program) -> Plan:
    """Run ``program`` under mocks with ``config`` and return what it would create.

    Args:
        config: the stack configuration, as :func:`load_stack_config` reads it.
        program: builds the resources and returns the stack's exports.

    Raises:
        StackConfigError: the program needs a key the configuration lacks.
        StackProgramError: the program raised any other error.
    """
    return contextvars.Context().run(_run_in_context, config, program)
