"""Lab Linux hosts: classroom terminals and school servers as systemd-nspawn containers.

The lab CLI calls :class:`LabHosts` (``start``, ``status``, ``stop``); without
root or systemd-nspawn ``start`` raises :class:`LabHostsUnavailable` and the
lab starts only its emulated network devices.
"""

from campusctl.lab.linux.errors import LabHostError, LabHostsUnavailable
from campusctl.lab.linux.manager import HostEntry, HostStatus, LabHosts
from campusctl.lab.linux.spec import Endpoint, HostSpec, ProvincialServices

__all__ = [
    "Endpoint",
    "HostEntry",
    "HostSpec",
    "HostStatus",
    "LabHostError",
    "LabHosts",
    "LabHostsUnavailable",
    "ProvincialServices",
]
