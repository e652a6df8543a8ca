"""Exceptions raised while reading, checking or changing pinned host keys."""

from __future__ import annotations

from campusctl.errors import DeviceError, UsageError


class FingerprintInvalid(UsageError):
    """Raised when a fingerprint or public key given on the command line cannot be parsed."""

    code = "E3601"


class HostKeyNotVerified(DeviceError):
    """Raised when the key a device presents does not match the fingerprint the operator verified."""

    code = "E3602"


class HostKeyStoreInvalid(DeviceError):
    """Raised when the known_hosts file or the lab overlay cannot be read or written."""

    code = "E3603"
