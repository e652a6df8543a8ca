"""The brownfield lab profile: sample schools and ``campusctl lab up --brownfield``."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from campusctl.discover.brownfield import (
    SAMPLES,
    load_school,
    preload_saved_configs,
    sample_schools,
)
from campusctl.discover.errors import ImportConfigError
from campusctl.inventory import load_inventory
from campusctl.inventory.model.catalog import HardwareModel

from .conftest import SCHOOL

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> dict[str, HardwareModel]:
    return load_inventory(REPO / "inventory").catalog


def test_sample_school_devices_from_backups(catalog: dict[str, HardwareModel]) -> None:
    school = load_school(SCHOOL, catalog)
    devices = {d.name: d for d in school.devices}
    assert school.code == "2440113003"
    assert sorted(devices) == ["BanGongLou_SW", "PY-ShiQiao-Core", "SYL-S2910", "sqxx_jxl_1F"]
    assert {n: d.platform for n, d in devices.items()} == {
        "BanGongLou_SW": "cisco_ios",
        "PY-ShiQiao-Core": "huawei_vrp",
        "SYL-S2910": "ruijie_rgos",
        "sqxx_jxl_1F": "h3c_comware",
    }
    assert devices["sqxx_jxl_1F"].charset == "gbk"
    assert devices["SYL-S2910"].charset == "gbk"
    assert devices["PY-ShiQiao-Core"].charset == "utf-8"
    # The hand-built Ruijie switch is managed on VLAN 1.
    assert devices["SYL-S2910"].management_vlan == 1
    assert devices["SYL-S2910"].management_ipv4 == "198.18.39.10/24"
    assert devices["PY-ShiQiao-Core"].management_ipv4 == "198.18.36.1/26"
    assert len(devices["sqxx_jxl_1F"].interfaces) == 52
    assert school.backups["SYL-S2910"].name == "syl-ruijie.cfg"


def test_sample_school_cabling_is_miscabled(catalog: dict[str, HardwareModel]) -> None:
    devices = {d.name: d for d in load_school(SCHOOL, catalog).devices}
    core = {n.local_port: (n.device, n.port) for n in devices["PY-ShiQiao-Core"].neighbors}
    assert core["XGigabitEthernet0/0/6"] == ("SYL-S2910", "TenGigabitEthernet 0/25")
    assert "XGigabitEthernet0/0/3" not in core
    ruijie = devices["SYL-S2910"].neighbors
    assert [(n.local_port, n.device, n.port) for n in ruijie] == [
        ("TenGigabitEthernet 0/25", "PY-ShiQiao-Core", "XGigabitEthernet0/0/6")
    ]
    assert ruijie[0].management == "198.18.36.1"


def test_every_sample_school_loads(catalog: dict[str, HardwareModel]) -> None:
    schools = sample_schools(catalog)
    assert [s.code for s in schools] == sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())
    for school in schools:
        assert set(school.backups) == {d.name for d in school.devices}


def _copy_school(tmp_path: Path) -> Path:
    folder = tmp_path / "2440113003"
    shutil.copytree(SCHOOL, folder)
    return folder


def test_profile_without_backup_device_is_rejected(
    tmp_path: Path, catalog: dict[str, HardwareModel]
) -> None:
    folder = _copy_school(tmp_path)
    (folder / "bgl-cisco.cfg").unlink()
    with pytest.raises(ImportConfigError, match="BanGongLou_SW") as caught:
        load_school(folder, catalog)
    assert "lab.yml" in str(caught.value)


def test_cable_to_unknown_port_is_rejected(
    tmp_path: Path, catalog: dict[str, HardwareModel]
) -> None:
    folder = _copy_school(tmp_path)
    profile = folder / "lab.yml"
    text = profile.read_text(encoding="utf-8").replace(
        "port: TenGigabitEthernet 0/25", "port: TenGigabitEthernet0/25"
    )
    profile.write_text(text, encoding="utf-8")
    with pytest.raises(ImportConfigError, match=r"cabling\[2\]\.b"):
        load_school(folder, catalog)


def test_unknown_model_is_rejected(tmp_path: Path, catalog: dict[str, HardwareModel]) -> None:
    folder = _copy_school(tmp_path)
    profile = folder / "lab.yml"
    text = profile.read_text(encoding="utf-8").replace("S6730-H24X6C", "S9999")
    profile.write_text(text, encoding="utf-8")
    with pytest.raises(ImportConfigError, match="S9999"):
        load_school(folder, catalog)


def test_preload_keeps_saved_config_unless_replaced(tmp_path: Path) -> None:
    backup = SCHOOL / "core-huawei.cfg"
    saved = tmp_path / "devices" / "PY-ShiQiao-Core" / "flash" / "saved.cfg"
    saved.parent.mkdir(parents=True)
    saved.write_text("sysname changed\n", encoding="utf-8")
    assert preload_saved_configs([backup], tmp_path, replace=False) == {}
    assert saved.read_text(encoding="utf-8") == "sysname changed\n"
    assert preload_saved_configs([backup], tmp_path) == {"PY-ShiQiao-Core": saved}
    assert "sysname PY-ShiQiao-Core" in saved.read_text(encoding="utf-8")


def _campusctl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=120,
    )


def test_lab_up_brownfield_starts_sample_devices(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    state = tmp_path / "state"
    env = dict(os.environ, CAMPUSCTL_STATE=str(state), LANG="C.UTF-8", COLUMNS="200")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    # 'lab up' picks free ports before the server binds them; labs started
    # at once by parallel test workers take turns.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = _campusctl(env, "lab", "up", "--brownfield", "--no-hosts")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert "Brownfield school 2440113003: 4 devices, 4 started" in started.stdout
        assert "Brownfield school 2440281003: 3 devices, 3 started" in started.stdout
        overlay = yaml.safe_load((state / "lab" / "overlay.yml").read_text(encoding="utf-8"))
        assert sorted(overlay["devices"]) == [
            "BanGongLou_SW",
            "PSZX-HX",
            "PY-ShiQiao-Core",
            "SYL-S2910",
            "ShiYanLou",
            "jiaoxuelou-S5735",
            "sqxx_jxl_1F",
        ]
        status = _campusctl(env, "lab", "status")
        assert status.returncode == 0, status.stderr
        assert "7 devices" in status.stdout
    finally:
        stopped = _campusctl(env, "lab", "down")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    saved = state / "lab" / "devices" / "sqxx_jxl_1F" / "flash" / "saved.cfg"
    assert "description 教学楼1楼102" in saved.read_text(encoding="utf-8")

    # A second start keeps what the devices saved.
    saved.write_text(saved.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        again = _campusctl(env, "lab", "up", "--brownfield", "--limit", "school_244011300*")
    try:
        assert again.returncode == 0, again.stdout + again.stderr
        assert "0 started from their backups, 4 keep" in again.stdout
        assert "2440281003" not in again.stdout
        assert "Lab up: 4 devices" in again.stdout
    finally:
        assert _campusctl(env, "lab", "down").returncode == 0


def test_lab_up_brownfield_limit_matching_nothing(tmp_path: Path) -> None:
    env = dict(os.environ, CAMPUSCTL_STATE=str(tmp_path / "state"), LANG="C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    result = _campusctl(env, "lab", "up", "--brownfield", "--limit", "2440999999")
    assert result.returncode != 0
    assert "matches the selection" in result.stdout + result.stderr
    assert not (tmp_path / "state" / "lab" / "server.pid").exists()
