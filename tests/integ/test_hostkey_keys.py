"""Fingerprints, key parsing and the two stores of pinned host keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import subprocess
from pathlib import Path

import asyncssh
import paramiko
import pytest
import yaml

from campusctl.drivers.connection import ConnectionParams, pinned_keys
from campusctl.hostkeys.errors import FingerprintInvalid
from campusctl.hostkeys.keys import PublicKey, normalize_fingerprint
from campusctl.hostkeys.stores import KnownHostsStore, LabOverlayStore, known_hosts_name
from campusctl.inventory.overlay import load_overlay
from campusctl.platforms import PlatformId


def new_key(algorithm: str = "ssh-ed25519") -> PublicKey:
    """Return a freshly generated public key."""
    key = asyncssh.generate_private_key(algorithm)
    return PublicKey.parse(key.export_public_key().decode())


def ssh_keygen_fingerprint(key: PublicKey, tmp_path: Path, hash_name: str) -> str:
    """Return the fingerprint that OpenSSH's ssh-keygen prints for ``key``."""
    path = tmp_path / f"key-{hash_name}.pub"
    path.write_text(key.line + " test\n")
    output = subprocess.run(
        ["ssh-keygen", "-l", "-E", hash_name, "-f", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return output.split()[1]


@pytest.mark.parametrize("algorithm", ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256"])
def test_fingerprints_match_ssh_keygen(algorithm: str, tmp_path: Path) -> None:
    key = new_key(algorithm)
    assert key.sha256 == ssh_keygen_fingerprint(key, tmp_path, "sha256")
    assert key.md5 == ssh_keygen_fingerprint(key, tmp_path, "md5")


def test_fingerprint_forms_accepted() -> None:
    key = new_key()
    bare_sha = key.sha256.removeprefix("SHA256:")
    hex_pairs = key.md5.removeprefix("MD5:").split(":")
    assert key.matches(key.sha256)
    assert key.matches(bare_sha)
    assert key.matches(bare_sha + "=")
    assert key.matches(key.md5)
    assert key.matches(":".join(hex_pairs).upper())
    assert key.matches(" ".join(hex_pairs))
    assert key.matches("".join(hex_pairs))
    assert not key.matches(new_key().sha256)
    assert not key.matches(new_key().md5)


@pytest.mark.parametrize(
    "text",
    ["", "SHA256:short", "MD5:zz:" + "00:" * 14 + "00", "ab:cd", "SHA1:" + "A" * 43],
)
def test_fingerprint_invalid_rejected(text: str) -> None:
    with pytest.raises(FingerprintInvalid):
        normalize_fingerprint(text)


@pytest.mark.parametrize(
    "line",
    ["ssh-ed25519", "ssh-ed25519 not*base64", "ssh-ed25519 " + base64.b64encode(b"x").decode()],
)
def test_public_key_invalid_rejected(line: str) -> None:
    with pytest.raises(FingerprintInvalid):
        PublicKey.parse(line)


def test_known_hosts_name_port() -> None:
    assert known_hosts_name("198.51.100.7", 22) == "198.51.100.7"
    assert known_hosts_name("127.0.0.1", 20001) == "[127.0.0.1]:20001"


def hashed_host(name: str) -> str:
    """Return an OpenSSH hashed host field (``ssh-keygen -H``) for ``name``."""
    salt = os.urandom(20)
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def test_known_hosts_replace_keeps_others(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    target, other = new_key(), new_key()
    old_plain, old_hashed, replacement = new_key(), new_key(), new_key()
    path.write_text(
        "# pinned by the network team\n"
        f"198.18.0.9 {other.line}\n"
        f"198.18.0.1,198.18.0.2 {old_plain.line}\n"
        f"{hashed_host('198.18.0.1')} {old_hashed.line}\n"
        f"@revoked * {target.line}\n"
    )
    store = KnownHostsStore(path)
    assert set(store.keys("SW-1", "198.18.0.1")) == {old_plain, old_hashed}

    store.replace("SW-1", "198.18.0.1", replacement)

    lines = path.read_text().splitlines()
    assert lines[0] == "# pinned by the network team"
    assert f"198.18.0.9 {other.line}" in lines
    assert f"198.18.0.2 {old_plain.line}" in lines
    assert f"@revoked * {target.line}" in lines
    assert not any(line.startswith("|1|") for line in lines)
    assert store.keys("SW-1", "198.18.0.1") == [replacement]
    assert store.keys("SW-2", "198.18.0.2") == [old_plain]
    assert path.stat().st_mode & 0o777 == 0o600


def _session_params(known_hosts: Path, port: int) -> ConnectionParams:
    """Return the connection settings of a session to SW-1 that reads ``known_hosts``."""
    return ConnectionParams(
        device="SW-1",
        host="198.18.0.1",
        port=port,
        username="netops",
        password="unused",
        platform=PlatformId.HUAWEI_VRP,
        host_key=None,
        known_hosts=str(known_hosts),
    )


def test_known_hosts_pin_read_by_session(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    key = new_key()
    KnownHostsStore(path).replace("SW-1", known_hosts_name("198.18.0.1", 2222), key)
    params = _session_params(path, 2222)
    assert pinned_keys(params) == {key.line}
    assert paramiko.HostKeys(str(path)).lookup("[198.18.0.1]:2222") is not None


def test_known_hosts_repin_read_by_next_session(tmp_path: Path) -> None:
    # Sessions share the parsed file; pinning a new key must reach the next one.
    path = tmp_path / "known_hosts"
    store = KnownHostsStore(path)
    params = _session_params(path, 22)
    first, second = new_key(), new_key()
    store.replace("SW-1", "198.18.0.1", first)
    assert pinned_keys(params) == pinned_keys(params) == {first.line}
    store.replace("SW-1", "198.18.0.1", second)
    assert pinned_keys(params) == {second.line}
    store.replace("SW-1", "198.18.0.1", None)
    assert pinned_keys(params) == set()


def test_known_hosts_forget_removes_all(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(f"198.18.0.1 {new_key().line}\n198.18.0.1 {new_key('ssh-rsa').line}\n")
    store = KnownHostsStore(path)
    store.replace("SW-1", "198.18.0.1", None)
    assert store.keys("SW-1", "198.18.0.1") == []
    assert path.read_text() == ""


def write_overlay(path: Path, keys: dict[str, PublicKey]) -> None:
    """Write a lab overlay with one device entry per key."""
    devices = {
        name: {
            "host": "127.0.0.1",
            "port": 20001 + index,
            "username": "campus-lab",
            "credentials_file": "credentials.yml",
            "host_key": key.line,
        }
        for index, (name, key) in enumerate(keys.items())
    }
    hosts = {"T-1": {"host": "198.18.16.2", "port": 22, "username": "root"}}
    data = {"version": 1, "lab_id": "0123", "devices": devices, "hosts": hosts}
    path.write_text(yaml.safe_dump(data))


def test_overlay_replace_keeps_others(tmp_path: Path) -> None:
    path = tmp_path / "overlay.yml"
    first, second, replacement = new_key(), new_key(), new_key()
    write_overlay(path, {"SW-1": first, "SW-2": second})
    store = LabOverlayStore(path)

    store.replace("SW-1", "[127.0.0.1]:20001", replacement)

    overlay = load_overlay(path=path)
    assert overlay is not None
    assert overlay.devices["SW-1"].host_key == replacement.line
    assert overlay.devices["SW-1"].port == 20001
    assert overlay.devices["SW-2"].host_key == second.line
    assert "T-1" in overlay.hosts
    assert store.keys("SW-1", "") == [replacement]


def test_overlay_forget_leaves_no_key(tmp_path: Path) -> None:
    path = tmp_path / "overlay.yml"
    write_overlay(path, {"SW-1": new_key()})
    store = LabOverlayStore(path)
    store.replace("SW-1", "", None)
    overlay = load_overlay(path=path)
    assert overlay is not None
    assert overlay.devices["SW-1"].host_key is None
    assert store.keys("SW-1", "") == []
