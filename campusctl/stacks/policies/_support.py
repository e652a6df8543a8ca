"""Helpers shared by the policies: enforcement, config defaults, dependency lookups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, PolicyResource

#: Every policy of the pack blocks a deployment that violates it.
MANDATORY = EnforcementLevel.MANDATORY


def schema(**properties: dict[str, Any]) -> PolicyConfigSchema:
    """Return a config schema whose properties all carry a ``default``."""
    return PolicyConfigSchema(properties=dict(properties))


def config_value(config: Mapping[str, Any], policy_schema: PolicyConfigSchema, key: str) -> Any:
    """Return ``key`` from the policy's config, or the schema's default when unset.

    A real CrossGuard run fills in the defaults itself; offline the config
    arrives empty, so each policy reads through this helper.
    """
    if key in config:
        return config[key]
    return policy_schema.properties[key]["default"]


def depends_on(resource: PolicyResource, prop: str, type_: str) -> list[PolicyResource]:
    """Return the resources of ``type_`` that the input ``prop`` of ``resource`` came from."""
    candidates: Iterable[PolicyResource] = resource.property_dependencies.get(prop) or ()
    found = [dep for dep in candidates if dep.resource_type == type_]
    if found:
        return found
    return [dep for dep in resource.dependencies if dep.resource_type == type_]


def tag_map(tags: Any) -> dict[str, str]:
    """Parse OpenStack ``key=value`` tags into a mapping (a tag without ``=`` maps to "")."""
    result: dict[str, str] = {}
    for tag in tags or ():
        key, _sep, value = str(tag).partition("=")
        result[key] = value
    return result
