"""Configuration facts of the running configurations that a state source read.

A running configuration is the device's own account of its state, so a
service that the device prints only while it runs is off when its line is
absent. The engine keeps that knowledge per platform
(:data:`campusctl.diff.normalise.DEFAULTS`); the Telnet facts follow it
here, where a rendered configuration has to disable Telnet explicitly.
"""

from __future__ import annotations

from campusctl.diff.normalise import DEFAULTS
from campusctl.i18n import _
from campusctl.inventory.model import Device, School
from campusctl.platforms import PlatformId
from campusctl.standard.config.device import read_facts
from campusctl.standard.config.facts import ConfigFacts, Fact
from campusctl.standard.config.parse import ConfigUnreadable, ParsedConfig, parse_config
from campusctl.standard.results import Evidence
from campusctl.standard.sources import StateSource

# Fact attribute -> the negated line that is in effect while the service line is absent.
_TELNET_OFF: dict[PlatformId, dict[str, str]] = {
    PlatformId.HUAWEI_VRP: {
        "telnet_v4": "undo telnet server enable",
        "telnet_v6": "undo telnet ipv6 server enable",
    },
    PlatformId.H3C_COMWARE: {"telnet_v4": "undo telnet server enable"},
}


def _hidden_off(platform: PlatformId, line: str) -> bool:
    """Tell whether the device leaves ``line`` out of its running config while it is in effect."""
    return any(rule.line == line and not rule.parents for rule in DEFAULTS[platform])


def _services_off(parsed: ParsedConfig, facts: ConfigFacts) -> None:
    """Set the Telnet facts a running config shows by leaving the service line out."""
    for attribute, negation in _TELNET_OFF.get(parsed.platform, {}).items():
        if getattr(facts, attribute) is not None or not _hidden_off(parsed.platform, negation):
            continue
        service = negation.removeprefix("undo ")
        evidence = Evidence(
            text=_("'{service}' absent: the device shows it only while the service runs").format(
                service=service
            ),
            device=parsed.device,
            command="get_config",
        )
        setattr(facts, attribute, Fact(False, evidence))


class RunningFacts:
    """A facts source that parses the running configuration of each device's state."""

    def __init__(self, states: StateSource) -> None:
        self.states = states

    def facts(self, school: School, device: Device) -> tuple[ParsedConfig, ConfigFacts] | str:
        """Parse the running configuration of ``device``, or return why it was not read."""
        state = self.states.state(school, device)
        if state is None or state.running_config is None:
            error = state.errors.get("get_config", _("not read")) if state else _("not read")
            return _("no running configuration read from {device}: {error}").format(
                device=device.name, error=error
            )
        try:
            parsed = parse_config(device.name, device.platform, state.running_config)
        except ConfigUnreadable as err:
            return str(err)
        facts = read_facts(parsed)
        _services_off(parsed, facts)
        return parsed, facts
