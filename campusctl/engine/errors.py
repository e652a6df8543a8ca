"""Errors of the change engine."""

from __future__ import annotations

from campusctl.errors import EngineError


class LockedError(EngineError):
    """Raised when another run is changing the same school."""

    code = "E4001"


class PlanStaleError(EngineError):
    """Raised when a device's running config changed since its plan was made."""

    code = "E4002"


class PlanFileError(EngineError):
    """Raised when a plan file is missing, unreadable or of another format."""

    code = "E4003"


class VerificationError(EngineError):
    """Raised when a device does not match its intended config after a change."""

    code = "E4004"


class RollbackError(EngineError):
    """Raised when a device could not be returned to its pre-change config."""

    code = "E4005"


class IntendedConfigMissing(EngineError):
    """Raised when a device has no rendered intended config."""

    code = "E4006"


class IntendedConfigStale(EngineError):
    """Raised when a rendered config was made from other inputs than the current ones."""

    code = "E4007"
