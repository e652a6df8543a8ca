"""Per-platform session settings: netmiko class, timeouts, and login handling.

Timeouts are in seconds. Saves and full-config reads on a busy core switch
take far longer than a show command (a save of a large stack can pass 45 s),
so they get their own timeout, larger again for core and aggregation roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import paramiko
from netmiko.base_connection import BaseConnection
from netmiko.cisco.cisco_ios import CiscoIosSSH
from netmiko.hp.hp_comware import HPComwareSSH
from netmiko.huawei.huawei import HuaweiSSH
from netmiko.ruijie.ruijie_os import RuijieOSSSH

from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Session timeouts of a platform, in seconds."""

    connect: float
    auth: float
    command: float
    save: float


# AES-GCM first: it encrypts and authenticates each packet in one pass, so
# paramiko skips a separate HMAC per packet, which cut the client's SSH CPU
# of a full-config push by about a quarter on the lab (paramiko 5.1). Only
# the order changes, so a device without GCM negotiates AES-CTR as before.
_GCM_FIRST = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")


class CampusTransport(paramiko.Transport):  # type: ignore[misc]
    """A paramiko transport that prefers AES-GCM and otherwise offers paramiko's own list."""

    _preferred_ciphers = _GCM_FIRST + tuple(
        name for name in paramiko.Transport._preferred_ciphers if name not in _GCM_FIRST
    )


class _FastSession:
    """Netmiko overrides: the campus session does its own preparation and logout.

    netmiko's session preparation reads with pattern-less checks that wait
    for 2 s of silence, and its cleanup sends a logout and waits; both are
    per-device fixed waits the campus session replaces with prompt patterns.
    """

    def session_preparation(self) -> None:
        return None

    def _try_session_preparation(self, force_data: bool = True) -> None:
        # netmiko sends a newline and sleeps 0.1 s here to provoke output for
        # its preparation. The campus session reads the first prompt itself
        # and answers the login questions, so neither is needed.
        return None

    def cleanup(self, command: str = "") -> None:
        return None

    def _connect_params_dict(self) -> dict[str, Any]:
        params: dict[str, Any] = super()._connect_params_dict()  # type: ignore[misc]
        params["transport_factory"] = CampusTransport
        return params


class FastHuaweiSSH(_FastSession, HuaweiSSH):
    """Huawei VRP netmiko class without fixed waits."""


class FastComwareSSH(_FastSession, HPComwareSSH):
    """H3C Comware netmiko class without fixed waits."""


class FastRuijieSSH(_FastSession, RuijieOSSSH):
    """Ruijie RGOS netmiko class without fixed waits."""


class FastCiscoIosSSH(_FastSession, CiscoIosSSH):
    """Cisco IOS netmiko class without fixed waits."""


NETMIKO_CLASSES: dict[PlatformId, type[BaseConnection]] = {
    PlatformId.HUAWEI_VRP: FastHuaweiSSH,
    PlatformId.H3C_COMWARE: FastComwareSSH,
    PlatformId.RUIJIE_RGOS: FastRuijieSSH,
    PlatformId.CISCO_IOS: FastCiscoIosSSH,
}

_TIMEOUTS: dict[PlatformId, Timeouts] = {
    PlatformId.HUAWEI_VRP: Timeouts(connect=10, auth=15, command=30, save=120),
    PlatformId.H3C_COMWARE: Timeouts(connect=10, auth=15, command=30, save=120),
    PlatformId.RUIJIE_RGOS: Timeouts(connect=10, auth=15, command=30, save=90),
    PlatformId.CISCO_IOS: Timeouts(connect=10, auth=15, command=30, save=90),
}

# Roles whose saves and config dumps are the slowest (stacks, long configs).
_SLOW_ROLES = frozenset({"core", "egress", "aggregation"})


def timeouts_for(platform: PlatformId, role: str | None = None) -> Timeouts:
    """Return the timeouts of ``platform``, doubled for command and save on core roles."""
    base = _TIMEOUTS[platform]
    if role not in _SLOW_ROLES:
        return base
    return Timeouts(base.connect, base.auth, base.command * 2, base.save * 2)
