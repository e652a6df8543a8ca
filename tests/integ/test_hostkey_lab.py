"""``campusctl hostkey`` and the host-key rejection against the embedded lab."""

from __future__ import annotations

import asyncio
import base64
import fcntl
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from campusctl.report.history import read_audit
from tests.conftest import REPO, SAMPLE, campusctl_env

SCHOOL = "2440106001"
# Two access switches of the school the lab runs, and a switch of another
# school that the lab does not run.
CHANGED = "YCSY-A1-ACC-01"
FORGOTTEN = "YCSY-A2-ACC-01"
OUTSIDE = "CNXX-A1-ACC-01"


@dataclass(frozen=True)
class KeyLab:
    """The running lab, its state folder and rendered configs."""

    state: Path
    configs: Path
    env: dict[str, str]

    def campusctl(self, *args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
        """Run campusctl against this lab, in the language of ``lang``."""
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=dict(self.env, LANG=lang),
            check=False,
        )

    def served_key(self, device: str) -> str:
        """Return the ``"type base64"`` key the lab server holds for ``device`` now."""
        from campusctl.lab.server import control_request

        reply = asyncio.run(control_request(self.state / "lab", {"op": "status"}))
        return " ".join(reply["devices"][device]["host_key"].split()[:2])

    def pinned_line(self, device: str) -> str | None:
        """Return the ``host_key`` of ``device`` in the lab overlay."""
        data = yaml.safe_load((self.state / "lab" / "overlay.yml").read_text())
        value = data["devices"][device].get("host_key")
        return None if value is None else " ".join(value.split()[:2])

    def audit(self) -> list[dict[str, object]]:
        """Return the audit records, oldest first."""
        path = self.state / "audit" / "changes.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line]


def sha256_of(line: str) -> str:
    """Return the OpenSSH SHA-256 fingerprint of a ``"type base64"`` key line."""
    digest = hashlib.sha256(base64.b64decode(line.split()[1])).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def md5_of(line: str) -> str:
    """Return the colon-separated MD5 fingerprint of a key line, as switch consoles show it."""
    digest = hashlib.md5(base64.b64decode(line.split()[1]), usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, 32, 2))


@pytest.fixture(scope="module")
def key_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyLab]:
    """Start the lab for one school, render two of its switches, and stop it afterwards."""
    base = tmp_path_factory.mktemp("hostkey")
    env = campusctl_env()
    env["CAMPUSCTL_STATE"] = str(base / "state")
    env["CAMPUSCTL_OPERATOR"] = "pytest"
    lab = KeyLab(base / "state", base / "configs", env)
    # 'lab up' picks free ports before the server binds them; the lock keeps
    # labs of parallel test workers from picking the same ones.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = lab.campusctl(
            "lab", "up", "--inventory", str(SAMPLE), "--limit", SCHOOL, "--no-hosts"
        )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        rendered = lab.campusctl(
            "render", "--inventory", str(SAMPLE), "--limit", f"{CHANGED}:{FORGOTTEN}",
            "--out", str(lab.configs),
        )  # fmt: skip
        assert rendered.returncode == 0, rendered.stdout + rendered.stderr
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def plan(lab: KeyLab, device: str) -> subprocess.CompletedProcess[str]:
    """Plan one device against its rendered config."""
    return lab.campusctl("plan", device, "--inventory", str(SAMPLE), "--configs", str(lab.configs))


