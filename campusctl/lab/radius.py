"""A RADIUS client for the lab's controllers: 802.1X (EAP-MD5) authentication of one station.

The controller relays the station's EAP exchange to the RADIUS server in
Access-Request packets (RFC 2865, EAP carriage per RFC 3579) and reads the
result from Access-Accept or Access-Reject. The lab's station responds to the
server's EAP-MD5 challenge (RFC 3748) with the account's password. EAP-MD5
needs no TLS, and FreeRADIUS checks the same account against the same
password file as for PEAP.

Packets go only to lab addresses: :func:`check_lab_route` refuses a server
whose route does not leave through the lab's own bridge.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import socket
import struct
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Address, IPv6Address, ip_address

from campusctl.errors import LabError
from campusctl.i18n import _

log = logging.getLogger(__name__)

ACCESS_REQUEST = 1
ACCESS_ACCEPT = 2
ACCESS_REJECT = 3
ACCESS_CHALLENGE = 11

USER_NAME = 1
NAS_IP_ADDRESS = 4
SERVICE_TYPE = 6
FRAMED_MTU = 12
REPLY_MESSAGE = 18
STATE = 24
CALLED_STATION_ID = 30
CALLING_STATION_ID = 31
NAS_IDENTIFIER = 32
NAS_PORT_TYPE = 61
EAP_MESSAGE = 79
MESSAGE_AUTHENTICATOR = 80
NAS_IPV6_ADDRESS = 95

SERVICE_FRAMED = 2
PORT_TYPE_WIRELESS = 19  # Wireless - IEEE 802.11

EAP_REQUEST = 1
EAP_RESPONSE = 2
EAP_SUCCESS = 3
EAP_FAILURE = 4
EAP_IDENTITY = 1
EAP_NAK = 3
EAP_MD5 = 4

MAX_ROUNDS = 6  # Identity, challenge and result take three; more means a loop.


class RadiusError(LabError):
    """A RADIUS exchange of a lab controller that could not run."""


class Outcome(StrEnum):
    """Outcome of one authentication, as a controller's client table records it."""

    ACCEPT = "accept"
    REJECT = "reject"
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class RadiusServer:
    """One authentication server as the controller's running config names it."""

    address: IPv4Address | IPv6Address
    port: int
    secret: str

    def __repr__(self) -> str:  # The secret stays out of logs and tracebacks.
        return f"RadiusServer({self.address}, {self.port})"


@dataclass(frozen=True, slots=True)
class Station:
    """The station that associates: its MAC, the SSID and the AP MAC it joins through."""

    mac: str
    ssid: str
    ap_mac: str
    username: str
    password: str

    def __repr__(self) -> str:
        return f"Station({self.mac}, {self.ssid}, {self.username})"


@dataclass(frozen=True, slots=True)
class Result:
    """The end of one authentication: outcome, the server that replied, its message."""

    outcome: Outcome
    server: str
    message: str = ""


def check_lab_route(address: IPv4Address | IPv6Address, bridge: str) -> None:
    """Raise unless the kernel routes ``address`` through the lab bridge ``bridge``.

    Lab addresses are never routed out of the lab, but with the lab's hosts
    down, another route (a default route) could carry them. This check stops
    that before any packet is sent.
    """
    result = subprocess.run(
        ["ip", "-o", "route", "get", str(address)],
        capture_output=True,
        text=True,
        check=False,
        timeout=5,
    )
    words = result.stdout.split()
    device = words[words.index("dev") + 1] if "dev" in words else None
    if result.returncode != 0 or device != bridge:
        raise RadiusError(
            _(
                "RADIUS server {address} is not reachable through this lab's bridge {bridge} "
                "(route: {device}); start the lab hosts with 'campusctl lab up' first."
            ).format(address=address, bridge=bridge, device=device or "none")
        )


def _attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!BB", kind, len(value) + 2) + value


def _attributes(pairs: list[tuple[int, bytes]]) -> bytes:
    return b"".join(_attribute(kind, value) for kind, value in pairs)


def _split_eap(message: bytes) -> list[tuple[int, bytes]]:
    return [(EAP_MESSAGE, message[i : i + 253]) for i in range(0, len(message), 253)]


def _parse_attributes(data: bytes) -> list[tuple[int, bytes]]:
    pairs = []
    index = 0
    while index + 2 <= len(data):
        kind, length = data[index], data[index + 1]
        if length < 2 or index + length > len(data):
            break
        pairs.append((kind, data[index + 2 : index + length]))
        index += length
    return pairs


def encode_request(
    identifier: int, authenticator: bytes, pairs: list[tuple[int, bytes]], secret: bytes
) -> bytes:
    """Return an Access-Request with a Message-Authenticator (RFC 3579 3.2) appended."""
    body = _attributes([*pairs, (MESSAGE_AUTHENTICATOR, bytes(16))])
    header = struct.pack("!BBH", ACCESS_REQUEST, identifier, 20 + len(body))
    packet = header + authenticator + body
    signature = hmac.new(secret, packet, hashlib.md5).digest()
    return packet[:-16] + signature


