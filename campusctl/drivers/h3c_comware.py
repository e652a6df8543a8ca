"""H3C Comware campus driver: napalm-h3c-comware getters plus the campus config path.

napalm-h3c-comware 0.1.5 has getters only (no load, compare or commit);
the config path comes from the campus mixin, on a session whose end of
output is the full Comware prompt, never a ``#`` separator line.
"""

from __future__ import annotations

from typing import Any

from napalm_h3c_comware.comware import ComwareDriver

from campusctl.drivers.napalm_base import CampusDriverMixin
from campusctl.platforms import PlatformId


class CampusH3cComwareDriver(CampusDriverMixin, ComwareDriver):  # type: ignore[misc]
    """NAPALM driver ``campus_h3c_comware``."""

    PLATFORM = PlatformId.H3C_COMWARE
    RUNNING_COMMAND = "display current-configuration"
    STARTUP_COMMAND = "display saved-configuration"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        ComwareDriver.__init__(self, hostname, username, password, timeout, optional_args)
        self._init_campus(hostname, username, password, timeout, optional_args)
