"""The CrossGuard policies of the 粤教云 stacks, importable without starting a policy pack.

``stacks/policy/__main__.py`` wraps :data:`POLICIES` in a ``PolicyPack`` for a
real ``pulumi preview --policy-pack``; :mod:`campusctl.stacks.policies.runner`
runs the same objects offline on a captured plan.
"""

from __future__ import annotations

from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from campusctl.stacks.policies.certificates import (
    ca_key_strength,
    certificate_key_strength,
    certificate_lifetimes,
)
from campusctl.stacks.policies.identity import identity_authentication
from campusctl.stacks.policies.network import ipv6_on_every_network, no_world_open_ingress
from campusctl.stacks.policies.storage import encrypted_volumes
from campusctl.stacks.policies.tags import required_tags

PACK_NAME = "campusctl-yuejiaoyun"

POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = [
    no_world_open_ingress,
    ipv6_on_every_network,
    encrypted_volumes,
    required_tags,
    certificate_key_strength,
    ca_key_strength,
    certificate_lifetimes,
    identity_authentication,
]

__all__ = ["PACK_NAME", "POLICIES"]
