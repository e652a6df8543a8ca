"""A brownfield school brought under management end to end, on ``campusctl lab up --brownfield``.

The steps are the commands a bureau engineer runs: discover the school from
its core switch, import its configuration backups, fill in what the import
marks TODO, validate, render, plan, apply, and check the running network.
Each command runs as its own process against the lab, as in production.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from campusctl.discover.brownfield import SAMPLES
from campusctl.discover.output import dump_school, school_path
from campusctl.discover.todo import is_todo

from .conftest import SCHOOL
from .test_import import _fill

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
CODE = "2440113003"
DEVICES = ("BanGongLou_SW", "PY-ShiQiao-Core", "SYL-S2910", "sqxx_jxl_1F")


@dataclass(frozen=True)
class Brownfield:
    """The running brownfield lab, its own inventory copy and work folder."""

    base: Path
    inventory: Path
    configs: Path
    env: dict[str, str]
    imported: set[str] = field(default_factory=set)
    """Schools already imported and rendered."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Output of the steps that run once, by step."""

    def campusctl(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        """Run campusctl against the brownfield lab."""
        return subprocess.run(
            [sys.executable, "-m", "campusctl", *args],
            capture_output=True,
            text=True,
            cwd=self.base,
            env=self.env,
            check=False,
            timeout=timeout,
        )

    def plan(self, code: str = CODE) -> dict[str, dict[str, Any]]:
        """Plan the school and return the entry of each device."""
        out = self.base / f"plan-{code}.json"
        result = self.campusctl(
            "plan",
            f"school_{code}",
            "--inventory",
            str(self.inventory),
            "--configs",
            str(self.configs),
            "--out",
            str(out),
        )
        assert result.returncode in (0, 1), result.stdout + result.stderr
        return {d["device"]: d for d in json.loads(out.read_text(encoding="utf-8"))["devices"]}


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def brownfield(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Brownfield]:
    """Start the brownfield lab on a copy of the inventory; stop it afterwards."""
    base = tmp_path_factory.mktemp("brownfield")
    inventory = base / "inventory"
    shutil.copytree(REPO / "inventory", inventory)
    env = dict(
        os.environ,
        CAMPUSCTL_STATE=str(base / "state"),
        LANG="C.UTF-8",
        COLUMNS="200",
        CAMPUSCTL_OPERATOR="pytest",
        PYTHONPATH=str(REPO),
    )
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    lab = Brownfield(base, inventory, base / "configs", env)
    # 'lab up' picks free ports before the server binds them; labs started
    # at once by parallel test workers take turns.
    lock_path = tmp_path_factory.getbasetemp().parent / "engine-lab-start.lock"
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = lab.campusctl(
            "lab",
            "up",
            "--brownfield",
            "--no-hosts",
            "--inventory",
            str(inventory),
        )
    assert started.returncode == 0, _output(started)
    try:
        yield lab
    finally:
        stopped = lab.campusctl("lab", "down")
        assert stopped.returncode == 0, _output(stopped)


def _fill_shiqiao(school: dict[str, Any]) -> dict[str, Any]:
    """Fill the TODOs as the import tests do, and follow LLDP for the miscabled link.

    The cable to the experimental building sits in the core's port 0/0/6, so
    that port becomes the downlink and 0/0/3, configured for it, is unused.
    """
    filled = _fill(school)
    core = next(d for d in filled["devices"] if d["name"] == "PY-ShiQiao-Core")
    ports = {p["name"]: p for p in core["ports"]}
    configured = ports["XGigabitEthernet0/0/3"]
    ports["XGigabitEthernet0/0/6"].update(profile="downlink", vlans=configured["vlans"])
    configured.pop("vlans")
    configured["profile"] = "unused"
    return filled


def _fill_pingshi(school: dict[str, Any]) -> dict[str, Any]:
    """Fill the TODOs of the VLAN 1 school: it gets a management VLAN on its own subnet."""
    filled = yaml.safe_load(yaml.safe_dump(school, allow_unicode=True))
    filled.update(name="乐昌市坪石镇中心小学", type="central_primary", mlps_level=2)
    filled["uplinks"][0].update(provider="中国电信", committed_mbps=300)
    filled["prefixes"]["ipv6"] = "2001:db8:4481:300::/56"
    buildings = {"A": "教学楼", "B": "实验楼", "C": "综合楼"}
    for building in filled["buildings"]:
        building["name"] = buildings[building["id"]]
    filled["uplinks"][0]["ipv6"] = "2001:db8:ff52::2/64"
    for vlan in filled["vlans"]:
        if is_todo(vlan.get("dhcp")):
            vlan["dhcp"] = "none"
        if is_todo(vlan.get("ipv6")):
            vlan["ipv6"] = f"2001:db8:4481:3{vlan['id']:02x}::/64"
    filled["vlans"].insert(
        0,
        {
            "id": 10,
            "name": "MGMT",
            "zone": "management",
            "ipv4": "198.18.52.224/27",
            "ipv6": "2001:db8:4481:30a::/64",
            "gateway": "PSZX-HX",
            "dhcp": "none",
        },
    )
    hardware = {
        "PSZX-HX": ("RG-S5750-24SFP-8GT4XS-H", "198.18.52.225/27"),
        "jiaoxuelou-S5735": ("S5735-L48P4X-A1", "198.18.52.226/27"),
        "ShiYanLou": ("S5130S-52S-PWR-EI", "198.18.52.227/27"),
    }
    for device in filled["devices"]:
        model, address = hardware[device["name"]]
        device["model"] = model
        device["management"] = {"vlan": 10, "ipv4": address}
    return filled


# school code: (district, backups, filler)
SCHOOLS = {
    CODE: ("440113", SCHOOL, _fill_shiqiao),
    "2440281003": ("440281", SAMPLES / "2440281003", _fill_pingshi),
}


def _import_and_render(lab: Brownfield, code: str) -> None:
    """Import a school's backups, fill the TODOs as a person would, render the school."""
    if code in lab.imported:
        return
    district, folder, fill = SCHOOLS[code]
    result = lab.campusctl(
        "import-config",
        *map(str, sorted(folder.glob("*.cfg"))),
        "--school",
        code,
        "--inventory",
        str(lab.inventory),
        "--gaps",
        str(lab.base / f"gaps-{code}.txt"),
    )
    assert result.returncode == 0, _output(result)
    path = school_path(lab.inventory, code, district)
    school = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(dump_school(fill(school), "filled in by the test"), encoding="utf-8")
    rendered = lab.campusctl(
        "render",
        "--inventory",
        str(lab.inventory),
        "--limit",
        f"school_{code}",
        "--out",
        str(lab.configs),
    )
    assert rendered.returncode == 0, _output(rendered)
    lab.imported.add(code)


@pytest.fixture(scope="module", params=sorted(SCHOOLS))
def imported(brownfield: Brownfield, request: pytest.FixtureRequest) -> tuple[Brownfield, str]:
    """The lab with one sample school imported into its inventory and rendered."""
    _import_and_render(brownfield, request.param)
    return brownfield, request.param


# school code: (seed, devices, link count, one link as LLDP sees it, expected note)
DISCOVERY = {
    CODE: (
        "PY-ShiQiao-Core",
        DEVICES,
        4,
        ("PY-ShiQiao-Core", "XGigabitEthernet0/0/6", "SYL-S2910", "TenGigabitEthernet 0/25"),
        "LLDP does not see",
    ),
    "2440281003": (
        "PSZX-HX",
        ("PSZX-HX", "ShiYanLou", "jiaoxuelou-S5735"),
        2,
        ("PSZX-HX", "TenGigabitEthernet 0/34", "ShiYanLou", "Ten-GigabitEthernet1/0/49"),
        "managed on VLAN 1",
    ),
}


@pytest.mark.parametrize("code", sorted(DISCOVERY))
def test_discover_from_core_finds_school(brownfield: Brownfield, code: str) -> None:
    seed, devices, count, link, note = DISCOVERY[code]
    out = brownfield.base / f"discovered-{code}.yml"
    result = brownfield.campusctl(
        "discover",
        "--seed",
        seed,
        "--school",
        code,
        "--inventory",
        str(brownfield.inventory),
        "--out",
        str(out),
    )
    assert result.returncode == 0, _output(result)
    school = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert sorted(d["name"] for d in school["devices"]) == sorted(devices)
    links = {
        (lk["a"]["device"], lk["a"]["port"], lk["b"]["device"], lk["b"]["port"])
        for lk in school["links"]
    }
    assert len(links) == count
    assert link in links
    assert note in result.stdout


def test_filled_import_validates(imported: tuple[Brownfield, str]) -> None:
    lab, code = imported
    result = lab.campusctl("validate", str(lab.inventory))
    assert result.returncode == 0, _output(result)
    gaps = (lab.base / f"gaps-{code}.txt").read_text(encoding="utf-8")
    devices = len(list(SCHOOLS[code][1].glob("*.cfg")))
    assert f"ssh_only: {devices} finding(s)" in gaps


def test_plan_is_remediation_not_rewrite(imported: tuple[Brownfield, str]) -> None:
    lab, code = imported
    planned = lab.plan(code)
    backups = sorted(SCHOOLS[code][1].glob("*.cfg"))
    assert len(planned) == len(backups)
    for device, entry in planned.items():
        assert entry["error"] is None, f"{device}: {entry['error']}"
        commands = [*entry["commands"], *entry["management_commands"]]
        assert not any(c.strip().startswith(("undo interface", "no interface")) for c in commands)

    if code == CODE:
        core = [c.strip() for c in planned["PY-ShiQiao-Core"]["commands"]]
        assert "undo telnet server enable" in core
        h3c = [c.strip() for c in planned["sqxx_jxl_1F"]["commands"]]
        intended = (lab.configs / "sqxx_jxl_1F.cfg").read_text(encoding="utf-8")
        # The access ports already in their VLAN are not pushed again.
        assert "port access vlan 20" in intended
        assert "port access vlan 20" not in h3c
        ruijie = [c.strip() for c in planned["SYL-S2910"]["commands"]]
        assert "no enable service telnet-server" in ruijie
        return

    core = [c.strip() for c in planned["PSZX-HX"]["commands"]]
    assert "no enable service telnet-server" in core

    access = planned["jiaoxuelou-S5735"]
    commands = [c.strip() for c in [*access["commands"], *access["management_commands"]]]
    # Management leaves VLAN 1: the new interface first, the old address last.
    old = commands.index("interface Vlanif1")
    assert commands[old + 1] == "undo ip address 198.18.52.11 255.255.255.192"
    assert commands.index("interface Vlanif10") < old
    intended = (lab.configs / "jiaoxuelou-S5735.cfg").read_text(encoding="utf-8")
    assert "port default vlan 20" in intended
    assert "port default vlan 20" not in commands


def _apply(lab: Brownfield) -> str:
    """Apply the rendered school once and return the command's output."""
    if "applied" in lab.outputs:
        return lab.outputs["applied"]
    _import_and_render(lab, CODE)
    applied = lab.campusctl(
        "apply",
        f"school_{CODE}",
        "--inventory",
        str(lab.inventory),
        "--configs",
        str(lab.configs),
        "--confirm-timeout",
        "5",
        "--timeout",
        "10",
        "--max-fail-percent",
        "100",
        "--canary",
        "0",
        timeout=600,
    )
    lab.outputs["applied"] = f"exit {applied.returncode}\n{_output(applied)}"
    return lab.outputs["applied"]


def test_apply_converges(brownfield: Brownfield) -> None:
    output = _apply(brownfield)
    assert output.startswith("exit 0\n"), output
    assert f"{len(DEVICES)} of {len(DEVICES)} device(s) succeeded" in output, output
    for device, entry in brownfield.plan().items():
        assert entry["error"] is None, f"{device}: {entry['error']}"
        assert entry["commands"] == [], f"{device}: {entry['commands'][:5]}"
        assert entry["management_commands"] == [], device


def test_applied_school_passes_running_check(brownfield: Brownfield) -> None:
    _apply(brownfield)
    checked = brownfield.campusctl(
        "check",
        f"school_{CODE}",
        "--running",
        "--inventory",
        str(brownfield.inventory),
        "--configs",
        str(brownfield.configs),
        "--json",
        str(brownfield.base / "running.json"),
    )
    assert checked.returncode == 0, _output(checked)
