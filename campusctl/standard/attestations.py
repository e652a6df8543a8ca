"""Attestations: the evidence an auditor attached for a rule no configuration shows.

One file per school, ``inventory/attestations/<school code>.yml``::

    attestations:
      - rule: GD-LOG-02
        evidence: 日志服务器留存策略截图 log-retention-2026.pdf (retention 200 days)
        date: "2026-09-01"
        signer: 张三, 天河区教育信息中心
        valid_days: 365

An attestation turns a manual rule into a pass while it is valid
(``date`` + ``valid_days``, default one year). An expired attestation leaves
the rule manual, and the finding names the expiry date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campusctl.errors import ComplianceError
from campusctl.i18n import _
from campusctl.inventory.locate import line_at
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.standard.profile import RULE_ID

ATTESTATION_DIR = "attestations"


class AttestationInvalid(ComplianceError):
    """Raised when an attestation file cannot be read or does not match the schema."""

    code = "E5004"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Annotated[str, Field(pattern=RULE_ID)]
    evidence: Annotated[str, Field(min_length=1)]
    """Name of the attached document, screenshot or report, so an auditor can find it."""
    date: dt.date
    signer: Annotated[str, Field(min_length=1)]
    valid_days: Annotated[int, Field(ge=1, le=1096)] = 365


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    attestations: list[_Entry] = []


@dataclass(frozen=True, slots=True)
class Attestation:
    """One signed statement that a manual rule is met, with where it is written."""

    rule: str
    evidence: str
    date: dt.date
    signer: str
    valid_days: int
    file: Path
    line: int | None

    def valid_on(self, day: dt.date) -> bool:
        """Return True when the attestation covers ``day``."""
        return self.date <= day <= self.date + dt.timedelta(days=self.valid_days)

    @property
    def expires(self) -> dt.date:
        """The last day the attestation is valid."""
        return self.date + dt.timedelta(days=self.valid_days)


def load_attestations(root: Path, school: str) -> list[Attestation]:
    """Load ``<root>/attestations/<school>.yml``; a school without the file has none.

    :raise AttestationInvalid: naming the file, line and fix when the file is invalid.
    """
    path = root / ATTESTATION_DIR / f"{school}.yml"
    if not path.is_file():
        return []
    problems = ProblemCollector()
    raw = load_yaml(path, problems)
    if problems.problems:
        raise AttestationInvalid("\n".join(p.render() for p in problems.problems))
    try:
        data = _File.model_validate(raw or {})
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        raise AttestationInvalid(
            _(
                '{path}:{line}: {key}: {message}; each entry needs rule, evidence, date ("YYYY-MM-DD") and signer'
            ).format(
                path=path,
                line=line_at(raw, loc) or 1,
                key=".".join(map(str, loc)),
                message=first["msg"],
            )
        ) from err
    return [
        Attestation(
            e.rule,
            e.evidence,
            e.date,
            e.signer,
            e.valid_days,
            path,
            line_at(raw, ("attestations", i)),
        )
        for i, e in enumerate(data.attestations)
    ]
