"""Configuration facts of the running configurations that a state source read."""

from __future__ import annotations

from campusctl.i18n import _
from campusctl.inventory.model import Device, School
from campusctl.standard.config.device import read_facts
from campusctl.standard.config.facts import ConfigFacts
from campusctl.standard.config.parse import ConfigUnreadable, ParsedConfig, parse_config
from campusctl.standard.sources import StateSource


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
        return parsed, read_facts(parsed)
