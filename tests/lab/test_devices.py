"""The emulated devices against stock netmiko, raw SSH channels and NAPALM drivers."""

from __future__ import annotations

import re
import time
from typing import Any

import asyncssh
import paramiko
import pytest
from asyncssh.constants import MSG_CHANNEL_DATA, MSG_IGNORE
from netmiko import ConnectHandler

from tests.lab.conftest import PASSWORD, USERNAME, RunningLab

DEVICE_TYPES = {
    "THSY-ACC-01": "huawei",
    "THSY-CORE-08": "huawei_vrpv8",
    "THSY-AGG-01": "hp_comware",
    "THSY-ACC-02": "cisco_ios",
    "THSY-ACC-03": "ruijie_os",
}

CHANGES = {
    "THSY-ACC-01": (
        ["vlan batch 10", "interface GigabitEthernet0/0/1", "description 101-classroom"],
        "display current-configuration",
    ),
    "THSY-AGG-01": (
        ["vlan 10", "interface GigabitEthernet1/0/1", "description 101-classroom"],
        "display current-configuration",
    ),
    "THSY-ACC-02": (
        ["vlan 10", "interface GigabitEthernet1/0/1", "description 101-classroom"],
        "show running-config",
    ),
    "THSY-ACC-03": (
        ["vlan 10", "interface GigabitEthernet 0/1", "description 101-classroom"],
        "show running-config",
    ),
}


def connect(lab: RunningLab, name: str, **extra: object) -> ConnectHandler:
    device = lab.device(name)
    return ConnectHandler(
        device_type=DEVICE_TYPES[name],
        host=device.address,
        port=device.port,
        username=USERNAME,
        password=PASSWORD,
        secret=PASSWORD,
        fast_cli=True,
        conn_timeout=30,
        **extra,
    )


class Shell:
    """A raw interactive channel, for dialogues netmiko does not drive."""

    def __init__(self, lab: RunningLab, name: str, password: str = PASSWORD) -> None:
        device = lab.device(name)
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(
            device.address,
            device.port,
            USERNAME,
            password,
            allow_agent=False,
            look_for_keys=False,
            timeout=10,
        )
        self.channel = self.client.invoke_shell(term="vt100", width=511, height=1000)

    def read_until(self, text: str, timeout: float = 20.0) -> str:
        data = b""
        deadline = time.monotonic() + timeout
        while text.encode() not in data:
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {text!r}; got {data!r}")
            if self.channel.recv_ready():
                data += self.channel.recv(65536)
            else:
                time.sleep(0.01)
        return data.decode(errors="replace")

    def login(self, prompt: str) -> None:
        """Answer a first-login question if one comes, then wait for ``prompt``."""
        data = ""
        deadline = time.monotonic() + 20
        while prompt not in data:
            if time.monotonic() > deadline:
                raise AssertionError(f"no prompt {prompt!r}; got {data!r}")
            if self.channel.recv_ready():
                data += self.channel.recv(65536).decode(errors="replace")
                if re.search(r"\[Y/N\]: ?$|to continue.*$", data):
                    self.send("n" if "[Y/N]" in data else "")
                    data = ""
            else:
                time.sleep(0.01)

    def send(self, line: str) -> None:
        self.channel.send((line + "\n").encode())

    def close(self) -> None:
        self.client.close()


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_netmiko_config_save_readback(lab: RunningLab, name: str) -> None:
    commands, show = CHANGES[name]
    connection = connect(lab, name)
    try:
        output = connection.send_config_set(commands)
        assert "Error" not in output
        assert "Invalid input" not in output
        connection.save_config()
        running = connection.send_command(show)
    finally:
        connection.disconnect()
    assert "description 101-classroom" in running
    assert lab.server.runtimes[name].saved_text is not None
    assert "description 101-classroom" in lab.server.runtimes[name].saved_text


def test_vrp8_two_stage_commit(lab: RunningLab) -> None:
    connection = connect(lab, "THSY-CORE-08")
    try:
        connection.config_mode(pattern=r"\]")
        connection.send_config_set(
            ["interface 10GE1/0/1", "description uplink"], enter_config_mode=False
        )
        before = lab.server.runtimes["THSY-CORE-08"].running.lines()
        prompt = connection.find_prompt()
        connection.commit()
        after = lab.server.runtimes["THSY-CORE-08"].running.lines()
        connection.exit_config_mode()
    finally:
        connection.disconnect()
    assert " description uplink" not in before
    assert prompt.startswith("[*THSY-CORE-08")
    assert " description uplink" in after


