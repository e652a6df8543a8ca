"""The standard profile as data: rules with names, scope, thresholds and check bindings.

A profile file lists rules. A derived profile (a later bandwidth tier, or a
bureau's own file) names the profile it ``extends`` and changes rules in
``overrides``, so nobody edits code::

    profile: {id: gz-tianhe, extends: gd-digital-campus}
    overrides:
      GD-BW-02: {threshold: {min_mbps: 100}}
      GD-WL-02: {enabled: false}

An override merges into the rule key by key (mappings merge, everything else
replaces). A threshold may differ by school type, tier or MLPS level: each
entry of ``variants`` whose ``when`` matches the school merges its threshold
over the rule's, in file order.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campusctl.errors import ComplianceError
from campusctl.i18n import _, language
from campusctl.inventory.loader import deep_merge
from campusctl.inventory.model import DeviceRole, School, SchoolType, Tier
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.standard.results import Severity, Source

log = logging.getLogger(__name__)

PROFILE_DIR = Path(__file__).parent / "profiles"
RULE_ID = r"^[A-Z]{2,3}-[A-Z0-9]{2,4}-[0-9]{2}$"


class ProfileInvalid(ComplianceError):
    """Raised when a profile file cannot be read or does not match the schema."""

    code = "E5001"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text2(_Strict):
    """A text in Simplified Chinese and English."""

    zh: str
    en: str

    def local(self) -> str:
        """Return the text in the user's language."""
        return self.zh if language() == "zh_CN" else self.en


class Scope(_Strict):
    """Scope of a rule or a variant by school type, tier, MLPS level and device role (empty: all)."""

    types: list[SchoolType] = []
    tiers: list[Tier] = []
    mlps_levels: list[Annotated[int, Field(ge=2, le=3)]] = []
    roles: list[DeviceRole] = []
    """Device roles (config and state rules); ignored for school-level rules."""

    def matches_school(self, school: School) -> bool:
        """Return True when ``school`` is inside this scope."""
        return (
            (not self.types or school.type in self.types)
            and (not self.tiers or school.tier in self.tiers)
            and (not self.mlps_levels or school.mlps_level in self.mlps_levels)
        )

    def matches_role(self, role: DeviceRole) -> bool:
        """Return True when a device of ``role`` is inside this scope."""
        return not self.roles or role in self.roles


class Variant(_Strict):
    """A threshold that differs for part of the scope."""

    when: Scope
    threshold: dict[str, Any]


class Rule(_Strict):
    """One requirement of the standard, bound to the check that decides it."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    name: Text2
    category: str
    source: str
    """Origin of the requirement: policy, standard clause, or engineering inference."""
    provenance: list[str] = []
    applies: Scope = Scope()
    mlps_level: Annotated[int, Field(ge=2, le=3)] = 2
    """Lowest MLPS (等保) level the rule applies at; level-3 rules are N/A at level 2."""
    severity: Severity = Severity.ERROR
    enabled: bool = True
    checks: dict[Source, str] = {}
    """Check function per fact source (``inventory: inventory.uplink_bandwidth``).

    A rule without checks is manual: no configuration or inventory shows it.
    """
    threshold: dict[str, Any] = {}
    variants: list[Variant] = []
    evidence: Text2 | None = None
    """Evidence an auditor must attach when the rule is manual."""

    def applies_to(self, school: School) -> bool:
        """Return True when the rule is in force for ``school``."""
        return (
            self.enabled
            and school.mlps_level >= self.mlps_level
            and self.applies.matches_school(school)
        )

    @property
    def manual(self) -> bool:
        """True when no check decides the rule, so an attestation must."""
        return not self.checks

    def threshold_for(self, school: School) -> dict[str, Any]:
        """Return the threshold with every matching variant merged in, in file order."""
        merged = dict(self.threshold)
        for variant in self.variants:
            if variant.when.matches_school(school):
                merged = deep_merge(merged, variant.threshold)
        return merged


class ProfileInfo(_Strict):
    """Identity of a profile file."""

    id: str
    name: Text2 | None = None
    extends: str | None = None
    description: str = ""


class ProfileFile(_Strict):
    """One profile file as written."""

    profile: ProfileInfo
    rules: list[Rule] = []
    overrides: dict[str, dict[str, Any]] = {}


class Profile:
    """The rules in force after every extension and override is applied."""

    def __init__(self, profile_id: str, rules: list[Rule], chain: list[str]) -> None:
        self.id = profile_id
        self.rules = rules
        self.chain = chain
        """The profile ids from the base to this profile."""
        self._by_id = {rule.id: rule for rule in rules}

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with ``rule_id``; raise KeyError when the profile has none."""
        return self._by_id[rule_id]

    def enabled(self) -> list[Rule]:
        """Return the rules that are switched on."""
        return [rule for rule in self.rules if rule.enabled]


