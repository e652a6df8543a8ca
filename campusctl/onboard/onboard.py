"""Onboard schools: plan every spec of a batch, check them together, then write them.

A batch is all or nothing: when one school cannot be planned or the planned
inventory fails a cross-check, no file is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.loader import load_inventory
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.semantic import check_inventory
from campusctl.onboard.errors import OnboardError, SchoolExists
from campusctl.onboard.plan import PlanContext, SchoolPlan, plan_school
from campusctl.onboard.rules import SizingRules, load_rules
from campusctl.onboard.spec import SchoolSpec
from campusctl.onboard.writer import dump_school, write_atomic

log = logging.getLogger(__name__)


@dataclass
class OnboardResult:
    """The plans of a batch and the files written (none on a dry run)."""

    inventory: Inventory
    plans: list[SchoolPlan]
    written: list[Path] = field(default_factory=list)


def plan_batch(
    inventory: Inventory, specs: list[SchoolSpec], rules: SizingRules, *, replace: bool = False
) -> list[SchoolPlan]:
    """Plan every spec in order, each seeing the blocks and names of those before it.

    :param replace: plan schools that already exist again, keeping their blocks.
    :raise SchoolExists: when a code is in the inventory (without ``replace``) or twice in the batch.
    :raise OnboardError: when a school cannot be planned or the result fails the cross-checks.
    """
    context = PlanContext.of(inventory, rules)
    seen: set[str] = set()
    plans: list[SchoolPlan] = []
    for spec in specs:
        if spec.code in seen:
            raise SchoolExists(
                _("school {code} is listed twice in the batch; keep one entry").format(
                    code=spec.code
                )
            )
        seen.add(spec.code)
        existing = inventory.schools.get(spec.code)
        if existing is not None and not replace:
            raise SchoolExists(
                _(
                    "school {code} already exists in {path}; pick another code, "
                    "or pass --replace to plan it again with its address blocks"
                ).format(code=spec.code, path=existing.source)
            )
        if existing is not None:
            context.release_school(existing)
        plans.append(plan_school(spec, context, keep=existing))
    _cross_check(inventory, plans)
    return plans


def _cross_check(inventory: Inventory, plans: list[SchoolPlan]) -> None:
    """Run the inventory's semantic checks on the existing schools plus the plans."""
    planned = Inventory(
        root=inventory.root,
        province=inventory.province,
        catalog=inventory.catalog,
        schools=dict(inventory.schools),
    )
    for plan in plans:
        planned.schools[plan.spec.code] = plan.school
    problems = ProblemCollector()
    check_inventory(planned, problems)
    if problems:
        details = "\n".join(problem.render() for problem in problems.problems[:20])
        raise OnboardError(
            _("the planned inventory fails {count} check(s):\n{details}").format(
                count=len(problems.problems), details=details
            )
        )


def header(plan: SchoolPlan) -> str:
    """Return the comment that opens a written school file: its name and its spec."""
    spec = plan.spec
    title = f"{spec.name} ({spec.name_en})" if spec.name_en else spec.name
    fields = spec.model_dump(exclude_none=True, exclude={"code", "name", "name_en"}, mode="json")
    described = ", ".join(
        f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
        for key, value in fields.items()
    )
    return f"{title}\nWritten by campusctl school new from: {described}"


def onboard(
    inventory_path: Path,
    specs: list[SchoolSpec],
    rules: SizingRules | None = None,
    *,
    dry_run: bool = False,
    replace: bool = False,
) -> OnboardResult:
    """Plan ``specs`` against the inventory at ``inventory_path`` and write the school files.

    :param dry_run: plan and check only; write nothing.
    :param replace: overwrite schools that exist, keeping their address blocks.
    """
    inventory = load_inventory(inventory_path)
    plans = plan_batch(inventory, specs, rules or load_rules(), replace=replace)
    result = OnboardResult(inventory, plans)
    if dry_run:
        return result
    for plan in plans:
        path = inventory.root / plan.relative_path
        write_atomic(path, dump_school(plan.data, header(plan)))
        result.written.append(path)
        log.info("wrote school %s to %s", plan.spec.code, path)
        old = inventory.schools.get(plan.spec.code)
        if old is not None and old.source is not None and old.source.resolve() != path.resolve():
            # The school moved to another district: its old file would repeat the code.
            old.source.unlink()
            log.info("removed school %s from %s", plan.spec.code, old.source)
    return result
