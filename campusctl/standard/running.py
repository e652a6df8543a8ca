"""Running configurations taken from captured device state (the ``running`` getter value)."""

from __future__ import annotations

from pathlib import Path

from campusctl.inventory.model import Device, School
from campusctl.standard.sources import StateSource


class RunningConfigs:
    """A config source that returns the running configuration of a state source."""

    def __init__(self, states: StateSource) -> None:
        self.states = states

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        """Return the running configuration of ``device``, if its state has one."""
        state = self.states.state(school, device)
        if state is None or state.running_config is None:
            return None
        return state.running_config, None
