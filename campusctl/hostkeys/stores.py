"""The stores of pinned host keys: the lab overlay and the OpenSSH known_hosts file.

A lab device's key is the ``host_key`` of its entry in ``<state>/lab/overlay.yml``
(``campusctl lab up`` writes it). A production device's keys are the lines of
``<state>/known_hosts`` for its management address, in OpenSSH format: the
host field is the address, or ``[address]:port`` for a port other than 22,
plain or hashed (``|1|salt|hash``). Both stores are rewritten whole through a
temporary file and a rename, under an exclusive lock, so a reader never sees
half a file.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import hmac
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import yaml

from campusctl.hostkeys.errors import HostKeyStoreInvalid
from campusctl.hostkeys.keys import PublicKey
from campusctl.i18n import _


class KeyStore(Protocol):
    """A place that stores the pinned host keys of devices."""

    def describe(self) -> str:
        """Return the store's name as the operator sees it (a file path)."""
        ...

    def keys(self, device: str, host_name: str) -> list[PublicKey]:
        """Return the keys pinned for ``device`` reached as ``host_name``."""
        ...

    def replace(self, device: str, host_name: str, key: PublicKey | None) -> None:
        """Pin ``key`` as the only key of ``device``, or remove every pin when it is None."""
        ...


def known_hosts_name(host: str, port: int) -> str:
    """Return the known_hosts host field for ``host:port`` as OpenSSH writes it."""
    return host if port == 22 else f"[{host}]:{port}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _host_field_matches(field: str, name: str) -> bool:
    """Return whether a known_hosts host field (plain list or ``|1|salt|hash``) names ``name``."""
    if field.startswith("|1|"):
        parts = field.split("|")
        if len(parts) != 4:
            return False
        try:
            salt = base64.b64decode(parts[2])
            expected = base64.b64decode(parts[3])
        except binascii.Error:
            return False
        digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
        return hmac.compare_digest(digest, expected)
    return name in field.split(",")


class KnownHostsStore:
    """Pinned keys of production devices in an OpenSSH known_hosts file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """Return the file's path."""
        return str(self.path)

    def _lines(self) -> list[str]:
        if not self.path.exists():
            return []
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise HostKeyStoreInvalid(
                _("cannot read the known_hosts file {path}: {error}").format(
                    path=self.path, error=err
                )
            ) from err

    def keys(self, device: str, host_name: str) -> list[PublicKey]:
        """Return the keys of ``host_name``; lines that are not keys are skipped, as OpenSSH does."""
        found = []
        for line in self._lines():
            fields = line.split()
            if len(fields) < 3 or fields[0].startswith(("#", "@")):
                continue
            if _host_field_matches(fields[0], host_name):
                found.append(PublicKey(fields[1], fields[2]))
        return found

    def replace(self, device: str, host_name: str, key: PublicKey | None) -> None:
        """Drop every line of ``host_name`` and append ``key`` (if any); keep all other lines.

        A line that lists several hosts loses only ``host_name`` from its host field.
        """
        with _locked(self.path):
            kept = []
            for line in self._lines():
                fields = line.split()
                if len(fields) < 3 or fields[0].startswith(("#", "@")):
                    kept.append(line)
                    continue
                if not _host_field_matches(fields[0], host_name):
                    kept.append(line)
                    continue
                others = [h for h in fields[0].split(",") if h != host_name]
                if others and not fields[0].startswith("|1|"):
                    kept.append(" ".join([",".join(others), *fields[1:]]))
            if key is not None:
                kept.append(f"{host_name} {key.line}")
            _write_private(self.path, "".join(line + "\n" for line in kept))


class LabOverlayStore:
    """Pinned keys of lab devices: the ``host_key`` of each device in the lab overlay."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """Return the overlay's path."""
        return str(self.path)

    def _read(self) -> dict[str, Any]:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise HostKeyStoreInvalid(
                _(
                    "cannot read the lab overlay {path}: {error}; run `campusctl lab down` and `lab up` again"
                ).format(path=self.path, error=err)
            ) from err
        if not isinstance(data, dict) or not isinstance(data.get("devices"), dict):
            raise HostKeyStoreInvalid(
                _(
                    "the lab overlay {path} has no devices section; run `campusctl lab down` and `lab up` again"
                ).format(path=self.path)
            )
        return data

    def _entry(self, data: dict[str, Any], device: str) -> dict[str, Any]:
        entry = data["devices"].get(device)
        if not isinstance(entry, dict):
            raise HostKeyStoreInvalid(
                _("{device} is not in the lab overlay {path}; start the lab with it").format(
                    device=device, path=self.path
                ),
                device=device,
            )
        return entry

    def keys(self, device: str, host_name: str) -> list[PublicKey]:
        """Return the device's pinned key, or nothing when its entry has none."""
        line = self._entry(self._read(), device).get("host_key")
        if not line:
            return []
        fields = str(line).split()
        return [PublicKey(fields[0], fields[1])] if len(fields) >= 2 else []

    def replace(self, device: str, host_name: str, key: PublicKey | None) -> None:
        """Set or remove the device's ``host_key``; every other entry stays as it is."""
        with _locked(self.path):
            data = self._read()
            entry = self._entry(data, device)
            if key is None:
                entry.pop("host_key", None)
            else:
                entry["host_key"] = key.line
            dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
            _write_private(
                self.path, yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)
            )
