"""Exceptions raised by the device session and drivers."""

from __future__ import annotations

from campusctl.errors import DeviceError


class ConnectFailed(DeviceError):
    """Raised when the TCP or SSH connection to a device cannot be set up."""

    code = "E3201"


class AuthenticationFailed(DeviceError):
    """Raised when the device rejects the credentials."""

    code = "E3202"


class HostKeyMismatch(DeviceError):
    """Raised when a device presents an SSH host key other than the pinned one."""

    code = "E3203"


class CommandTimeout(DeviceError):
    """Raised when a device does not return to its prompt within the timeout."""

    code = "E3204"


class SessionClosed(DeviceError):
    """Raised when the device closes the session during a command."""

    code = "E3205"


class ConfigDiffFailed(DeviceError):
    """Raised when a device reports an error instead of a config diff."""

    code = "E3206"
