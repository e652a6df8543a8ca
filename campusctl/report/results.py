"""Read the compliance results that the report shows per school and rule.

The results file is JSON written by the compliance checks. Its shape::

    {
      "profile": "gd-digital-campus",                 # optional
      "generated": "2026-12-04T20:00:00+08:00",       # optional, ISO 8601
      "results": [
        {
          "school": "2440106001",
          "rule": "GD-BW-02",                         # or "id"
          "name_zh": "中心小学以上出口带宽",
          "name_en": "Uplink ≥20 Mbps, central primary and above",
          "result": "pass",                           # pass | fail | not_applicable | manual
                                                      # | unreachable
          "evidence": [                               # a string, or a list of strings/objects
            {"file": "inventory/schools/…/2440106001.yml", "line": 9,
             "text": "committed 1500 Mbps ≥ 20 Mbps"},
            {"device": "YCSY-CORE-01", "command": "display interface brief",
             "text": "XGigabitEthernet0/0/11 up"}
          ],
          "source": "粤教信息〔2013〕5号"
        }
      ]
    }

Instead of ``results``, the results may be grouped by school as
``"schools": {"<code>": [<result without "school">, …]}``, and the names may
be given as ``"name": {"zh_CN": …, "en": …}``. Unknown keys are ignored, so
the checks can add fields without breaking older reports.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from campusctl.diagram.overview import Tally
from campusctl.errors import ReportError
from campusctl.i18n import _

log = logging.getLogger(__name__)


class ResultsInvalid(ReportError):
    """Raised when the compliance results file is missing, not JSON, or of the wrong shape."""

    code = "E7200"


class Outcome(StrEnum):
    """The result of one rule at one school."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    MANUAL = "manual"
    UNREACHABLE = "unreachable"
    """A device of the school could not be reached, so the rule was not judged on it."""


class Evidence(BaseModel):
    """One piece of evidence: a file and line, or a device and command, and what was found."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: str = ""
    file: str | None = None
    line: int | None = None
    device: str | None = None
    command: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"text": value}
        if isinstance(value, dict) and "text" not in value:
            for key in ("detail", "output", "message"):
                if key in value:
                    return {**value, "text": str(value[key])}
        return value

    @property
    def location(self) -> str:
        """Where the evidence was found: ``file:line`` or ``device: command``."""
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line is not None else self.file
        if self.device is not None:
            return f"{self.device}: {self.command}" if self.command else self.device
        return ""


class RuleResult(BaseModel):
    """The result of one rule at one school."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    school: str = Field(pattern=r"^[0-9]{10}$")
    rule: str = Field(min_length=1)
    name_zh: str = ""
    name_en: str = ""
    result: Outcome
    evidence: list[Evidence] = []
    source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        data = dict(value)
        if "rule" not in data and "id" in data:
            data["rule"] = data.pop("id")
        name = data.pop("name", None)
        if isinstance(name, dict):
            data.setdefault("name_zh", name.get("zh_CN") or name.get("zh") or "")
            data.setdefault("name_en", name.get("en") or "")
        elif isinstance(name, str):
            data.setdefault("name_en", name)
        evidence = data.get("evidence")
        if evidence is None:
            data["evidence"] = []
        elif not isinstance(evidence, list):
            data["evidence"] = [evidence]
        return data

    def name(self, language: str) -> str:
        """Return the rule's name in ``language`` (``zh_CN`` or ``en``), else the other one."""
        if language == "zh_CN":
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh


