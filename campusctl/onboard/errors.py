"""Errors of school onboarding; each names the school, the value and the fix."""

from __future__ import annotations

from campusctl.errors import InventoryError, UsageError


class OnboardError(InventoryError):
    """Raised when a school cannot be planned or written."""

    code = "E1100"


class SchoolExists(OnboardError):
    """Raised when the school code is already in the inventory or twice in a batch."""

    code = "E1101"


class NoFreeSpace(OnboardError):
    """Raised when a district has no pool or no free block of the size a school needs."""

    code = "E1102"


class StandardNotMet(OnboardError):
    """Raised when a spec requests something the digital-campus standard forbids."""

    code = "E1103"


class SpecInvalid(UsageError):
    """Raised when a school spec or a sizing-rules file is malformed."""

    code = "E1104"


class NoFittingModel(OnboardError):
    """Raised when no catalogue model of the platform can fill a role."""

    code = "E1105"
