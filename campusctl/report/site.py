"""Build the audit report: a static HTML site per language, its diagrams and PDFs.

Layout under the output folder::

    index.html                  opens the default language
    assets/report.css
    <lang>/index.html           the province: targets, portfolio, cities
    <lang>/summary.html         the policy targets by city and district, with charts
    <lang>/city-<code>.html     a city: overview diagram, districts
    <lang>/district-<code>.html a district: overview diagram, schools
    <lang>/school-<code>.html   a school: diagrams, rule results, drift, changes
    <lang>/diagrams/            SVG, PNG and DOT of every diagram
    <lang>/pdf/school-<code>.pdf

Pages link to each other relatively and reference nothing outside the
folder, so the site works from ``file://`` and offline.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz
import jinja2

import campusctl
from campusctl.diagram import (
    city_overview,
    district_overview,
    logical_view,
    physical_view,
    render,
)
from campusctl.diagram.overview import STATE_COLOURS, ComplianceState, state_label
from campusctl.diagram.physical import ROLE_ORDER
from campusctl.diagram.style import speed_text
from campusctl.errors import ReportError
from campusctl.i18n import _, ngettext
from campusctl.inventory.coverage import room_kind_label, school_coverage
from campusctl.inventory.labels import role_label, school_type_label, tier_label, zone_label
from campusctl.inventory.model import School
from campusctl.inventory.summary import summarize
from campusctl.report.browser import Chromium
from campusctl.report.charts import Bar, bar_chart, percent
from campusctl.report.language import LANGUAGES, use_language
from campusctl.report.pages import ReportData, ReportInputs
from campusctl.report.results import Outcome
from campusctl.report.targets import METRICS, PORTFOLIO_TARGETS, measure, portfolio

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(campusctl.__file__).resolve().parent.parent / "templates" / "report"
DIAGRAM_WORKERS = 4
"""Concurrent ``dot`` processes; each is single-threaded and the big schools take ~0.5 s."""


class TemplateFailed(ReportError):
    """Raised when a report template is missing, invalid or uses an undefined value."""

    code = "E7600"


@dataclass
class BuildResult:
    """The files a report build wrote."""

    out: Path
    index: Path
    pages: list[Path] = field(default_factory=list)
    diagrams: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)


def outcome_label(outcome: Outcome) -> str:
    """Return the translated name of a rule outcome."""
    labels = {
        Outcome.PASS: _("pass"),
        Outcome.FAIL: _("fail"),
        Outcome.NOT_APPLICABLE: _("not applicable"),
        Outcome.MANUAL: _("manual check"),
        Outcome.UNREACHABLE: _("device unreachable"),
    }
    return labels[outcome]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=True
    )
    env.globals.update(
        percent=percent,
        speed_text=speed_text,
        school_type_label=school_type_label,
        tier_label=tier_label,
        role_label=role_label,
        zone_label=zone_label,
        room_kind_label=room_kind_label,
        school_coverage=school_coverage,
        state_label=state_label,
        outcome_label=outcome_label,
        state_colours={state.value: colour for state, colour in STATE_COLOURS.items()},
        states=list(ComplianceState),
    )
    return env


class _Writer:
    """Renders the pages of one language into ``<out>/<lang>/``."""

    def __init__(self, data: ReportData, out: Path, language: str, result: BuildResult) -> None:
        self.data = data
        self.inventory = data.inputs.inventory
        self.language = language
        self.folder = out / language
        self.result = result
        self.env = _environment()

    def page(self, template: str, file: str, **context: Any) -> Path:
        """Render ``template`` to ``file`` in this language's folder."""
        other = next(lang for lang in LANGUAGES if lang != self.language)
        common = {
            "lang": self.language,
            "html_lang": "zh-CN" if self.language == "zh_CN" else "en",
            "other_lang": other,
            "other_lang_name": "中文" if other == "zh_CN" else "English",
            "this_file": file,
            "province": self.inventory.province.province,
            "revision": self.data.inputs.revision,
            "built": self.data.inputs.built,
            "results_file": self.data.inputs.results,
            "font": self.data.inputs.font,
        }
        try:
            html = self.env.get_template(template).render(**common, **context)
        except jinja2.TemplateSyntaxError as err:
            raise TemplateFailed(
                _("{file}:{line}: template syntax error: {error}").format(
                    file=err.filename or template, line=err.lineno, error=err.message
                )
            ) from err
        except jinja2.TemplateNotFound as err:
            raise TemplateFailed(
                _("template {name} was not found in {folder}").format(
                    name=err.name, folder=TEMPLATE_DIR
                )
            ) from err
        except jinja2.UndefinedError as err:
            raise TemplateFailed(
                _("template {name} uses an undefined value: {error}").format(
                    name=template, error=err.message
                )
            ) from err
        path = self.folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.result.pages.append(path)
        return path

    def _graphs(self) -> Iterator[tuple[graphviz.Digraph, str]]:
        """Yield every graph of this language with its file stem, schools first."""
        inputs = self.data.inputs
        options = {"font": inputs.font, "revision": inputs.revision}
        for code in sorted(self.inventory.schools):
            school = self.inventory.schools[code]
            yield physical_view(school, **options), f"school-{code}-physical"
            yield logical_view(school, **options), f"school-{code}-logical"
        for city in self.inventory.province.cities:
            graph = city_overview(self.inventory, city.code, self.data.tallies, **options)
            yield graph, f"city-{city.code}"
            for district in city.districts:
                graph = district_overview(
                    self.inventory, district.code, self.data.tallies, **options
                )
                yield graph, f"district-{district.code}"

    def diagrams(self) -> None:
        """Render every graph of this language, ``DIAGRAM_WORKERS`` dot processes at a time.

        Graphs are built here, in the calling thread, because building them
        translates labels; at most twice the worker count wait in memory.
        """
        folder = self.folder / "diagrams"
        pending: set[Future[list[Path]]] = set()
        with ThreadPoolExecutor(max_workers=DIAGRAM_WORKERS) as pool:
            for graph, stem in self._graphs():
                if len(pending) >= 2 * DIAGRAM_WORKERS:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        self.result.diagrams.extend(future.result())
                pending.add(pool.submit(render, graph, folder, stem))
            for future in pending:
                self.result.diagrams.extend(future.result())

    def charts(self, groups: Sequence[tuple[str, list[School]]]) -> list[Any]:
        """Return one bar chart per policy metric over ``groups`` (label, schools)."""
        rows = [(label, measure(schools)) for label, schools in groups]
        charts = []
        for index, metric in enumerate(METRICS):
            bars = [
                Bar(
                    label,
                    measured[index].ratio.share,
                    f"({measured[index].ratio.numerator}/{measured[index].ratio.denominator})",
                )
                for label, measured in rows
            ]
            charts.append(bar_chart(metric.label(), bars, metric.target))
        return charts

    def pages(self) -> None:
        """Render the province, summary, city, district and school pages."""
        inventory = self.inventory
        every = list(inventory.schools.values())
        cities = []
        for city in inventory.province.cities:
            city_schools = [s for s in every if s.city == city.code]
            cities.append((city, city_schools))
        self.page(
            "province.html.j2",
            "index.html",
            cities=[(c, s, measure(s), self.data.tally_of(s)) for c, s in cities],
            metrics=measure(every),
            portfolio=portfolio(inventory),
            portfolio_targets=PORTFOLIO_TARGETS,
            tally=self.data.tally_of(every),
        )
        district_groups = [
            (f"{city.name} {district.name}", inventory.schools_in(district.code))
            for city in inventory.province.cities
            for district in city.districts
        ]
        self.page(
            "summary.html.j2",
            "summary.html",
            city_rows=[(c, measure(s)) for c, s in cities],
            district_rows=[
                (city, district, measure(inventory.schools_in(district.code)))
                for city in inventory.province.cities
                for district in city.districts
            ],
            metric_list=METRICS,
            city_charts=self.charts([(c.name, s) for c, s in cities]),
            district_charts=self.charts(district_groups),
        )
        for city, city_schools in cities:
            self.page(
                "city.html.j2",
                f"city-{city.code}.html",
                city=city,
                districts=[
                    (d, measure(inventory.schools_in(d.code)), inventory.schools_in(d.code))
                    for d in city.districts
                ],
                metrics=measure(city_schools),
                tally_of=self.data.tally_of,
            )
            for district in city.districts:
                schools = inventory.schools_in(district.code)
                self.page(
                    "district.html.j2",
                    f"district-{district.code}.html",
                    city=city,
                    district=district,
                    schools=[(s, summarize(s), self.data.tally(s.code)) for s in schools],
                    metrics=measure(schools),
                )
        for code in sorted(inventory.schools):
            facts = self.data.school(code)
            self.page(
                "school.html.j2",
                f"school-{code}.html",
                facts=facts,
                city=facts.city,
                district=facts.district,
                summary=summarize(facts.school),
                metrics=measure([facts.school]),
                devices=sorted(facts.school.devices, key=lambda d: (ROLE_ORDER[d.role], d.name)),
            )

    def pdfs(self, browser: Chromium) -> None:
        """Print every school page to PDF."""
        for code in sorted(self.inventory.schools):
            page = browser.open((self.folder / f"school-{code}.html").resolve().as_uri())
            try:
                self.result.pdfs.append(page.pdf(self.folder / "pdf" / f"school-{code}.pdf"))
            finally:
                page.close()


