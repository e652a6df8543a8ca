"""Ruijie RGOS campus driver (no community NAPALM driver exists for RGOS)."""

from __future__ import annotations

from typing import Any

from napalm.base.base import NetworkDriver

from campusctl.drivers.napalm_base import CampusDriverMixin
from campusctl.drivers.parsers import rgos
from campusctl.platforms import PlatformId


class CampusRuijieRGOSDriver(CampusDriverMixin, NetworkDriver):  # type: ignore[misc]
    """NAPALM driver ``campus_ruijie_rgos``."""

    PLATFORM = PlatformId.RUIJIE_RGOS
    RUNNING_COMMAND = "show running-config"
    STARTUP_COMMAND = "show startup-config"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        self._init_campus(hostname, username, password, timeout, optional_args)

    def get_facts(self) -> dict[str, Any]:
        """Return vendor, model, version, serial, uptime, hostname and interface names."""
        session = self._session()
        version = rgos.parse_show_version(session.run("show version"))
        interfaces = rgos.parse_interfaces(session.run("show interfaces status"), "")
        return {
            "vendor": "Ruijie",
            "model": version["model"],
            "os_version": version["os_version"],
            "serial_number": version["serial_number"],
            "uptime": version["uptime"],
            "hostname": session.hostname,
            "fqdn": session.hostname,
            "interface_list": sorted(interfaces),
        }

    def get_interfaces(self) -> dict[str, Any]:
        """Return interfaces from ``show interfaces status`` and ``description``."""
        session = self._session()
        status = session.run("show interfaces status")
        descriptions = session.run("show interfaces description", check=False)
        return dict(rgos.parse_interfaces(status, descriptions))

    def get_interfaces_ip(self) -> dict[str, Any]:
        """Return IPv4 and IPv6 addresses; link-local addresses have prefix length 64."""
        session = self._session()
        ipv4 = session.run("show ip interface", check=False)
        ipv6 = session.run("show ipv6 interface", check=False)
        return dict(rgos.parse_ip_interfaces(ipv4, ipv6))

    def get_vlans(self) -> dict[str, Any]:
        """Return VLANs from ``show vlan``."""
        return dict(rgos.parse_show_vlan(self._session().run("show vlan")))

    def get_lldp_neighbors(self) -> dict[str, Any]:
        """Return LLDP neighbours from ``show lldp neighbors``."""
        return dict(rgos.parse_lldp_neighbors(self._session().run("show lldp neighbors")))
