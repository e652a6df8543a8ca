"""Run the profile's rules over schools and devices and collect the findings.

Each school in scope meets each rule switched on. A rule out of scope
(school type, tier, MLPS level) gives one not-applicable finding. A manual
rule gives a manual finding, or a pass when a valid attestation backs it. A
rule with checks runs each check whose fact source is part of the run
(inventory, config, state) and collects its findings. A device the state
source could not reach gets an unreachable finding for each config and state
rule instead, and is listed once in the run's result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, DeviceRole, School
from campusctl.standard.attestations import Attestation, load_attestations
from campusctl.standard.config.device import DeviceContext, read_facts
from campusctl.standard.config.facts import ConfigFacts
from campusctl.standard.config.parse import ConfigUnreadable, ParsedConfig, parse_config
from campusctl.standard.context import SchoolContext
from campusctl.standard.profile import Profile, Rule
from campusctl.standard.registry import lookup
from campusctl.standard.results import (
    Evidence,
    Finding,
    RunResult,
    Source,
    Status,
    Unreachable,
)
from campusctl.standard.sources import ConfigSource, StateSource
from campusctl.standard.state.model import StateContext

log = logging.getLogger(__name__)

# Fit APs take their configuration from the wireless controller, so they have none of their own.
CONFIGLESS_ROLES = {DeviceRole.AP}


@dataclass
class Run:
    """Settings of one run: the profile, the fact sources and the day attestations are judged on."""

    inventory: Inventory
    profile: Profile
    configs: ConfigSource | None = None
    facts: FactsSource | None = None
    """Where config facts come from; defaults to parsing ``configs``."""
    states: StateSource | None = None
    check_inventory: bool = True
    today: date = field(default_factory=date.today)


def _sources(run: Run) -> tuple[Source, ...]:
    active = [Source.INVENTORY] if run.check_inventory else []
    if run.configs is not None or run.facts is not None:
        active.append(Source.CONFIG)
    if run.states is not None:
        active.append(Source.STATE)
    return tuple(active)


class FactsSource(Protocol):
    """Returns the configuration facts of a device, or a message saying why there are none."""

    def facts(self, school: School, device: Device) -> tuple[ParsedConfig, ConfigFacts] | str:
        """Return the parsed configuration and its facts, or why there are none."""


class ParsedFacts:
    """Facts read by parsing each device's configuration text with hier_config."""

    def __init__(self, source: ConfigSource) -> None:
        self.source = source

    def facts(self, school: School, device: Device) -> tuple[ParsedConfig, ConfigFacts] | str:
        """Parse the configuration of ``device`` and read its facts."""
        found = self.source.config(school, device)
        if found is None:
            return _("no configuration found for {device}; render it first").format(
                device=device.name
            )
        try:
            parsed = parse_config(device.name, device.platform, found[0], found[1])
        except ConfigUnreadable as err:
            return str(err)
        return parsed, read_facts(parsed)


class _DeviceFacts:
    """Reads each device's facts once per school, whichever rules need them."""

    def __init__(self, source: FactsSource) -> None:
        self.source = source
        self.cache: dict[str, tuple[ParsedConfig, ConfigFacts] | str] = {}

    def get(self, school: School, device: Device) -> tuple[ParsedConfig, ConfigFacts] | str:
        if device.name not in self.cache:
            self.cache[device.name] = self.source.facts(school, device)
        return self.cache[device.name]


def _manual(rule: Rule, school: School, attestations: list[Attestation], today: date) -> Finding:
    mine = sorted(
        (a for a in attestations if a.rule == rule.id), key=lambda a: a.date, reverse=True
    )
    evidence_text = rule.evidence.local() if rule.evidence else ""
    if mine and mine[0].valid_on(today):
        att = mine[0]
        return Finding(
            rule.id,
            Status.PASS,
            school.code,
            school.code,
            _("attested by {signer} on {date}: {evidence}").format(
                signer=att.signer, date=att.date.isoformat(), evidence=att.evidence
            ),
            (Evidence(text=att.evidence, file=att.file, line=att.line),),
            severity=rule.severity,
        )
    message = _("attach: {evidence}").format(evidence=evidence_text)
    evidence: tuple[Evidence, ...] = ()
    if mine:
        att = mine[0]
        message = _("attestation expired on {date}; {rest}").format(
            date=att.expires.isoformat(), rest=message
        )
        evidence = (Evidence(text=att.evidence, file=att.file, line=att.line),)
    return Finding(
        rule.id, Status.MANUAL, school.code, school.code, message, evidence, severity=rule.severity
    )