class ResultsFile(BaseModel):
    """The whole results file, with results grouped by school code."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    profile: str | None = None
    generated: datetime | None = None
    results: list[RuleResult] = []

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"results": value}
        if isinstance(value, dict) and str(value.get("schema", "")).startswith(CHECK_SCHEMA):
            return _from_check(value)
        if isinstance(value, dict) and isinstance(value.get("schools"), dict):
            data = {k: v for k, v in value.items() if k != "schools"}
            flat = list(data.get("results", []))
            for code, grouped in value["schools"].items():
                results = grouped if isinstance(grouped, list) else [grouped]
                flat.extend(
                    {**item, "school": code} if isinstance(item, dict) else item for item in results
                )
            data["results"] = flat
            return data
        return value

    def by_school(self) -> dict[str, list[RuleResult]]:
        """Return the results of each school, in rule-id order."""
        grouped: dict[str, list[RuleResult]] = defaultdict(list)
        for result in self.results:
            grouped[result.school].append(result)
        return {code: sorted(items, key=lambda r: r.rule) for code, items in grouped.items()}

    def tallies(self) -> dict[str, Tally]:
        """Return the counts of each outcome per school."""
        counts: dict[str, dict[Outcome, int]] = defaultdict(lambda: defaultdict(int))
        for result in self.results:
            counts[result.school][result.result] += 1
        return {
            code: Tally(
                passed=c[Outcome.PASS],
                failed=c[Outcome.FAIL],
                manual=c[Outcome.MANUAL],
                not_applicable=c[Outcome.NOT_APPLICABLE],
                unreachable=c[Outcome.UNREACHABLE],
            )
            for code, c in counts.items()
        }


CHECK_SCHEMA = "campusctl.compliance/"
"""The schema name ``campusctl check --json`` writes, before its version number."""


def _from_check(data: dict[str, Any]) -> dict[str, Any]:
    """Return the results of a ``campusctl check --json`` file in this model's shape.

    Each school lists the outcome of every rule. The findings of that rule
    and school with the same outcome become its evidence: each finding's
    message, then what the finding found.
    """
    rules: dict[str, Any] = data.get("rules") or {}
    findings: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for finding in data.get("findings") or []:
        key = (str(finding.get("school")), str(finding.get("rule")), str(finding.get("status")))
        findings[key].append(finding)
    source = ", ".join(str(s) for s in data.get("sources") or [])
    results: list[dict[str, Any]] = []
    for school in data.get("schools") or []:
        code = str(school.get("code"))
        for rule, outcome in (school.get("rules") or {}).items():
            evidence: list[dict[str, Any]] = []
            for finding in findings[(code, rule, outcome)]:
                evidence.append(
                    {"text": finding.get("message", ""), "device": finding.get("device")}
                )
                evidence.extend(finding.get("evidence") or [])
            results.append(
                {
                    "school": code,
                    "rule": rule,
                    "name": (rules.get(rule) or {}).get("name"),
                    "result": outcome,
                    "evidence": evidence,
                    "source": source,
                }
            )
    profile = data.get("profile")
    return {
        "profile": profile.get("id") if isinstance(profile, dict) else profile,
        "generated": data.get("generated"),
        "results": results,
    }


def _describe(error: ValidationError) -> str:
    parts = []
    for detail in error.errors()[:5]:
        where = ".".join(str(part) for part in detail["loc"]) or "(top level)"
        parts.append(f"{where}: {detail['msg']}")
    more = error.error_count() - len(parts)
    if more > 0:
        parts.append(_("and {count} more").format(count=more))
    return "; ".join(parts)


def read_results(path: Path) -> ResultsFile:
    """Read and validate the compliance results at ``path``: a file, or a folder of them.

    In a folder, every ``*.json`` file is read in name order and a later file's
    result for a school and rule replaces an earlier one, so ``running.json``
    (the devices) overrides ``rendered.json`` (the configs).

    :raise ResultsInvalid: when the file is missing, is not JSON, or has the wrong shape;
        the message names the file and the first offending fields.
    """
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise ResultsInvalid(
                _(
                    "{path} contains no compliance results (*.json); run the compliance checks first"
                ).format(path=path)
            )
        merged: dict[tuple[str, str], RuleResult] = {}
        last: ResultsFile | None = None
        for file in files:
            last = _read_file(file)
            merged.update({(r.school, r.rule): r for r in last.results})
        assert last is not None
        return last.model_copy(update={"results": list(merged.values())})
    return _read_file(path)


def _read_file(path: Path) -> ResultsFile:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ResultsInvalid(
            _(
                "compliance results file {path} was not found; run the compliance checks first"
            ).format(path=path)
        ) from err
    except json.JSONDecodeError as err:
        raise ResultsInvalid(
            _("{path}:{line}:{column}: not valid JSON: {error}").format(
                path=path, line=err.lineno, column=err.colno, error=err.msg
            )
        ) from err
    try:
        results = ResultsFile.model_validate(raw)
    except ValidationError as err:
        raise ResultsInvalid(
            _("{path}: compliance results have the wrong shape: {problems}").format(
                path=path, problems=_describe(err)
            )
        ) from err
    log.debug("read %d rule results from %s", len(results.results), path)
    return results
