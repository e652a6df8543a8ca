"""The device session against scripted SSH switches on 127.0.0.1."""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator

import pytest

from campusctl.drivers.errors import (
    AuthenticationFailed,
    CommandTimeout,
    HostKeyMismatch,
    SessionClosed,
)
from campusctl.drivers.profiles import Timeouts
from campusctl.drivers.session import CampusSession
from campusctl.netkit.errors import CommandRejected, ConfirmationRefused
from campusctl.netkit.prompts import PromptMode, parse_prompt
from campusctl.platforms import PlatformId
from tests.drivers.conftest import VRP_CONFIG, params_for
from tests.drivers.fakedevice import DeviceState, FakeDevice, run_fake_device


def test_open_reads_prompt_and_turns_paging_off(vrp_session: CampusSession) -> None:
    assert vrp_session.hostname == "SW-ACC-01"
    assert vrp_session.prompt is not None
    assert vrp_session.prompt.mode is PromptMode.USER
    assert vrp_session.pager is False


def test_socket_has_tcp_nodelay(vrp_session: CampusSession) -> None:
    conn = vrp_session._conn
    assert conn is not None
    sock = conn.sock
    assert isinstance(sock, socket.socket)
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_run_returns_body_without_echo_or_prompt(vrp_session: CampusSession) -> None:
    body = vrp_session.run("display current-configuration")
    assert body.splitlines() == [*VRP_CONFIG, "return"]


def test_pager_fallback_equals_unpaged_output() -> None:
    state = DeviceState("vrp", "SW-OLT-01", config=list(VRP_CONFIG), paging_command_works=False)
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, PlatformId.HUAWEI_VRP))
        session.open()
        try:
            assert session.pager is True
            body = session.run("display current-configuration")
            assert body.splitlines() == [*VRP_CONFIG, "return"]
        finally:
            session.close()


def test_push_block_and_prompt_tracking(vrp_session: CampusSession, vrp_device: FakeDevice) -> None:
    vrp_session.push(
        ["interface GigabitEthernet0/0/1", "description to-SW-ACC-02#", "quit", "vlan 100", "quit"]
    )
    assert vrp_device.state.config[-3:] == [
        "interface GigabitEthernet0/0/1",
        " description to-SW-ACC-02#",
        "vlan 100",
    ]
    assert vrp_session.prompt is not None
    assert vrp_session.prompt.mode is PromptMode.SYSTEM


def test_push_folds_config_mode_once_entered(
    vrp_session: CampusSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[str] = []
    write = vrp_session._write

    def record(text: str) -> None:
        writes.append(text)
        write(text)

    monkeypatch.setattr(vrp_session, "_write", record)
    vrp_session.push(["vlan 100", "quit"])
    vrp_session.exit_config_mode()
    vrp_session.push(["vlan 101", "quit"])
    assert writes == [
        "system-view\n",
        "vlan 100\nquit\n",
        "return\n",
        "system-view\nvlan 101\nquit\n",
    ]
    assert vrp_session.prompt is not None
    assert vrp_session.prompt.mode is PromptMode.SYSTEM


def test_push_stops_when_config_mode_rejected() -> None:
    state = DeviceState("vrp", "SW-ACC-01", config_mode_works=False)
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, PlatformId.HUAWEI_VRP))
        session.open()
        try:
            with pytest.raises(CommandRejected) as caught:
                session.push(["interface GigabitEthernet0/0/1", "quit"])
        finally:
            session.close()
        assert caught.value.command == "system-view"
        assert "interface GigabitEthernet0/0/1" not in state.log


def test_push_rejected_line_names_command(vrp_session: CampusSession) -> None:
    with pytest.raises(CommandRejected) as caught:
        vrp_session.push(["vlan 101", "bogus command here", "vlan 102"])
    assert caught.value.command == "bogus command here"
    assert caught.value.device == "TEST-DEVICE"


def test_push_confirmation_answered_alone(
    vrp_session: CampusSession, vrp_device: FakeDevice
) -> None:
    vrp_session.push(["interface GigabitEthernet0/0/2", "clear configuration this"])
    log = vrp_device.state.log
    question = log.index("clear configuration this")
    assert log[question + 1] == "Y"
    assert vrp_session.prompt is not None
    assert vrp_session.prompt.mode is PromptMode.INTERFACE


def test_push_refuses_reboot(vrp_session: CampusSession, vrp_device: FakeDevice) -> None:
    with pytest.raises(ConfirmationRefused):
        vrp_session.push(["vlan 103", "reboot"])
    assert "vlan 103" not in vrp_device.state.log


def test_hostname_change_in_block(vrp_session: CampusSession) -> None:
    vrp_session.push(["sysname SW-ACC-99", "vlan 104"])
    assert vrp_session.hostname == "SW-ACC-99"


