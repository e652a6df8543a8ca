"""Cross-object checks of the wireless inventory: controllers, APs and the SSID catalogue."""

from __future__ import annotations

from typing import Protocol

from campusctl.i18n import _
from campusctl.inventory.locate import Loc
from campusctl.inventory.model import DeviceRole, School
from campusctl.inventory.model.wireless import Ssid


class FindingSink(Protocol):
    """Sink of located findings (the semantic checker's per-school collector)."""

    def add(self, loc: Loc, message: str, fix: str = "") -> None: ...


def offered_ssids(school: School) -> list[Ssid]:
    """Return the catalogue's SSIDs that the school offers: those whose zone has a VLAN there."""
    zones = {vlan.zone for vlan in school.vlans}
    return [ssid for ssid in school.settings.wireless.ssids if ssid.zone in zones]


def check_wireless(school: School, found: FindingSink) -> None:
    """Check the school's controllers and APs against the SSID catalogue and each other."""
    controllers = [
        (index, device)
        for index, device in enumerate(school.devices)
        if device.role is DeviceRole.WLC
    ]
    if not controllers:
        return
    wireless = school.settings.wireless
    offered = offered_ssids(school)
    vlan_of_zone = {vlan.zone: vlan.id for vlan in school.vlans}
    buildings = {building.id for building in school.buildings}
    platforms = {device.platform for _index, device in controllers}

    if not offered and wireless.ssids:
        found.add(
            ("vlans",),
            _("no SSID of the catalogue maps to a zone that has a VLAN in this school"),
            _("add the VLANs of the SSID zones (student_wifi, guest, office, iot)"),
        )
    for band, entries in wireless.per_band().items():
        names = [s.ssid for s in entries if s in offered]
        if len(names) > wireless.radio.max_ssids_per_radio:
            found.add(
                ("settings", "wireless", "ssids"),
                _("{count} SSIDs on the {band} radio exceed the limit of {limit}: {ssids}").format(
                    count=len(names),
                    band=band.value,
                    limit=wireless.radio.max_ssids_per_radio,
                    ssids=", ".join(names),
                ),
                _("offer at most {limit} SSIDs per radio").format(
                    limit=wireless.radio.max_ssids_per_radio
                ),
            )

    for index, controller in controllers:
        carried = {vlan for port in controller.ports for vlan in [*port.vlans, port.vlan] if vlan}
        missing = sorted({vlan_of_zone[s.zone] for s in offered} - carried)
        if missing:
            found.add(
                ("devices", index, "ports"),
                _("controller {device} carries SSID VLAN(s) {vlans} on none of its ports").format(
                    device=controller.name, vlans=", ".join(str(v) for v in missing)
                ),
                _("add the VLANs to the controller's uplink trunk and its peer's downlink"),
            )

    seen_macs: dict[str, str] = {}
    for index, device in enumerate(school.devices):
        if device.role is not DeviceRole.AP:
            continue
        where = ("devices", index)
        if device.platform not in platforms:
            found.add(
                (*where, "platform"),
                _(
                    "AP {device} runs {platform}, but no controller of that platform serves the school"
                ).format(device=device.name, platform=device.platform.value),
                _("use an AP model of the controller's vendor"),
            )
        if device.mac is not None:
            if device.mac in seen_macs:
                found.add(
                    (*where, "mac"),
                    _("MAC address {mac} of AP {device} is also used by {other}").format(
                        mac=device.mac, device=device.name, other=seen_macs[device.mac]
                    ),
                    _("each AP has its own MAC address; correct the copy"),
                )
            seen_macs.setdefault(device.mac, device.name)
        if device.building is None:
            found.add(
                where,
                _("AP {device} has no building, so it belongs to no AP group").format(
                    device=device.name
                ),
                _("add building: with the id of the building the AP is in"),
            )
        elif device.building not in buildings:
            found.add(
                (*where, "building"),
                _("AP {device} is in unknown building {building}").format(
                    device=device.name, building=device.building
                ),
                _("name a building of this school"),
            )


__all__ = ["check_wireless", "offered_ssids"]
