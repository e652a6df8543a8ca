"""Storage policy: every block volume uses an encrypted volume type."""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, ResourceValidationPolicy

from campusctl.i18n import _
from campusctl.stacks.policies._support import MANDATORY, config_value, schema

VOLUME = "openstack:blockstorage/volume:Volume"
INSTANCE = "openstack:compute/instance:Instance"

_SCHEMA = schema(
    encryptedVolumeTypes={
        "type": "array",
        "items": {"type": "string"},
        "default": ["luks-ssd", "luks-hdd"],
        "description": "Cinder volume types that have an encryption spec (LUKS) on this cloud.",
    }
)


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    encrypted = set(config_value(args.get_config(), _SCHEMA, "encryptedVolumeTypes"))
    props = args.props
    if args.resource_type == VOLUME:
        volume_type = props.get("volumeType")
        if volume_type not in encrypted:
            report(
                _(
                    "Volume {name} uses volume type {type}, which is not encrypted: use one of {allowed}."
                ).format(
                    name=args.name, type=volume_type or "(cloud default)", allowed=sorted(encrypted)
                ),
                None,
            )
        return
    if args.resource_type != INSTANCE:
        return
    for device in props.get("blockDevices") or []:
        destination = device.get("destinationType", "local")
        if destination == "local":
            report(
                _(
                    "Instance {name} puts a block device on the hypervisor's local disk, which is "
                    "not encrypted: boot from an encrypted volume instead."
                ).format(name=args.name),
                None,
            )
        elif device.get("sourceType") != "volume" and device.get("volumeType") not in encrypted:
            report(
                _(
                    "Instance {name} creates a volume of type {type}, which is not encrypted: "
                    "set volume_type to one of {allowed}."
                ).format(
                    name=args.name,
                    type=device.get("volumeType") or "(cloud default)",
                    allowed=sorted(encrypted),
                ),
                None,
            )
    if not props.get("blockDevices"):
        report(
            _(
                "Instance {name} boots from an image on the hypervisor's local disk, which is not "
                "encrypted: boot from an encrypted volume instead."
            ).format(name=args.name),
            None,
        )


encrypted_volumes = ResourceValidationPolicy(
    name="encrypted-volumes",
    description=_("Volumes and instance disks use an encrypted volume type."),
    enforcement_level=MANDATORY,
    validate=_validate,
    config_schema=_SCHEMA,
)
