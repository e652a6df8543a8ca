"""Discovery against the lab, preloaded with the brownfield school's backups.

The lab's devices and cabling come from the sample school's lab profile,
the same that ``campusctl lab up --brownfield`` starts, including the miscabled
link: the experimental building's uplink sits in the core's port 0/0/6,
while the core's configuration and description are on port 0/0/3.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import pytest

from campusctl.discover.brownfield import SAMPLES, load_school, preload_saved_configs
from campusctl.discover.build import SchoolFacts, build_school, infer_roles
from campusctl.discover.crawl import CrawlResult, Target, crawl, open_driver
from campusctl.discover.importer import import_configs
from campusctl.discover.links import (
    compare_with_descriptions,
    links_from_descriptions,
    links_from_lldp,
)
from campusctl.discover.rules import Rules
from campusctl.discover.todo import is_todo
from campusctl.lab.devices import LabDevice
from campusctl.lab.server import LabServer
from campusctl.platforms import PlatformId

from .conftest import SCHOOL

REPO = Path(__file__).resolve().parents[2]
USERNAME = "campus-lab"
PASSWORD = "Lab-pass-1"
FACTS = SchoolFacts(code="2440113003", district="440113")
RANGE = [IPv4Network("198.18.36.0/22")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lab_devices(folder: Path = SCHOOL, with_cisco: bool = True) -> dict[str, LabDevice]:
    from campusctl.inventory import load_inventory

    school = load_school(folder, load_inventory(REPO / "inventory").catalog)
    devices = {device.name: device for device in school.devices}
    for device in devices.values():
        device.port = _free_port()
    if not with_cisco:
        # The office switch is cabled but powered off: LLDP on the core still
        # remembers it, so discovery must list it as not answering.
        del devices["BanGongLou_SW"]
    return devices


class _Lab:
    def __init__(
        self, state: Path, config_files: list[Path], with_cisco: bool, folder: Path = SCHOOL
    ) -> None:
        self.devices = _lab_devices(folder, with_cisco)
        files = [f for f in config_files if with_cisco or "cisco" not in f.name]
        self.preloaded = preload_saved_configs(files, state)
        self.loop = asyncio.new_event_loop()
        self.server = LabServer(
            list(self.devices.values()), dict.fromkeys(self.devices, PASSWORD), USERNAME, state
        )
        self.loop.run_until_complete(self.server.start())
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def target(self, name: str, address: str | None = None) -> Target | None:
        spec = self.devices.get(name)
        if spec is None:
            # Powered off: its address is known (say from the old inventory), nothing answers.
            return Target(name, "127.0.0.1", _free_port(), USERNAME, PASSWORD)
        return Target(
            name,
            spec.address,
            spec.port,
            USERNAME,
            PASSWORD,
            self.server.public_key(name),
            secret=PASSWORD,
        )

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory, config_files: list[Path]
) -> Iterator[tuple[_Lab, CrawlResult]]:
    lab = _Lab(tmp_path_factory.mktemp("lab"), config_files, with_cisco=True)
    try:
        seed = lab.target("PY-ShiQiao-Core")
        assert seed is not None
        yield lab, crawl(seed, lab.target, RANGE)
    finally:
        lab.stop()


def test_preload_writes_saved_configs_as_utf8(crawled: tuple[_Lab, CrawlResult]) -> None:
    lab, _result = crawled
    saved = lab.preloaded["sqxx_jxl_1F"].read_text(encoding="utf-8")
    assert "description 教学楼1楼102" in saved


def test_discover_finds_every_device_and_identifies_it(crawled: tuple[_Lab, CrawlResult]) -> None:
    _lab, result = crawled
    assert result.unreached == []
    found = {d.hostname: d for d in result.devices}
    assert sorted(found) == ["BanGongLou_SW", "PY-ShiQiao-Core", "SYL-S2910", "sqxx_jxl_1F"]
    assert {n: d.platform.value for n, d in found.items()} == {
        "BanGongLou_SW": "cisco_ios",
        "PY-ShiQiao-Core": "huawei_vrp",
        "SYL-S2910": "ruijie_rgos",
        "sqxx_jxl_1F": "h3c_comware",
    }
    assert found["PY-ShiQiao-Core"].model == "S6730-H24X6C"
    assert found["sqxx_jxl_1F"].charset.value == "gbk"
    assert found["sqxx_jxl_1F"].interfaces["GigabitEthernet1/0/3"].description == "教学楼1楼102"


def test_lldp_finds_the_real_cabling_and_reports_the_descriptions(
    crawled: tuple[_Lab, CrawlResult], rules: Rules
) -> None:
    _lab, result = crawled
    links, notes = links_from_lldp(result.devices)
    assert notes == []
    pairs = {(lk.a.device, lk.a.port, lk.b.device, lk.b.port) for lk in links}
    assert (
        "PY-ShiQiao-Core",
        "XGigabitEthernet0/0/6",
        "SYL-S2910",
        "TenGigabitEthernet 0/25",
    ) in pairs
    assert len(pairs) == 4
    roles = infer_roles(result.devices, rules, [])
    described, _notes = links_from_descriptions(result.devices, roles, rules)
    contradicted = compare_with_descriptions(links, described)
    assert len(contradicted) == 1 and "SYL-S2910" in contradicted[0]


@pytest.mark.parametrize(
    ("device", "platform", "charset", "port", "expected"),
    [
        (
            "PY-ShiQiao-Core",
            PlatformId.HUAWEI_VRP,
            "utf-8",
            "XGigabitEthernet0/0/6",
            ("SYL-S2910", "TenGigabitEthernet 0/25"),
        ),
        (
            "SYL-S2910",
            PlatformId.RUIJIE_RGOS,
            "gbk",
            "TenGigabitEthernet 0/25",
            ("PY-ShiQiao-Core", "XGigabitEthernet0/0/6"),
        ),
    ],
)
def test_driver_lldp_getter_on_the_lab(
    crawled: tuple[_Lab, CrawlResult],
    device: str,
    platform: PlatformId,
    charset: str,
    port: str,
    expected: tuple[str, str],
) -> None:
    lab, _result = crawled
    target = lab.target(device)
    assert target is not None
    driver = open_driver(target, platform, charset)
    try:
        table = driver.get_lldp_neighbors()
    finally:
        driver.close()
    assert [(n["hostname"], n["port"]) for n in table[port]] == [expected]


def test_lab_ruijie_prints_rgos_lldp_columns(crawled: tuple[_Lab, CrawlResult]) -> None:
    lab, _result = crawled
    target = lab.target("SYL-S2910")
    assert target is not None
    driver = open_driver(target, PlatformId.RUIJIE_RGOS, "gbk")
    try:
        text = driver.cli(["show lldp neighbors"])["show lldp neighbors"]
    finally:
        driver.close()
    header = next(line for line in text.splitlines() if "Local Intf" in line)
    assert header.split()[:5] == ["System", "Name", "Local", "Intf", "Port"]
    row = next(line for line in text.splitlines() if line.startswith("PY-ShiQiao-Core"))
    assert row.split()[:3] == ["PY-ShiQiao-Core", "Te0/25", "XGigabitEthernet0/0/6"]


def _values(data: Any, path: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_values(value, f"{path}.{key}"))
        return out
    if isinstance(data, list):
        out = {}
        for index, item in enumerate(data):
            label = item.get("name", item.get("id", index)) if isinstance(item, dict) else index
            out.update(_values(item, f"{path}[{label}]"))
        return out
    return {path: data}


def test_import_and_discovery_agree_where_configs_tell(
    crawled: tuple[_Lab, CrawlResult], config_files: list[Path], rules: Rules
) -> None:
    _lab, result = crawled
    imported = import_configs(config_files, FACTS, rules).school
    links, _notes = links_from_lldp(result.devices)
    discovered = build_school(FACTS, result.devices, links, rules).school
    assert discovered["vlans"] == imported["vlans"]
    imported_values = {
        k: v
        for k, v in _values(imported["devices"]).items()
        if not is_todo(v) and "os_version" not in k
    }
    discovered_values = _values(discovered["devices"])
    different = {k for k, v in imported_values.items() if discovered_values.get(k) != v}
    # Only the miscabled link differs: LLDP puts the cable in port 0/0/6,
    # whose configuration says reserved, while the configured trunk on
    # 0/0/3 leads nowhere; discovery shows both, import cannot.
    assert different == {
        "[PY-ShiQiao-Core].ports[XGigabitEthernet0/0/3].profile",
        "[PY-ShiQiao-Core].ports[XGigabitEthernet0/0/6].profile",
    }
    # Discovery fills what the configs cannot show.
    core = next(d for d in discovered["devices"] if d["name"] == "PY-ShiQiao-Core")
    assert core["model"] == "S6730-H24X6C"
    assert not any(
        is_todo(lk["a"]["port"]) or is_todo(lk["b"]["port"]) for lk in discovered["links"]
    )


def test_second_sample_school_import_and_discovery_agree(tmp_path: Path, rules: Rules) -> None:
    """A school managed in VLAN 1 with a Ruijie core: discovery and import give one school."""
    folder = SAMPLES / "2440281003"
    files = sorted(folder.glob("*.cfg"))
    facts = SchoolFacts(code="2440281003", district="440281")
    lab = _Lab(tmp_path, files, with_cisco=True, folder=folder)
    try:
        seed = lab.target("PSZX-HX")
        assert seed is not None
        result = crawl(seed, lab.target, [IPv4Network("198.18.52.0/23")])
    finally:
        lab.stop()
    assert result.unreached == []
    assert sorted(d.hostname for d in result.devices) == [
        "PSZX-HX",
        "ShiYanLou",
        "jiaoxuelou-S5735",
    ]
    links, notes = links_from_lldp(result.devices)
    assert notes == []
    assert {(lk.a.device, lk.a.port, lk.b.device, lk.b.port) for lk in links} == {
        ("PSZX-HX", "TenGigabitEthernet 0/33", "jiaoxuelou-S5735", "XGigabitEthernet0/0/1"),
        ("PSZX-HX", "TenGigabitEthernet 0/34", "ShiYanLou", "Ten-GigabitEthernet1/0/49"),
    }
    imported = import_configs(files, facts, rules).school
    discovered = build_school(facts, result.devices, links, rules).school
    assert discovered["vlans"] == imported["vlans"]
    imported_values = {
        k: v
        for k, v in _values(imported["devices"]).items()
        if not is_todo(v) and "os_version" not in k
    }
    discovered_values = _values(discovered["devices"])
    assert {k for k, v in imported_values.items() if discovered_values.get(k) != v} == set()
    models = {d["name"]: d["model"] for d in discovered["devices"]}
    assert models == {
        "PSZX-HX": "RG-S5750-24SFP-8GT4XS-H",
        "ShiYanLou": "S5130S-52S-PWR-EI",
        "jiaoxuelou-S5735": "S5735-L48P4X-A1",
    }


def test_device_that_does_not_answer_is_listed(tmp_path: Path, config_files: list[Path]) -> None:
    lab = _Lab(tmp_path, config_files, with_cisco=False)
    try:
        seed = lab.target("PY-ShiQiao-Core")
        assert seed is not None
        result = crawl(seed, lab.target, RANGE)
    finally:
        lab.stop()
    assert sorted(d.hostname for d in result.devices) == [
        "PY-ShiQiao-Core",
        "SYL-S2910",
        "sqxx_jxl_1F",
    ]
    assert [u.name for u in result.unreached] == ["BanGongLou_SW"]
    assert result.unreached[0].seen_from == "PY-ShiQiao-Core"


def test_discover_command_on_the_lab(
    tmp_path: Path, config_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml
    from typer.testing import CliRunner

    from campusctl.cli import app

    state = tmp_path / "state"
    lab = _Lab(state / "lab", config_files, with_cisco=True)
    try:
        credentials = state / "lab" / "credentials.yml"
        credentials.write_text(yaml.safe_dump(dict.fromkeys(lab.devices, PASSWORD)))
        overlay = {
            "version": 1,
            "lab_id": "test",
            "devices": {
                name: {
                    "host": spec.address,
                    "port": spec.port,
                    "username": USERNAME,
                    "credentials_file": str(credentials),
                    "host_key": lab.server.public_key(name),
                }
                for name, spec in lab.devices.items()
            },
        }
        (state / "lab" / "overlay.yml").write_text(yaml.safe_dump(overlay))
        monkeypatch.setenv("CAMPUSCTL_STATE", str(state))
        out = tmp_path / "school.yml"
        result = CliRunner().invoke(
            app,
            ["discover", "--seed", "PY-ShiQiao-Core", "--school", "2440113003", "--out", str(out)],
        )
    finally:
        lab.stop()
    assert result.exit_code == 0, result.output
    school = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(school["devices"]) == 4
    assert len(school["links"]) == 4
    assert "LLDP does not see" in result.output
    assert "ssh_only" in result.output


def _shell_lines(target: Target, lines: list[str], prompt: str) -> str:
    """Send ``lines`` on an interactive channel and return the output up to the last prompt."""
    import time

    import paramiko

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        target.host,
        target.port,
        target.username,
        target.password,
        allow_agent=False,
        look_for_keys=False,
        timeout=10,
    )
    try:
        channel = client.invoke_shell(term="vt100", width=511, height=1000)
        output = b""
        for line in [*lines, "display current-configuration"]:
            channel.send((line + "\n").encode())
        deadline = time.monotonic() + 20
        while b"\nreturn" not in output and time.monotonic() < deadline:
            if channel.recv_ready():
                output += channel.recv(65536)
            else:
                time.sleep(0.01)
        return output.decode(errors="replace")
    finally:
        client.close()


def test_lab_vrp_deletes_local_user(crawled: tuple[_Lab, CrawlResult]) -> None:
    """A hand-made account that the standard does not render is removed with one undo."""
    lab, _result = crawled
    target = lab.target("PY-ShiQiao-Core")
    assert target is not None
    before = _shell_lines(target, ["screen-length 0 temporary"], "<PY-ShiQiao-Core>")
    assert "local-user admin privilege level 15" in before
    output = _shell_lines(
        target,
        ["screen-length 0 temporary", "system-view", "aaa", "undo local-user admin", "return"],
        "<PY-ShiQiao-Core>",
    )
    assert "Error" not in output, output
    config = output.rsplit("display current-configuration", 1)[-1]
    assert "local-user admin" not in config
