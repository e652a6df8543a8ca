"""Faults injected per device make the emulator misbehave like a real one."""

from __future__ import annotations

import base64
import socket

import paramiko
import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException

from tests.lab.conftest import PASSWORD, USERNAME, RunningLab
from tests.lab.test_devices import Shell


@pytest.fixture(autouse=True)
def _clear_faults(lab: RunningLab) -> None:
    lab.clear()


def _connect(lab: RunningLab, name: str = "THSY-ACC-01") -> ConnectHandler:
    spec = lab.device(name)
    return ConnectHandler(
        device_type="huawei",
        host=spec.address,
        port=spec.port,
        username=USERNAME,
        password=PASSWORD,
        fast_cli=True,
        conn_timeout=30,
    )


def test_auth_failure_rejects_good_password(lab: RunningLab) -> None:
    lab.fault("THSY-ACC-01", "auth-failure")
    with pytest.raises(NetmikoAuthenticationException):
        _connect(lab)


def test_rejected_command_gets_error(lab: RunningLab) -> None:
    lab.fault("THSY-ACC-01", "reject-command", "ntp-service")
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        shell.send("system-view")
        shell.read_until("[THSY-ACC-01]")
        shell.send("ntp-service unicast-server 198.18.1.1")
        output = shell.read_until("[THSY-ACC-01]")
    finally:
        shell.close()
    assert "Error: Unrecognized command found at '^' position." in output


def test_failing_save_reports_error(lab: RunningLab) -> None:
    lab.fault("THSY-ACC-01", "save-failure")
    connection = _connect(lab)
    try:
        output = connection.save_config()
    finally:
        connection.disconnect()
    assert "Error: Failed to save the configuration file." in output
    assert "successfully" not in output


def test_session_drops_mid_change(lab: RunningLab) -> None:
    lab.fault("THSY-ACC-01", "drop-session", "1")
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        shell.send("system-view")
        shell.read_until("[THSY-ACC-01]")
        shell.send("vlan batch 30")
        shell.read_until("[THSY-ACC-01]")
        shell.send("vlan batch 31")
        with pytest.raises((AssertionError, OSError)):
            shell.read_until("[THSY-ACC-01]", timeout=2)
        assert shell.channel.closed or shell.channel.exit_status_ready()
    finally:
        shell.close()
    running = lab.server.runtimes["THSY-ACC-01"].running.lines()
    assert not any("31" in line and "vlan batch" in line for line in running)


def test_miscabled_port_shows_unexpected_neighbor(lab: RunningLab) -> None:
    lab.fault("THSY-ACC-01", "miscabled", "GigabitEthernet0/0/24=ROGUE-SW:GigabitEthernet0/0/9")
    connection = _connect(lab)
    try:
        output = connection.send_command("display lldp neighbor brief")
    finally:
        connection.disconnect()
    assert "ROGUE-SW" in output
    assert "THSY-CORE-01" not in output


def test_changed_host_key_is_detected(lab: RunningLab) -> None:
    spec = lab.device("THSY-ACC-01")
    before = lab.server.public_key("THSY-ACC-01")
    lab.fault("THSY-ACC-01", "host-key-changed")
    after = lab.server.public_key("THSY-ACC-01")
    assert before != after
    client = paramiko.SSHClient()
    key_type, key_data = before.split()[:2]
    pinned = paramiko.PKey.from_type_string(key_type, base64.b64decode(key_data))
    client.get_host_keys().add(f"[{spec.address}]:{spec.port}", key_type, pinned)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    with pytest.raises(paramiko.BadHostKeyException):
        client.connect(
            spec.address,
            spec.port,
            USERNAME,
            PASSWORD,
            allow_agent=False,
            look_for_keys=False,
            timeout=10,
        )
    client.close()


def test_management_acl_cuts_new_sessions(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        for line in (
            "system-view",
            "acl number 2001",
            "rule 5 permit source 198.18.0.0 0.1.255.255",
            "quit",
            "user-interface vty 0 4",
            "acl 2001 inbound",
        ):
            shell.send(line)
            shell.read_until("]")
        shell.send("display version")
        still_open = shell.read_until("]")
    finally:
        shell.close()
    assert "VRP (R) software" in still_open
    with pytest.raises((paramiko.SSHException, EOFError, OSError)):
        Shell(lab, "THSY-ACC-01")
    runtime = lab.server.runtimes["THSY-ACC-01"]
    runtime.running.children = [
        n for n in runtime.running.children if not n.text.startswith("acl number 2001")
    ]


def test_management_acl_checks_client_source(lab: RunningLab) -> None:
    runtime = lab.server.runtimes["THSY-ACC-02"]
    spec = lab.device("THSY-ACC-02")
    shell = Shell(lab, "THSY-ACC-02")
    try:
        shell.login("THSY-ACC-02#")
        for line in (
            "configure terminal",
            "ip access-list standard NMS",
            "permit host 127.0.0.9",
            "exit",
            "line vty 0 4",
            "access-class NMS in",
            "end",
        ):
            shell.send(line)
        shell.read_until("(config-line)#end")
    finally:
        shell.close()

    allowed = socket.create_connection(
        (spec.address, spec.port), timeout=5, source_address=("127.0.0.9", 0)
    )
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        client.connect(
            spec.address,
            spec.port,
            USERNAME,
            PASSWORD,
            sock=allowed,
            allow_agent=False,
            look_for_keys=False,
            timeout=10,
        )
    finally:
        client.close()
    with pytest.raises((paramiko.SSHException, EOFError, OSError)):
        Shell(lab, "THSY-ACC-02")
    root = runtime.running
    root.children = [n for n in root.children if n.text != "ip access-list standard NMS"]
    for node in root.children:
        if node.text.startswith("line vty"):
            node.children = [c for c in node.children if not c.text.startswith("access-class")]