def build_report(
    inputs: ReportInputs,
    out: Path,
    *,
    default_language: str = "zh_CN",
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Write the whole report under ``out`` and return what was written.

    Both languages are rendered; ``out/index.html`` opens ``default_language``.

    :raise ReportError: (or a subclass) when a diagram, template, catalog or PDF fails.
    """
    if default_language not in LANGUAGES:
        raise ReportError(
            _("unknown report language {language}; choose one of: {choices}").format(
                language=default_language, choices=", ".join(LANGUAGES)
            )
        )
    note = progress or (lambda _message: None)
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(out=out, index=out / "index.html")
    data = ReportData(inputs)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    shutil.copyfile(TEMPLATE_DIR / "report.css", assets / "report.css")

    ordered = [default_language, *(lang for lang in LANGUAGES if lang != default_language)]
    writers = []
    for language in ordered:
        with use_language(language):
            writer = _Writer(data, out, language, result)
            note(_("drawing diagrams ({language})").format(language=language))
            writer.diagrams()
            note(_("writing pages ({language})").format(language=language))
            writer.pages()
            writers.append(writer)
    redirect = _environment().get_template("redirect.html.j2")
    result.index.write_text(redirect.render(target=f"{default_language}/index.html"), "utf-8")

    if pdf:
        note(_("printing school reports to PDF"))
        with Chromium() as browser:
            for writer in writers:
                writer.pdfs(browser)
    log.info(
        "report: %d pages, %d diagrams, %d PDFs in %s",
        len(result.pages),
        len(result.diagrams),
        len(result.pdfs),
        out,
    )
    return result
