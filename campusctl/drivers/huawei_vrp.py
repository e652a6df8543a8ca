"""Huawei VRP campus driver: napalm-huawei-vrp getters plus the campus config path.

napalm-huawei-vrp 1.2.0 stubs get_vlans and load_replace_candidate, commits
through checkpoint files and SCP-less line pushes with netmiko's waits, its
get_interfaces_ip does not give link-local addresses a prefix length, and its
get_lldp_neighbors misreads neighbour ports whose names have a space.
This driver keeps its other getters and replaces those.
"""

from __future__ import annotations

from typing import Any

from napalm_huawei_vrp.huawei_vrp import VRPDriver

from campusctl.drivers.napalm_base import CampusDriverMixin
from campusctl.drivers.parsers import vrp
from campusctl.platforms import PlatformId

# One row of "display lldp neighbor brief": local port, system name, remote port, hold time.


class CampusHuaweiVRPDriver(CampusDriverMixin, VRPDriver):  # type: ignore[misc]
    """NAPALM driver ``campus_huawei_vrp``."""

    PLATFORM = PlatformId.HUAWEI_VRP
    RUNNING_COMMAND = "display current-configuration"
    STARTUP_COMMAND = "display saved-configuration"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        VRPDriver.__init__(self, hostname, username, password, timeout, optional_args)
        self._init_campus(hostname, username, password, timeout, optional_args)

    def get_interfaces(self) -> dict[str, Any]:
        """Return interfaces from ``display interface`` (empty descriptions stay empty)."""
        return dict(vrp.parse_display_interface(self._session().run("display interface")))

    def get_lldp_neighbors(self) -> dict[str, Any]:
        """Return LLDP neighbours from ``display lldp neighbor brief``, keyed by canonical port name.

        Replaces napalm-huawei-vrp 1.2.0's getter, which misreads port IDs
        with a space (RGOS neighbours) and the CloudEngine column order.
        """
        text = self._session().run("display lldp neighbor brief")
        return dict(vrp.parse_lldp_neighbor_brief(text))

    def get_interfaces_ip(self) -> dict[str, Any]:
        """Return IPv4 and IPv6 addresses; link-local addresses have prefix length 64."""
        session = self._session()
        ipv4 = session.run("display ip interface", check=False)
        ipv6 = session.run("display ipv6 interface", check=False)
        return dict(vrp.parse_ip_interfaces(ipv4, ipv6))

    # napalm-huawei-vrp 1.2.0 declares these with fewer parameters than
    # NetworkDriver; the overrides restore the contract's signatures.

    def get_bgp_config(self, group: str = "", neighbor: str = "") -> dict[str, Any]:
        """Not available on campus switches."""
        raise NotImplementedError

    def get_bgp_neighbors_detail(self, neighbor_address: str = "") -> dict[str, Any]:
        """Not available on campus switches."""
        raise NotImplementedError

    def get_network_instances(self, name: str = "") -> dict[str, Any]:
        """Not implemented."""
        raise NotImplementedError

    def get_route_to(
        self, destination: str = "", protocol: str = "", longer: bool = False
    ) -> dict[str, Any]:
        """Not implemented."""
        raise NotImplementedError

    def traceroute(
        self,
        destination: str,
        source: str = "",
        ttl: int = 255,
        timeout: int = 2,
        vrf: str = "",
    ) -> dict[str, Any]:
        """Not implemented."""
        raise NotImplementedError

    def ping(
        self,
        destination: str,
        source: str = "",
        ttl: int = 255,
        timeout: int = 2,
        size: int = 100,
        count: int = 5,
        vrf: str = "",
        source_interface: str = "",
    ) -> dict[str, Any]:
        """Ping from the switch (the community implementation; no source interface)."""
        if source_interface:
            raise NotImplementedError
        result: dict[str, Any] = VRPDriver.ping(
            self, destination, source, ttl, timeout, size, count, vrf
        )
        return result

    def get_vlans(self) -> dict[str, Any]:
        """Return VLANs from ``display vlan`` with names and member ports."""
        return dict(vrp.parse_display_vlan(self._session().run("display vlan")))
