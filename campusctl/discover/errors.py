"""Errors of import and discovery."""

from __future__ import annotations

from campusctl.errors import DeviceError, InventoryError


class ImportConfigError(InventoryError):
    """Raised when a saved configuration cannot be read or its platform is unknown."""

    code = "E1101"


class ZoneRulesError(InventoryError):
    """Raised when the zone and room rules file is invalid."""

    code = "E1102"


class DiscoveryError(DeviceError):
    """Raised when discovery cannot start (seed unreachable, no credentials)."""

    code = "E3501"