def test_save_answers_dialogue(vrp_session: CampusSession, vrp_device: FakeDevice) -> None:
    vrp_session.save()
    assert vrp_device.state.saved == 1


def test_changed_host_key_stops_before_password(vrp_device: FakeDevice) -> None:
    other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDxwL7M8x2m6bLQ9o1oJZsC4b1PZs7wz8T3Gm9m6N1Xx"
    session = CampusSession(params_for(vrp_device, PlatformId.HUAWEI_VRP, host_key=other))
    with pytest.raises(HostKeyMismatch):
        session.open()
    assert vrp_device.state.password_attempts == 0


def test_missing_pinned_key_refused(vrp_device: FakeDevice) -> None:
    session = CampusSession(params_for(vrp_device, PlatformId.HUAWEI_VRP, host_key=None))
    with pytest.raises(HostKeyMismatch):
        session.open()
    assert vrp_device.state.password_attempts == 0


def test_wrong_password_raises_authentication_failed(vrp_device: FakeDevice) -> None:
    session = CampusSession(params_for(vrp_device, PlatformId.HUAWEI_VRP, password="wrong"))
    with pytest.raises(AuthenticationFailed) as caught:
        session.open()
    assert "wrong" not in str(caught.value)


def test_slow_command_times_out(vrp_device: FakeDevice) -> None:
    fast = Timeouts(connect=5, auth=5, command=0.5, save=1)
    session = CampusSession(params_for(vrp_device, PlatformId.HUAWEI_VRP, timeouts=fast))
    session.open()
    try:
        with pytest.raises(CommandTimeout) as caught:
            session.run("display hang")
        assert "display hang" in str(caught.value)
    finally:
        session.close()


def test_dropped_session_raises(vrp_session: CampusSession) -> None:
    with pytest.raises((SessionClosed, CommandTimeout)):
        vrp_session.run("display drop", timeout=3)


@pytest.fixture
def gbk_device() -> Iterator[FakeDevice]:
    state = DeviceState("vrp", "SW-GBK-01", config=["sysname SW-GBK-01"])
    yield from run_fake_device(state, encoding="gbk")


def test_gbk_charset_round_trip(gbk_device: FakeDevice) -> None:
    session = CampusSession(params_for(gbk_device, PlatformId.HUAWEI_VRP, charset="gbk"))
    session.open()
    try:
        session.push(["interface GigabitEthernet0/0/1", "description 教学楼-3F"])
        assert " description 教学楼-3F" in gbk_device.state.config
        body = session.run("display current-configuration")
        assert " description 教学楼-3F" in body.splitlines()
    finally:
        session.close()


def test_ios_enable_before_terminal_setup(ios_device: FakeDevice) -> None:
    session = CampusSession(params_for(ios_device, PlatformId.CISCO_IOS))
    session.open()
    try:
        log = ios_device.state.log
        assert log.index("enable") < log.index("terminal length 0")
        assert session.pager is False
        assert session.prompt is not None
        assert session.prompt.mode is PromptMode.PRIVILEGED
    finally:
        session.close()


def test_ios_wrong_enable_secret(ios_device: FakeDevice) -> None:
    session = CampusSession(params_for(ios_device, PlatformId.CISCO_IOS, secret="wrong"))
    with pytest.raises(AuthenticationFailed):
        session.open()
    session.close()


def test_ios_rejected_line_in_config(ios_device: FakeDevice) -> None:
    session = CampusSession(params_for(ios_device, PlatformId.CISCO_IOS))
    session.open()
    try:
        with pytest.raises(CommandRejected) as caught:
            session.push(["interface GigabitEthernet1/0/1", "bogus", "exit"])
        assert caught.value.command == "bogus"
    finally:
        session.close()


COMWARE_CONFIG = [
    "#",
    " sysname SW-AGG-01",
    "#",
    "interface Ten-GigabitEthernet1/0/1",
    " port link-mode bridge",
    " port access vlan 10",
    " stp edged-port",
    "#",
]


def test_comware_hash_lines_do_not_end_output() -> None:
    state = DeviceState("comware", "SW-AGG-01", config=list(COMWARE_CONFIG))
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, PlatformId.H3C_COMWARE))
        session.open()
        try:
            assert session.pager is False
            body = session.run("display current-configuration")
            assert body.splitlines() == [*COMWARE_CONFIG, "return"]
            assert session.run("display clock") == "output of display clock"
        finally:
            session.close()


def test_ruijie_enable_before_terminal_setup(ios_device: FakeDevice) -> None:
    session = CampusSession(params_for(ios_device, PlatformId.RUIJIE_RGOS))
    session.open()
    try:
        log = ios_device.state.log
        assert log.index("enable") < log.index("terminal length 0")
        assert session.pager is False
    finally:
        session.close()


