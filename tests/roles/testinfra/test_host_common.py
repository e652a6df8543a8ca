"""Promises both roles make: time, logging, SSH, kernel parameters, trust, audit, upgrades."""

from __future__ import annotations

import re
import secrets as token
import time
from pathlib import Path
from typing import Any

from ss_parse import listening, parse_ss
from targets import FORWARD_FILE, SYSCTL_FILE, Target

SSHD_KEYS_ONLY = {
    "passwordauthentication": "no",
    "kbdinteractiveauthentication": "no",
    "permitemptypasswords": "no",
    "pubkeyauthentication": "yes",
    "permitrootlogin": "without-password",
}


def test_system_has_no_failed_units(any_host: Target) -> None:
    state = any_host.host.run("systemctl is-system-running").stdout.strip()
    failed = any_host.host.run("systemctl --failed --no-legend --plain").stdout.strip()
    assert state == "running", failed


def test_hardening_packages_installed(any_host: Target) -> None:
    for name in ("chrony", "rsyslog", "auditd", "unattended-upgrades", "ca-certificates"):
        assert any_host.host.package(name).is_installed, name


def test_chrony_uses_provincial_servers(any_host: Target, context: dict[str, Any]) -> None:
    config = any_host.host.file("/etc/chrony/chrony.conf")
    assert config.mode == 0o644
    lines = config.content_string.splitlines()
    for address in context["ntp"]:
        assert f"server {address} iburst" in lines, address
    assert not [line for line in lines if line.startswith("pool ")]


def test_chrony_running_and_reaching_ntp(any_host: Target, context: dict[str, Any]) -> None:
    service = any_host.host.service("chrony")
    assert service.is_enabled
    assert service.is_running
    sources = any_host.host.run("chronyc -n sources").stdout
    for address in context["ntp"]:
        assert address in sources, sources


def test_chrony_never_sets_clock_in_container(any_host: Target) -> None:
    options = any_host.host.file("/etc/default/chrony").content_string
    assert re.search(r'DAEMON_OPTS="[^"]*-x', options), options


def test_rsyslog_forwards_to_collectors(any_host: Target, context: dict[str, Any]) -> None:
    config = any_host.host.file(f"/etc/rsyslog.d/{FORWARD_FILE[any_host.kind]}")
    assert config.mode == 0o644
    for address in context["syslog"]:
        assert f'target="{address}"' in config.content_string
    assert any_host.host.service("rsyslog").is_running


def test_logs_arrive_at_provincial_collector(any_host: Target, context: dict[str, Any]) -> None:
    marker = f"campusctl-testinfra-{token.token_hex(6)}"
    any_host.host.run_test("logger -t campusctl-test %s", marker)
    hostname = any_host.host.check_output("hostname")
    remote = Path(context["remote_log_dir"]) / f"{hostname}.log"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if remote.exists() and marker in remote.read_text(encoding="utf-8", errors="replace"):
            break
        time.sleep(0.2)
    assert remote.exists(), f"no log file {remote} at the lab collector"
    assert marker in remote.read_text(encoding="utf-8", errors="replace")


def test_sshd_keys_only(any_host: Target) -> None:
    effective = dict(
        line.split(" ", 1)
        for line in any_host.host.check_output("sshd -T").splitlines()
        if " " in line
    )
    for key, expected in SSHD_KEYS_ONLY.items():
        assert effective.get(key) == expected, f"{key} is {effective.get(key)!r}"
    assert effective.get("x11forwarding") == "no"
    assert int(effective["maxauthtries"]) <= 3


def test_sshd_config_file_mode(any_host: Target) -> None:
    config = any_host.host.file("/etc/ssh/sshd_config")
    assert config.user == "root"
    assert config.mode == 0o644


def test_sshd_listens_dual_stack(any_host: Target, context: dict[str, Any]) -> None:
    listeners = parse_ss(any_host.host.check_output("ss -lntuH"))
    host = context["hosts"][any_host.name]
    assert listening(listeners, "tcp", 22, host["address"])
    assert listening(listeners, "tcp", 22, host["address6"])


def test_sysctls_file_and_live_values(any_host: Target) -> None:
    path = f"/etc/sysctl.d/{SYSCTL_FILE[any_host.kind]}"
    content = any_host.host.file(path).content_string
    expected = dict(
        (key.strip(), value.strip())
        for key, value in (line.split("=", 1) for line in content.splitlines() if "=" in line)
    )
    assert expected["net.ipv4.conf.all.accept_redirects"] == "0"
    assert expected["kernel.kptr_restrict"] == "2"
    for key, value in expected.items():
        if key.startswith("net."):
            assert any_host.host.sysctl(key) == int(value), key


def test_ca_in_trust_store(any_host: Target, context: dict[str, Any]) -> None:
    pem = Path(context["ca_certificate"]).read_text(encoding="ascii")
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    local = any_host.host.file("/usr/local/share/ca-certificates/gdedu-lab-ca.crt")
    assert local.mode == 0o644
    bundle = any_host.host.file("/etc/ssl/certs/ca-certificates.crt").content_string
    assert body in bundle.replace("\n", "")


def test_audit_rules_written(any_host: Target) -> None:
    rules = any_host.host.file(
        f"/etc/audit/rules.d/{SYSCTL_FILE[any_host.kind].replace('.conf', '.rules')}"
    )
    assert rules.mode == 0o640
    assert "-w /etc/passwd -p wa -k identity" in rules.content_string
    compiled = any_host.host.file("/etc/audit/audit.rules").content_string
    assert "-w /etc/shadow -p wa -k identity" in compiled
    assert any_host.host.service("auditd").is_enabled


def test_unattended_security_upgrades(any_host: Target) -> None:
    periodic = any_host.host.file("/etc/apt/apt.conf.d/20auto-upgrades").content_string
    assert 'APT::Periodic::Unattended-Upgrade "1";' in periodic
    origins = any_host.host.file("/etc/apt/apt.conf.d/50unattended-upgrades").content_string
    assert "label=Debian-Security" in origins
    assert 'Automatic-Reboot "false"' in origins
