"""Stations that associate to a lab controller's 802.1X SSID, and the controller's client table.

An association makes the controller do what the real one does: find the
RADIUS servers its running configuration names for the SSID, send the
station's EAP exchange to the first one with the configured shared secret,
try the next one when a server does not reply, and record the outcome in
its client table.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

from campusctl.lab.radius import Outcome, Station, authenticate, check_lab_route
from campusctl.lab.runtime import DeviceRuntime
from campusctl.lab.vendors.wlan_aaa import radius_servers
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

# Documentation MAC addresses (RFC 7042) for a station and AP the request does not name.
STATION_MAC = "00-00-5E-00-53-AA"
AP_MAC = "00-00-5E-00-53-01"


@dataclass(frozen=True, slots=True)
class WlanClient:
    """One row of a controller's client table."""

    mac: str
    ssid: str
    username: str
    outcome: str
    server: str
    message: str
    when: float

    def as_dict(self) -> dict[str, Any]:
        """Return the row as JSON-ready data."""
        return asdict(self)


def associate(
    runtime: DeviceRuntime,
    ssid: str,
    username: str,
    password: str,
    bridge: str,
    *,
    mac: str = STATION_MAC,
    ap_mac: str = AP_MAC,
    timeout: float = 2.0,
) -> WlanClient:
    """Authenticate one station on ``ssid`` through ``runtime``'s RADIUS servers; record it.

    ``bridge`` is the lab bridge every RADIUS server must be routed through.

    :raise RadiusError: when the SSID is not an 802.1X SSID of the running
        configuration, or a server is outside the lab.
    """
    platform = PlatformId(runtime.spec.platform)
    servers = radius_servers(platform, runtime.running, ssid, runtime.name)
    station = Station(mac=mac, ssid=ssid, ap_mac=ap_mac, username=username, password=password)
    result = None
    for server in servers:
        check_lab_route(server.address, bridge)
        result = authenticate(server, station, runtime.name, timeout=timeout)
        if result.outcome is not Outcome.TIMEOUT:
            break
    assert result is not None  # radius_servers returns at least one server
    client = WlanClient(
        mac=mac,
        ssid=ssid,
        username=username,
        outcome=result.outcome.value,
        server=result.server,
        message=result.message,
        when=time.time(),
    )
    runtime.wlan_clients[:] = [c for c in runtime.wlan_clients if c.mac != mac]
    runtime.wlan_clients.append(client)
    log.info(
        "device %s: station %s on %s: %s via %s",
        runtime.name,
        mac,
        ssid,
        client.outcome,
        client.server,
    )
    return client