def test_low_privilege_without_secret_reads_through_pager() -> None:
    state = DeviceState("ios", "SW-ACC-01", config=[f"vlan {v}" for v in range(2, 60)])
    state.secret = "unknown-to-the-driver"
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, PlatformId.RUIJIE_RGOS, secret=""))
        session.open()
        try:
            assert session.pager is True
            body = session.run("show running-config")
            assert body.splitlines() == [*state.config, "end"]
        finally:
            session.close()


@pytest.mark.parametrize(
    ("platform", "style", "question", "answer"),
    [
        (PlatformId.RUIJIE_RGOS, "ios", "Do you want to change the password? [Y/N]:", "n"),
        (PlatformId.H3C_COMWARE, "comware", "Press Y or ENTER to continue, N to exit.", ""),
    ],
)
def test_login_question_answered(
    platform: PlatformId, style: str, question: str, answer: str
) -> None:
    # The fake asks again until it gets the expected answer, as a strict device does.
    state = DeviceState(style, "SW-NEW-01", login_question=question, login_answers=(answer,))
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, platform))
        session.open()
        try:
            answers = [line for line in state.log if line.startswith("login answer:")]
            assert answers[-1] == f"login answer: {answer}"
            assert session.hostname == "SW-NEW-01"
        finally:
            session.close()


def test_session_prefers_aes_gcm(vrp_session: CampusSession) -> None:
    transport = vrp_session._connection().remote_conn.get_transport()  # type: ignore[union-attr]
    assert transport.local_cipher == "aes128-gcm@openssh.com"
    assert transport.remote_cipher == "aes128-gcm@openssh.com"


def test_session_falls_back_to_aes_ctr() -> None:
    with contextlib.contextmanager(run_fake_device)(
        DeviceState("vrp", "SW-ACC-01", config=list(VRP_CONFIG)), ciphers=("aes128-ctr",)
    ) as device:
        session = CampusSession(params_for(device, PlatformId.HUAWEI_VRP))
        session.open()
        try:
            transport = session._connection().remote_conn.get_transport()  # type: ignore[union-attr]
            assert transport.local_cipher == "aes128-ctr"
            assert "sysname" in session.run("display current-configuration")
        finally:
            session.close()


def test_hostname_with_view_word_kept() -> None:
    """A VRP hostname with a view word after a dash (STACK) is not split into host and view."""
    state = DeviceState("vrp", "SW-STACK-01")
    for device in run_fake_device(state):
        session = CampusSession(params_for(device, PlatformId.HUAWEI_VRP))
        session.open()
        try:
            session.push(["vlan 100", "quit"])
            assert session.prompt is not None
            assert session.prompt.hostname == "SW-STACK-01"
            session.exit_config_mode()
            assert session.prompt.hostname == "SW-STACK-01"
            assert session.prompt.mode is PromptMode.USER
        finally:
            session.close()


_PROMPT_TEXTS = (
    "",
    "\n",
    "<SW-1>",
    "<SW-1> ",
    "display version\r\n<SW-1>",
    "output\r\n<SW-1>\r\n",
    "<SW-1>\r\nmore output",
    "<SW-1>\n<SW-1>",
    "HRP_M<SW-1>",
    "x\r\n[SW-1-GigabitEthernet0/0/1]",
    "x\n[~SW-1]",
    "x\n[*SW-1-vlan10] ",
    "text <SW-1>",
    "SW-1#",
    "show run\r\nSW-1(config-if)#",
    "x\nSW-1(config)# ",
    "SW-1#\r\n",
    "interface Gi0/1\r\n description <SW-1>\r\n",
)


@pytest.mark.parametrize(
    ("platform", "prompt"),
    [
        (PlatformId.HUAWEI_VRP, "<SW-1>"),
        (PlatformId.H3C_COMWARE, "<SW-1>"),
        (PlatformId.CISCO_IOS, "SW-1#"),
        (PlatformId.RUIJIE_RGOS, "SW-1#"),
    ],
)
def test_prompt_regex_matches_last_line_only(
    vrp_device: FakeDevice, platform: PlatformId, prompt: str
) -> None:
    # Reads search prompt regexes from the last line break on: each must find
    # exactly what a search of the whole text finds.
    session = CampusSession(params_for(vrp_device, platform))
    regexes = [session._prompt_regex()]
    session.prompt = parse_prompt(prompt, platform)
    assert session.prompt is not None
    regexes.append(session._prompt_regex())
    for regex in regexes:
        assert regex in session._last_line
        compiled = re.compile(regex)
        for text in _PROMPT_TEXTS:
            whole = compiled.search(text)
            from_last_line = compiled.search(text, max(text.rfind("\n"), 0))
            assert (whole is None) == (from_last_line is None), (regex, text)
