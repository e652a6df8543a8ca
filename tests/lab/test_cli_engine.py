"""The CLI engines offline: grammar coverage, errors, undo, charsets, rollback."""

from __future__ import annotations

import re

import pytest

from campusctl.lab.configtree import parse, render
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.devices import LabDevice
from campusctl.lab.samples import campus_config
from campusctl.lab.vendors.registry import vendor_class
from tests.lab.conftest import lab_devices

ERROR_RE = re.compile(
    r"Error|% ?(Unrecognized|Invalid|Incomplete|Wrong|Too many|Ambiguous|Unknown)|Please set"
)

LOGIN = {
    "huawei_vrp": ["n"],
    "h3c_comware": [""],
    "cisco_ios": [],
    "ruijie_rgos": ["n", "enable", "x"],
}


def _device(name: str) -> LabDevice:
    return next(d for d in lab_devices() if d.name == name)


@pytest.mark.parametrize("role", ["access", "wlc"])
@pytest.mark.parametrize("name", [d.name for d in lab_devices()])
def test_full_campus_config_accepted(name: str, role: str) -> None:
    device = _device(name)
    device.role = role
    runtime = new_runtime(device)
    lines = campus_config(device)
    if device.os == "VRP8":
        lines = [*lines[:-1], "commit", "return"]
    output = run_lines(runtime, LOGIN[device.platform] + lines)
    assert ERROR_RE.search(output) is None, output[-2000:]
    printed = render(runtime.running, vendor_class(device).style)
    assert any("classroom-terminal" in line for line in printed)


def test_printed_config_parses_back_identically() -> None:
    for device in lab_devices():
        runtime = new_runtime(device)
        run_lines(runtime, LOGIN[device.platform] + campus_config(device))
        style = vendor_class(device).style
        printed = render(runtime.running, style)
        assert render(parse("\n".join(printed), style), style) == printed, device.name


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("THSY-ACC-01", "sysnme X", "Error: Unrecognized command found at '^' position."),
        ("THSY-ACC-01", "vlan 5000", "Error: Wrong parameter found at '^' position."),
        ("THSY-ACC-01", "sysname", "Error:Incomplete command found at '^' position."),
        ("THSY-ACC-01", "interface GigabitEthernet0/0/99", "Error: Wrong parameter found"),
        ("THSY-AGG-01", "vlan 10 20", " % Too many parameters found at '^' position."),
        ("THSY-ACC-02", "hostname", "% Incomplete command."),
        ("THSY-ACC-02", "vlan abc", "% Invalid input detected at '^' marker."),
    ],
)
def test_invalid_config_lines_get_vendor_errors(name: str, line: str, message: str) -> None:
    device = _device(name)
    enter = (
        "configure terminal" if device.platform in ("cisco_ios", "ruijie_rgos") else "system-view"
    )
    output = run_lines(new_runtime(device), [*LOGIN[device.platform], enter, line])
    assert message in output


def test_caret_points_at_failing_word() -> None:
    output = run_lines(new_runtime(_device("THSY-ACC-01")), ["n", "system-view", "vlan 5000"])
    lines = output.split("\n")
    index = next(i for i, text in enumerate(lines) if text.endswith("vlan 5000"))
    assert lines[index + 1].index("^") == lines[index].index("5000")


def test_abbreviations_and_undo() -> None:
    runtime = new_runtime(_device("THSY-ACC-01"))
    run_lines(runtime, ["n", "sys", "int g0/0/3", "desc to-printer", "undo desc", "ret"])
    interface = next(
        n for n in runtime.running.children if n.text == "interface GigabitEthernet0/0/3"
    )
    assert interface.children == []

    runtime = new_runtime(_device("THSY-ACC-02"))
    run_lines(runtime, ["conf t", "int gi1/0/3", "shutdown", "no shut", "desc x", "end"])
    interface = next(
        n for n in runtime.running.children if n.text == "interface GigabitEthernet1/0/3"
    )
    assert [c.text for c in interface.children] == ["description x"]


def test_ios_global_command_leaves_sub_mode() -> None:
    output = run_lines(
        new_runtime(_device("THSY-ACC-02")),
        ["conf t", "interface GigabitEthernet1/0/1", "vlan 77", "name x"],
    )
    assert "THSY-ACC-02(config-vlan)#name x" in output