def decode_reply(
    packet: bytes, identifier: int, authenticator: bytes, secret: bytes
) -> tuple[int, list[tuple[int, bytes]]] | None:
    """Return (code, attributes) of a valid reply, or None for a forged or garbled one."""
    if len(packet) < 20:
        return None
    code, reply_id, length = struct.unpack("!BBH", packet[:4])
    if reply_id != identifier or length > len(packet) or length < 20:
        return None
    packet = packet[:length]
    expected = hashlib.md5(packet[:4] + authenticator + packet[20:] + secret).digest()
    if not hmac.compare_digest(expected, packet[4:20]):
        return None
    return code, _parse_attributes(packet[20:])


def _eap(code: int, identifier: int, kind: int, data: bytes) -> bytes:
    return struct.pack("!BBHB", code, identifier, 5 + len(data), kind) + data


def _eap_reply(request: bytes, station: Station) -> bytes:
    """Return the station's EAP response to an EAP request from the server."""
    if len(request) < 5 or request[0] != EAP_REQUEST:
        raise RadiusError(_("The RADIUS server sent an EAP packet that is not a request."))
    identifier, kind = request[1], request[4]
    if kind == EAP_IDENTITY:
        return _eap(EAP_RESPONSE, identifier, EAP_IDENTITY, station.username.encode())
    if kind != EAP_MD5:
        # Ask for EAP-MD5, the only method the lab's station speaks.
        return _eap(EAP_RESPONSE, identifier, EAP_NAK, bytes([EAP_MD5]))
    size = request[5]
    challenge = request[6 : 6 + size]
    value = hashlib.md5(bytes([identifier]) + station.password.encode() + challenge).digest()
    return _eap(EAP_RESPONSE, identifier, EAP_MD5, bytes([16]) + value)


def _nas_address(sock: socket.socket) -> tuple[int, bytes]:
    local = ip_address(sock.getsockname()[0])
    if isinstance(local, IPv4Address):
        return NAS_IP_ADDRESS, local.packed
    return NAS_IPV6_ADDRESS, local.packed


def authenticate(
    server: RadiusServer,
    station: Station,
    nas_identifier: str,
    *,
    timeout: float = 2.0,
    retries: int = 2,
) -> Result:
    """Run one station's EAP-MD5 authentication against ``server`` and return the outcome.

    A server that does not reply, or replies with a packet the shared
    secret does not verify (a wrong secret on either side), gives
    :attr:`Outcome.TIMEOUT`, as a real controller sees it.
    """
    family = socket.AF_INET if server.address.version == 4 else socket.AF_INET6
    secret = server.secret.encode()
    eap = _eap(EAP_RESPONSE, 0, EAP_IDENTITY, station.username.encode())
    state: bytes | None = None
    target = f"{server.address}:{server.port}"
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.connect((str(server.address), server.port))
        for identifier in range(MAX_ROUNDS):
            pairs = [
                (USER_NAME, station.username.encode()),
                _nas_address(sock),
                (NAS_IDENTIFIER, nas_identifier.encode()),
                (SERVICE_TYPE, struct.pack("!I", SERVICE_FRAMED)),
                (NAS_PORT_TYPE, struct.pack("!I", PORT_TYPE_WIRELESS)),
                (FRAMED_MTU, struct.pack("!I", 1400)),
                (CALLED_STATION_ID, f"{station.ap_mac}:{station.ssid}".encode()),
                (CALLING_STATION_ID, station.mac.encode()),
                *_split_eap(eap),
            ]
            if state is not None:
                pairs.append((STATE, state))
            reply = _exchange(sock, identifier, pairs, secret, retries)
            if reply is None:
                log.info("RADIUS %s: no valid reply for %r", target, station)
                return Result(Outcome.TIMEOUT, target)
            code, attributes = reply
            message = b"".join(v for k, v in attributes if k == REPLY_MESSAGE).decode(
                "utf-8", "replace"
            )
            if code == ACCESS_ACCEPT:
                return Result(Outcome.ACCEPT, target, message)
            if code == ACCESS_REJECT:
                return Result(Outcome.REJECT, target, message)
            if code != ACCESS_CHALLENGE:
                raise RadiusError(
                    _("RADIUS server {server} sent packet code {code}, not a reply.").format(
                        server=target, code=code
                    )
                )
            state = next((v for k, v in attributes if k == STATE), None)
            request = b"".join(v for k, v in attributes if k == EAP_MESSAGE)
            eap = _eap_reply(request, station)
    raise RadiusError(
        _("RADIUS server {server} kept challenging after {rounds} rounds.").format(
            server=target, rounds=MAX_ROUNDS
        )
    )


def _exchange(
    sock: socket.socket,
    identifier: int,
    pairs: list[tuple[int, bytes]],
    secret: bytes,
    retries: int,
) -> tuple[int, list[tuple[int, bytes]]] | None:
    authenticator = os.urandom(16)
    packet = encode_request(identifier, authenticator, pairs, secret)
    for _attempt in range(retries + 1):
        sock.send(packet)
        try:
            while True:
                data = sock.recv(4096)
                reply = decode_reply(data, identifier, authenticator, secret)
                if reply is not None:
                    return reply
        except (TimeoutError, ConnectionRefusedError):
            continue
    return None
