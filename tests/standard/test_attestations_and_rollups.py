"""Attestations for manual rules, the roll-ups with the 2015 targets, and the JSON results."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.standard.aggregate import roll_up
from campusctl.standard.attestations import AttestationInvalid, load_attestations
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.jsonout import SCHEMA, to_document
from campusctl.standard.profile import Profile
from campusctl.standard.results import Status
from tests.standard.conftest import CONFIGS, DATA, TODAY

REPO = Path(__file__).parents[2]
ATTESTATION = """attestations:
  - rule: GD-LOG-02
    evidence: 日志服务器留存策略截图 log-retention.pdf（留存 200 天）
    date: "2026-09-01"
    signer: 张三，天河区教育信息中心
  - rule: GD-SEC-01
    evidence: IPS signature report
    date: "2025-01-10"
    signer: 李四
    valid_days: 90
"""


@pytest.fixture
def attested(tmp_path: Path) -> Inventory:
    root = tmp_path / "inventory"
    shutil.copytree(DATA / "inventory", root)
    (root / "attestations").mkdir()
    (root / "attestations" / "2440106101.yml").write_text(ATTESTATION, encoding="utf-8")
    return load_inventory(root)


def test_attestation_turns_manual_into_pass(attested: Inventory, profile: Profile) -> None:
    result = run_checks(Run(attested, profile, today=TODAY), [attested.schools["2440106101"]])
    by_rule = {f.rule: f for f in result.findings}
    retention = by_rule["GD-LOG-02"]
    assert retention.status is Status.PASS
    assert "张三" in retention.message
    (evidence,) = retention.evidence
    assert evidence.file is not None and evidence.file.name == "2440106101.yml"
    assert evidence.line == 2


def test_expired_attestation_stays_manual(attested: Inventory, profile: Profile) -> None:
    result = run_checks(Run(attested, profile, today=TODAY), [attested.schools["2440106101"]])
    ips = next(f for f in result.findings if f.rule == "GD-SEC-01")
    assert ips.status is Status.MANUAL
    assert "2025-04-10" in ips.message
    assert next(f for f in result.findings if f.rule == "GD-SEG-06").status is Status.MANUAL


def test_manual_rule_names_evidence(test_inventory: Inventory, profile: Profile) -> None:
    result = run_checks(
        Run(test_inventory, profile, today=TODAY), [test_inventory.schools["2440106101"]]
    )
    firewall = next(f for f in result.findings if f.rule == "GD-SEG-03")
    assert firewall.status is Status.MANUAL
    assert "firewall" in firewall.message


def test_level_3_rule_not_applicable_at_level_2(
    sample_inventory: Inventory, profile: Profile
) -> None:
    result = run_checks(
        Run(sample_inventory, profile, today=TODAY), [sample_inventory.schools["2440113001"]]
    )
    assert next(f for f in result.findings if f.rule == "GD-MGT-07").status is Status.NOT_APPLICABLE


def test_invalid_attestation_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "attestations").mkdir()
    (tmp_path / "attestations" / "2440106101.yml").write_text(
        'attestations:\n  - rule: GD-LOG-02\n    evidence: x\n    date: "2026-13-01"\n    signer: a\n',
        encoding="utf-8",
    )
    with pytest.raises(AttestationInvalid, match=r"2440106101.yml:4"):
        load_attestations(tmp_path, "2440106101")
    assert load_attestations(tmp_path, "2440106999") == []


def test_attestation_validity_window() -> None:
    from campusctl.standard.attestations import Attestation

    att = Attestation("GD-LOG-02", "x", date(2026, 1, 1), "a", 365, Path("f"), 1)
    assert att.valid_on(date(2026, 12, 31))
    assert not att.valid_on(date(2027, 1, 2))
    assert not att.valid_on(date(2025, 12, 31))


@pytest.fixture
def uncovered_office(tmp_path: Path) -> Inventory:
    """Return the sample with office B102 of the Lechang primary school left without an AP."""
    root = tmp_path / "inventory"
    shutil.copytree(Path(__file__).parents[2] / "inventory", root)
    school = root / "schools" / "440200" / "440281" / "2440281001.yml"
    text = school.read_text(encoding="utf-8")
    school.write_text(
        text.replace("outlets: 2, ap: CNXX-AP-B102}", "outlets: 2}"), encoding="utf-8"
    )
    return load_inventory(root)


def test_rollups_measure_2015_targets(uncovered_office: Inventory, profile: Profile) -> None:
    sample_inventory = uncovered_office
    schools = [sample_inventory.schools[c] for c in sorted(sample_inventory.schools)]
    result = run_checks(Run(sample_inventory, profile, today=TODAY), schools)
    summaries, rollups = roll_up(sample_inventory, result, schools)
    province = rollups[-1]
    assert province.level == "province"
    assert len(province.schools) == 6
    assert province.compliant_schools == 5
    targets = {t.id: t for t in province.targets}
    assert targets["broadband"].measured == 1.0
    assert targets["broadband"].met
    assert targets["bandwidth"].numerator == 6
    assert targets["bandwidth"].met
    assert targets["wireless"].numerator == 5
    assert targets["wireless"].denominator == 6
    assert targets["wireless"].met is None
    assert targets["ipv6"].met
    assert targets["interactive"].target == 0.6
    assert province.demonstration is not None
    assert province.demonstration["demo_districts"] == (1, 10)
    assert province.demonstration["smart_campuses"] == (1, 100)
    assert province.demonstration["demo_schools"] == (2, 1000)
    assert {r.level for r in rollups} == {"district", "city", "province"}
    assert not summaries["2440281001"].compliant
    assert summaries["2440281001"].failed_errors == ["GD-WL-01"]


def test_json_document_shape(uncovered_office: Inventory, profile: Profile) -> None:
    sample_inventory = uncovered_office
    schools = [sample_inventory.schools[c] for c in sorted(sample_inventory.schools)]
    result = run_checks(Run(sample_inventory, profile, today=TODAY), schools)
    summaries, rollups = roll_up(sample_inventory, result, schools)
    document = json.loads(
        json.dumps(to_document(profile, result, summaries, rollups), ensure_ascii=False)
    )
    assert document["schema"] == SCHEMA
    assert document["passed"] is False
    assert document["sources"] == ["inventory"]
    assert set(document["rules"]["GD-BW-02"]) == {
        "name",
        "category",
        "severity",
        "mlps_level",
        "source",
        "checks",
        "manual",
        "evidence",
    }
    failed = [f for f in document["findings"] if f["status"] == "fail"]
    assert failed[0]["evidence"][0]["line"] == 39
    school = next(s for s in document["schools"] if s["code"] == "2440281001")
    assert school["rules"]["GD-WL-01"] == "fail"
    assert school["compliant"] is False
    province = document["rollups"][-1]
    assert {t["id"] for t in province["targets"]} == {
        "broadband",
        "bandwidth",
        "multimedia",
        "interactive",
        "wireless",
        "ipv6",
    }
    assert province["demonstration"]["smart_campuses"] == {"count": 1, "target": 100}


def _campusctl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_cli_rendered_check_passes(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = _campusctl(
        "check",
        "--rendered",
        "-i",
        str(DATA / "inventory"),
        "--configs",
        str(CONFIGS),
        "--json",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 school(s), 4 compliant" in result.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["passed"] is True
    assert document["sources"] == ["inventory", "config"]


def test_cli_exits_1_on_failed_error_rule(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    shutil.copytree(CONFIGS, configs)
    path = configs / "RJ-ACC-01.cfg"
    path.write_text(
        path.read_text(encoding="utf-8").replace("no enable service telnet-server\n", ""),
        encoding="utf-8",
    )
    result = _campusctl(
        "check",
        "--rendered",
        "school_2440106104",
        "-i",
        str(DATA / "inventory"),
        "--configs",
        str(configs),
        "--json",
        str(tmp_path / "r.json"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "GD-MGT-05" in result.stdout
    assert "RJ-ACC-01" in result.stdout
    assert "E5005" in result.stderr


def test_cli_running_without_lab_reports_unreachable(tmp_path: Path) -> None:
    result = _campusctl(
        "check",
        "--running",
        "HW-ACC-01",
        "-i",
        str(DATA / "inventory"),
        "--json",
        str(tmp_path / "r.json"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    # Sample addresses are never dialled outside the lab, so the device is not
    # reached, the error names `campusctl lab up`, and none of its rules fails.
    (unreached,) = document["unreachable"]
    assert unreached["device"] == "HW-ACC-01"
    assert "campusctl lab up" in unreached["error"]
    findings = [f for f in document["findings"] if f["device"] == "HW-ACC-01"]
    assert findings
    assert {f["status"] for f in findings} == {"unreachable"}
    assert all("campusctl lab up" in f["evidence"][0]["text"] for f in findings)
