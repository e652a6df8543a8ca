"""Run the CrossGuard policies offline on a captured plan, and check the stack files.

The policy objects are called exactly as the policy pack would call them,
with ``ResourceValidationArgs`` per resource and one ``StackValidationArgs``
built from the plan's parents and dependencies. Two differences from a real
run remain: a real preview may hand resource policies unknown values, and
real stack policies see the providers' outputs, not only the inputs.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from campusctl.i18n import _
from campusctl.stacks.plan import Plan, PlannedResource
from campusctl.stacks.policies import POLICIES
from campusctl.stacks.stackconfig import StackConfig

#: Name of the check of the stack files themselves (CrossGuard cannot see stack config).
PLAINTEXT_SECRETS = "no-plaintext-secrets"


@dataclass(frozen=True, slots=True)
class Violation:
    """One reported violation: the resource (URN) or file, and the message."""

    subject: str
    message: str


@dataclass(slots=True)
class PolicyResult:
    """The outcome of one policy on one stack."""

    name: str
    description: str
    enforcement: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the policy reported no violation."""
        return not self.violations

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON data."""
        return {
            "name": self.name,
            "description": self.description,
            "enforcement": self.enforcement,
            "passed": self.passed,
            "violations": [{"subject": v.subject, "message": v.message} for v in self.violations],
        }


def _options(resource: PlannedResource) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=resource.protect,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=resource.parent or None,
    )


def policy_resources(plan: Plan) -> list[PolicyResource]:
    """Build CrossGuard's view of every planned resource, linked by parent and dependencies."""
    by_urn: dict[str, PolicyResource] = {}
    for resource in plan.resources:
        by_urn[resource.urn] = PolicyResource(
            resource_type=resource.type,
            props=resource.props,
            urn=resource.urn,
            name=resource.name,
            opts=_options(resource),
            provider=None,
            parent=None,
            dependencies=[],
            property_dependencies={},
        )
    for resource in plan.resources:
        policy_resource = by_urn[resource.urn]
        policy_resource.parent = by_urn.get(resource.parent)
        policy_resource.dependencies = [by_urn[u] for u in resource.dependencies if u in by_urn]
        policy_resource.property_dependencies = {
            key: [by_urn[u] for u in urns if u in by_urn]
            for key, urns in resource.property_dependencies.items()
        }
    return [by_urn[r.urn] for r in plan.resources]


def _result(policy: ResourceValidationPolicy | StackValidationPolicy) -> PolicyResult:
    level = policy.enforcement_level.value if policy.enforcement_level else "advisory"
    return PolicyResult(policy.name, policy.description, str(level))


class _Reporter:
    """The ``report_violation`` callback: records a violation on the resource or the stack."""

    def __init__(self, result: PolicyResult, default_subject: str) -> None:
        self.result = result
        self.default_subject = default_subject

    def __call__(self, message: str, urn: str | None = None) -> None:
        self.result.violations.append(Violation(urn or self.default_subject, message))


def _check_sync(outcome: object, name: str) -> None:
    # The pack's policies are synchronous; an awaitable result would be silently dropped here.
    if inspect.isawaitable(outcome):
        raise TypeError(
            f"policy {name} returned an awaitable; offline policies must be synchronous"
        )


def run_policies(
    plan: Plan,
    policies: Sequence[ResourceValidationPolicy | StackValidationPolicy] = POLICIES,
    config: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[PolicyResult]:
    """Run ``policies`` on ``plan`` and return one result per policy, in order.

    Args:
        plan: the captured plan.
        policies: the policy objects; the pack's by default.
        config: per-policy configuration, in the form of a policy pack config file.
    """
    config = config or {}
    stack_urn = (
        f"urn:pulumi:{plan.stack}::{plan.project}::pulumi:pulumi:Stack::{plan.project}-{plan.stack}"
    )
    results: list[PolicyResult] = []
    stack_view: list[PolicyResource] | None = None
    for policy in policies:
        result = _result(policy)
        policy_config = dict(config.get(policy.name, {}))
        if isinstance(policy, StackValidationPolicy):
            if stack_view is None:
                stack_view = policy_resources(plan)
            args = StackValidationArgs(stack_view, policy_config)
            _check_sync(policy.validate(args, _Reporter(result, stack_urn)), policy.name)
        else:
            for resource in plan.resources:
                resource_args = ResourceValidationArgs(
                    resource_type=resource.type,
                    props=resource.props,
                    urn=resource.urn,
                    name=resource.name,
                    opts=_options(resource),
                    provider=None,
                    config=policy_config,
                )
                outcome = policy.validate(resource_args, _Reporter(result, resource.urn))
                _check_sync(outcome, policy.name)
        results.append(result)
    return results


def check_config_secrets(config: StackConfig) -> PolicyResult:
    """Report every credential-like key that a stack file sets to a plaintext value."""
    result = PolicyResult(
        PLAINTEXT_SECRETS,
        _(
            "Stack files hold no plaintext credentials; secrets are set with pulumi config set --secret."
        ),
        "mandatory",
    )
    for item in config.plaintext_secrets:
        result.violations.append(
            Violation(
                str(item.file),
                _(
                    "{key} holds a plaintext value: remove it from the file and run "
                    "'pulumi config set --secret {key}' on the deployment host."
                ).format(key=item.key),
            )
        )
    return result
