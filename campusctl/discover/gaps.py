"""The gap report: what a school's current configurations fail of the standard.

Each finding names the compliance check of the standard that judges the same
thing on a managed school (``ssh_only``, ``vlan_hygiene``, ``dual_stack_svi``,
``management_ipv6_parity``), so the report reads like ``campusctl check``.
When the intended configurations are given (``campusctl render`` output,
one ``<device>.cfg`` per device), each device's remediation is the diff from
its running configuration, computed by the change engine's planner.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from campusctl.diff.remediation import DiffMode, plan_remediation
from campusctl.discover.facts import DeviceFacts, PortMode
from campusctl.discover.rules import Rules
from campusctl.i18n import _
from campusctl.inventory.model import PortProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing a device fails, under the check that judges it."""

    check: str
    device: str
    message: str
    port: str | None = None


@dataclass(slots=True)
class GapReport:
    """Every gap of a school, and the remediation per device when it is known."""

    gaps: list[Gap] = field(default_factory=list)
    remediation: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_intended: list[str] = field(default_factory=list)

    def by_check(self) -> dict[str, list[Gap]]:
        """Return the gaps grouped by check, checks in name order."""
        grouped: dict[str, list[Gap]] = {}
        for gap in sorted(self.gaps, key=lambda g: (g.check, g.device, g.port or "")):
            grouped.setdefault(gap.check, []).append(gap)
        return grouped

    def text(self) -> str:
        """Return the report as plain text for a terminal or a file."""
        lines: list[str] = []
        for check, gaps in self.by_check().items():
            lines.append(_("{check}: {count} finding(s)").format(check=check, count=len(gaps)))
            for gap in gaps:
                where = f"{gap.device} {gap.port}" if gap.port else gap.device
                lines.append(f"  {where}: {gap.message}")
        if not self.gaps:
            lines.append(_("no gaps found in the configurations"))
        for device, commands in sorted(self.remediation.items()):
            lines.append("")
            lines.append(
                _("remediation for {device} ({count} command(s)):").format(
                    device=device, count=len(commands)
                )
            )
            lines.extend(f"  {command}" for command in commands)
        for device in self.missing_intended:
            lines.append(
                _("no intended configuration for {device}; render the school to plan it").format(
                    device=device
                )
            )
        return "\n".join(lines)


def _device_gaps(device: DeviceFacts, rules: Rules) -> list[Gap]:
    name = device.hostname
    gaps: list[Gap] = []
    if device.telnet:
        gaps.append(Gap("ssh_only", name, _("Telnet is enabled; the standard allows SSH only")))
    for interface in device.interfaces.values():
        if interface.role == "svi" and interface.vlan_id == 1 and interface.ipv4:
            gaps.append(
                Gap(
                    "vlan_hygiene",
                    name,
                    _("VLAN 1 has an address ({address})").format(address=interface.ipv4[0]),
                    interface.name,
                )
            )
        if interface.role not in ("physical", "lag") or interface.lag:
            continue
        if (
            interface.mode is PortMode.TRUNK
            and interface.trunk_vlans is not None
            and 1 in interface.trunk_vlans
        ):
            gaps.append(Gap("vlan_hygiene", name, _("the trunk carries VLAN 1"), interface.name))
        elif (
            interface.mode is PortMode.ACCESS
            and interface.access_vlan == 1
            and interface.description
            and not interface.shutdown
            and rules.profile_of(interface.description) is not PortProfile.UNUSED
        ):
            gaps.append(Gap("vlan_hygiene", name, _("a port in use is in VLAN 1"), interface.name))
    for svi in device.svis():
        if svi.ipv4 and not svi.ipv6 and svi.vlan_id != 1:
            gaps.append(
                Gap(
                    "dual_stack_svi",
                    name,
                    _("SVI of VLAN {vlan} has no IPv6 address").format(vlan=svi.vlan_id),
                    svi.name,
                )
            )
    return gaps


def gap_report(
    devices: Sequence[DeviceFacts],
    rules: Rules,
    management_vlans: dict[str, int | None],
    intended: Path | None = None,
    names: dict[str, str] | None = None,
) -> GapReport:
    """Return the gaps of ``devices`` and, given ``intended``, each device's remediation.

    :param management_vlans: each device's management VLAN, for the IPv6 parity finding.
    :param intended: a folder of ``<device>.cfg`` intended configurations.
    :param names: inventory name by host name, when the inventory renames a device.
    """
    report = GapReport()
    for device in devices:
        report.gaps.extend(_device_gaps(device, rules))
        vlan = management_vlans.get(device.hostname)
        mgmt = next((s for s in device.svis() if s.vlan_id == vlan), None)
        if mgmt is not None and not mgmt.ipv6:
            report.gaps.append(
                Gap(
                    "management_ipv6_parity",
                    device.hostname,
                    _("the management address has no IPv6 counterpart"),
                    mgmt.name,
                )
            )
        if intended is None:
            continue
        name = (names or {}).get(device.hostname, device.hostname)
        path = intended / f"{name}.cfg"
        if not path.is_file():
            report.missing_intended.append(name)
            continue
        plan = plan_remediation(
            device.running_config,
            path.read_text(encoding="utf-8"),
            device.platform,
            mode=DiffMode.REPLACE,
            management_vlan=vlan,
        )
        report.remediation[name] = plan.all_commands
    return report
