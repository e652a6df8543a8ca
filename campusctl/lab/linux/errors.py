"""Errors of the lab's Linux hosts."""

from __future__ import annotations

from campusctl.errors import LabError


class LabHostsUnavailable(LabError):
    """Raised when this machine cannot run lab Linux hosts (no root or no systemd-nspawn).

    The lab CLI catches it and starts only the emulated network devices.
    """

    code = "E6100"


class LabHostError(LabError):
    """Raised when a lab host, layer or lab service cannot be built, started or stopped."""

    code = "E6101"
