"""Figures of a plan for people: device counts, switch load, VLANs and cables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from campusctl.inventory.model.catalog import SourceStatus
from campusctl.inventory.model.enums import DeviceRole
from campusctl.onboard.hardware import ports_of
from campusctl.onboard.plan import SchoolPlan


@dataclass(frozen=True, slots=True)
class SwitchLoad:
    """Port and PoE load of one planned switch."""

    name: str
    role: DeviceRole
    model: str
    members: int
    ports_used: int
    ports_total: int
    poe_w: float
    poe_budget_w: int


def device_counts(plan: SchoolPlan) -> list[tuple[DeviceRole, str, int]]:
    """Return ``(role, model, count)`` for every model of the plan, in role order."""
    counts = Counter((device.role, device.model) for device in plan.school.devices)
    order = list(DeviceRole)
    return sorted(
        ((role, model, count) for (role, model), count in counts.items()),
        key=lambda item: (order.index(item[0]), item[1]),
    )


def switch_loads(plan: SchoolPlan) -> list[SwitchLoad]:
    """Return the port and PoE load of the core, the controller and every access switch."""
    switches = [plan.core, *plan.wlcs, *plan.access]
    loads: list[SwitchLoad] = []
    for switch in switches:
        total = len(ports_of(switch.model, switch.members))
        loads.append(
            SwitchLoad(
                name=switch.name,
                role=switch.role,
                model=switch.model.name,
                members=switch.members,
                ports_used=total - len(switch.free),
                ports_total=total,
                poe_w=round(switch.poe_w, 1),
                poe_budget_w=switch.model.poe_budget_w * switch.members,
            )
        )
    return loads


def model_sources(plan: SchoolPlan) -> dict[str, SourceStatus]:
    """Return how far the catalogue entry of each planned switch model was checked."""
    switches = [plan.core, *plan.wlcs, *plan.access]
    return {switch.model.name: switch.model.source_status for switch in switches}
