"""Tagging policy: every taggable resource names its owning unit, environment and system."""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from campusctl.i18n import _
from campusctl.stacks.common import REQUIRED_TAG_KEYS
from campusctl.stacks.policies._support import MANDATORY, config_value, schema, tag_map

#: Taggable resource types and the input that contains their tags.
#: ``tags`` is a list of ``key=value`` strings, ``metadata`` and ``attributes`` are mappings.
TAG_FIELDS: dict[str, str] = {
    "openstack:identity/project:Project": "tags",
    "openstack:networking/network:Network": "tags",
    "openstack:networking/subnet:Subnet": "tags",
    "openstack:networking/router:Router": "tags",
    "openstack:networking/secGroup:SecGroup": "tags",
    "openstack:networking/port:Port": "tags",
    "openstack:networking/qosPolicy:QosPolicy": "tags",
    "openstack:compute/instance:Instance": "tags",
    "openstack:loadbalancer/loadBalancer:LoadBalancer": "tags",
    "openstack:blockstorage/volume:Volume": "metadata",
    "openstack:objectstorage/container:Container": "metadata",
    "keycloak:index/realm:Realm": "attributes",
}

_SCHEMA = schema(
    requiredKeys={
        "type": "array",
        "items": {"type": "string"},
        "default": list(REQUIRED_TAG_KEYS),
        "description": "Tag keys every taggable resource must carry with a non-empty value.",
    }
)


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    field = TAG_FIELDS.get(args.resource_type)
    if field is None:
        return
    raw = args.props.get(field)
    tags = tag_map(raw) if field == "tags" else {str(k): str(v) for k, v in (raw or {}).items()}
    required = config_value(args.get_config(), _SCHEMA, "requiredKeys")
    missing = [key for key in required if not tags.get(key)]
    if missing:
        report(
            _("{type} {name} lacks the required tags {missing} in {field}: add them.").format(
                type=args.resource_type.rsplit(":", 1)[-1],
                name=args.name,
                missing=", ".join(missing),
                field=field,
            ),
            None,
        )


required_tags = ResourceValidationPolicy(
    name="required-tags",
    description=_(
        "Taggable resources carry the owning unit, environment, system and managed-by tags."
    ),
    enforcement_level=MANDATORY,
    validate=_validate,
    config_schema=_SCHEMA,
)
