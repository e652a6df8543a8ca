"""The short description of a school that ``campusctl school new`` turns into inventory.

A spec comes from command-line options or from a YAML file. A batch file has
``defaults`` shared by every school and a ``schools`` list::

    defaults: {district: "440106", type: primary, platform: h3c_comware, floors: 4}
    schools:
      - {code: "2440106101", name: 天河区第一小学, short: THYX, classrooms: 24}
      - {code: "2440106102", name: 天河区第二小学, short: THEX, classrooms: 18, labs: 2}

A file with a single school mapping (no ``schools`` key) is a batch of one.
Buildings are either a count (rooms are spread over them by purpose) or a
list with the rooms of each building.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Interface, IPv6Interface
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, model_validator

from campusctl.i18n import _
from campusctl.inventory.loader import deep_merge
from campusctl.inventory.locate import report_validation
from campusctl.inventory.model.base import Count, RegionCode, SchoolCode, StrictModel, Text
from campusctl.inventory.model.enums import SchoolType, Tier
from campusctl.inventory.problems import Problem, ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.onboard.errors import SpecInvalid
from campusctl.platforms import PlatformId

ShortName = Annotated[
    str, Field(strict=True, pattern=r"^[A-Z][A-Z0-9]{1,11}$"), Field(min_length=2)
]
"""Upper-case prefix of every device and host name of the school (YCSY in YCSY-CORE-01)."""

Floors = Annotated[int, Field(strict=True, ge=1, le=40)]
Purpose = Annotated[str, Field(strict=True, pattern=r"^(teaching|lab|office|dorm)$")]


class BuildingSpec(StrictModel):
    """One building and the rooms it holds; rooms are spread evenly over its floors."""

    id: Annotated[str, Field(strict=True, pattern=r"^[A-Z]{1,3}$")] | None = None
    """Letters only, so that room ids (<building><floor><nn>) never collide."""
    name: Text | None = None
    purpose: Purpose = "teaching"
    floors: Floors = 1
    classrooms: Count = 0
    labs: Count = 0
    offices: Count = 0
    dorm_rooms: Count = 0


class SchoolSpec(StrictModel):
    """Short description of a new school, as a project engineer gives it."""

    code: SchoolCode
    name: Text
    name_en: Text | None = None
    short: ShortName | None = None
    """Device-name prefix; defaults to S plus the last six digits of the code."""
    type: SchoolType
    tier: Tier = Tier.BASELINE
    district: RegionCode
    mlps_level: Annotated[int, Field(strict=True, ge=2, le=3)] | None = None
    platform: PlatformId = PlatformId.HUAWEI_VRP
    bandwidth_mbps: Annotated[float, Field(gt=0)]
    provider: Text | None = None
    uplink_ipv4: IPv4Interface | None = None
    """The school's address on the provider or MAN link, as the provider assigns it."""
    uplink_ipv6: IPv6Interface | None = None
    buildings: Annotated[int, Field(strict=True, ge=1, le=100)] | list[BuildingSpec] = 1
    floors: Floors = 1
    classrooms: Count = 0
    labs: Count = 0
    offices: Count | None = None
    dorm_rooms: Count = 0

    @model_validator(mode="after")
    def _rooms_in_one_place(self) -> SchoolSpec:
        if isinstance(self.buildings, list) and (
            self.classrooms or self.labs or self.offices or self.dorm_rooms
        ):
            raise ValueError(
                "give the rooms either per building (buildings: [...]) or as school totals, not both"
            )
        return self

    @property
    def prefix(self) -> str:
        """The device-name prefix of the school."""
        return self.short or f"S{self.code[-6:]}"

    def classroom_total(self) -> int:
        """Return the number of classrooms over all buildings."""
        if isinstance(self.buildings, list):
            return sum(b.classrooms for b in self.buildings)
        return self.classrooms


class BatchSpec(StrictModel):
    """A batch spec file: shared defaults and a list of schools."""

    defaults: dict[str, Any] = {}
    schools: list[dict[str, Any]]


def _invalid(path: Path, problems: ProblemCollector) -> SpecInvalid:
    details = "\n".join(problem.render() for problem in problems.problems)
    return SpecInvalid(
        _("the school spec {path} is invalid:\n{details}").format(path=path, details=details)
    )


COMMAND_LINE = Path("<command line>")


def parse_spec(raw: dict[str, Any], options: dict[str, str] | None = None) -> SchoolSpec:
    """Validate one school spec given as a mapping of command-line values.

    :param options: the command-line option of each field, named in the errors.
    :raise SpecInvalid: naming every invalid field or option and the fix.
    """
    try:
        return SchoolSpec.model_validate(raw)
    except ValidationError as err:
        problems = ProblemCollector()
        report_validation(err, raw, COMMAND_LINE, SchoolSpec, problems)
        if options:
            problems.problems = [_as_option(problem, options) for problem in problems.problems]
        raise _invalid(COMMAND_LINE, problems) from err


def _as_option(problem: Problem, options: dict[str, str]) -> Problem:
    """Name the command-line option in place of the spec field, for a missing value too."""
    option = options.get(problem.key)
    if option is None:
        return problem
    if problem.message == _("missing required key {key}").format(key=problem.key):
        return replace(
            problem,
            key=option,
            message=_("missing required option {option}").format(option=option),
            fix=_("give {option}").format(option=option),
        )
    return replace(problem, key=option)


def load_specs(path: Path, overrides: dict[str, Any] | None = None) -> list[SchoolSpec]:
    """Read a spec file (one school or a batch) with the strict YAML loader.

    :param overrides: values given on the command line, applied to every school.
    :raise SpecInvalid: listing every problem of the file with its line.
    """
    problems = ProblemCollector()
    raw = load_yaml(path, problems)
    if problems:
        raise _invalid(path, problems)
    if not isinstance(raw, dict):
        problems.add(path, None, "", _("a school spec must be a mapping"))
        raise _invalid(path, problems)
    entries: list[Any]
    where: tuple[str, ...]
    if "schools" in raw:
        try:
            batch = BatchSpec.model_validate(raw)
        except ValidationError as err:
            report_validation(err, raw, path, BatchSpec, problems)
            raise _invalid(path, problems) from err
        defaults, entries, where = batch.defaults, batch.schools, ("schools",)
    else:
        defaults, entries, where = {}, [raw], ()
    specs: list[SchoolSpec] = []
    for index, entry in enumerate(entries):
        merged = deep_merge(deep_merge(defaults, entry), overrides or {})
        try:
            specs.append(SchoolSpec.model_validate(merged))
        except ValidationError as err:
            prefix = (*where, index) if where else ()
            report_validation(err, raw, path, SchoolSpec, problems, prefix)
    if problems:
        raise _invalid(path, problems)
    return specs
