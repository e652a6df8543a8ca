"""ansible-inventory over the gdedu.campus.campus plugin shows every device, group and timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campusctl.ansible_inventory import build
from campusctl.inventory import load_inventory
from campusctl.inventory.model import DeviceRole
from tests.conftest import REPO, SAMPLE

ANSIBLE_INVENTORY = Path(sys.executable).parent / "ansible-inventory"


@pytest.fixture(scope="module")
def listed() -> dict[str, object]:
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        CAMPUSCTL_STATE=str(REPO / "build" / "no-lab"),
        # The plugin imports campusctl; take it from this checkout, not from
        # wherever the venv's editable install points.
        PYTHONPATH=str(REPO),
    )
    result = subprocess.run(
        [str(ANSIBLE_INVENTORY), "--list"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def plain(value: object) -> object:
    """Unwrap ansible-core 2.19's JSON marking of strings from inventory plugins as unsafe."""
    return value["__ansible_unsafe"] if isinstance(value, dict) else value


def test_every_device_listed_with_platform_and_os(listed: dict[str, object]) -> None:
    hostvars = listed["_meta"]["hostvars"]  # type: ignore[index]
    inventory = load_inventory(SAMPLE)
    for _school, device in inventory.devices():
        assert plain(hostvars[device.name]["campus_platform"]) == device.platform.value
        assert plain(hostvars[device.name]["campus_os_version"]) == device.os_version
        assert plain(hostvars[device.name]["campus_os"]) == device.os.value


def test_groups_nest_city_district_school(listed: dict[str, object]) -> None:
    assert "district_440106" in listed["city_440100"]["children"]  # type: ignore[index]
    assert "school_2440106001" in listed["district_440106"]["children"]  # type: ignore[index]
    assert "YCSY-CORE-01" in listed["school_2440106001"]["hosts"]  # type: ignore[index]
    for group in (
        "type_senior",
        "role_core",
        "platform_huawei_vrp",
        "tier_smart_campus",
        "network",
        "linux",
    ):
        assert group in listed, group


def test_no_credentials_in_hostvars(listed: dict[str, object]) -> None:
    text = json.dumps(listed).lower()
    for word in ("password", "secret", "ansible_become_pass"):
        assert word not in text


def test_core_devices_get_the_save_timeout() -> None:
    inventory = load_inventory(SAMPLE)
    built = build(inventory)
    for school, device in inventory.devices():
        timeout = built.hostvars[device.name]["ansible_command_timeout"]
        if device.role is DeviceRole.CORE:
            assert timeout >= school.settings.timeouts.save_s
        assert (
            built.hostvars[device.name]["ansible_connect_timeout"]
            == school.settings.timeouts.connect_s
        )


def test_access_points_are_not_in_network_group() -> None:
    built = build(load_inventory(SAMPLE))
    assert not [h for h in built.groups["network"] if "-AP-" in h]
    assert [h for h in built.groups["role_ap"] if "-AP-" in h]
