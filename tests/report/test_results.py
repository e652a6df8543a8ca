"""The compliance results reader accepts the checks' JSON and rejects the wrong shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campusctl.diagram.overview import ComplianceState
from campusctl.report.results import Outcome, ResultsInvalid, read_results
from tests.report.conftest import SAMPLE_RESULTS, rule


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_results_flat_list(results_file: Path) -> None:
    results = read_results(results_file)
    assert results.profile == "gd-digital-campus"
    assert len(results.results) == len(SAMPLE_RESULTS)
    by_school = results.by_school()
    assert [r.rule for r in by_school["2440106001"]] == ["GD-BW-02", "GD-MGT-03"]
    failed = by_school["2440106001"][1]
    assert failed.result is Outcome.FAIL
    assert failed.name("zh_CN") == "登录失败处理"
    assert failed.name("en") == "Login-failure lockout"
    assert failed.evidence[0].location == "YCSY-CORE-01: display current-configuration"
    assert by_school["2440106001"][0].evidence[0].location.endswith("2440106001.yml:9")


def test_results_grouped_by_school(tmp_path: Path) -> None:
    data = {
        "schools": {
            "2440106001": [
                {
                    "id": "GD-V6-01",
                    "name": {"zh_CN": "IPv4/IPv6 双栈", "en": "Dual stack"},
                    "result": "pass",
                    "evidence": "every SVI has an IPv6 prefix",
                    "source": "粤教信息〔2013〕5号",
                    "severity": "high",
                }
            ]
        }
    }
    results = read_results(write(tmp_path / "r.json", data))
    (only,) = results.results
    assert only.school == "2440106001"
    assert only.rule == "GD-V6-01"
    assert only.name("zh_CN") == "IPv4/IPv6 双栈"
    assert only.evidence[0].text == "every SVI has an IPv6 prefix"


def test_results_tallies_states(results_file: Path) -> None:
    tallies = read_results(results_file).tallies()
    assert tallies["2440106001"].state is ComplianceState.FAIL
    assert tallies["2440106002"].state is ComplianceState.PASS
    assert tallies["2440113001"].state is ComplianceState.MANUAL
    assert tallies["2440281002"].state is ComplianceState.UNVERIFIED
    assert tallies["2440281002"].not_applicable == 1


def test_results_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResultsInvalid, match="was not found"):
        read_results(tmp_path / "absent.json")


def test_results_invalid_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"results": [\n  {"school": "2440106001",}\n]}', encoding="utf-8")
    with pytest.raises(ResultsInvalid) as caught:
        read_results(path)
    assert f"{path}:2:" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"result": "ok"}, "results.0.result"),
        ({"school": "440106"}, "results.0.school"),
        ({"rule": ""}, "results.0.rule"),
    ],
)
def test_results_wrong_shape_names_field(
    tmp_path: Path, change: dict[str, str], field: str
) -> None:
    data = {"results": [{**rule("2440106001", "GD-BW-01", "pass"), **change}]}
    with pytest.raises(ResultsInvalid) as caught:
        read_results(write(tmp_path / "r.json", data))
    assert field in str(caught.value)
