"""Host patterns with subscripts, ``&``, ``!`` and commas, parsed and selected as Ansible does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.inventory.manager import split_host_pattern

from campusctl.errors import UsageError
from campusctl.inventory import load_inventory
from campusctl.inventory.groups import build_groups
from campusctl.inventory.patterns import split_pattern
from campusctl.inventory.selection import names, select, select_devices, select_schools
from tests.conftest import REPO, SAMPLE, campusctl_env

INVENTORY = load_inventory(SAMPLE)
SCHOOL = "2440106001"

SPLITS = [
    "school_2440106001[0:2]",
    "network[1:]",
    "school_2440106001[0:2]:&role_access",
    "district_440106:&role_access:!YCSY-A1-ACC-01",
    "school_2440106001,&role_core,YCSY-A1-ACC-01,!YCSY-A1-ACC-01",
    "school_2440106001[0:2],network[1:]",
    "a,b:c",
    "YCSY-CORE-01:22",
    "2001:db8::1",
    " network , linux ",
    "role_core linux",
]

# Patterns whose selection ansible-inventory --limit must match exactly.
SELECTIONS = [
    "school_2440106001[0:2]",
    "network[1:]",
    "network[0]",
    "network[-1]",
    "role_access[2:4]",
    "district_440106[3:0]",
    "school_24401*[5:9]",
    "~YCSY-A.*[0:1]",
    "network[1:],!role_core,&platform_huawei_vrp",
    "all[0:4]",
    "*[0:3]",
    "city_440200[1:3]",
    "type_senior:!~.*ACC.*",
    "platform_h3c_comware[0:1]:platform_ruijie_rgos[1]",
    "district_440113[0:5]",
    "linux[0:2]",
    "*CORE*[1:2]",
    "district_440106:&role_access:!YCSY-A1-ACC-01",
]

ANSIBLE_SELECT = """
import json, sys
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader()
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
inventory = InventoryManager(loader=DataLoader(), sources=["inventory/campus.yml"])
selected = {}
for pattern in sys.argv[1:]:
    inventory.clear_pattern_cache()
    inventory.subset(pattern)
    selected[pattern] = [host.name for host in inventory.get_hosts("all")]
print(json.dumps(selected))
"""


def _ansible_env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        CAMPUSCTL_STATE=str(tmp_path / "no-lab"),
        PYTHONPATH=str(REPO),
    )


def _school_order(code: str) -> list[str]:
    """Return the names of a school's devices, then hosts, as its group lists them."""
    return build_groups(INVENTORY).hosts[f"school_{code}"]


@pytest.mark.parametrize("pattern", SPLITS)
def test_split_matches_ansible(pattern: str) -> None:
    assert split_pattern(pattern) == split_host_pattern(pattern)


def test_subscript_range_is_inclusive() -> None:
    chosen = names(select(INVENTORY, f"school_{SCHOOL}[0:2]"))
    assert chosen == _school_order(SCHOOL)[:3]


def test_open_subscript_skips_first() -> None:
    network = build_groups(INVENTORY).hosts["network"]
    chosen = set(names(select(INVENTORY, "network[1:]")))
    assert chosen == set(network[1:])


def test_negative_subscript_takes_last() -> None:
    chosen = names(select(INVENTORY, "role_core[-1]"))
    assert chosen == build_groups(INVENTORY).hosts["role_core"][-1:]


def test_subscript_with_intersection() -> None:
    # The school lists its core, controller and six APs before its first access switch.
    chosen = select_devices(INVENTORY, f"school_{SCHOOL}[0:14]:&role_access")
    assert [device.name for _school, device in chosen] == ["YCSY-A1-ACC-01"]


def test_bare_code_takes_subscript() -> None:
    assert names(select(INVENTORY, f"{SCHOOL}[1]")) == _school_order(SCHOOL)[1:2]


def test_single_index_out_of_range() -> None:
    with pytest.raises(UsageError, match="out of range"):
        select(INVENTORY, "role_core[99]")


def test_colon_in_comma_pattern_rejected() -> None:
    with pytest.raises(UsageError, match="separate the terms with commas"):
        select(INVENTORY, f"school_{SCHOOL}:&role_core,YCSY-A1-ACC-01")


