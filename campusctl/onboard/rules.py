"""Sizing rules kept as data: the defaults in ``rules.yml`` beside this module.

A bureau overrides them with its own file (``--rules FILE``) that has the same
keys. The file is read with the inventory's strict YAML loader and validated
here, so a typo is an error with its line, never a silently ignored key.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from campusctl.i18n import _
from campusctl.inventory.locate import report_validation
from campusctl.inventory.model.base import Count, Flag, Positive, StrictModel, Text
from campusctl.inventory.model.enums import (
    Charset,
    OsFamily,
    PortProfile,
    RoomKind,
    SchoolType,
    Tier,
    Zone,
)
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.onboard.errors import SpecInvalid
from campusctl.platforms import PlatformId

DEFAULT_RULES = Path(__file__).with_name("rules.yml")
MAX_IPV6_SUBNET = 255
"""Largest VLAN id usable as the subnet number of a /64 inside a /56."""

Percent = Annotated[int, Field(strict=True, ge=0, le=90)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class PortRule(StrictModel):
    """Ports of one kind that a room, floor or building gets."""

    profile: PortProfile
    zone: Zone
    count: Positive = 1
    description: Text
    """Port description; ``{room}``, ``{building}``, ``{floor}`` and ``{n}`` are filled in."""


class RoomRule(StrictModel):
    """Access points and wired ports of one room kind."""

    aps: Count = 0
    ports: list[PortRule] = []


class AccessRule(StrictModel):
    """Planning limits of an access switch: spare ports, PoE headroom and uplinks."""

    spare_ports_percent: Percent = 20
    poe_headroom_percent: Percent = 20
    uplinks: Annotated[int, Field(strict=True, ge=1, le=8)] = 2


class CoreRule(StrictModel):
    """When the core is a stack."""

    stack_members: Annotated[int, Field(strict=True, ge=2, le=9)] = 2
    stack_types: list[SchoolType] = []
    stack_from_access_switches: Positive = 6


class VlanRule(StrictModel):
    """VLAN id and name of a zone."""

    id: Annotated[int, Field(strict=True, ge=2, le=MAX_IPV6_SUBNET)]
    name: Annotated[str, Field(strict=True, pattern=r"^[A-Za-z0-9_-]{1,31}$")]


class AddressingRule(StrictModel):
    """Sizing of the IPv4 subnets and of the school's IPv6 block."""

    clients_per_ap: dict[Zone, Count] = {}
    growth_percent: Annotated[int, Field(strict=True, ge=0, le=400)] = 50
    max_prefixlen: Annotated[int, Field(strict=True, ge=24, le=29)] = 28
    school_ipv6_prefixlen: Annotated[int, Field(strict=True, ge=48, le=56)] = 56
    host_offset: Annotated[int, Field(strict=True, ge=2, le=200)] = 10
    """Static host addresses start this many addresses after the gateway."""
    uplink_ipv4_prefixlen: Annotated[int, Field(strict=True, ge=24, le=30)] = 30
    """Size of the school's link network to the district MAN, taken from the end of the pools."""
    uplink_ipv6_prefixlen: Annotated[int, Field(strict=True, ge=64, le=127)] = 126
    reserve_ipv6_ends: Flag = True
    """Keep the first and the last school-sized block of every IPv6 pool for the district."""


class HostRule(StrictModel):
    """Linux hosts the plan adds: classroom terminals and the school server."""

    terminal_per_classroom: Flag = True
    server: Flag = True


class Software(StrictModel):
    """OS family and version planned for a kind of device."""

    family: OsFamily
    version: Text


class PlatformRule(StrictModel):
    """Models (in order of preference) and software of one platform."""

    charset: Charset = Charset.UTF8
    lag_name: Annotated[str, Field(strict=True, pattern=r"\{n\}")]
    access: list[Text]
    core: list[Text]
    wlc: list[Text]
    ap: list[Text]
    os: dict[Annotated[str, Field(pattern=r"^(switch|wlc|ap)$")], Software]

    @model_validator(mode="after")
    def _every_kind_has_software(self) -> PlatformRule:
        missing = {"switch", "wlc", "ap"} - set(self.os)
        if missing:
            raise ValueError(f"os: missing software for {', '.join(sorted(missing))}")
        return self