def test_unknown_command_gets_vendor_error(lab: RunningLab) -> None:
    expected = {
        "THSY-ACC-01": ("<THSY-ACC-01>", "Error: Unrecognized command found at '^' position."),
        "THSY-AGG-01": ("<THSY-AGG-01>", " % Unrecognized command found at '^' position."),
        "THSY-ACC-02": ("THSY-ACC-02#", "% Invalid input detected at '^' marker."),
        "THSY-ACC-03": ("THSY-ACC-03>", "% Invalid input detected at '^' marker."),
    }
    for name, (prompt, message) in expected.items():
        shell = Shell(lab, name)
        try:
            shell.login(prompt)
            shell.send("frobnicate the switch")
            output = shell.read_until(prompt)
        finally:
            shell.close()
        assert message in output, name


def test_vrp_rejects_link_type_over_default_vlan(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        for line in (
            "system-view",
            "interface GigabitEthernet0/0/5",
            "port link-type access",
            "port default vlan 10",
        ):
            shell.send(line)
            shell.read_until("]")
        shell.send("port link-type trunk")
        output = shell.read_until("GigabitEthernet0/0/5]")
    finally:
        shell.close()
    assert "Error: Please renew the default configurations." in output


def test_vrp_trunk_default_undoes_link_type(lab: RunningLab) -> None:
    # A rollback of a trunk port: allowing VLAN 1 again restores the default, so
    # the link type can be undone and the port shows no line.
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        for line in (
            "system-view",
            "interface GigabitEthernet0/0/6",
            "port link-type trunk",
            "undo port trunk allow-pass vlan 1",
            "port trunk allow-pass vlan 10 30",
            "undo port trunk allow-pass vlan 10 30",
            "port trunk allow-pass vlan 1",
        ):
            shell.send(line)
            shell.read_until("]")
        shell.send("undo port link-type")
        output = shell.read_until("GigabitEthernet0/0/6]")
        shell.send("display this")
        display = shell.read_until("GigabitEthernet0/0/6]")
    finally:
        shell.close()
    assert "Error" not in output
    assert "port link-type" not in display
    assert "allow-pass" not in display


def test_huawei_clear_configuration_asks(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        shell.send("system-view")
        shell.read_until("]")
        shell.send("interface GigabitEthernet0/0/2")
        shell.read_until("GigabitEthernet0/0/2]")
        shell.send("description to-remove")
        shell.read_until("GigabitEthernet0/0/2]")
        shell.send("clear configuration this")
        question = shell.read_until("Continue? [Y/N] :")
        shell.send("y")
        answer = shell.read_until("GigabitEthernet0/0/2]")
    finally:
        shell.close()
    assert "Warning: All configurations of the interface will be cleared" in question
    assert "Info: Total execute" in answer
    assert "[THSY-ACC-01-GigabitEthernet0/0/2]" in answer


def test_comware_default_and_ios_no_username_ask(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-AGG-01")
    try:
        shell.login("<THSY-AGG-01>")
        shell.send("system-view")
        shell.send("interface GigabitEthernet1/0/6")
        shell.read_until("GigabitEthernet1/0/6]")
        shell.send("default")
        question = shell.read_until("Continue? [Y/N]:")
        shell.send("y")
        shell.read_until("GigabitEthernet1/0/6]")
    finally:
        shell.close()
    assert "restore the default settings" in question

    shell = Shell(lab, "THSY-ACC-02")
    try:
        shell.login("THSY-ACC-02#")
        shell.send("configure terminal")
        shell.read_until("(config)#")
        shell.send("username olduser privilege 1 secret 0 x")
        shell.read_until("(config)#")
        shell.send("no username olduser")
        question = shell.read_until("[confirm]")
        shell.send("")
        shell.read_until("(config)#")
    finally:
        shell.close()
    assert "Do you want to continue?" in question
    assert not any("olduser" in line for line in lab.server.runtimes["THSY-ACC-02"].running.lines())


def test_pager_runs_until_paging_is_off(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-ACC-01")
    try:
        shell.login("<THSY-ACC-01>")
        shell.send("display current-configuration")
        first = shell.read_until("---- More ----")
        shell.channel.send(b" ")
        second = shell.read_until("---- More ----")
        shell.channel.send(b"q")
        shell.read_until("<THSY-ACC-01>")
        shell.send("screen-length 0 temporary")
        shell.read_until("<THSY-ACC-01>")
        shell.send("display current-configuration")
        whole = shell.read_until("return")
    finally:
        shell.close()
    assert "sysname THSY-ACC-01" in first
    assert "\x1b[42D" in second
    assert "---- More ----" not in whole


def test_comware_hash_lines_do_not_end_output(lab: RunningLab) -> None:
    connection = connect(lab, "THSY-AGG-01")
    try:
        connection.config_mode()
        connection.send_command("interface GigabitEthernet1/0/3", expect_string=r"\]")
        connection.send_command("port access vlan 10", expect_string=r"\]")
        body = connection.send_command("display this", expect_string=r"\[THSY-AGG-01-\S+\]")
        after = connection.send_command("display version", expect_string=r"\]")
    finally:
        connection.disconnect()
    assert body.strip().splitlines()[0] == "#"
    assert " port access vlan 10" in body
    assert body.strip().splitlines()[-1] == "return"
    assert after.strip().startswith("H3C Comware Software")


def test_ruijie_refuses_terminal_before_enable(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-ACC-03")
    try:
        shell.login("THSY-ACC-03>")
        shell.send("terminal length 0")
        refusal = shell.read_until("THSY-ACC-03>")
        shell.send("show privilege")
        level = shell.read_until("THSY-ACC-03>")
        shell.send("enable")
        shell.read_until("Password:")
        shell.send(PASSWORD)
        shell.read_until("THSY-ACC-03#")
        shell.send("terminal length 0")
        accepted = shell.read_until("THSY-ACC-03#")
    finally:
        shell.close()
    assert "% User doesn't have sufficient privilege to execute this command." in refusal
    assert "Current privilege level is 1" in level
    assert "privilege" not in accepted


def test_prompts_per_view(lab: RunningLab) -> None:
    shell = Shell(lab, "THSY-CORE-08")
    try:
        shell.login("<THSY-CORE-08>")
        shell.send("system-view")
        system = shell.read_until("]")
        shell.send("interface 10GE1/0/2")
        interface = shell.read_until("10GE1/0/2]")
    finally:
        shell.close()
    assert "[~THSY-CORE-08]" in system
    assert "[~THSY-CORE-08-10GE1/0/2]" in interface


def test_ios_banner_block(lab: RunningLab) -> None:
    connection = connect(lab, "THSY-ACC-02")
    try:
        connection.send_config_set(
            ["banner motd ^\nAuthorised staff only. Managed by automation.\n^"], cmd_verify=False
        )
        running = connection.send_command("show running-config")
    finally:
        connection.disconnect()
    assert "banner motd ^C\nAuthorised staff only. Managed by automation.\n^C" in running


def test_file_transfer_needs_scp_server_enabled(lab: RunningLab) -> None:
    device = lab.device("THSY-AGG-01")
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        device.address,
        device.port,
        USERNAME,
        PASSWORD,
        allow_agent=False,
        look_for_keys=False,
        timeout=10,
    )
    try:
        # The server closes the channel; paramiko reports that as an SSH error,
        # or as a write on a closed channel, depending on timing.
        with pytest.raises((paramiko.SSHException, EOFError, OSError)):
            client.open_sftp()
    finally:
        client.close()


def test_device_sends_no_ignore_packets(lab: RunningLab, monkeypatch: pytest.MonkeyPatch) -> None:
    # A reply goes out as one packet. An SSH_MSG_IGNORE ahead of every packet
    # would double what each client decrypts and drops.
    sent: list[int] = []
    base_send = asyncssh.connection.SSHConnection.send_packet

    def record(
        self: asyncssh.connection.SSHConnection, pkttype: int, *args: bytes, **kwargs: Any
    ) -> None:
        sent.append(pkttype)
        base_send(self, pkttype, *args, **kwargs)

    monkeypatch.setattr(asyncssh.connection.SSHConnection, "send_packet", record)
    shell = Shell(lab, "THSY-ACC-02")
    try:
        shell.read_until("THSY-ACC-02#")
        shell.send("show version")
        shell.read_until("uptime is")
    finally:
        shell.close()
    assert MSG_CHANNEL_DATA in sent
    assert MSG_IGNORE not in sent