def test_host_and_port_rejected() -> None:
    with pytest.raises(UsageError, match="host:port"):
        select(INVENTORY, "YCSY-CORE-01:22")


def test_bare_codes_split_at_colon() -> None:
    codes = [s.code for s in select_schools(INVENTORY, "2440281001:2440281002")]
    assert codes == ["2440281001", "2440281002"]


def test_unbalanced_bracket_rejected() -> None:
    with pytest.raises(UsageError, match=r"\["):
        select(INVENTORY, "school_2440106001[0:2")


def test_limit_narrows_pattern() -> None:
    chosen = select_devices(INVENTORY, f"school_{SCHOOL}", "role_core")
    assert [device.name for _school, device in chosen] == ["YCSY-CORE-01"]


def test_limit_file_lists_terms(tmp_path: Path) -> None:
    listing = tmp_path / "retry"
    listing.write_text("YCSY-CORE-01\n\nYCSY-WLC-01\n", encoding="utf-8")
    assert names(select(INVENTORY, f"@{listing}")) == ["YCSY-CORE-01", "YCSY-WLC-01"]


def test_missing_limit_file_rejected(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="limit file"):
        select(INVENTORY, f"@{tmp_path / 'absent'}")


def test_schools_of_subscripted_limit() -> None:
    codes = [s.code for s in select_schools(INVENTORY, "district_440106", f"school_{SCHOOL}[0]")]
    assert codes == [SCHOOL]


def test_selection_matches_ansible(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ANSIBLE_SELECT, *SELECTIONS],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_ansible_env(tmp_path),
        check=True,
    )
    by_ansible: dict[str, list[str]] = json.loads(result.stdout)
    for pattern in SELECTIONS:
        ours = set(names(select(INVENTORY, pattern)))
        assert ours == set(by_ansible[pattern]), pattern


def test_ansible_inventory_limit_agrees(tmp_path: Path) -> None:
    pattern = f"school_{SCHOOL}[0:2]"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-inventory"), "--list", "--limit", pattern],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_ansible_env(tmp_path),
        check=True,
    )
    listed = json.loads(result.stdout)
    assert set(listed["_meta"]["hostvars"]) == set(names(select(INVENTORY, pattern)))


def test_engine_pattern_narrowed_by_limit() -> None:
    from campusctl.cli.engine import _pattern

    assert _pattern(INVENTORY, f"school_{SCHOOL}", "role_core:role_wlc") == (
        "YCSY-CORE-01,YCSY-WLC-01"
    )


def test_engine_limit_outside_pattern_rejected() -> None:
    from campusctl.cli.engine import _pattern

    with pytest.raises(UsageError, match="selects none"):
        _pattern(INVENTORY, f"school_{SCHOOL}", "district_440113")


def test_render_subscripted_limit(tmp_path: Path) -> None:
    out = tmp_path / "configs"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "campusctl", "render"),
            *("-i", str(SAMPLE), "-o", str(out), "-l", f"school_{SCHOOL}[0:2]", "-j", "1"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(
            campusctl_env(),
            CAMPUSCTL_STATE=str(tmp_path / "state"),
            CAMPUSCTL_LAB_SECRETS=str(REPO / "tests" / "render" / "data" / "lab-secrets.yml"),
        ),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The first three members are the core, the controller and an AP, which has no config.
    assert sorted(p.name for p in out.rglob("*.cfg")) == ["YCSY-CORE-01.cfg", "YCSY-WLC-01.cfg"]


def test_check_scope_narrowed_by_subscript(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "campusctl", "check", "district_440106"),
            *("--rendered", "--intent", "-i", str(SAMPLE)),
            *("-l", f"school_{SCHOOL}[0:2]", "--json", str(results)),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(campusctl_env(), CAMPUSCTL_STATE=str(tmp_path / "state")),
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    document = json.loads(results.read_text(encoding="utf-8"))
    assert [school["code"] for school in document["schools"]] == [SCHOOL]
    devices = {f["device"] for f in document["findings"] if f["device"]}
    assert devices == {"YCSY-CORE-01", "YCSY-WLC-01"}
