"""How the session reaches a device: its connection parameters and the pinned host keys.

A device's host key is pinned in its parameters (``host_key``), in a
known_hosts file, or in both. A session that meets any other key stops
before it sends the password.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field

import paramiko

from campusctl.drivers.errors import HostKeyMismatch
from campusctl.drivers.profiles import Timeouts, timeouts_for
from campusctl.hostkeys.errors import FingerprintInvalid
from campusctl.hostkeys.keys import PublicKey
from campusctl.i18n import _
from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class ConnectionParams:
    """Login details of one device: address, port, credentials, host key. Secrets stay out of ``repr``."""

    device: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    platform: PlatformId
    host_key: str | None
    secret: str = field(default="", repr=False)
    charset: str = "utf-8"
    role: str | None = None
    timeouts: Timeouts | None = None
    known_hosts: str | None = None

    @property
    def effective_timeouts(self) -> Timeouts:
        """The timeouts in force: the given ones, or the platform's for the role."""
        return self.timeouts or timeouts_for(self.platform, self.role)


def pinned_keys(params: ConnectionParams) -> set[str]:
    """Return the accepted host keys as ``"type base64"``: the pinned key and known_hosts entries."""
    keys: set[str] = set()
    if params.host_key:
        keys.add(" ".join(params.host_key.split()[:2]))
    if params.known_hosts:
        lookup = params.host if params.port == 22 else f"[{params.host}]:{params.port}"
        try:
            entries = _known_hosts(params.known_hosts).lookup(lookup)
        except OSError as err:
            raise HostKeyMismatch(
                _("{device}: cannot read the known_hosts file {path}: {error}").format(
                    device=params.device, path=params.known_hosts, error=err.strerror
                ),
                device=params.device,
            ) from err
        for key in (entries or {}).values():
            keys.add(f"{key.get_name()} {key.get_base64()}")
    return keys


def _known_hosts(path: str) -> paramiko.HostKeys:
    """Return the entries of the known_hosts file at ``path``, parsed once per content.

    A district's file contains a key per device, and parsing it builds every
    key object: about 30 ms for 500 entries, in every session of every
    device. Reading and hashing the file costs a fraction of a millisecond,
    and a pinned key reaches the very next session. A file that changes
    while it is parsed is parsed again next time.
    """
    version = _content_digest(path)
    cached = _KNOWN_HOSTS.get((path, version))
    if cached is not None:
        return cached
    entries = paramiko.HostKeys(path)
    if _content_digest(path) == version:
        with _KNOWN_HOSTS_LOCK:
            if len(_KNOWN_HOSTS) >= _KNOWN_HOSTS_KEPT:
                _KNOWN_HOSTS.clear()
            _KNOWN_HOSTS[(path, version)] = entries
    return entries


def _content_digest(path: str) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).digest()


_KNOWN_HOSTS: dict[tuple[str, bytes], paramiko.HostKeys] = {}
_KNOWN_HOSTS_LOCK = threading.Lock()
_KNOWN_HOSTS_KEPT = 8


class PinnedHostKeyPolicy(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]
    """Accept only a pinned host key; raised before any credential is sent."""

    def __init__(self, device: str, expected: set[str]) -> None:
        self.device = device
        self.expected = expected

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        presented = f"{key.get_name()} {key.get_base64()}"
        if not self.expected:
            raise HostKeyMismatch(
                _(
                    "{device}: no pinned SSH host key, so campusctl does not connect. The device "
                    "presents {presented}. Compare it with the fingerprint on the device's console, "
                    "then run `campusctl hostkey pin {device} --fingerprint <verified fingerprint>`."
                ).format(device=self.device, presented=_fingerprint(presented)),
                device=self.device,
            )
        if presented not in self.expected:
            raise HostKeyMismatch(
                _(
                    "{device}: changed SSH host key: pinned {pinned}, presented {presented}. Stop "
                    "and check the device. If it was replaced or given a new host key, compare the "
                    "presented fingerprint with the one on its console, then run `campusctl hostkey "
                    "pin {device} --fingerprint <verified fingerprint>`."
                ).format(
                    device=self.device,
                    pinned=", ".join(sorted(_fingerprint(line) for line in self.expected)),
                    presented=_fingerprint(presented),
                ),
                device=self.device,
            )


def _fingerprint(line: str) -> str:
    """Return ``"type SHA256:…"`` for a ``"type base64"`` key line, or its start when it is no key."""
    try:
        key = PublicKey.parse(line)
    except FingerprintInvalid:
        return line[:40] + "…"
    return f"{key.algorithm} {key.sha256}"
