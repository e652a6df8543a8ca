"""Helpers shared by the stack programs: tags and child resource options."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

#: Tag keys every taggable resource carries; the required-tags policy checks them.
REQUIRED_TAG_KEYS: tuple[str, ...] = ("owner", "environment", "system", "managed-by")


def base_tags(owner: str, environment: str, system: str) -> dict[str, str]:
    """Return the required tags for a resource of ``system`` owned by ``owner``."""
    return {
        "owner": owner,
        "environment": environment,
        "system": system,
        "managed-by": "pulumi",
    }


def tag_list(tags: Mapping[str, str]) -> list[str]:
    """Render tags as OpenStack Neutron and Keystone tags (``key=value`` strings, sorted)."""
    return [f"{key}={value}" for key, value in sorted(tags.items())]


def name_part(text: str) -> str:
    """Return ``text`` (an address or prefix) usable inside a Pulumi resource name.

    URNs separate their fields with ``::``, which IPv6 addresses contain, so
    colons become dashes and slashes underscores: ``2001:db8::/48`` gives
    ``2001-db8--_48``.
    """
    return text.replace(":", "-").replace("/", "_")


def child(parent: pulumi.Resource, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
    """Return resource options that make ``parent`` the parent of a new resource."""
    return pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on) or None)
