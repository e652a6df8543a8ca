"""The SSH side of a lab device: algorithms, connection and listening socket."""

from __future__ import annotations

import socket
from typing import Any

import asyncssh
from asyncssh.constants import MSG_IGNORE

# Key exchange and ciphers as campus switches offer them: no post-quantum
# hybrid key exchange (roughly 1 ms of server CPU per login in a cProfile run
# of bench/lab_scale.py) and no compression. AES-GCM comes first because
# asyncssh's ChaCha20 builds a new cipher context for every packet.
KEX_ALGORITHMS = [
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "ecdh-sha2-nistp256",
    "diffie-hellman-group14-sha256",
]
ENCRYPTION_ALGORITHMS = [
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "aes128-ctr",
    "aes256-ctr",
    "chacha20-poly1305@openssh.com",
]


# The empty SSH_MSG_IGNORE payload asyncssh sends ahead of each packet.
_EMPTY_IGNORE = (b"\x00\x00\x00\x00",)


class DeviceConnection(asyncssh.SSHServerConnection):
    """A device's SSH connection that sends no padding packets.

    Once the keys are in place, asyncssh puts an empty SSH_MSG_IGNORE packet
    ahead of every packet it sends, against traffic analysis. In the lab that
    doubled the packets and socket writes of every reply, and each client
    decrypted and dropped the extra ones on the cores being measured.
    """

    def send_packet(self, pkttype: int, *args: bytes, **options: Any) -> None:
        if pkttype == MSG_IGNORE and args == _EMPTY_IGNORE:
            return
        super().send_packet(pkttype, *args, **options)


def bind_listener(address: str, port: int) -> socket.socket:
    """Return a listening TCP socket on a loopback address; raise OSError if busy."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(128)
        listener.setblocking(False)
    except OSError:
        listener.close()
        raise
    return listener