def test_gbk_device_encodes_output_in_gbk() -> None:
    device = _device("THSY-ACC-01")
    device.charset = "gbk"
    runtime = new_runtime(device)
    description = "一楼101教室"
    output = run_lines(
        runtime,
        [
            "n",
            "system-view",
            "interface GigabitEthernet0/0/1",
            f"description {description}",
            "display this",
        ],
    )
    assert f"description {description}" in output
    assert description.encode("gbk") in output.encode("gbk")


def test_vrp8_uncommitted_question_on_return() -> None:
    runtime = new_runtime(_device("THSY-CORE-08"))
    output = run_lines(runtime, ["n", "system-view", "sysname NEW", "return", "n"])
    assert "Uncommitted configurations found" in output
    assert not any(n.text == "sysname NEW" for n in runtime.running.children)

    runtime = new_runtime(_device("THSY-CORE-08"))
    run_lines(runtime, ["n", "system-view", "sysname NEW", "return", "y"])
    assert any(n.text == "sysname NEW" for n in runtime.running.children)


def test_vrp8_rollback_to_commit() -> None:
    runtime = new_runtime(_device("THSY-CORE-08"))
    output = run_lines(
        runtime,
        [
            "n",
            "system-view",
            "vlan batch 55",
            "commit",
            "return",
            "display configuration commit list",
            "rollback configuration last 1",
            "y",
        ],
    )
    assert "1000000001" in output
    assert "Info: The configuration rollback succeeded." in output
    assert "vlan batch 100" in runtime.running.lines()
    assert "vlan batch 55 100" not in runtime.running.lines()


def test_ios_configure_replace_from_archive(tmp_path: object) -> None:
    from pathlib import Path

    runtime = new_runtime(_device("THSY-ACC-02"))
    runtime.folder = Path(str(tmp_path))
    output = run_lines(
        runtime,
        [
            "archive config",
            "conf t",
            "vlan 66",
            "end",
            "show archive config incremental-diffs flash:archive-1",
            "configure replace flash:archive-1",
            "y",
        ],
    )
    assert "Rollback Done" in output
    assert not any(line == "vlan 66" for line in runtime.running.lines())


@pytest.mark.parametrize(
    ("name", "lines", "expected"),
    [
        (
            "THSY-ACC-02",
            ["conf t", "banner motd ^", "Staff only.", "Managed by automation.^", "end"],
            "banner motd ^C\nStaff only.\nManaged by automation.\n^C",
        ),
        (
            "THSY-ACC-02",
            ["conf t", "banner login #Staff only.# ignored", "end"],
            "banner login ^C\nStaff only.\n^C",
        ),
        (
            "THSY-AGG-01",
            ["", "system-view", "header motd %", "Staff only.", "%", "return"],
            "header motd %\nStaff only.\n%",
        ),
    ],
)
def test_banner_blocks(name: str, lines: list[str], expected: str) -> None:
    runtime = new_runtime(_device(name))
    run_lines(runtime, lines)
    assert expected in [node.text for node in runtime.running.children]


def test_banner_text_with_delimiter_spills_into_config() -> None:
    runtime = new_runtime(_device("THSY-ACC-02"))
    output = run_lines(runtime, ["conf t", "banner motd ^", "Press ^ to continue", "end"])
    assert "banner motd ^C\nPress \n^C" in [node.text for node in runtime.running.children]
    assert "% Invalid input detected at '^' marker." not in output
    assert "THSY-ACC-02#" in output


def test_ios_pager_and_terminal_length() -> None:
    runtime = new_runtime(_device("THSY-ACC-02"))
    # Each line ends with a newline, so the pager receives Space, Enter, then q.
    output = run_lines(
        runtime, ["show running-config", " ", "q", "terminal length 0", "show running-config"]
    )
    paged, _, unpaged = output.partition("terminal length 0")
    first, _, rest = paged.partition(" --More-- ")
    assert "hostname THSY-ACC-02" in first
    assert "\b" * 9 in rest
    assert rest.count(" --More-- ") == 2
    assert "--More--" not in unpaged
    assert unpaged.rstrip().endswith("end\nTHSY-ACC-02#")


