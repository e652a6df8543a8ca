"""Choosing catalogue models and their ports for each role of the plan."""

from __future__ import annotations

from dataclasses import dataclass

from campusctl.i18n import _
from campusctl.inventory.model import HardwareModel
from campusctl.onboard.errors import NoFittingModel
from campusctl.onboard.rules import AccessRule, PlatformRule


@dataclass(frozen=True, slots=True)
class PortInfo:
    """One physical port of a planned device."""

    name: str
    speed_mbps: int
    poe: bool
    uplink: bool
    member: int


def ports_of(model: HardwareModel, members: int = 1) -> list[PortInfo]:
    """Return every physical port of a stack of ``members`` devices of ``model``, in order."""
    return [
        PortInfo(name, group.speed_mbps, group.poe, group.uplink, member)
        for member in range(model.first_member, model.first_member + members)
        for group in model.port_groups
        for name in group.names(member)
    ]


def resolve(
    catalog: dict[str, HardwareModel], names: list[str], role: str, platform: str
) -> list[HardwareModel]:
    """Return the catalogue entries of ``names``, checking that each exists and runs ``platform``.

    :raise NoFittingModel: naming the missing or mismatched model.
    """
    models: list[HardwareModel] = []
    for name in names:
        model = catalog.get(name)
        if model is None:
            raise NoFittingModel(
                _(
                    "the sizing rules name {model} as {role} model of {platform}, "
                    "but inventory/catalog/ has no such model; add it or correct the rules"
                ).format(model=name, role=role, platform=platform)
            )
        if model.platform != platform:
            raise NoFittingModel(
                _("model {model} runs {actual}, not {platform}; correct the sizing rules").format(
                    model=name, actual=model.platform, platform=platform
                )
            )
        models.append(model)
    if not models:
        raise NoFittingModel(
            _("the sizing rules list no {role} model for {platform}").format(
                role=role, platform=platform
            )
        )
    return models


@dataclass(frozen=True, slots=True)
class AccessCapacity:
    """Usable ports, PoE ports and PoE watts of one access switch under the spare and headroom rules."""

    model: HardwareModel
    ports: int
    poe_ports: int
    poe_w: float


def access_capacity(model: HardwareModel, rule: AccessRule) -> AccessCapacity:
    """Return the usable ports, PoE ports and PoE watts of ``model`` under ``rule``."""
    access_ports = [p for p in ports_of(model) if not p.uplink]
    keep = (100 - rule.spare_ports_percent) / 100
    poe_ports = sum(1 for p in access_ports if p.poe)
    return AccessCapacity(
        model=model,
        ports=int(len(access_ports) * keep),
        poe_ports=int(poe_ports * keep),
        poe_w=model.poe_budget_w * (100 - rule.poe_headroom_percent) / 100,
    )


def fits(capacity: AccessCapacity, ports: int, poe_ports: int, poe_w: float) -> bool:
    """Tell whether one switch of ``capacity`` carries the given load."""
    return ports <= capacity.ports and poe_ports <= capacity.poe_ports and poe_w <= capacity.poe_w


def platform_models(
    catalog: dict[str, HardwareModel], rule: PlatformRule, platform: str
) -> dict[str, list[HardwareModel]]:
    """Return the access, core, WLC and AP models of ``platform`` in preference order."""
    return {
        role: resolve(catalog, getattr(rule, role), role, platform)
        for role in ("access", "core", "wlc", "ap")
    }
