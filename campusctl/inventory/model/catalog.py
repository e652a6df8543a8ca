"""The hardware catalogue: device models with their ports, PoE budget and source."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from campusctl.inventory.model.base import Count, Flag, Positive, StrictModel, Text
from campusctl.platforms import PlatformId


class PortGroup(StrictModel):
    """A run of identical ports, such as 48 × GE PoE+ or 4 × 10GE SFP+.

    ``prefix`` may contain ``{member}``, the stack member number as the
    vendor numbers it (see :attr:`HardwareModel.first_member`).
    """

    prefix: Text
    first: Count = 1
    count: Positive
    speed_mbps: Positive
    poe: Flag = False
    uplink: Flag = False

    def names(self, member: int = 1) -> list[str]:
        """Return the port names of this group on stack member ``member``."""
        prefix = self.prefix.replace("{member}", str(member))
        return [f"{prefix}{number}" for number in range(self.first, self.first + self.count)]


class SourceStatus(StrEnum):
    """How far a catalogue entry's port counts, PoE budget and uplinks were checked."""

    DATA_SHEET = "data-sheet"
    """Checked against the vendor's data sheet named in ``source``."""
    COMMUNITY = "community"
    """Port counts and names agree with a community source; the data sheet was not read."""
    UNVERIFIED = "unverified"
    """No data sheet was found; the values are unchecked."""


class HardwareModel(StrictModel):
    """One orderable device model of a vendor."""

    name: Text
    vendor: Text
    platform: PlatformId
    kind: Annotated[str, Field(pattern=r"^(switch|router|wlc|ap|firewall)$")]
    port_groups: list[PortGroup] = []
    poe_budget_w: Count = 0
    first_member: Annotated[int, Field(strict=True, ge=0, le=1)] = 1
    """Number of the first (or only) stack member: 0 on Huawei S-series, 1 on H3C and Cisco."""
    source: Text
    """The source of the port counts and PoE budget (the vendor's data sheet)."""
    source_status: SourceStatus = SourceStatus.UNVERIFIED
    checked: Text | None = None
    """Note on the values compared with which source, and the values still unchecked."""

    def interfaces(self, members: int = 1) -> list[str]:
        """Return every physical port name on a stack of ``members`` devices."""
        return [
            name
            for member in range(self.first_member, self.first_member + members)
            for group in self.port_groups
            for name in group.names(member)
        ]

    def speeds(self, members: int = 1) -> dict[str, int]:
        """Return the nominal speed in Mbps of every physical port."""
        return {
            name: group.speed_mbps
            for member in range(self.first_member, self.first_member + members)
            for group in self.port_groups
            for name in group.names(member)
        }


class CatalogFile(StrictModel):
    """One file under inventory/catalog/."""

    models: list[HardwareModel]
