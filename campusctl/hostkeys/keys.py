"""Public key lines, their fingerprints, and the key a device presents.

Fingerprints are written as OpenSSH prints them: ``SHA256:`` and the unpadded
base64 of the SHA-256 digest of the key blob (``ssh-keygen -lf``), or the
older ``MD5:`` and colon-separated hex that many switch consoles still show.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import socket
from dataclasses import dataclass

import paramiko

from campusctl.drivers.errors import ConnectFailed
from campusctl.hostkeys.errors import FingerprintInvalid
from campusctl.i18n import _

_SHA256_RE = re.compile(r"^(?:SHA256:)?([A-Za-z0-9+/]{43})=?$")
_MD5_RE = re.compile(r"^(?:MD5:)?((?:[0-9a-f]{2}[: ]?){15}[0-9a-f]{2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PublicKey:
    """One SSH public key: its algorithm name and base64 blob."""

    algorithm: str
    blob: str

    @classmethod
    def parse(cls, line: str) -> PublicKey:
        """Parse ``"type base64 [comment]"`` (an OpenSSH public key line).

        :raise FingerprintInvalid: when the line is not a public key.
        """
        fields = line.split()
        if len(fields) < 2:
            raise FingerprintInvalid(
                _(
                    "{key!r} is not an SSH public key; expected 'TYPE BASE64', for example the "
                    "'ssh-ed25519 AAAA…' line of ssh-keyscan"
                ).format(key=line[:60])
            )
        try:
            blob = base64.b64decode(fields[1], validate=True)
        except binascii.Error as err:
            raise FingerprintInvalid(
                _("the key data of {key!r} is not valid base64").format(key=line[:60])
            ) from err
        try:
            paramiko.PKey.from_type_string(fields[0], blob)
        except (paramiko.SSHException, ValueError) as err:
            raise FingerprintInvalid(
                _("{key!r} is not a valid {algorithm} public key").format(
                    key=line[:60], algorithm=fields[0]
                )
            ) from err
        return cls(fields[0], fields[1])

    @property
    def line(self) -> str:
        """The key as ``"type base64"``, the form the pinned-key stores use."""
        return f"{self.algorithm} {self.blob}"

    @property
    def sha256(self) -> str:
        """The OpenSSH SHA-256 fingerprint, ``SHA256:…``."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")

    @property
    def md5(self) -> str:
        """The legacy MD5 fingerprint, ``MD5:aa:bb:…``."""
        digest = hashlib.md5(base64.b64decode(self.blob), usedforsecurity=False).hexdigest()
        return "MD5:" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    def fingerprint_like(self, fingerprint: str) -> str:
        """Return this key's fingerprint in the form of ``fingerprint`` (SHA-256 or MD5).

        :raise FingerprintInvalid: when ``fingerprint`` is neither form.
        """
        wanted = normalize_fingerprint(fingerprint)
        return self.sha256 if wanted.startswith("SHA256:") else self.md5

    def matches(self, fingerprint: str) -> bool:
        """Return whether ``fingerprint`` (SHA-256 or MD5) is this key's.

        :raise FingerprintInvalid: when ``fingerprint`` is neither form.
        """
        return hmac.compare_digest(
            self.fingerprint_like(fingerprint), normalize_fingerprint(fingerprint)
        )


def normalize_fingerprint(text: str) -> str:
    """Return ``text`` as ``SHA256:…`` or ``MD5:aa:bb:…``.

    Accepted: ``SHA256:`` + 43 base64 characters (the prefix may be left out)
    and MD5 as 16 hex pairs separated by colons, spaces or nothing.

    :raise FingerprintInvalid: for anything else.
    """
    value = text.strip()
    found = _SHA256_RE.match(value)
    if found:
        return "SHA256:" + found.group(1)
    found = _MD5_RE.match(value)
    if found:
        digits = re.sub(r"[: ]", "", found.group(1)).lower()
        return "MD5:" + ":".join(digits[i : i + 2] for i in range(0, 32, 2))
    raise FingerprintInvalid(
        _(
            "{fingerprint!r} is not an SSH key fingerprint; give SHA256:… as ssh-keygen -l prints "
            "it, or the MD5 form aa:bb:… that the device console shows"
        ).format(fingerprint=value)
    )


def presented_key(device: str, host: str, port: int, timeout: float) -> PublicKey:
    """Return the host key ``device`` presents at ``host:port``.

    Only the key exchange runs: no credential is sent and no session opens.
    The client offers paramiko's default host-key algorithms, as the device
    sessions do, so a device with several keys shows the one the sessions see.

    :raise ConnectFailed: when the device does not respond or the exchange fails.
    """
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as err:
        raise ConnectFailed(
            _("{device}: TCP connection to {host}:{port} failed: {error}").format(
                device=device, host=host, port=port, error=err
            ),
            device=device,
        ) from err
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=timeout)
        key = transport.get_remote_server_key()
    except (paramiko.SSHException, OSError, EOFError) as err:
        raise ConnectFailed(
            _("{device}: SSH key exchange with {host}:{port} failed: {error}").format(
                device=device, host=host, port=port, error=type(err).__name__
            ),
            device=device,
        ) from err
    finally:
        transport.close()
        sock.close()
    return PublicKey(key.get_name(), key.get_base64())
