"""The lab's emulated controllers accept the rendered WLAN configuration, which then converges.

Each controller starts in factory state and gets its switch-side base
configuration first, then the commands that take the base to the full
controller configuration (the WLAN part), as the engine's remediation plan
pushes them. Only the WLAN commands are judged here, since the base
configuration is the switch templates' concern.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campusctl.diff.remediation import plan_remediation
from campusctl.inventory import Inventory
from campusctl.lab.configtree import render
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.devices import LabDevice
from campusctl.lab.inventory import lab_devices
from campusctl.lab.vendors.registry import vendor_class
from campusctl.render.engine import Renderer
from campusctl.render.intent import device_intent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from tests.wireless.conftest import SAMPLE

LAB_SECRETS = Path(__file__).resolve().parents[1] / "render" / "data" / "lab-secrets.yml"
ERROR_RE = re.compile(
    r"Error|% ?(Unrecognized|Invalid|Incomplete|Wrong|Too many|Ambiguous|Unknown)|Please set"
)
LOGIN = {
    "huawei_vrp": ["n"],
    "h3c_comware": [""],
    "cisco_ios": [],
    "ruijie_rgos": ["n", "enable", "x"],
}
CONFIG_MODE = {
    "huawei_vrp": "system-view",
    "h3c_comware": "system-view",
    "cisco_ios": "configure terminal",
    "ruijie_rgos": "configure terminal",
}
SEPARATORS = {"quit", "exit", "#", "!"}
LAB_USER = "campus-lab"
"""The lab's login account, which the intended configurations do not know."""


def _blocks(commands: tuple[str, ...]) -> list[list[str]]:
    """Split a plan into top-level commands, each with its indented lines."""
    blocks: list[list[str]] = []
    for command in commands:
        if not command.startswith(" ") and command.strip() not in SEPARATORS:
            blocks.append([command])
        elif blocks:
            blocks[-1].append(command)
    return blocks


def _push(device: LabDevice, runtime: object, blocks: list[list[str]]) -> list[str]:
    """Type each block in its own session; return the failing lines with the device's error."""
    failures = []
    for block in blocks:
        output = run_lines(
            runtime,  # type: ignore[arg-type]
            [*LOGIN[device.platform], CONFIG_MODE[device.platform], *block],
            username=LAB_USER,
        )
        lines = output.split("\n")
        failures.extend(
            f"{lines[max(0, i - 2)].strip()} -> {line.strip()}"
            for i, line in enumerate(lines)
            if ERROR_RE.search(line)
        )
    return failures


@pytest.fixture(scope="module")
def configs(sample: Inventory) -> dict[str, tuple[str, str]]:
    """Return each controller's (base, full) rendered configuration."""
    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    result = {}
    for school in sample.schools.values():
        for device in school.devices:
            if device.role.value != "wlc":
                continue
            intent = device_intent(sample, school, device)
            full = renderer.render(intent, "0" * 64)
            intent.wlan = None
            intent.role = "access"
            result[device.name] = (renderer.render(intent, "0" * 64), full)
    return result


CONTROLLERS = [d for d in lab_devices(SAMPLE) if d.role == "wlc"]


def test_every_vendor_has_a_controller() -> None:
    assert sorted(d.platform for d in CONTROLLERS) == [
        "cisco_ios",
        "h3c_comware",
        "huawei_vrp",
        "ruijie_rgos",
    ]


@pytest.mark.parametrize("device", CONTROLLERS, ids=lambda d: d.name)
def test_lab_controller_accepts_wlan(
    device: LabDevice, configs: dict[str, tuple[str, str]]
) -> None:
    base, full = configs[device.name]
    runtime = new_runtime(device, username=LAB_USER)
    style = vendor_class(device).style
    factory = "\n".join(render(runtime.running, style))
    base_plan = plan_remediation(
        factory, base, device.platform, management_vlan=device.management_vlan
    )
    # The base configuration is judged by the switch tests, so its failures are ignored here.
    # One session carries it, as the engine pushes it, so banners read their text lines.
    run_lines(
        runtime,
        [*LOGIN[device.platform], CONFIG_MODE[device.platform], *base_plan.all_commands],
        username=LAB_USER,
    )

    wlan_plan = plan_remediation(
        base, full, device.platform, management_vlan=device.management_vlan
    )
    wlan_blocks = _blocks(wlan_plan.all_commands)
    assert len(wlan_blocks) > 10
    assert _push(device, runtime, wlan_blocks) == []

    # Converged: what the controller now prints needs no further change.
    printed = "\n".join(render(runtime.running, style))
    again = plan_remediation(printed, full, device.platform, management_vlan=device.management_vlan)
    # The WLAN sections converge; the base configuration's convergence is the switch tests' part.
    wlan_sections = {block[0] for block in wlan_blocks}
    left = [block for block in _blocks(again.all_commands) if block[0] in wlan_sections]
    assert left == []
