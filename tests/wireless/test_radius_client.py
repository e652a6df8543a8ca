"""The lab controllers' RADIUS client and the servers their running configs name.

The client runs against a small EAP-MD5 server on 127.0.0.1 written from
RFC 2865, 3579 and 3748, so these tests need no root. The end-to-end run
against FreeRADIUS is in test_radius_lab.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import socket
import struct
import threading
from collections.abc import Iterator
from ipaddress import ip_address
from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.lab.configtree import parse
from campusctl.lab.inventory import lab_devices
from campusctl.lab.radius import (
    ACCESS_ACCEPT,
    ACCESS_CHALLENGE,
    ACCESS_REJECT,
    EAP_MESSAGE,
    MESSAGE_AUTHENTICATOR,
    STATE,
    USER_NAME,
    Outcome,
    RadiusError,
    RadiusServer,
    Station,
    authenticate,
    check_lab_route,
)
from campusctl.lab.vendors.registry import vendor_class
from campusctl.lab.vendors.wlan_aaa import radius_servers
from campusctl.platforms import PlatformId
from campusctl.render.engine import Renderer
from campusctl.render.intent import device_intent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from tests.wireless.conftest import SAMPLE

LAB_SECRETS = Path(__file__).resolve().parents[1] / "render" / "data" / "lab-secrets.yml"
SECRET = "Fake-Shared-Secret"
PASSWORD = "Fake-Password-1"
CHALLENGE = bytes(range(16))


def _attributes(data: bytes) -> list[tuple[int, bytes]]:
    pairs = []
    while len(data) >= 2:
        pairs.append((data[0], data[2 : data[1]]))
        data = data[data[1] :]
    return pairs


def _reply(code: int, request: bytes, pairs: list[tuple[int, bytes]]) -> bytes:
    body = b"".join(struct.pack("!BB", k, len(v) + 2) + v for k, v in pairs)
    header = struct.pack("!BBH", code, request[1], 20 + len(body))
    digest = hashlib.md5(header + request[4:20] + body + SECRET.encode()).digest()
    return header + digest + body


def _answer(request: bytes) -> bytes | None:
    """Return the reply of an EAP-MD5 server with one account to one Access-Request."""
    pairs = _attributes(request[20:])
    signature = dict(pairs)[MESSAGE_AUTHENTICATOR]
    zeroed = request.replace(signature, bytes(16))
    if not hmac.compare_digest(hmac.new(SECRET.encode(), zeroed, hashlib.md5).digest(), signature):
        return None  # As FreeRADIUS does: drop a request the secret does not verify.
    eap = b"".join(v for k, v in pairs if k == EAP_MESSAGE)
    if STATE not in dict(pairs):
        challenge = struct.pack("!BBHBB", 1, 7, 22, 4, 16) + CHALLENGE
        return _reply(ACCESS_CHALLENGE, request, [(EAP_MESSAGE, challenge), (STATE, b"s1")])
    expected = hashlib.md5(bytes([7]) + PASSWORD.encode() + CHALLENGE).digest()
    accepted = dict(pairs)[USER_NAME] == b"teacher" and eap[6:22] == expected
    result = struct.pack("!BBH", 3 if accepted else 4, 7, 4)
    return _reply(ACCESS_ACCEPT if accepted else ACCESS_REJECT, request, [(EAP_MESSAGE, result)])


@pytest.fixture(scope="module")
def fake_server() -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            answer = _answer(data)
            if answer is not None:
                sock.sendto(answer, peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    stop.set()
    thread.join()
    sock.close()


def _station(password: str) -> Station:
    return Station("00-00-5E-00-53-AA", "GDEDU-Staff", "00-00-5E-00-53-01", "teacher", password)


def test_client_accepted(fake_server: int) -> None:
    server = RadiusServer(ip_address("127.0.0.1"), fake_server, SECRET)
    result = authenticate(server, _station(PASSWORD), "LAB-WLC")
    assert result.outcome is Outcome.ACCEPT
    assert result.server == f"127.0.0.1:{fake_server}"


def test_client_rejected(fake_server: int) -> None:
    server = RadiusServer(ip_address("127.0.0.1"), fake_server, SECRET)
    assert authenticate(server, _station("wrong"), "LAB-WLC").outcome is Outcome.REJECT


def test_client_wrong_secret_times_out(fake_server: int) -> None:
    server = RadiusServer(ip_address("127.0.0.1"), fake_server, "other-secret")
    result = authenticate(server, _station(PASSWORD), "LAB-WLC", timeout=0.2, retries=1)
    assert result.outcome is Outcome.TIMEOUT


def test_secret_kept_out_of_repr() -> None:
    server = RadiusServer(ip_address("198.18.255.21"), 1812, SECRET)
    assert SECRET not in repr(server)
    assert PASSWORD not in repr(_station(PASSWORD))


def test_route_outside_lab_bridge_refused() -> None:
    with pytest.raises(RadiusError, match="not reachable through this lab's bridge"):
        check_lab_route(ip_address("127.0.0.1"), "cclab0000")


CONTROLLERS = [d for d in lab_devices(SAMPLE) if d.role == "wlc"]


@pytest.mark.parametrize("device", CONTROLLERS, ids=lambda d: d.name)
def test_config_names_rendered_servers(sample: Inventory, device: object) -> None:
    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    name = device.name  # type: ignore[attr-defined]
    school, model = next(
        (s, d) for s in sample.schools.values() for d in s.devices if d.name == name
    )
    intent = device_intent(sample, school, model)
    assert intent.wlan is not None
    running = parse(renderer.render(intent, "0" * 64), vendor_class(device).style)  # type: ignore[arg-type]
    platform = PlatformId(device.platform)  # type: ignore[attr-defined]
    staff = next(s.ssid for s in intent.wlan.ssids if s.enterprise)

    servers = radius_servers(platform, running, staff, name)

    expected = [(s.address, s.auth_port) for s in intent.wlan.radius]
    assert [(s.address, s.port) for s in servers] == expected
    assert {s.secret for s in servers} == {"LabRadiusKey-2026"}
    guest = next(s.ssid for s in intent.wlan.ssids if s.auth == "portal")
    with pytest.raises(RadiusError, match=r"does not use 802\.1X"):
        radius_servers(platform, running, guest, name)
    with pytest.raises(RadiusError, match="missing"):
        radius_servers(platform, running, "NO-SUCH-SSID", name)


def test_fake_server_checks_message_authenticator() -> None:
    request = struct.pack("!BBH", 1, 1, 38) + os.urandom(16) + struct.pack("!BB", 80, 18)
    assert _answer(request + bytes(16)) is None


def test_server_refuses_radius_outside_lab(sample: Inventory, tmp_path: Path) -> None:
    from campusctl.lab.server import LabServer

    spec = next(d for d in CONTROLLERS if d.name == "HYXX-WLC-01")
    server = LabServer([spec], {spec.name: "x"}, "campus-lab", state=tmp_path)
    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    school, model = next(
        (s, d) for s in sample.schools.values() for d in s.devices if d.name == spec.name
    )
    text = renderer.render(device_intent(sample, school, model), "0" * 64)
    server.runtimes[spec.name].running = parse(text, vendor_class(spec).style)
    request = {
        "op": "associate",
        "device": spec.name,
        "ssid": "GDEDU-Staff",
        "username": "teacher",
        "password": PASSWORD,
    }

    # No lab hosts run for this lab folder, so its bridge does not exist and nothing is sent.
    reply = asyncio.run(server._control_request(request))

    assert reply["ok"] is False
    assert "not reachable through this lab's bridge" in reply["error"]
    clients = asyncio.run(server._control_request({"op": "clients", "device": spec.name}))
    assert clients == {"ok": True, "clients": []}