def run_checks(run: Run, schools: Iterable[School], devices: set[str] | None = None) -> RunResult:
    """Check ``schools`` (and, for config and state rules, only ``devices`` when given)."""
    active = _sources(run)
    result = RunResult(profile=run.profile.id, sources=active)
    facts_source = run.facts or (ParsedFacts(run.configs) if run.configs is not None else None)
    facts = _DeviceFacts(facts_source) if facts_source is not None else None
    rules = run.profile.enabled()
    specs = {
        (rule.id, source): lookup(name, source, rule.id)
        for rule in rules
        for source, name in rule.checks.items()
    }
    for school in schools:
        if facts is not None:
            facts.cache.clear()  # devices belong to one school, so a province run stays small
        attestations = load_attestations(run.inventory.root, school.code)
        chosen = [d for d in school.devices if devices is None or d.name in devices]
        unreachable = _unreachable(run, school, chosen)
        result.unreachable.extend(unreachable.values())
        for rule in rules:
            if not rule.manual and not any(source in active for source in rule.checks):
                continue
            if not rule.applies_to(school):
                result.findings.append(
                    Finding(
                        rule.id,
                        Status.NOT_APPLICABLE,
                        school.code,
                        school.code,
                        _("not in force for this school's type, tier or MLPS level"),
                        severity=rule.severity,
                    )
                )
                continue
            if rule.manual:
                result.findings.append(_manual(rule, school, attestations, run.today))
                continue
            threshold = rule.threshold_for(school)
            for source in rule.checks:
                if source not in active:
                    continue
                function = specs[(rule.id, source)].function
                if source is Source.INVENTORY:
                    result.findings.extend(
                        function(SchoolContext(run.inventory, school, rule, threshold))
                    )
                elif source is Source.CONFIG and facts is not None:
                    result.findings.extend(
                        _config_rule(
                            run, facts, school, chosen, unreachable, rule, threshold, function
                        )
                    )
                elif source is Source.STATE and run.states is not None:
                    result.findings.extend(
                        _state_rule(run, school, chosen, unreachable, rule, threshold, function)
                    )
    log.info("profile %s: %d finding(s)", run.profile.id, len(result.findings))
    return result


def _unreachable(run: Run, school: School, devices: list[Device]) -> dict[str, Unreachable]:
    """Return the devices of ``school`` whose state source could not reach them, by name."""
    if run.states is None:
        return {}
    found: dict[str, Unreachable] = {}
    for device in devices:
        if device.role in CONFIGLESS_ROLES:
            continue
        state = run.states.state(school, device)
        if state is not None and state.unreachable is not None:
            found[device.name] = state.unreachable
    return found


def _not_reached(school: School, device: Device, rule: Rule, unreached: Unreachable) -> Finding:
    """Return the finding of a rule that could not be judged because its device was not reached."""
    return Finding(
        rule.id,
        Status.UNREACHABLE,
        school.code,
        device.name,
        _("{device} could not be reached at {address}, so this rule was not checked on it").format(
            device=device.name, address=unreached.address
        ),
        (Evidence(text=unreached.error, device=device.name),),
        device=device.name,
        severity=rule.severity,
    )


def _config_rule(
    run: Run,
    facts: _DeviceFacts,
    school: School,
    devices: list[Device],
    unreachable: dict[str, Unreachable],
    rule: Rule,
    threshold: dict[str, object],
    function: Callable[..., list[Finding]],
) -> list[Finding]:
    findings: list[Finding] = []
    for device in devices:
        if device.role in CONFIGLESS_ROLES or not rule.applies.matches_role(device.role):
            continue
        if device.name in unreachable:
            findings.append(_not_reached(school, device, rule, unreachable[device.name]))
            continue
        got = facts.get(school, device)
        if isinstance(got, str):
            findings.append(
                Finding(
                    rule.id,
                    Status.FAIL,
                    school.code,
                    device.name,
                    got,
                    device=device.name,
                    severity=rule.severity,
                )
            )
            continue
        parsed, device_facts = got
        ctx = DeviceContext(run.inventory, school, device, rule, threshold, parsed, device_facts)
        findings.extend(function(ctx))
    return findings


def _state_rule(
    run: Run,
    school: School,
    devices: list[Device],
    unreachable: dict[str, Unreachable],
    rule: Rule,
    threshold: dict[str, object],
    function: Callable[..., list[Finding]],
) -> list[Finding]:
    assert run.states is not None
    findings: list[Finding] = []
    for device in devices:
        if device.role in CONFIGLESS_ROLES or not rule.applies.matches_role(device.role):
            continue
        if device.name in unreachable:
            findings.append(_not_reached(school, device, rule, unreachable[device.name]))
            continue
        state = run.states.state(school, device)
        if state is None:
            findings.append(
                Finding(
                    rule.id,
                    Status.FAIL,
                    school.code,
                    device.name,
                    _("no running state read from {device}").format(device=device.name),
                    device=device.name,
                    severity=rule.severity,
                )
            )
            continue
        findings.extend(
            function(StateContext(run.inventory, school, device, rule, threshold, state))
        )
    return findings
