"""Cisco IOS campus driver: NAPALM's IOS getters with a config path that needs no SCP.

NAPALM's IOS driver copies candidates to flash over SCP and reads
``show archive config incremental-diffs``; campus switches often have SCP
off, so candidates are compared with the campus diff and pushed through the
session instead.
"""

from __future__ import annotations

import re
from typing import Any

from napalm.ios.ios import IOSDriver

from campusctl.drivers.errors import ConfigDiffFailed
from campusctl.drivers.napalm_base import CampusDriverMixin
from campusctl.i18n import _
from campusctl.platforms import PlatformId

_DIFF_ERROR_RE = re.compile(r"^\s*(?:!\s*Error|Error:|%\s*Error)", re.IGNORECASE)


def ensure_end(candidate: str) -> str:
    """Return ``candidate`` ending with an ``end`` line, as IOS archive diffs require."""
    lines = candidate.rstrip("\n").splitlines()
    if not lines or lines[-1].strip() != "end":
        lines.append("end")
    return "\n".join(lines) + "\n"


def check_archive_diff(output: str, device: str | None = None) -> list[str]:
    """Return the commands of ``show archive config differences`` output.

    :raise ConfigDiffFailed: when the device printed an error (for example
        ``!Error: cfgdiff returned error 5`` for a candidate without ``end``)
        instead of a diff.
    """
    commands: list[str] = []
    for line in output.splitlines():
        if _DIFF_ERROR_RE.match(line):
            raise ConfigDiffFailed(
                _("{device}: the device could not diff the candidate: {line}").format(
                    device=device or _("device"), line=line.strip()
                ),
                device=device,
            )
        stripped = line.rstrip()
        if not stripped.strip() or stripped.lstrip().startswith("!") or stripped.strip() == "end":
            continue
        commands.append(stripped)
    return commands


class CampusCiscoIOSDriver(CampusDriverMixin, IOSDriver):  # type: ignore[misc]
    """NAPALM driver ``campus_cisco_ios``."""

    PLATFORM = PlatformId.CISCO_IOS
    RUNNING_COMMAND = "show running-config"
    STARTUP_COMMAND = "show startup-config"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        IOSDriver.__init__(self, hostname, username, password, timeout, optional_args)
        self._init_campus(hostname, username, password, timeout, optional_args)

    def _normalise_candidate(self, config: str) -> str:
        return ensure_end(config)
