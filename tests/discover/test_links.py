"""Links from descriptions: agreement, LAG pairing and disagreement."""

from __future__ import annotations

from pathlib import Path

from campusctl.discover.build import infer_roles
from campusctl.discover.facts import Neighbour
from campusctl.discover.importer import read_devices
from campusctl.discover.links import (
    compare_with_descriptions,
    links_from_descriptions,
    links_from_lldp,
)
from campusctl.discover.rules import Rules
from campusctl.discover.todo import is_todo


def _links(config_files: list[Path], rules: Rules):  # type: ignore[no-untyped-def]
    devices = read_devices(config_files)
    roles = infer_roles(devices, rules, [])
    return devices, *links_from_descriptions(devices, roles, rules)


def test_both_ends_agree_with_short_port_names(config_files: list[Path], rules: Rules) -> None:
    _devices, links, _notes = _links(config_files, rules)
    pairs = {(lk.a.device, lk.a.port, lk.b.device, lk.b.port) for lk in links}
    assert (
        "BanGongLou_SW",
        "TenGigabitEthernet1/1/1",
        "PY-ShiQiao-Core",
        "XGigabitEthernet0/0/4",
    ) in pairs


def test_lags_naming_each_other_pair_members_and_say_so(
    config_files: list[Path], rules: Rules
) -> None:
    _devices, links, notes = _links(config_files, rules)
    lag_links = [lk for lk in links if lk.a.lag == "Eth-Trunk1"]
    assert [(lk.a.port, lk.b.port, lk.b.lag) for lk in lag_links] == [
        ("XGigabitEthernet0/0/1", "Ten-GigabitEthernet1/0/49", "Bridge-Aggregation1"),
        ("XGigabitEthernet0/0/2", "Ten-GigabitEthernet1/0/50", "Bridge-Aggregation1"),
    ]
    assert any("paired in port order" in note for note in notes)


def test_miscabled_link_is_reported_and_left_as_todo(
    config_files: list[Path], rules: Rules
) -> None:
    _devices, links, notes = _links(config_files, rules)
    ruijie = [lk for lk in links if "SYL-S2910" in (lk.a.device, lk.b.device)]
    assert len(ruijie) == 1
    core_end = ruijie[0].a if ruijie[0].a.device == "PY-ShiQiao-Core" else ruijie[0].b
    assert is_todo(core_end.port)
    assert "XGigabitEthernet0/0/3" in core_end.port and "XGigabitEthernet0/0/6" in core_end.port
    assert any("descriptions disagree" in note and "SYL-S2910" in note for note in notes)


def test_lldp_wins_and_contradicted_descriptions_are_reported(
    config_files: list[Path], rules: Rules
) -> None:
    devices, described, _notes = _links(config_files, rules)
    by_name = {d.hostname: d for d in devices}
    by_name["PY-ShiQiao-Core"].neighbours = [
        Neighbour("XGE0/0/6", "SYL-S2910", "TenGigabitEthernet 0/25"),
        Neighbour("XGE0/0/4", "BanGongLou_SW", "Te1/1/1"),
    ]
    by_name["SYL-S2910"].neighbours = [
        Neighbour("TenGigabitEthernet 0/25", "PY-ShiQiao-Core", "XGigabitEthernet0/0/6")
    ]
    by_name["BanGongLou_SW"].neighbours = [
        Neighbour("Te1/1/1", "PY-ShiQiao-Core", "XGigabitEthernet0/0/4"),
        Neighbour("Gi1/0/3", "HP-PRINTER", "1"),
    ]
    lldp, notes = links_from_lldp(devices)
    assert {(lk.a.port, lk.b.device, lk.b.port) for lk in lldp} == {
        ("XGigabitEthernet0/0/6", "SYL-S2910", "TenGigabitEthernet 0/25"),
        ("TenGigabitEthernet1/1/1", "PY-ShiQiao-Core", "XGigabitEthernet0/0/4"),
    }
    assert notes == []
    disagreements = compare_with_descriptions(lldp, described)
    assert any("SYL-S2910" in note for note in disagreements)


def test_lldp_seen_from_one_end_only_is_noted(config_files: list[Path], rules: Rules) -> None:
    devices, _links_found, _notes = _links(config_files, rules)
    by_name = {d.hostname: d for d in devices}
    by_name["PY-ShiQiao-Core"].neighbours = [
        Neighbour("XGE0/0/4", "BanGongLou_SW", "Te1/1/1"),
    ]
    by_name["BanGongLou_SW"].neighbours = [
        Neighbour("Te1/1/2", "SYL-S2910", "TenGigabitEthernet 0/26"),
    ]
    _lldp, notes = links_from_lldp(devices)
    assert any("does not see" in note for note in notes)
