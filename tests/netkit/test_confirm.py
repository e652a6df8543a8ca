"""Confirmation table, push planner and dialogue runner."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from campusctl.netkit.confirm import (
    Batch,
    ConfirmPolicy,
    Interactive,
    find_rule,
    plan_push,
    run_dialogue,
)
from campusctl.netkit.errors import ConfirmationRefused, UnexpectedDialogue


class ScriptedDevice:
    """A channel that replays a transcript: each sent line gets the next reply."""

    def __init__(self, replies: dict[str, list[str]]) -> None:
        self.replies = {line: list(answers) for line, answers in replies.items()}
        self.sent: list[str] = []

    def send(self, line: str) -> None:
        self.sent.append(line)
        self._pending = self.replies[line].pop(0)

    def read_until(self, patterns: Sequence[str]) -> tuple[int, str]:
        for index, pattern in enumerate(patterns):
            if re.search(pattern, self._pending, re.IGNORECASE):
                return index, self._pending
        raise AssertionError(f"no pattern matched {self._pending!r}")


def test_huawei_clear_configuration_planned_interactive() -> None:
    steps = plan_push(["interface GigabitEthernet0/0/2", "clear configuration this"], "huawei")
    assert steps[0] == Batch(("interface GigabitEthernet0/0/2",))
    assert isinstance(steps[1], Interactive)
    assert steps[1].line == "clear configuration this"
    assert steps[1].steps[0].answer == "Y"


def test_huawei_clear_configuration_dialogue_completes() -> None:
    step = plan_push(["clear configuration this"], "huawei")[0]
    assert isinstance(step, Interactive)
    device = ScriptedDevice(
        {
            "clear configuration this": [
                "Warning: All configurations of the interface will be cleared, and its state "
                "will be shutdown. Continue? [Y/N] :"
            ],
            "Y": [
                "Info: Total execute 1 command, 1 successful, 0 failed.\r\n"
                "[SW-ACC-01-GigabitEthernet0/0/2]"
            ],
        }
    )
    prompt = r"\[SW-ACC-01[^\]]*\]$"
    output = run_dialogue(step, device.send, device.read_until, prompt)
    assert device.sent == ["clear configuration this", "Y"]
    assert output.endswith("[SW-ACC-01-GigabitEthernet0/0/2]")


def test_comware_default_under_interface() -> None:
    steps = plan_push(["interface GigabitEthernet1/0/6", "default"], "hp_comware")
    assert steps == [
        Batch(("interface GigabitEthernet1/0/6",)),
        Interactive("default", steps[1].steps),  # type: ignore[union-attr]
    ]
    device = ScriptedDevice(
        {
            "default": ["This command will restore the default settings. Continue? [Y/N]:"],
            "Y": ["\r\n[SW-GigabitEthernet1/0/6]"],
        }
    )
    run_dialogue(steps[1], device.send, device.read_until, r"\[SW[^\]]*\]$")  # type: ignore[arg-type]
    assert device.sent == ["default", "Y"]


def test_ios_no_username_confirm_answered_with_enter() -> None:
    steps = plan_push(["no username olduser"], "cisco_ios")
    assert isinstance(steps[0], Interactive)
    device = ScriptedDevice(
        {
            "no username olduser": [
                "This operation will remove all username related configurations with same "
                "name.Do you want to continue? [confirm]"
            ],
            "": ["\r\nSW(config)#"],
        }
    )
    run_dialogue(steps[0], device.send, device.read_until, r"SW\(config\)#$")
    assert device.sent == ["no username olduser", ""]


def test_optional_question_may_be_skipped() -> None:
    step = plan_push(["crypto key generate rsa modulus 2048"], "cisco_ios")[0]
    assert isinstance(step, Interactive)
    device = ScriptedDevice({"crypto key generate rsa modulus 2048": ["[OK]\r\nSW(config)#"]})
    run_dialogue(step, device.send, device.read_until, r"SW\(config\)#$")
    assert device.sent == ["crypto key generate rsa modulus 2048"]


def test_missing_required_question_raises() -> None:
    step = plan_push(["clear configuration this"], "huawei")[0]
    assert isinstance(step, Interactive)
    device = ScriptedDevice({"clear configuration this": ["[SW-GigabitEthernet0/0/2]"]})
    with pytest.raises(UnexpectedDialogue):
        run_dialogue(step, device.send, device.read_until, r"\[SW[^\]]*\]$")


def test_batch_mode_rejects_confirming_command() -> None:
    with pytest.raises(ConfirmationRefused) as caught:
        plan_push(["clear configuration this"], "huawei", allow_interactive=False)
    assert "not allowed in batch mode" in str(caught.value)
    assert caught.value.command == "clear configuration this"


@pytest.mark.parametrize(
    ("platform", "command"),
    [
        ("huawei", "reboot"),
        ("huawei", "reset saved-configuration"),
        ("hp_comware", "undo vlan all"),
        ("cisco_ios", "reload in 5"),
        ("cisco_ios", "write erase"),
        ("ruijie_os", "delete flash:config.text"),
    ],
)
def test_dangerous_commands_refused(platform: str, command: str) -> None:
    with pytest.raises(ConfirmationRefused):
        plan_push(["hostname X", command], platform)


@pytest.mark.parametrize(
    ("platform", "command"),
    [
        ("huawei", "save"),
        ("huawei", "undo vsi CAMPUS"),
        ("huawei", "clear configuration interface GigabitEthernet0/0/1"),
        ("hp_comware", "save"),
        ("cisco_ios", "copy running-config startup-config"),
    ],
)
def test_known_dialogues_are_interactive(platform: str, command: str) -> None:
    rule = find_rule(command, platform)
    assert rule is not None
    assert rule.policy is ConfirmPolicy.INTERACTIVE


@pytest.mark.parametrize(
    ("platform", "command"),
    [
        ("hp_comware", "save force"),
        ("huawei", "description default route"),
        ("cisco_ios", "username admin privilege 15 secret 9 $9$x"),
        ("hp_comware", "undo vlan 10"),
    ],
)
def test_ordinary_lines_stay_in_batch(platform: str, command: str) -> None:
    assert find_rule(command, platform) is None


def test_batches_keep_order_around_interactive() -> None:
    steps = plan_push(
        ["vlan 10", "interface Gi0/0/1", "clear configuration this", "quit"], "huawei"
    )
    assert [type(s).__name__ for s in steps] == ["Batch", "Interactive", "Batch"]
    assert steps[2] == Batch(("quit",))
