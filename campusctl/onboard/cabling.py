"""Cabling of the plan: access switches and the controller to the core, and the WAN port."""

from __future__ import annotations

from typing import Any

from campusctl.i18n import _
from campusctl.inventory.model import HardwareModel
from campusctl.inventory.model.enums import PortProfile, Zone
from campusctl.onboard.demand import FloorDemand
from campusctl.onboard.errors import StandardNotMet
from campusctl.onboard.hardware import ports_of
from campusctl.onboard.rules import SizingRules
from campusctl.onboard.switching import PlannedSwitch, link


def port_speed(switch: PlannedSwitch, port: str) -> int:
    return next(p.speed_mbps for p in ports_of(switch.model, switch.members) if p.name == port)


def trunk_vlans(switch: PlannedSwitch, vlan_of: dict[Zone, int], wireless: list[int]) -> list[int]:
    vlans = {vlan_of[Zone.MANAGEMENT]}
    for demand in switch.demands:
        vlans.add(vlan_of[demand.zone])
        if demand.ap is not None:
            vlans.update(wireless)
    return sorted(vlans)


def cable_access(
    access: list[PlannedSwitch],
    core: PlannedSwitch,
    lag_name: str,
    rules: SizingRules,
    vlan_of: dict[Zone, int],
    wireless: list[int],
    links: list[dict[str, Any]],
    backbone_mbps: int = 0,
) -> None:
    """Cable every access switch to the core, its uplinks spread over the stack members.

    :param backbone_mbps: slowest link the standard allows between access and core.
    :raise StandardNotMet: when the core has no free port fast enough for a link.
    """
    count = rules.access.uplinks
    for index, switch in enumerate(access, start=1):
        vlans = trunk_vlans(switch, vlan_of, wireless)
        uplinks = switch.take_uplink_ports(count)
        bundled = len(uplinks) > 1
        access_lag = lag_name.format(n=1) if bundled else None
        core_lag = lag_name.format(n=index) if bundled else None
        core_ports: list[str] = []
        for number, port in enumerate(uplinks):
            member = core.model.first_member + number % core.members
            core_port = core.take_downlink_port(port.speed_mbps, member)
            core_ports.append(core_port.name)
            speed = min(port.speed_mbps, core_port.speed_mbps)
            if speed < backbone_mbps:
                raise StandardNotMet(
                    _(
                        "{device}: its link to the core would run at {speed} Mbps, below the "
                        "{floor} Mbps backbone the standard requires here; a {model} has too "
                        "few fast ports, so put a larger core model first in the sizing rules"
                    ).format(
                        device=switch.name, speed=speed, floor=backbone_mbps, model=core.model.name
                    )
                )
            links.append(
                link(switch.name, port.name, core.name, core_port.name, speed, access_lag, core_lag)
            )
        switch.entries.insert(
            0,
            {
                "name": access_lag or uplinks[0].name,
                "profile": PortProfile.UPLINK.value,
                "vlans": vlans,
                "description": f"uplink {core.name}",
            },
        )
        core.entries.append(
            {
                "name": core_lag or core_ports[0],
                "profile": PortProfile.DOWNLINK.value,
                "vlans": vlans,
                "description": f"downlink {switch.name}",
            }
        )


def cable_wlc(
    wlc: PlannedSwitch,
    core: PlannedSwitch,
    vlans: list[int],
    links: list[dict[str, Any]],
    member: int,
) -> None:
    """Cable a wireless controller to stack member ``member`` of the core."""
    (port,) = wlc.take_uplink_ports(1)
    core_port = core.take_downlink_port(port.speed_mbps, member)
    links.append(
        link(
            wlc.name,
            port.name,
            core.name,
            core_port.name,
            min(port.speed_mbps, core_port.speed_mbps),
        )
    )
    wlc.entries.append(
        {
            "name": port.name,
            "profile": PortProfile.UPLINK.value,
            "vlans": vlans,
            "description": f"uplink {core.name}",
        }
    )
    core.entries.append(
        {
            "name": core_port.name,
            "profile": PortProfile.DOWNLINK.value,
            "vlans": vlans,
            "description": f"downlink {wlc.name}",
        }
    )


def take_wan_port(core: PlannedSwitch, access: list[PlannedSwitch]) -> str:
    """Take the core's port toward the provider: an uplink port on a collapsed core."""
    if not access:
        return core.take_uplink_ports(1)[0].name
    speed = max((p.speed_mbps for p in core.free if not p.uplink), default=1000)
    return core.take_downlink_port(speed, core.model.first_member).name


def cable_aps(
    floors: list[FloorDemand],
    ap_ports: dict[str, tuple[PlannedSwitch, str]],
    ap_model: HardwareModel,
    links: list[dict[str, Any]],
) -> list[tuple[str, str, int]]:
    """Cable every access point to its switch port; return each AP with its building and floor."""
    ports = ports_of(ap_model)
    ap_uplink = next((p for p in ports if p.uplink), ports[0])
    aps: list[tuple[str, str, int]] = []
    for floor in floors:
        for demand in floor.demands():
            if demand.ap is None:
                continue
            switch, port = ap_ports[demand.ap]
            speed = min(ap_uplink.speed_mbps, port_speed(switch, port))
            links.append(link(switch.name, port, demand.ap, ap_uplink.name, speed))
            aps.append((demand.ap, floor.building.id, floor.floor.level))
    return aps
