"""Human-readable, translated names of the inventory's vocabularies."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import DeviceRole, SchoolType, Tier, Zone


def school_type_label(value: SchoolType) -> str:
    """Return the translated name of a school type (小学, 初中, …)."""
    labels = {
        SchoolType.TEACHING_POINT: _("teaching point"),
        SchoolType.PRIMARY: _("primary"),
        SchoolType.CENTRAL_PRIMARY: _("central primary"),
        SchoolType.JUNIOR: _("junior secondary"),
        SchoolType.SENIOR: _("senior secondary"),
        SchoolType.VOCATIONAL: _("vocational"),
        SchoolType.UNIVERSITY: _("university"),
    }
    return labels[value]


def tier_label(value: Tier) -> str:
    """Return the translated name of a demonstration tier."""
    labels = {
        Tier.BASELINE: _("baseline"),
        Tier.DEMO_SCHOOL: _("demonstration school"),
        Tier.SMART_CAMPUS: _("smart campus"),
    }
    return labels[value]


def role_label(value: DeviceRole) -> str:
    """Return the translated name of a device role."""
    labels = {
        DeviceRole.EGRESS: _("egress"),
        DeviceRole.CORE: _("core"),
        DeviceRole.AGGREGATION: _("aggregation"),
        DeviceRole.ACCESS: _("access"),
        DeviceRole.WLC: _("wireless controller"),
        DeviceRole.AP: _("access point"),
    }
    return labels[value]


def zone_label(value: Zone) -> str:
    """Return the translated name of a functional zone."""
    labels = {
        Zone.MANAGEMENT: _("management"),
        Zone.TEACHING: _("teaching"),
        Zone.OFFICE: _("office"),
        Zone.LAB: _("lab"),
        Zone.STUDENT_WIFI: _("student Wi-Fi"),
        Zone.GUEST: _("guest"),
        Zone.SURVEILLANCE: _("surveillance"),
        Zone.CAMPUS_CARD: _("campus card"),
        Zone.IOT: _("IoT"),
        Zone.SERVERS: _("servers"),
    }
    return labels[value]