class SizingRules(StrictModel):
    """Every rule of ``campusctl school new``; see rules.yml for the documented defaults."""

    rooms: dict[RoomKind, RoomRule]
    floor_ports: list[PortRule] = []
    building_ports: list[PortRule] = []
    poe_w: dict[PortProfile, Annotated[float, Field(ge=0, le=90)]] = {}
    access: AccessRule = AccessRule()
    collapse_max_access_switches: Count = 1
    core: CoreRule = CoreRule()
    wlc_from_aps: Positive = 16
    wlc_pair_types: list[SchoolType] = []
    """School types that get two wireless controllers, one per core stack member."""
    backbone_mbps: dict[SchoolType, Positive] = {}
    """Slowest access-to-core link allowed per school type, in Mbps."""
    zones: dict[SchoolType, list[Zone]]
    vlans: dict[Zone, VlanRule]
    wireless_zones: list[Zone] = [Zone.STUDENT_WIFI, Zone.GUEST]
    addressing: AddressingRule = AddressingRule()
    hosts: HostRule = HostRule()
    min_bandwidth_mbps: dict[SchoolType, Annotated[float, Field(gt=0)]]
    mlps_level: dict[SchoolType, Annotated[int, Field(strict=True, ge=2, le=3)]]
    mlps_level_smart_campus: Annotated[int, Field(strict=True, ge=2, le=3)] = 3
    interactive_share: dict[Tier, Share]
    building_names: dict[Annotated[str, Field(pattern=r"^(teaching|lab|office|dorm)$")], Text]
    default_provider: Text
    wan_description: Text = "{provider} {mbps}M"
    """Description of the core's port to the provider; ``{provider}`` and ``{mbps}`` are filled in."""
    classrooms_per_office: Positive = 12
    """One teachers' office per this many classrooms when a spec gives no office count."""
    platforms: dict[PlatformId, PlatformRule]

    @model_validator(mode="after")
    def _complete(self) -> SizingRules:
        for school_type in SchoolType:
            for table in ("zones", "min_bandwidth_mbps", "mlps_level"):
                if school_type not in getattr(self, table):
                    raise ValueError(f"{table}: missing school type {school_type.value}")
            if Zone.MANAGEMENT not in self.zones[school_type]:
                raise ValueError(f"zones: {school_type.value} has no management zone")
        for zone in Zone:
            if zone not in self.vlans:
                raise ValueError(f"vlans: missing zone {zone.value}")
        ids = [rule.id for rule in self.vlans.values()]
        if len(set(ids)) != len(ids):
            raise ValueError("vlans: two zones share a VLAN id")
        for tier in Tier:
            if tier not in self.interactive_share:
                raise ValueError(f"interactive_share: missing tier {tier.value}")
        return self

    def vlan_id(self, zone: Zone) -> int:
        """Return the VLAN id planned for ``zone``."""
        return self.vlans[zone].id


def load_rules(path: Path | None = None) -> SizingRules:
    """Load sizing rules from ``path`` (the packaged defaults when None).

    :raise SpecInvalid: listing every problem of the file with its line.
    """
    return _load_rules(path or DEFAULT_RULES)


@cache
def _load_rules(path: Path) -> SizingRules:
    problems = ProblemCollector()
    raw = load_yaml(path, problems)
    if raw is not None and not problems:
        try:
            return SizingRules.model_validate(raw)
        except ValidationError as err:
            report_validation(err, raw, path, SizingRules, problems)
    details = "\n".join(problem.render() for problem in problems.problems)
    raise SpecInvalid(
        _("the sizing rules in {path} are invalid:\n{details}").format(path=path, details=details)
    )
