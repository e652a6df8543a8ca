"""The exception hierarchy of campusctl.

Every error the project raises derives from :class:`CampusError`. Each class
carries a stable code that the CLI prints and the troubleshooting table in the
README explains; callers branch on the class, never on the message text.
Subsystems subclass the categories below in their own modules.
"""

from __future__ import annotations

from typing import Any


def _rebuild(cls: type[CampusError], args: tuple[Any, ...], state: dict[str, Any]) -> CampusError:
    """Recreate a pickled error without calling its ``__init__``."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class CampusError(Exception):
    """Raised for any failure that campusctl reports to its user.

    Errors cross process boundaries (render workers, apply workers), so they
    pickle with their arguments and attributes whatever their ``__init__``
    takes: a subclass with extra required arguments would otherwise fail to
    unpickle, and a ``multiprocessing.Pool`` waits forever for that result.
    """

    code = "E0000"

    def __str__(self) -> str:
        return f"{self.code}: {super().__str__()}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class UsageError(CampusError):
    """Raised when a command is called with arguments that cannot work."""

    code = "E0001"


class InventoryError(CampusError):
    """Raised when the inventory cannot be loaded or is invalid."""

    code = "E1000"


class RenderError(CampusError):
    """Raised when an intended configuration cannot be rendered."""

    code = "E2000"


class DeviceError(CampusError):
    """Raised when a device cannot be reached, read or changed."""

    code = "E3000"

    def __init__(self, message: str, device: str | None = None) -> None:
        super().__init__(message)
        self.device = device


class EngineError(CampusError):
    """Raised when a plan or an apply run cannot proceed."""

    code = "E4000"


class ComplianceError(CampusError):
    """Raised when the standard profile or an attestation is invalid."""

    code = "E5000"


class LabError(CampusError):
    """Raised when the embedded lab cannot start, stop or reach a device."""

    code = "E6000"


class ReportError(CampusError):
    """Raised when a diagram or the audit report cannot be produced."""

    code = "E7000"


class StackError(CampusError):
    """Raised when a Pulumi stack program or its configuration is invalid."""

    code = "E8000"
