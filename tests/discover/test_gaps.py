"""The gap report: findings per check and the remediation from intended configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.discover.gaps import gap_report
from campusctl.discover.importer import read_devices
from campusctl.discover.rules import Rules

REPO = Path(__file__).resolve().parents[2]
MGMT = {"PY-ShiQiao-Core": 10, "sqxx_jxl_1F": 10, "BanGongLou_SW": 10, "SYL-S2910": None}


def test_gaps_per_check(config_files: list[Path], rules: Rules) -> None:
    report = gap_report(read_devices(config_files), rules, MGMT)
    by_check = report.by_check()
    assert {g.device for g in by_check["ssh_only"]} == {
        "PY-ShiQiao-Core",
        "sqxx_jxl_1F",
        "SYL-S2910",
        "BanGongLou_SW",
    }
    hygiene = {(g.device, g.port) for g in by_check["vlan_hygiene"]}
    assert hygiene == {
        ("PY-ShiQiao-Core", "XGigabitEthernet0/0/3"),
        ("SYL-S2910", "TenGigabitEthernet 0/25"),
        ("SYL-S2910", "VLAN 1"),
        ("sqxx_jxl_1F", "GigabitEthernet1/0/6"),
    }
    # The dual-stack SVI of VLAN 20 is not a finding; the others are.
    dual = {(g.device, g.port) for g in by_check["dual_stack_svi"]}
    assert ("PY-ShiQiao-Core", "Vlanif20") not in dual
    assert ("PY-ShiQiao-Core", "Vlanif30") in dual
    assert [g.device for g in by_check["management_ipv6_parity"]] == [
        "BanGongLou_SW",
        "PY-ShiQiao-Core",
        "sqxx_jxl_1F",
    ]
    assert "ssh_only: 4 finding(s)" in report.text()


def test_remediation_is_the_diff_not_a_rewrite(
    tmp_path: Path, config_files: list[Path], rules: Rules
) -> None:
    devices = [d for d in read_devices(config_files) if d.hostname == "BanGongLou_SW"]
    running = devices[0].running_config
    intended = running.replace(" transport input telnet ssh", " transport input ssh")
    (tmp_path / "BanGongLou_SW.cfg").write_text(intended, encoding="utf-8")
    report = gap_report(devices, rules, MGMT, tmp_path)
    commands = report.remediation["BanGongLou_SW"]
    assert any("transport input ssh" in c for c in commands)
    assert not any("switchport access vlan" in c for c in commands)
    assert len(commands) < 6


def test_missing_intended_config_is_listed(
    tmp_path: Path, config_files: list[Path], rules: Rules
) -> None:
    report = gap_report(read_devices(config_files), rules, MGMT, tmp_path)
    assert sorted(report.missing_intended) == [
        "BanGongLou_SW",
        "PY-ShiQiao-Core",
        "SYL-S2910",
        "sqxx_jxl_1F",
    ]
    assert "render the school" in report.text()


def test_remediation_from_rendered_school_is_a_diff(
    tmp_path: Path, config_files: list[Path], rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    from campusctl.discover.importer import import_configs
    from campusctl.render.pipeline import render_inventory
    from campusctl.secrets import LAB_SECRETS_ENV

    from .test_import import FACTS, _fill, _inventory_with

    monkeypatch.setenv(LAB_SECRETS_ENV, str(REPO / "tests/render/data/lab-secrets.yml"))
    school = _fill(import_configs(config_files, FACTS, rules).school)
    root = _inventory_with(tmp_path, school)
    out = tmp_path / "intended"
    render_inventory(root, out, limit="school_2440113003")

    report = gap_report(read_devices(config_files), rules, MGMT, out)
    assert report.missing_intended == []
    h3c = report.remediation["sqxx_jxl_1F"]
    intended = (out / "sqxx_jxl_1F.cfg").read_text(encoding="utf-8")
    assert "undo telnet server enable" in h3c
    assert "port access vlan 20" in intended
    # The access ports already in their VLAN are not pushed again.
    assert not any(line.strip() == "port access vlan 20" for line in h3c)
    assert len(h3c) < len(intended.splitlines())
    assert "no enable service telnet-server" in report.remediation["SYL-S2910"]
