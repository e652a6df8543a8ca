"""Running state of one device in the return shapes of NAPALM's getters.

The drivers return exactly these shapes (``napalm.base.models``), so checks
run the same on a live device, the lab, or getter data a test constructs::

    get_interfaces()     {"GigabitEthernet0/0/1": {"is_up": True, "is_enabled": True,
                          "description": "A101 班班通", "last_flapped": -1.0, "speed": 1000.0,
                          "mtu": 1500, "mac_address": "00:e0:fc:00:00:01"}}
    get_interfaces_ip()  {"Vlanif20": {"ipv4": {"198.18.18.1": {"prefix_length": 25}},
                          "ipv6": {"2001:db8:4406:114::1": {"prefix_length": 64}}}}
    get_lldp_neighbors() {"XGigabitEthernet0/0/1": [{"hostname": "YCSY-CORE-01",
                          "port": "XGigabitEthernet0/0/1"}]}
    get_vlans()          {20: {"name": "TEACHING", "interfaces": ["GigabitEthernet0/0/1"]}}
    get_config()         {"running": "...", "startup": "...", "candidate": ""}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.locate import locate
from campusctl.inventory.model import Device, School
from campusctl.standard.ifnames import interface_key
from campusctl.standard.profile import Rule
from campusctl.standard.results import Evidence, Finding, Status, Unreachable

if TYPE_CHECKING:
    from napalm.base.models import InterfaceDict, InterfacesIPDict, LLDPNeighborDict, VlanDict


@dataclass(slots=True)
class DeviceState:
    """What the getters returned for one device; a getter not run stays None."""

    interfaces: dict[str, InterfaceDict] | None = None
    interfaces_ip: dict[str, InterfacesIPDict] | None = None
    lldp_neighbors: dict[str, list[LLDPNeighborDict]] | None = None
    vlans: dict[int, VlanDict] | None = None
    running_config: str | None = None
    intended_config: str | None = None
    """The rendered configuration the device should run (for the drift check)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Getter name → error text, for getters that failed or are unsupported."""
    unreachable: Unreachable | None = None
    """Set when no session to the device could be opened, so no getter ran."""


@dataclass(frozen=True, slots=True)
class StateContext:
    """A rule applied to one device's running state."""

    inventory: Inventory
    school: School
    device: Device
    rule: Rule
    threshold: dict[str, Any]
    state: DeviceState

    def finding(
        self,
        status: Status,
        message: str,
        evidence: Sequence[Evidence] = (),
        *,
        port: str | None = None,
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
        )

    def getter(self, name: str, text: str) -> Evidence:
        """Return evidence naming the device, the getter and the value that decided."""
        return Evidence(text=text, device=self.device.name, command=name)

    def not_read(self, getter: str) -> list[Finding]:
        """Return the failed finding of a rule whose getter returned no data."""
        error = self.state.errors.get(getter, _("not read"))
        return [
            self.finding(
                Status.FAIL,
                _("{getter} returned no data: {error}").format(getter=getter, error=error),
                [self.getter(getter, error)],
            )
        ]

    def inventory_evidence(self, loc: tuple[int | str, ...], text: str) -> Evidence:
        """Return evidence naming the school file and the line of the key path ``loc``."""
        source = self.school.source
        if source is None:
            return Evidence(text=text)
        return Evidence(text=text, file=source, line=locate(source, loc, "").line)

    def keyed(self, table: dict[str, Any]) -> dict[str, tuple[str, Any]]:
        """Return a getter's table keyed by canonical interface name, with the original name."""
        platform = self.device.platform
        return {interface_key(name, platform): (name, value) for name, value in table.items()}
