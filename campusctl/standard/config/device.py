"""Context of a configuration check: the device in the inventory and its parsed config."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, PortProfile, School
from campusctl.platforms import PlatformId
from campusctl.standard.config.facts import ConfigFacts, Interface
from campusctl.standard.config.ios import read_ios
from campusctl.standard.config.parse import ParsedConfig
from campusctl.standard.config.vrp import read_vrp
from campusctl.standard.profile import Rule
from campusctl.standard.results import Evidence, Finding, Status

USER_PROFILES = {
    PortProfile.TERMINAL,
    PortProfile.AP,
    PortProfile.CAMERA,
    PortProfile.PRINTER,
    PortProfile.SERVER,
}
"""Port profiles of edge ports: an end device, never a switch, is plugged in."""


def read_facts(parsed: ParsedConfig) -> ConfigFacts:
    """Read the platform-independent facts of a parsed configuration."""
    if parsed.platform in {PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE}:
        return read_vrp(parsed)
    return read_ios(parsed)


def port_key(name: str) -> str:
    """Return a comparison key for an interface name (Ruijie writes a space before the number)."""
    return name.replace(" ", "").lower()


@dataclass(frozen=True, slots=True)
class DeviceContext:
    """A rule applied to one device's configuration."""

    inventory: Inventory
    school: School
    device: Device
    rule: Rule
    threshold: dict[str, Any]
    parsed: ParsedConfig
    facts: ConfigFacts

    def finding(
        self,
        status: Status,
        message: str,
        evidence: Sequence[Evidence] = (),
        *,
        port: str | None = None,
        measured: float | None = None,
        threshold: float | None = None,
    ) -> Finding:
        """Build a finding of this rule on this device (or one of its ports)."""
        return Finding(
            rule=self.rule.id,
            status=status,
            school=self.school.code,
            subject=f"{self.device.name} {port}" if port else self.device.name,
            message=message,
            evidence=tuple(evidence),
            device=self.device.name,
            severity=self.rule.severity,
            measured=measured,
            threshold=threshold,
        )

    def interface(self, name: str) -> Interface | None:
        """Return the configuration of the inventory port ``name``, if the config has it."""
        found = self.facts.interfaces.get(name)
        if found is not None:
            return found
        key = port_key(name)
        return next((i for i in self.facts.interfaces.values() if port_key(i.name) == key), None)

    def uplink_ports(self) -> set[str]:
        """Return the keys of the device's uplink ports, their LAG members and egress ports."""
        device = self.device
        uplinks = {
            port_key(n) for p in device.ports if p.profile is PortProfile.UPLINK for n in p.names()
        }
        for link in self.school.links:
            for end in (link.a, link.b):
                if end.device == device.name and end.lag and port_key(end.lag) in uplinks:
                    uplinks.add(port_key(end.port))
        for uplink in self.school.uplinks:
            if uplink.device == device.name and uplink.port:
                uplinks.add(port_key(uplink.port))
        return uplinks

    def user_ports(
        self, profiles: set[PortProfile] | None = None
    ) -> list[tuple[str, int | None, PortProfile]]:
        """Return ``(name, access VLAN, profile)`` of every edge port of the inventory."""
        chosen = profiles or USER_PROFILES
        return [
            (name, port.vlan, port.profile)
            for port in self.device.ports
            if port.profile in chosen
            for name in port.names()
        ]

    def cabled_ports(self) -> set[str]:
        """Return the keys of every port of this device that a link in the inventory uses."""
        return {
            port_key(end.port)
            for link in self.school.links
            for end in (link.a, link.b)
            if end.device == self.device.name
        }
