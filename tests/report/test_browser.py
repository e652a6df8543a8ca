"""The report rendered in headless Chromium shows Chinese text, diagrams and tables.

Checks come from the DOM (text, loaded images, table rows, the fonts Chromium
drew each text with) and from screenshots (ink where the heading and the
diagrams are, and different pixels for different Chinese names).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from campusctl.inventory import Inventory
from campusctl.report.browser import FLAGS, BrowserFailed, Chromium, Page, _check_url
from campusctl.report.pages import ReportInputs
from campusctl.report.results import read_results
from campusctl.report.site import BuildResult, build_report
from tests.report.conftest import SAMPLE_RESULTS

SCHOOL = "2440106001"


@pytest.fixture(scope="module")
def site(
    small_inventory: Inventory, font: str, revision: str, tmp_path_factory: pytest.TempPathFactory
) -> BuildResult:
    folder = tmp_path_factory.mktemp("browser-site")
    results = folder / "results.json"
    results.write_text(json.dumps({"results": SAMPLE_RESULTS}, ensure_ascii=False), "utf-8")
    inputs = ReportInputs(
        inventory=small_inventory,
        revision=revision,
        font=font,
        built=datetime(2026, 12, 4, 20, 30, tzinfo=UTC),
        results=read_results(results),
    )
    return build_report(inputs, folder / "report", pdf=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


@pytest.fixture
def school_page(site: BuildResult, browser: Chromium) -> Iterator[Page]:
    page = browser.open((site.out / "zh_CN" / f"school-{SCHOOL}.html").as_uri())
    yield page
    page.close()


def box(page: Page, selector: str) -> tuple[int, int, int, int]:
    rect: dict[str, Any] = page.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
        ".getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })()"
    )
    return (int(rect["x"]), int(rect["y"]), int(rect["x"] + rect["w"]), int(rect["y"] + rect["h"]))


def ink(image: Image.Image) -> float:
    """Return the share of pixels that are clearly not background."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:200]) / max(grey.width * grey.height, 1)


def test_dom_has_chinese_heading(school_page: Page, inventory: Inventory) -> None:
    name = inventory.schools[SCHOOL].name
    assert school_page.evaluate("document.documentElement.lang") == "zh-CN"
    assert (
        school_page.evaluate("document.querySelector('#school-name').firstChild.textContent.trim()")
        == name
    )
    headings = school_page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
    assert "网络拓扑图" in headings
    assert "逐条合规结果" in headings
    assert "变更记录" in headings


def test_dom_diagrams_loaded(school_page: Page) -> None:
    images = school_page.evaluate(
        "[...document.querySelectorAll('img[data-diagram]')]"
        ".map(i => ({name: i.dataset.diagram, ok: i.complete, width: i.naturalWidth}))"
    )
    assert {image["name"] for image in images} == {
        f"school-{SCHOOL}-physical",
        f"school-{SCHOOL}-logical",
    }
    for image in images:
        assert image["ok"], image
        assert image["width"] > 300, image


def test_dom_compliance_table(school_page: Page) -> None:
    rows = school_page.evaluate(
        "[...document.querySelectorAll('table.compliance tbody tr')]"
        ".map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    expected = sorted(r["rule"] for r in SAMPLE_RESULTS if r["school"] == SCHOOL)
    assert [row[0] for row in rows] == expected
    assert rows[1][1] == "登录失败处理"
    assert rows[1][2] == "不通过"
    assert "YCSY-CORE-01" in rows[1][3]


def test_heading_drawn_with_cjk_font(school_page: Page, inventory: Inventory) -> None:
    fonts = school_page.platform_fonts("#school-name")
    cjk = [f for f in fonts if "CJK" in f["familyName"]]
    assert cjk, fonts
    chinese = sum(1 for char in inventory.schools[SCHOOL].name if ord(char) > 0x2E80)
    assert sum(f["glyphCount"] for f in cjk) >= chinese


def test_screenshot_shows_heading_and_diagram(school_page: Page) -> None:
    shot = Image.open(io.BytesIO(school_page.screenshot(full_page=True)))
    heading = shot.crop(box(school_page, "#school-name"))
    assert ink(heading) > 0.02
    diagram = shot.crop(box(school_page, "img[data-diagram$='-physical']"))
    assert diagram.width > 300
    assert ink(diagram) > 0.02


def test_screenshot_glyphs_differ_between_names(site: BuildResult, browser: Chromium) -> None:
    headings = []
    for code in ("2440281001", "2440281002"):
        page = browser.open((site.out / "zh_CN" / f"school-{code}.html").as_uri())
        try:
            shot = Image.open(io.BytesIO(page.screenshot(full_page=False)))
            headings.append((shot, box(page, "#school-name")))
        finally:
            page.close()
    # Compare the same width of both headings: the names differ from the fourth character.
    width = min(right - left for _shot, (left, _top, right, _bottom) in headings)
    crops = [
        shot.crop((left, top, left + width, bottom)).convert("L")
        for shot, (left, top, _right, bottom) in headings
    ]
    # Tofu boxes look alike for any characters; real glyphs of different names differ.
    assert ImageChops.difference(crops[0], crops[1]).getbbox() is not None


def test_summary_tables_and_charts(site: BuildResult, browser: Chromium) -> None:
    page = browser.open((site.out / "zh_CN" / "summary.html").as_uri())
    try:
        tables = page.evaluate("document.querySelectorAll('table').length")
        charts = page.evaluate(
            "[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().height)"
        )
    finally:
        page.close()
    assert tables >= 3
    assert len(charts) == 12
    assert all(height > 40 for height in charts)


def test_pdf_per_school(site: BuildResult, small_inventory: Inventory) -> None:
    for lang in ("zh_CN", "en"):
        for code in small_inventory.schools:
            pdf = site.out / lang / "pdf" / f"school-{code}.pdf"
            data = pdf.read_bytes()
            assert data.startswith(b"%PDF-"), pdf
            assert len(data) > 20_000, pdf
            assert b"NotoSansCJK" in data, f"{pdf} embeds no CJK font"


@pytest.mark.parametrize(
    "url",
    ["http://198.18.0.1/", "https://example.com/report.html", "http://localhost:8000/"],
)
def test_browser_rejects_remote_urls(url: str) -> None:
    with pytest.raises(BrowserFailed, match=r"127\.0\.0\.1"):
        _check_url(url)


@pytest.mark.parametrize(
    "url", ["file:///tmp/x.html", "http://127.0.0.1:8000/", "http://[::1]:8000/"]
)
def test_browser_accepts_local_urls(url: str) -> None:
    _check_url(url)


def test_browser_missing_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAMPUSCTL_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(BrowserFailed, match="apt-get install chromium"):
        Chromium()


def test_browser_flags_keep_it_offline() -> None:
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--remote-debugging-pipe",
    ):
        assert flag in FLAGS
    assert not any(flag.startswith("--remote-debugging-port") for flag in FLAGS)


def test_browser_profile_is_fresh_and_removed() -> None:
    profiles = []
    for _attempt in range(2):
        chromium = Chromium()
        chromium.start()
        assert chromium._profile is not None
        profile = Path(chromium._profile.name)
        assert (profile / "profile").is_dir()
        profiles.append(profile)
        chromium.close()
        assert not profile.exists()
    assert profiles[0] != profiles[1]