def _resolve(name: str, relative_to: Path | None) -> Path:
    candidate = Path(name)
    if candidate.suffix in {".yml", ".yaml"}:
        if not candidate.is_absolute() and relative_to is not None:
            beside = relative_to.parent / candidate
            if beside.is_file():
                return beside
        if candidate.is_file():
            return candidate
    bundled = PROFILE_DIR / f"{name}.yml"
    if bundled.is_file():
        return bundled
    known = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.yml")))
    raise ProfileInvalid(
        _("profile {name} not found; use a profile file or one of: {known}").format(
            name=name, known=known
        )
    )


def _read(path: Path) -> ProfileFile:
    problems = ProblemCollector()
    raw = load_yaml(path, problems)
    if problems.problems:
        raise ProfileInvalid("\n".join(p.render() for p in problems.problems))
    try:
        return ProfileFile.model_validate(raw)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ProfileInvalid(
            _("{path}: {key}: {message}; correct the profile file").format(
                path=path, key=key, message=first["msg"]
            )
        ) from err


def _apply_overrides(
    rules: list[Rule], overrides: dict[str, dict[str, Any]], path: Path
) -> list[Rule]:
    by_id = {rule.id: rule for rule in rules}
    for rule_id, change in overrides.items():
        if rule_id not in by_id:
            raise ProfileInvalid(
                _(
                    "{path}: override of unknown rule {rule}; use a rule id of the base profile"
                ).format(path=path, rule=rule_id)
            )
        merged = deep_merge(by_id[rule_id].model_dump(mode="json"), change)
        try:
            by_id[rule_id] = Rule.model_validate(merged)
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            raise ProfileInvalid(
                _("{path}: override of {rule}: {message}; correct the override").format(
                    path=path, rule=rule_id, message=first["msg"]
                )
            ) from err
    return [by_id[rule.id] for rule in rules]


def load_profile(
    name: str, *, _seen: tuple[str, ...] = (), _relative_to: Path | None = None
) -> Profile:
    """Load a bundled profile by id, or a profile file, following ``extends``.

    :raise ProfileInvalid: when a file is missing or invalid, a rule id repeats, an
        override names an unknown rule, or the ``extends`` chain loops.
    """
    path = _resolve(name, _relative_to)
    data = _read(path)
    if data.profile.id in _seen:
        raise ProfileInvalid(
            _("{path}: profile {id} extends itself through {chain}").format(
                path=path, id=data.profile.id, chain=" → ".join(_seen)
            )
        )
    if data.profile.extends:
        base = load_profile(
            data.profile.extends, _seen=(*_seen, data.profile.id), _relative_to=path
        )
        rules = [*base.rules]
        chain = [*base.chain, data.profile.id]
    else:
        rules, chain = [], [data.profile.id]
    known = {rule.id for rule in rules}
    for rule in data.rules:
        if rule.id in known:
            raise ProfileInvalid(
                _("{path}: rule {rule} is defined twice; change it under overrides instead").format(
                    path=path, rule=rule.id
                )
            )
        known.add(rule.id)
        rules.append(rule)
    rules = _apply_overrides(rules, data.overrides, path)
    log.debug("profile %s loaded from %s with %d rules", data.profile.id, path, len(rules))
    return Profile(data.profile.id, rules, chain)
