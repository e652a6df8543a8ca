"""The NAPALM config workflow of a campus driver against a scripted VRP switch."""

from __future__ import annotations

import napalm
import pytest

from campusctl.diff import plan_remediation
from campusctl.drivers.napalm_base import CampusCommitError
from tests.drivers.conftest import VRP_CONFIG
from tests.drivers.fakedevice import FakeDevice


def _driver(device: FakeDevice) -> napalm.base.NetworkDriver:
    driver_class = napalm.get_network_driver("campus_huawei_vrp")
    return driver_class(
        "127.0.0.1",
        "campus",
        "lab-password",
        optional_args={
            "port": device.port,
            "host_key": device.host_key,
            "device_name": "SW-ACC-01",
        },
    )


def test_merge_pushes_commands_as_given(vrp_device: FakeDevice) -> None:
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_merge_candidate(config="vlan batch 100\n#\ninfo-center loghost 198.18.0.20\n")
        assert driver.compare_config().splitlines() == [
            "vlan batch 100",
            "info-center loghost 198.18.0.20",
        ]
        driver.commit_config()
        assert vrp_device.state.config[-2:] == ["vlan batch 100", "info-center loghost 198.18.0.20"]
        assert vrp_device.state.saved == 1
        assert driver.compare_config() == ""
    finally:
        driver.close()


def test_replace_commit_then_plan_is_empty(vrp_device: FakeDevice) -> None:
    intended = "\n".join([*VRP_CONFIG, "vlan 100", "#", "info-center loghost 198.18.0.20"])
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_replace_candidate(config=intended)
        # "vlan 100" opens the VLAN view even without children, so it is left.
        assert driver.compare_config().splitlines() == [
            "vlan 100",
            "  quit",
            "info-center loghost 198.18.0.20",
        ]
        driver.commit_config()
        driver.load_replace_candidate(config=intended)
        assert driver.compare_config() == ""
    finally:
        driver.close()


def test_confirmed_commit_saves_only_on_confirm(vrp_device: FakeDevice) -> None:
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_merge_candidate(config="user-interface vty 0 4\n idle-timeout 5 0\nquit\n")
        driver.commit_config(revert_in=120)
        assert driver.has_pending_commit()
        assert vrp_device.state.reboot_scheduled is True
        assert vrp_device.state.saved == 0
        assert vrp_device.state.log.index(
            "schedule reboot delay 00:02"
        ) < vrp_device.state.log.index("user-interface vty 0 4")
        driver.confirm_commit()
        assert not driver.has_pending_commit()
        assert vrp_device.state.reboot_scheduled is False
        assert vrp_device.state.saved == 1
    finally:
        driver.close()


def test_confirmed_commit_after_push_skips_view_probe(vrp_device: FakeDevice) -> None:
    """A session that pushed before has seen its prompt kind, so it sends no system-view to look."""
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_merge_candidate(config="vlan batch 100\n")
        driver.commit_config()
        driver.load_merge_candidate(config="user-interface vty 0 4\n idle-timeout 5 0\nquit\n")
        driver.commit_config(revert_in=120)
        driver.confirm_commit()
    finally:
        driver.close()
    log = vrp_device.state.log
    assert log.count("system-view") == 2
    assert vrp_device.state.saved == 2


def test_rollback_restores_running(vrp_device: FakeDevice) -> None:
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_merge_candidate(config="vlan batch 200\n")
        driver.commit_config()
        assert "vlan batch 200" in vrp_device.state.config
        driver.rollback()
        assert vrp_device.state.config == VRP_CONFIG
    finally:
        driver.close()


def test_rejected_line_fails_commit(vrp_device: FakeDevice) -> None:
    driver = _driver(vrp_device)
    driver.open()
    try:
        driver.load_merge_candidate(config="bogus feature enable\n")
        with pytest.raises(CampusCommitError) as caught:
            driver.commit_config()
        assert "bogus feature enable" in str(caught.value)
        # The rejection's own code, once: not "E3301: E3101: ...".
        assert str(caught.value).startswith("E3101: ")
        assert str(caught.value).count("E3") == 1
        assert vrp_device.state.saved == 0
    finally:
        driver.close()


def test_get_config_and_cli(vrp_device: FakeDevice) -> None:
    driver = _driver(vrp_device)
    driver.open()
    try:
        config = driver.get_config(retrieve="running")
        assert config["running"].splitlines()[0] == "sysname SW-ACC-01"
        assert driver.cli(["display clock"]) == {"display clock": "output of display clock"}
        assert driver.is_alive() == {"is_alive": True}
    finally:
        driver.close()
    assert driver.is_alive() == {"is_alive": False}


def test_missing_candidate_file_raises(vrp_device: FakeDevice, tmp_path: object) -> None:
    driver = _driver(vrp_device)
    with pytest.raises(napalm.base.exceptions.MergeConfigException):
        driver.load_merge_candidate(filename="/nonexistent/candidate.cfg")


def test_ios_confirmed_commit_uses_configure_replace_timer(ios_device: FakeDevice) -> None:
    driver = napalm.get_network_driver("campus_cisco_ios")(
        "127.0.0.1",
        "campus",
        "lab-password",
        optional_args={
            "port": ios_device.port,
            "host_key": ios_device.host_key,
            "secret": ios_device.state.secret,
        },
    )
    driver.open()
    try:
        driver.load_merge_candidate(config="line vty 0 4\n exec-timeout 5 0\n exit\n")
        driver.commit_config(revert_in=90)
        log = ios_device.state.log
        assert "configure replace flash:campusctl-revert.cfg force time 2" in log
        assert log.index("configure replace flash:campusctl-revert.cfg force time 2") < log.index(
            "line vty 0 4"
        )
        assert ios_device.state.revert_armed is True
        assert ios_device.state.saved == 0
        driver.confirm_commit()
        assert ios_device.state.revert_armed is False
        assert ios_device.state.saved == 1
    finally:
        driver.close()


def test_engine_flow_plan_push_replan_empty(vrp_device: FakeDevice) -> None:
    # The change engine's flow: read running, plan with the campus diff,
    # push the commands as a merge candidate, read again: nothing left.
    intended = "\n".join(
        [
            *VRP_CONFIG,
            "vlan batch 120",
            "#",
            "interface GigabitEthernet0/0/1",
            " description 101-teacher",
            " port default vlan 120",
            "#",
        ]
    )
    driver = _driver(vrp_device)
    driver.open()
    try:
        running = driver.get_config(retrieve="running")["running"]
        plan = plan_remediation(running, intended, "huawei_vrp")
        assert plan.commands[0] == "vlan batch 120"
        driver.load_merge_candidate(config="\n".join(plan.all_commands) + "\n")
        driver.commit_config()
        after = driver.get_config(retrieve="running")["running"]
        assert plan_remediation(after, intended, "huawei_vrp").empty
    finally:
        driver.close()
