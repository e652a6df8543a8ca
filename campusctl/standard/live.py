"""Running state read from the devices through campusctl's NAPALM drivers.

One session per device reads the getters the state rules need and the
running configuration. A getter that fails (or that a driver does not
implement) is recorded with its error, so the rule that needs it fails with
that message while the other rules still run.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from campusctl.engine.access import DeviceAccess, device_access
from campusctl.engine.login_account import hide_login_account
from campusctl.engine.session import session
from campusctl.errors import CampusError
from campusctl.i18n import N_
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.inventory.overlay import load_overlay
from campusctl.standard.results import Unreachable
from campusctl.standard.sources import ConfigSource, state_from_getters
from campusctl.standard.state.model import DeviceState
from campusctl.state import state_dir

log = logging.getLogger(__name__)

# Sessions open at once while prefetching; each waits on its device, not the CPU.
PREFETCH_WORKERS = 8
GETTERS = ("get_interfaces", "get_interfaces_ip", "get_lldp_neighbors", "get_vlans")


def read_getters(driver: Any) -> dict[str, Any]:
    """Call the state getters and ``get_config`` on an open driver; keep each error apart."""
    data: dict[str, Any] = {"errors": {}}
    for getter in (*GETTERS, "get_config"):
        try:
            data[getter] = getattr(driver, getter)()
        except Exception as err:  # a driver may not implement a getter, or the device rejects it
            data["errors"][getter] = str(err) or type(err).__name__
    return data


class LiveState:
    """A state source that reads each device once per run through its driver."""

    def __init__(self, inventory: Inventory, intended: ConfigSource | None = None) -> None:
        self.inventory = inventory
        self.intended = intended
        self.overlay = load_overlay(inventory.root)
        self.state_folder = state_dir(inventory.root)
        self.cache: dict[str, DeviceState] = {}

    def prefetch(self, pairs: list[tuple[School, Device]], workers: int = PREFETCH_WORKERS) -> None:
        """Read the state of many devices at once, ``workers`` sessions in parallel.

        A run reads each device once; reading them in parallel turns the
        wait for each device's answers into one wait per batch.
        """
        pending = [(s, d) for s, d in pairs if d.name not in self.cache]
        if len(pending) < 2:
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            states = list(pool.map(lambda pair: self._read(*pair), pending))
        for (_school, device), state in zip(pending, states, strict=True):
            self.cache[device.name] = state
        log.debug("read the running state of %d device(s)", len(pending))

    def state(self, school: School, device: Device) -> DeviceState | None:
        """Return the running state of ``device``; a device that cannot be reached has errors only."""
        if device.name not in self.cache:
            self.cache[device.name] = self._read(school, device)
        return self.cache[device.name]

    def _read(self, school: School, device: Device) -> DeviceState:
        intended = self.intended.config(school, device) if self.intended else None
        access: DeviceAccess | None = None
        try:
            access = device_access(self.inventory, school, device, self.overlay, self.state_folder)
            with session(access) as driver:
                data = read_getters(driver)
            config = data.get("get_config")
            if isinstance(config, dict) and config.get("running"):
                # The account campusctl logs in with is exempt, as in the engine's
                # diff: it comes from the credential settings, not the inventory.
                config["running"] = hide_login_account(
                    config["running"], intended[0] if intended else "", access.username
                )
        except (CampusError, OSError) as err:
            # read_getters keeps each getter's error, so only opening the session
            # (or finding its credentials) gets here: nothing was read at all.
            address = (
                f"{access.host}:{access.port}"
                if access is not None
                else str(device.management.ipv4.ip)
            )
            log.warning(N_("%s: cannot reach the device at %s: %s"), device.name, address, err)
            state = state_from_getters(
                {"errors": dict.fromkeys((*GETTERS, "get_config"), str(err))},
                intended[0] if intended else None,
            )
            state.unreachable = Unreachable(school.code, device.name, address, str(err))
            return state
        return state_from_getters(data, intended[0] if intended else None)


__all__ = ["GETTERS", "LiveState", "read_getters"]
