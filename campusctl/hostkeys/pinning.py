"""Show, pin and forget the host keys of selected devices, with an audit record per change.

Pinning never trusts a key on first sight: the operator gives either the
fingerprint they read on the device's console (the key the device presents
must match it) or the whole public key, collected out of band.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from campusctl.engine.access import KNOWN_HOSTS, SAMPLE_NETWORKS
from campusctl.engine.audit import AuditLog, operator
from campusctl.errors import EngineError
from campusctl.hostkeys.errors import HostKeyNotVerified
from campusctl.hostkeys.keys import PublicKey, normalize_fingerprint, presented_key
from campusctl.hostkeys.stores import (
    KeyStore,
    KnownHostsStore,
    LabOverlayStore,
    known_hosts_name,
)
from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import DeviceRole
from campusctl.inventory.overlay import load_overlay, overlay_path
from campusctl.inventory.selection import select_devices
from campusctl.state import state_dir

log = logging.getLogger(__name__)

RESULT_PINNED = "host_key_pinned"
RESULT_FORGOTTEN = "host_key_forgotten"


@dataclass(frozen=True)
class KeyTarget:
    """One device, the address its sessions use, and the store of its pinned key."""

    device: str
    school: str
    host: str
    port: int
    store: KeyStore
    connect_timeout: float
    reachable: bool = True
    """False for a sample address outside the lab, which campusctl never contacts."""

    @property
    def host_name(self) -> str:
        """The host field of the device's known_hosts line."""
        return known_hosts_name(self.host, self.port)

    def pinned(self) -> list[PublicKey]:
        """Return the keys pinned for the device now."""
        return self.store.keys(self.device, self.host_name)

    def presented(self) -> PublicKey:
        """Return the key the device presents now.

        :raise EngineError: for a sample address outside the lab.
        :raise ConnectFailed: when the device does not respond.
        """
        if not self.reachable:
            raise EngineError(
                _(
                    "{device} has a sample address ({address}) and the lab does not serve it; start the lab with `campusctl lab up`"
                ).format(device=self.device, address=self.host)
            )
        return presented_key(self.device, self.host, self.port, self.connect_timeout)


def key_targets(inventory: Inventory, pattern: str | None) -> list[KeyTarget]:
    """Return the selected switches and controllers with the store of their pinned key.

    Access points are left out because campusctl reaches them only through
    their controller.
    """
    overlay = load_overlay(inventory.root)
    lab_store = LabOverlayStore(overlay_path(inventory.root))
    known_hosts = KnownHostsStore(state_dir(inventory.root) / KNOWN_HOSTS)
    found = []
    for school, device in select_devices(inventory, pattern):
        if device.role is DeviceRole.AP:
            continue
        timeout = float(school.settings.timeouts.connect_s)
        endpoint = overlay.devices.get(device.name) if overlay else None
        if endpoint is not None:
            found.append(
                KeyTarget(
                    device.name, school.code, endpoint.host, endpoint.port, lab_store, timeout
                )
            )
            continue
        address = device.management.ipv4.ip
        sample = any(address in network for network in SAMPLE_NETWORKS)
        found.append(
            KeyTarget(device.name, school.code, str(address), 22, known_hosts, timeout, not sample)
        )
    return found


@dataclass(frozen=True)
class PinChange:
    """A change of one device's pinned keys, as the audit log records it."""

    device: str
    school: str
    result: str
    old: list[PublicKey]
    new: PublicKey | None
    store: str
    verified_by: str = ""
    """The proof the operator gave for the new key: ``fingerprint`` or ``key``."""

    def diff(self) -> list[str]:
        """Return the change as diff lines of fingerprints, as the audit report shows them."""
        lines = [f"- {key.algorithm} {key.sha256}" for key in self.old]
        if self.new is not None:
            lines.append(f"+ {self.new.algorithm} {self.new.sha256}")
        return lines


def _record(state: Path, change: PinChange) -> None:
    AuditLog(state).append_data(
        {
            "device": change.device,
            "school": change.school,
            "result": change.result,
            "diff": change.diff(),
            "store": change.store,
            "verified_by": change.verified_by,
            "operator": operator(),
        }
    )
    log.info("%s: %s in %s", change.device, change.result, change.store)


def pin(
    target: KeyTarget,
    state: Path,
    *,
    fingerprint: str | None = None,
    key: PublicKey | None = None,
) -> PinChange:
    """Pin a verified key as the device's only key and record it in the audit log.

    With ``key`` alone that key is pinned without contacting the device (a
    replacement switch before it is cabled). With ``fingerprint`` the device's
    presented key is read and pinned only when it matches. With both, the
    given key must match the fingerprint.

    :raise HostKeyNotVerified: when a key does not match the fingerprint.
    :raise ConnectFailed: when the device cannot be reached to read its key.
    """
    if key is None and fingerprint is None:
        raise ValueError("pin needs a fingerprint or a key")
    new = key if key is not None else target.presented()
    if fingerprint is not None and not new.matches(fingerprint):
        if key is not None:
            message = _(
                "{device}: the given key has the fingerprint {actual}, not {expected}; nothing was "
                "pinned. Check that both were collected from this device."
            )
        else:
            message = _(
                "{device}: the device presents a key with the fingerprint {actual}, not "
                "{expected}; nothing was pinned. Check that you read the fingerprint of this "
                "device, and that nothing sits between campusctl and it."
            )
        raise HostKeyNotVerified(
            message.format(
                device=target.device,
                actual=new.fingerprint_like(fingerprint),
                expected=normalize_fingerprint(fingerprint),
            ),
            device=target.device,
        )
    old = target.pinned()
    target.store.replace(target.device, target.host_name, new)
    change = PinChange(
        target.device,
        target.school,
        RESULT_PINNED,
        old,
        new,
        target.store.describe(),
        "fingerprint" if fingerprint is not None else "key",
    )
    _record(state, change)
    return change


def forget(target: KeyTarget, state: Path) -> PinChange | None:
    """Remove every pinned key of the device and record it; None when none was pinned.

    campusctl then rejects the device until a key is pinned again.
    """
    old = target.pinned()
    if not old:
        return None
    target.store.replace(target.device, target.host_name, None)
    change = PinChange(
        target.device, target.school, RESULT_FORGOTTEN, old, None, target.store.describe()
    )
    _record(state, change)
    return change
