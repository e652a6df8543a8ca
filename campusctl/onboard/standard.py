"""Spec checks against the digital-campus standard, before anything is planned."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.labels import school_type_label
from campusctl.inventory.model.enums import Tier
from campusctl.onboard.errors import StandardNotMet
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.spec import SchoolSpec


def required_mlps_level(spec: SchoolSpec, rules: SizingRules) -> int:
    """Return the lowest 等保 level the school may have: by type, raised for a smart campus."""
    level = rules.mlps_level[spec.type]
    if spec.tier is Tier.SMART_CAMPUS:
        level = max(level, rules.mlps_level_smart_campus)
    return level


def check_spec(spec: SchoolSpec, rules: SizingRules) -> int:
    """Reject a spec the standard cannot be met with; return the school's 等保 level.

    :raise StandardNotMet: naming the school, the value, the threshold and the fix.
    """
    floor = rules.min_bandwidth_mbps[spec.type]
    if spec.bandwidth_mbps < floor:
        raise StandardNotMet(
            _(
                "school {code}: an uplink of {mbps:g} Mbps is below the {floor:g} Mbps the "
                "standard requires of a {type}; order at least {floor:g} Mbps"
            ).format(
                code=spec.code,
                mbps=spec.bandwidth_mbps,
                floor=floor,
                type=school_type_label(spec.type),
            )
        )
    required = required_mlps_level(spec, rules)
    if spec.mlps_level is not None and spec.mlps_level < required:
        raise StandardNotMet(
            _(
                "school {code}: 等保 level {level} is below the level {required} required of "
                "this type and tier; use --mlps-level {required}"
            ).format(code=spec.code, level=spec.mlps_level, required=required)
        )
    if spec.classroom_total() < 1:
        raise StandardNotMet(
            _(
                "school {code}: no classrooms; every school type has at least one, "
                "give --classrooms"
            ).format(code=spec.code)
        )
    return spec.mlps_level or required
