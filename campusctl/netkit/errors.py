"""Exceptions raised by the netkit helpers."""

from __future__ import annotations

from collections.abc import Sequence

from campusctl.errors import DeviceError, RenderError, UsageError
from campusctl.i18n import _


class UnknownPlatform(UsageError):
    """Raised when a platform name matches none of the supported spellings."""

    code = "E0101"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(
            _("Unknown platform {name!r}; use one of: {known}.").format(
                name=name, known=", ".join(known)
            )
        )
        self.name = name


class InterfaceNameError(UsageError):
    """Raised when an interface name cannot be parsed or canonicalised."""

    code = "E0102"


class AmbiguousInterfaceName(InterfaceNameError):
    """Raised when an abbreviation means different ports on different platforms."""

    code = "E0103"


class VlanListError(UsageError):
    """Raised when a VLAN list is malformed or contains an id outside 1-4094."""

    code = "E0104"


class BannerInvalid(RenderError):
    """Raised when a banner cannot be rendered as one delimited block."""

    code = "E2101"


class CommandRejected(DeviceError):
    """Raised when a device replies to a command with one of its error strings."""

    code = "E3101"

    def __init__(self, message: str, *, command: str, reply: str, device: str | None = None):
        super().__init__(message, device=device)
        self.command = command
        self.reply = reply


class ConfirmationRefused(DeviceError):
    """Raised when a command that prompts for confirmation is not allowed in a batch."""

    code = "E3102"

    def __init__(self, message: str, *, command: str, device: str | None = None) -> None:
        super().__init__(message, device=device)
        self.command = command


class UnexpectedDialogue(DeviceError):
    """Raised when a device prompts with a question that a confirmation rule did not expect."""

    code = "E3103"
