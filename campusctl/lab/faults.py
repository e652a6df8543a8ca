"""Faults that the lab injects into one device on request.

Each fault makes the device misbehave the way a real one does in the field,
so that drivers and the engine can be tested against it: a rejected login, a
slow CLI, a command the device refuses, a session that drops halfway through
a change, a save that fails, a port cabled to the wrong neighbour, and a host
key that changed (a replaced or reinstalled switch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FaultKind(StrEnum):
    """The injectable faults."""

    AUTH_FAILURE = "auth-failure"
    SLOW = "slow"
    REJECT_COMMAND = "reject-command"
    DROP_SESSION = "drop-session"
    SAVE_FAILURE = "save-failure"
    MISCABLED = "miscabled"
    HOST_KEY_CHANGED = "host-key-changed"


@dataclass(slots=True)
class Faults:
    """The faults active on one device and their parameters."""

    auth_failure: bool = False
    delay: float = 0.0  # seconds added before every answer
    rejected: list[str] = field(default_factory=list)  # command prefixes the device refuses
    drop_after: int | None = None  # config lines accepted before the session drops
    save_failure: bool = False
    miscabled: dict[str, tuple[str, str]] = field(default_factory=dict)  # port -> (device, port)
    unplugged: set[str] = field(default_factory=set)  # cabled ports whose cable was moved away

    def clear(self) -> None:
        """Remove every fault."""
        self.auth_failure = False
        self.delay = 0.0
        self.rejected.clear()
        self.drop_after = None
        self.save_failure = False
        self.miscabled.clear()
        self.unplugged.clear()

    def describe(self) -> list[str]:
        """Return the active faults as ``kind[=value]`` strings."""
        active: list[str] = []
        if self.auth_failure:
            active.append(FaultKind.AUTH_FAILURE.value)
        if self.delay:
            active.append(f"{FaultKind.SLOW.value}={self.delay:g}")
        active.extend(f"{FaultKind.REJECT_COMMAND.value}={prefix}" for prefix in self.rejected)
        if self.drop_after is not None:
            active.append(f"{FaultKind.DROP_SESSION.value}={self.drop_after}")
        if self.save_failure:
            active.append(FaultKind.SAVE_FAILURE.value)
        active.extend(
            f"{FaultKind.MISCABLED.value}={port}:{device}:{remote}"
            for port, (device, remote) in self.miscabled.items()
        )
        active.extend(f"unplugged={port}" for port in sorted(self.unplugged))
        return active
