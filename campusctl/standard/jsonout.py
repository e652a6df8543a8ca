"""The JSON results of a check run, read by the audit report.

Shape of schema ``campusctl.compliance/1``. Rule names and evidence texts are
in both languages, as the profile has them. Messages are in the run's
language::

    {
      "schema": "campusctl.compliance/1",
      "generated": "2026-12-04T12:00:00+00:00",        # UTC, ISO 8601
      "profile": {"id": "gd-digital-campus", "chain": ["gd-digital-campus"]},
      "sources": ["inventory", "config"],               # what the run read
      "passed": true,                                   # no failed error rule, no unreachable device
      "rules": {
        "GD-BW-02": {"name": {"zh": "...", "en": "..."}, "category": "bandwidth",
                     "severity": "error", "mlps_level": 2, "source": "...",
                     "checks": {"inventory": "inventory.uplink_bandwidth"},
                     "manual": false, "evidence": null}   # evidence: {"zh","en"} for manual rules
      },
      "findings": [
        {"rule": "GD-BW-02", "status": "pass|fail|not_applicable|manual|unreachable",
         "severity": "error|warning|info", "school": "2440106001",
         "device": null, "subject": "2440106001", "message": "...",
         "measured": 1500.0, "threshold": 20.0,
         "evidence": [{"text": "...", "file": "inventory/schools/.../2440106001.yml",
                       "device": null, "line": 11, "command": null}]}
      ],
      "unreachable": [                                  # devices no session could be opened to
        {"school": "2440106001", "device": "YCSY-CORE-01", "address": "127.0.0.1:40001",
         "error": "E3201: ..."}
      ],
      "schools": [
        {"code": "2440106001", "name": "...", "type": "senior", "tier": "smart_campus",
         "mlps_level": 3, "district": "440106", "city": "440100",
         "compliant": true, "failed_errors": [], "unreachable": [],
         "rules": {"GD-BW-02": "pass"},                  # worst status per rule
         "counts": {"pass": 12, "fail": 0, "not_applicable": 3, "manual": 17, "unreachable": 0}}
      ],
      "rollups": [
        {"level": "district|city|province", "code": "440106", "name": "天河区",
         "schools": 2, "compliant_schools": 2,
         "rules": {"GD-BW-02": {"pass": 2, "fail": 0, "not_applicable": 0, "manual": 0,
                                "unreachable": 0}},
         "targets": [{"id": "broadband|bandwidth|multimedia|interactive|wireless|ipv6",
                      "numerator": 2, "denominator": 2, "measured": 1.0,
                      "target": 1.0, "met": true}],     # target/met null where none applies
         "demonstration": {"demo_districts": {"count": 1, "target": 10}, ...} | null}
      ]
    }

"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from campusctl.standard.aggregate import Rollup, SchoolSummary
from campusctl.standard.profile import Profile
from campusctl.standard.results import Evidence, Finding, RunResult, Status

SCHEMA = "campusctl.compliance/1"


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "text": evidence.text,
        "file": str(evidence.file) if evidence.file else None,
        "device": evidence.device,
        "line": evidence.line,
        "command": evidence.command,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "school": finding.school,
        "device": finding.device,
        "subject": finding.subject,
        "message": finding.message,
        "measured": finding.measured,
        "threshold": finding.threshold,
        "evidence": [_evidence(e) for e in finding.evidence],
    }


def _counts(counts: dict[Status, int]) -> dict[str, int]:
    return {status.value: counts.get(status, 0) for status in Status}


def _school(summary: SchoolSummary) -> dict[str, Any]:
    school = summary.school
    return {
        "code": school.code,
        "name": school.name,
        "type": school.type.value,
        "tier": school.tier.value,
        "mlps_level": school.mlps_level,
        "district": school.district,
        "city": school.city,
        "compliant": summary.compliant,
        "failed_errors": summary.failed_errors,
        "unreachable": summary.unreachable,
        "rules": {rule: status.value for rule, status in summary.status_by_rule.items()},
        "counts": _counts(summary.counts),
    }


def _rollup(rollup: Rollup) -> dict[str, Any]:
    return {
        "level": rollup.level,
        "code": rollup.code,
        "name": rollup.name,
        "schools": len(rollup.schools),
        "compliant_schools": rollup.compliant_schools,
        "rules": {rule: _counts(counts) for rule, counts in rollup.rule_counts().items()},
        "targets": [
            {
                "id": t.id,
                "numerator": t.numerator,
                "denominator": t.denominator,
                "measured": t.measured,
                "target": t.target,
                "met": t.met,
            }
            for t in rollup.targets
        ],
        "demonstration": (
            {
                kind: {"count": count, "target": target}
                for kind, (count, target) in rollup.demonstration.items()
            }
            if rollup.demonstration is not None
            else None
        ),
    }


def to_document(
    profile: Profile,
    result: RunResult,
    summaries: dict[str, SchoolSummary],
    rollups: list[Rollup],
    now: datetime | None = None,
) -> dict[str, Any]:
    """Return the JSON document of a run (see the module docstring for its shape)."""
    return {
        "schema": SCHEMA,
        "generated": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "profile": {"id": profile.id, "chain": profile.chain},
        "sources": [s.value for s in result.sources],
        "passed": not result.failed_errors() and not result.unreachable,
        "rules": {
            rule.id: {
                "name": rule.name.model_dump(),
                "category": rule.category,
                "severity": rule.severity.value,
                "mlps_level": rule.mlps_level,
                "source": rule.source,
                "checks": {s.value: name for s, name in rule.checks.items()},
                "manual": rule.manual,
                "evidence": rule.evidence.model_dump() if rule.evidence else None,
            }
            for rule in profile.enabled()
        },
        "findings": [_finding(f) for f in result.findings],
        "unreachable": [
            {"school": u.school, "device": u.device, "address": u.address, "error": u.error}
            for u in result.unreachable
        ],
        "schools": [_school(s) for _code, s in sorted(summaries.items())],
        "rollups": [_rollup(r) for r in rollups],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path`` as UTF-8 JSON (Chinese kept readable), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
