"""The static site: every page, link and diagram exists, in both languages, offline."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.report.history import read_audit, read_drift
from campusctl.report.pages import ReportData, ReportInputs
from campusctl.report.results import read_results
from campusctl.report.site import BuildResult, build_report
from tests.report.conftest import SAMPLE_RESULTS

BUILT = datetime(2026, 12, 4, 20, 30, tzinfo=UTC)


class Links(HTMLParser):
    """Collect every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def write_state(state: Path) -> None:
    state.mkdir(parents=True)
    lines = [
        {
            "time": "2026-12-04T20:01:02+08:00",
            "operator": "netadmin",
            "device": "YCSY-CORE-01",
            "diff": "+ ntp-service unicast-server 198.18.255.1\n+ local-user netadmin password irreversible-cipher $1a$TOPSECRET$",
            "result": "applied",
            "rollback": False,
        },
        {
            "time": "2026-12-04T20:02:02+08:00",
            "operator": "netadmin",
            "device": "YCSY-A1-ACC-01",
            "diff": ["+ stp edged-port enable"],
            "result": "failed",
            "rollback": "restored backup 20261204-200200",
        },
    ]
    (state / "audit.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    (state / "drift.json").write_text(
        json.dumps(
            {
                "time": "2026-12-04T20:05:00+08:00",
                "devices": [
                    {
                        "device": "YCSY-CORE-01",
                        "diff": ["- ntp-service unicast-server 198.18.255.2"],
                    },
                    {"device": "YCSY-WLC-01", "diff": []},
                ],
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def site(
    small_inventory: Inventory, font: str, revision: str, tmp_path_factory: pytest.TempPathFactory
) -> BuildResult:
    folder = tmp_path_factory.mktemp("site")
    results = folder / "results.json"
    results.write_text(json.dumps({"results": SAMPLE_RESULTS}, ensure_ascii=False), "utf-8")
    state = folder / "state"
    write_state(state)
    inputs = ReportInputs(
        inventory=small_inventory,
        revision=revision,
        font=font,
        built=BUILT,
        results=read_results(results),
        audit=read_audit(state),
        drift=read_drift(state),
    )
    return build_report(inputs, folder / "report", pdf=False)


def page(site: BuildResult, lang: str, name: str) -> str:
    return (site.out / lang / name).read_text(encoding="utf-8")


def test_site_has_every_page(site: BuildResult, small_inventory: Inventory) -> None:
    inventory = small_inventory
    for lang in ("zh_CN", "en"):
        assert (site.out / lang / "index.html").is_file()
        assert (site.out / lang / "summary.html").is_file()
        for city in inventory.province.cities:
            assert (site.out / lang / f"city-{city.code}.html").is_file()
            for district in city.districts:
                assert (site.out / lang / f"district-{district.code}.html").is_file()
        for code in inventory.schools:
            assert (site.out / lang / f"school-{code}.html").is_file()
            for view in ("physical", "logical"):
                for suffix in ("svg", "png", "dot"):
                    assert (
                        site.out / lang / "diagrams" / f"school-{code}-{view}.{suffix}"
                    ).is_file()


def test_site_root_opens_chinese(site: BuildResult) -> None:
    assert "url=zh_CN/index.html" in site.index.read_text(encoding="utf-8")


def test_site_links_resolve_locally(site: BuildResult) -> None:
    pages = [*list(site.out.glob("*/*.html")), site.index]
    for html_page in pages:
        parser = Links()
        parser.feed(html_page.read_text(encoding="utf-8"))
        for target in parser.targets:
            assert not re.match(r"^[a-z]+:", target), f"{html_page.name} refers outside: {target}"
            path = target.split("#", 1)[0]
            if path.startswith("pdf/"):
                continue  # PDFs are printed only with a browser (see the Chromium tests)
            assert (html_page.parent / path).exists(), f"{html_page.name}: broken link {target}"


def test_site_has_no_scripts(site: BuildResult) -> None:
    for html_page in site.out.glob("*/*.html"):
        assert "<script" not in html_page.read_text(encoding="utf-8"), html_page.name


def test_school_page_chinese(site: BuildResult) -> None:
    text = page(site, "zh_CN", "school-2440106001.html")
    assert '<html lang="zh-CN">' in text
    assert "广州市天河区育才实验中学" in text
    assert "逐条合规结果" in text
    assert "GD-MGT-03" in text
    assert "登录失败处理" in text
    assert "不通过" in text
    assert "GB/T 22239-2019 8.1.4.1 a)" in text
    assert "YCSY-CORE-01: display current-configuration" in text
    assert "- ntp-service unicast-server 198.18.255.2" in text
    assert "restored backup 20261204-200200" in text
    assert 'href="../en/school-2440106001.html"' in text
    assert "无线覆盖" in text
    assert "<td>教室</td><td>24</td><td>24</td><td>0</td>" in text


def test_school_page_masks_secrets(site: BuildResult) -> None:
    text = page(site, "zh_CN", "school-2440106001.html")
    assert "TOPSECRET" not in text
    assert "irreversible-cipher ******" in text


def test_school_page_english(site: BuildResult) -> None:
    text = page(site, "en", "school-2440106001.html")
    assert '<html lang="en">' in text
    assert "Compliance by rule" in text
    assert "Login-failure lockout" in text
    assert 'href="../zh_CN/school-2440106001.html"' in text


def test_school_without_history(site: BuildResult) -> None:
    text = page(site, "zh_CN", "school-2440281002.html")
    assert "暂无变更记录。" in text
    assert "最近一次核验（2026-12-04 20:05）未覆盖该校。" in text
    english = page(site, "en", "school-2440281002.html")
    assert "No changes recorded." in english


def test_summary_has_tables_and_charts(site: BuildResult) -> None:
    text = page(site, "zh_CN", "summary.html")
    assert text.count('<svg class="chart"') == 12  # six targets, by city and by district
    assert "校校通：出口带宽中心小学以上 ≥20 Mbps，其他学校 ≥4 Mbps" in text
    assert "≥ 60%" in text
    assert "广州市 天河区" in text


def test_district_page_lists_schools(site: BuildResult, small_inventory: Inventory) -> None:
    inventory = small_inventory
    text = page(site, "zh_CN", "district-440106.html")
    for school in inventory.schools_in("440106"):
        assert f'href="school-{school.code}.html"' in text
    assert "不合规" in text
    assert 'src="diagrams/district-440106.svg"' in text


def test_school_without_verification(inventory: Inventory, font: str, revision: str) -> None:
    data = ReportData(ReportInputs(inventory=inventory, revision=revision, font=font, built=BUILT))
    facts = data.school("2440106001")
    assert facts.drift is None
    assert facts.history == []
    assert facts.results == []
    assert facts.tally.state.value == "unverified"


def test_results_for_unknown_school_warn(
    inventory: Inventory, font: str, revision: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "results.json"
    path.write_text(
        json.dumps({"results": [{"school": "4400000000", "rule": "GD-BW-01", "result": "pass"}]}),
        encoding="utf-8",
    )
    inputs = ReportInputs(
        inventory=inventory, revision=revision, font=font, built=BUILT, results=read_results(path)
    )
    ReportData(inputs)
    assert "4400000000" in caplog.text