def test_changed_key_rejected_then_repinned(key_lab: KeyLab) -> None:
    old = key_lab.served_key(CHANGED)
    assert plan(key_lab, CHANGED).returncode == 0

    fault = key_lab.campusctl("lab", "fault", CHANGED, "host-key-changed")
    assert fault.returncode == 0, fault.stderr
    new = key_lab.served_key(CHANGED)
    assert new != old

    rejected = plan(key_lab, CHANGED)
    assert rejected.returncode == 1
    assert "E3203" in rejected.stderr
    assert f"{CHANGED}: changed SSH host key" in rejected.stderr
    assert sha256_of(old) in rejected.stderr
    assert sha256_of(new) in rejected.stderr
    assert f"campusctl hostkey pin {CHANGED} --fingerprint" in rejected.stderr

    chinese = key_lab.campusctl(
        "plan", CHANGED, "--inventory", str(SAMPLE), "--configs", str(key_lab.configs),
        lang="zh_CN.UTF-8",
    )  # fmt: skip
    assert chinese.returncode == 1
    assert f"错误：{CHANGED}：无法生成变更计划：E3203" in chinese.stderr
    assert "SSH 主机密钥已变化" in chinese.stderr
    assert sha256_of(new) in chinese.stderr

    shown = key_lab.campusctl("hostkey", "show", CHANGED, "--scan", "-i", str(SAMPLE))
    assert shown.returncode == 1
    assert sha256_of(old) in shown.stdout
    assert sha256_of(new) in shown.stdout
    assert "CHANGED" in shown.stdout

    wrong = key_lab.campusctl(
        "hostkey", "pin", CHANGED, "--fingerprint", sha256_of(old), "-i", str(SAMPLE)
    )
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert "E3602" in wrong.stderr
    assert key_lab.pinned_line(CHANGED) == old

    pinned = key_lab.campusctl(
        "hostkey", "pin", CHANGED, "--fingerprint", sha256_of(new), "-i", str(SAMPLE)
    )
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert key_lab.pinned_line(CHANGED) == new
    assert plan(key_lab, CHANGED).returncode == 0

    record = key_lab.audit()[-1]
    assert record["device"] == CHANGED
    assert record["result"] == "host_key_pinned"
    assert record["operator"] == "pytest"
    assert record["verified_by"] == "fingerprint"
    assert record["diff"] == [f"- ssh-ed25519 {sha256_of(old)}", f"+ ssh-ed25519 {sha256_of(new)}"]
    shown_in_report = read_audit(key_lab.state).entries[0]
    assert shown_in_report.result == "host_key_pinned"
    assert shown_in_report.diff == record["diff"]


def test_forgotten_key_rejected_then_pinned(key_lab: KeyLab) -> None:
    served = key_lab.served_key(FORGOTTEN)

    forgot = key_lab.campusctl("hostkey", "forget", FORGOTTEN, "-i", str(SAMPLE))
    assert forgot.returncode == 0, forgot.stdout + forgot.stderr
    assert key_lab.pinned_line(FORGOTTEN) is None
    assert key_lab.audit()[-1]["result"] == "host_key_forgotten"

    rejected = plan(key_lab, FORGOTTEN)
    assert rejected.returncode == 1
    assert "E3203" in rejected.stderr
    assert f"{FORGOTTEN}: no pinned SSH host key" in rejected.stderr
    assert f"campusctl hostkey pin {FORGOTTEN}" in rejected.stderr

    pinned = key_lab.campusctl(
        "hostkey", "pin", FORGOTTEN, "--fingerprint", md5_of(served).upper(), "-i", str(SAMPLE)
    )
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert key_lab.pinned_line(FORGOTTEN) == served
    assert plan(key_lab, FORGOTTEN).returncode == 0


def test_pin_needs_verification(key_lab: KeyLab) -> None:
    unverified = key_lab.campusctl("hostkey", "pin", CHANGED, "-i", str(SAMPLE))
    assert unverified.returncode == 2
    assert "--fingerprint" in unverified.stderr
    several = key_lab.campusctl(
        "hostkey", "pin", f"school_{SCHOOL}", "--fingerprint", "SHA256:" + "A" * 43,
        "-i", str(SAMPLE),
    )  # fmt: skip
    assert several.returncode == 2
    assert "pin takes one device" in several.stderr


def test_device_outside_lab_uses_known_hosts(key_lab: KeyLab) -> None:
    line = key_lab.served_key(CHANGED)
    known_hosts = key_lab.state / "known_hosts"

    scanned = key_lab.campusctl("hostkey", "show", OUTSIDE, "--scan", "-i", str(SAMPLE))
    assert scanned.returncode == 1
    assert "sample address" in scanned.stdout

    mismatch = key_lab.campusctl(
        "hostkey", "pin", OUTSIDE, "--key", line, "--fingerprint", md5_of(key_lab.served_key(FORGOTTEN)),
        "-i", str(SAMPLE),
    )  # fmt: skip
    assert mismatch.returncode == 1
    assert "E3602" in mismatch.stderr
    assert not known_hosts.exists()

    pinned = key_lab.campusctl("hostkey", "pin", OUTSIDE, "--key", line, "-i", str(SAMPLE))
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert line in known_hosts.read_text()
    shown = key_lab.campusctl("hostkey", "show", OUTSIDE, "-i", str(SAMPLE))
    assert shown.returncode == 0
    assert sha256_of(line) in shown.stdout
    assert str(known_hosts) in shown.stdout.replace("\n", "")
    assert key_lab.audit()[-1]["verified_by"] == "key"

    everything = key_lab.campusctl("hostkey", "show", "-i", str(SAMPLE))
    assert everything.returncode == 0, everything.stderr
    assert OUTSIDE in everything.stdout
    assert CHANGED in everything.stdout
    assert "overlay.yml" in everything.stdout