def test_comware_configuration_replace(tmp_path: object) -> None:
    from pathlib import Path

    runtime = new_runtime(_device("THSY-AGG-01"))
    runtime.folder = Path(str(tmp_path))
    output = run_lines(
        runtime,
        [
            "",
            "save force",
            "system-view",
            "vlan 66",
            "quit",
            "configuration replace file flash:/saved.cfg",
            "n",
            "display vlan",
        ],
    )
    assert "Succeeded in replacing current configuration" in output
    assert not any(line == "vlan 66" for line in runtime.running.lines())


@pytest.mark.parametrize(
    ("name", "lines", "prompts"),
    [
        (
            "THSY-ACC-02",
            ["conf t", "hostname core_sw.b1", "interface Gi1/0/1", "end"],
            ["core_sw.b1(config)#", "core_sw.b1(config-if)#", "core_sw.b1#"],
        ),
        (
            "THSY-AGG-01",
            ["", "system-view", "interface GigabitEthernet1/0/1", "return"],
            ["<THSY-AGG-01>", "[THSY-AGG-01]", "[THSY-AGG-01-GigabitEthernet1/0/1]"],
        ),
        (
            "THSY-ACC-01",
            ["n", "system-view", "user-interface vty 0 4", "quit", "aaa", "return"],
            ["[THSY-ACC-01-ui-vty0-4]", "[THSY-ACC-01-aaa]", "<THSY-ACC-01>"],
        ),
        (
            "THSY-ACC-03",
            ["n", "enable", "x", "configure terminal", "vlan 10", "end"],
            ["THSY-ACC-03>", "THSY-ACC-03(config-vlan)#", "THSY-ACC-03#"],
        ),
    ],
)
def test_prompts_follow_views(name: str, lines: list[str], prompts: list[str]) -> None:
    output = run_lines(new_runtime(_device(name)), lines)
    for prompt in prompts:
        assert prompt in output, prompt


def test_prompt_like_description_is_plain_output() -> None:
    runtime = new_runtime(_device("THSY-ACC-02"))
    output = run_lines(
        runtime,
        [
            "conf t",
            "interface Gi1/0/2",
            "description to-SW-ACC-02#",
            "end",
            "show running-config interface GigabitEthernet1/0/2",
        ],
    )
    assert " description to-SW-ACC-02#\nend\nTHSY-ACC-02#" in output


def test_emulator_error_keeps_session(monkeypatch: pytest.MonkeyPatch) -> None:
    from campusctl.lab.vendors.huawei import Huawei

    async def broken(self: Huawei, words: list[str]) -> str:
        raise RuntimeError("emulator bug")

    monkeypatch.setattr(Huawei, "cmd_display_clock", broken)
    output = run_lines(new_runtime(_device("THSY-ACC-01")), ["n", "display clock", "display esn"])
    assert "Error: Failed to execute the command." in output
    assert "ESN of slot 0: SNTHSYACC01" in output


def test_ctrl_z_leaves_config_views() -> None:
    output = run_lines(
        new_runtime(_device("THSY-ACC-02")),
        ["conf t", "interface Gi1/0/1", "\x1a", "show privilege"],
    )
    assert "THSY-ACC-02#show privilege" in output


def test_comware_archive_and_rollback_by_release(tmp_path: object) -> None:
    from pathlib import Path

    lines = [
        "",
        "system-view",
        "archive configuration location flash:/archive filename-prefix ar",
        "return",
        "archive configuration",
        "y",
        "system-view",
        "vlan 77",
        "quit",
        "rollback configuration to flash:/ar_1.cfg",
        "n",
    ]
    comware7 = new_runtime(_device("THSY-AGG-01"))
    comware7.folder = Path(str(tmp_path)) / "seven"
    output = run_lines(comware7, lines)
    assert "archived to file flash:/ar_1.cfg" in output
    assert " % Unrecognized command found at '^' position." in output
    assert "vlan 77" in comware7.running.lines()

    device = _device("THSY-AGG-01")
    device.os = "Comware5"
    comware5 = new_runtime(device)
    comware5.folder = Path(str(tmp_path)) / "five"
    output = run_lines(comware5, lines)
    assert "Succeeded in replacing current configuration" in output
    assert "vlan 77" not in comware5.running.lines()
