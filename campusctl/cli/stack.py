"""``campusctl stack``: plan the 粤教云 Pulumi stacks offline and run their policies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from campusctl.cli.output import console
from campusctl.i18n import _
from campusctl.stacks.errors import PolicyViolationError

if TYPE_CHECKING:
    from campusctl.stacks.projects import StackPlan

# The Pulumi SDK and providers take about a second to import, so the stack modules
# are imported inside the commands and other commands start fast.


def _print_resources(stack_plan: StackPlan) -> None:
    from campusctl.stacks.summary import key_inputs, parent_name, short_type

    plan = stack_plan.plan
    table = Table(
        title=_("Resources of {project}/{stack}").format(project=plan.project, stack=plan.stack)
    )
    table.add_column(_("Type"), overflow="fold")
    table.add_column(_("Name"), overflow="fold")
    table.add_column(_("Parent"), overflow="fold")
    table.add_column(_("Key inputs"), overflow="fold")
    # Cells are Text objects because names and inputs may contain brackets, e.g. [secret],
    # which rich would otherwise parse as markup.
    for resource in plan.resources:
        table.add_row(
            Text(short_type(resource.type)),
            Text(resource.name),
            Text(parent_name(resource)),
            Text(key_inputs(resource)),
        )
    console.print(table)


def _print_policies(stack_plan: StackPlan) -> None:
    plan = stack_plan.plan
    policies = Table(title=_("Policies"))
    policies.add_column(_("Policy"), overflow="fold")
    policies.add_column(_("Result"))
    policies.add_column(_("Violations"), justify="right")
    for result in stack_plan.policies:
        verdict = _("passed") if result.passed else _("FAILED")
        policies.add_row(Text(result.name), Text(verdict), str(len(result.violations)))
    console.print(policies)
    for result in stack_plan.policies:
        for violation in result.violations:
            console.print(
                _("{policy}: {message} ({subject})").format(
                    policy=result.name, message=violation.message, subject=violation.subject
                ),
                markup=False,
            )
    passed = sum(1 for r in stack_plan.policies if r.passed)
    console.print(
        _(
            "{count} resources planned for {project}/{stack}; {passed} of {total} policies passed."
        ).format(
            count=len(plan.resources),
            project=plan.project,
            stack=plan.stack,
            passed=passed,
            total=len(stack_plan.policies),
        ),
        markup=False,
    )


def plan_command(
    name: str = typer.Argument(..., help=_("Stack project: yuejiaoyun, edu-ca or identity.")),
    env: str = typer.Option(..., "--env", "-e", help=_("Stack environment, e.g. dev or prod.")),
    json_file: Path | None = typer.Option(
        None, "--json", help=_("Also write the plan and policy results to this JSON file.")
    ),
    inventory: Path | None = typer.Option(
        None,
        "--inventory",
        "-i",
        help=_("Inventory folder (default: the one the stack config names)."),
    ),
    config_file: Path | None = typer.Option(
        None, "--config", help=_("Stack file to read instead of stacks/NAME/Pulumi.ENV.yaml.")
    ),
    stacks_dir: Path | None = typer.Option(
        None,
        "--stacks-dir",
        help=_("Folder of the stack projects (default: ./stacks, else the checkout's stacks/)."),
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print only the policy results.")),
) -> None:
    """Run a stack program offline under mocks, list what it would create and check the policies."""
    from campusctl.stacks.plan import plan_json
    from campusctl.stacks.projects import plan_stack

    stack_plan = plan_stack(
        name,
        env,
        stacks_dir=stacks_dir,
        inventory=inventory,
        config_file=config_file,
    )
    if json_file is not None:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_text(plan_json(stack_plan.to_json()), encoding="utf-8")
    if not quiet:
        _print_resources(stack_plan)
    _print_policies(stack_plan)
    if not stack_plan.passed:
        failed = [r.name for r in stack_plan.policies if not r.passed]
        raise PolicyViolationError(
            _(
                "Stack {project}/{stack} violates {policies}: fix the resources or the stack file."
            ).format(
                project=stack_plan.plan.project,
                stack=stack_plan.plan.stack,
                policies=", ".join(failed),
            )
        )


def list_command(
    stacks_dir: Path | None = typer.Option(
        None,
        "--stacks-dir",
        help=_("Folder of the stack projects (default: ./stacks, else the checkout's stacks/)."),
    ),
) -> None:
    """List the stack projects and their environments."""
    from campusctl.stacks.projects import PROJECTS, default_stacks_dir, environments

    root = stacks_dir or default_stacks_dir()
    for name in sorted(PROJECTS):
        console.print(f"{name}: {', '.join(environments(root, name)) or '-'}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``stack`` command group to ``app``."""
    group = typer.Typer(
        help=_("Plan the 粤教云 Pulumi stacks offline and check their policies."),
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    group.command(
        "plan",
        help=_(
            "Run a stack program offline under mocks, list what it would create and check "
            "the policies."
        ),
    )(plan_command)
    group.command("list", help=_("List the stack projects and their environments."))(list_command)
    app.add_typer(group, name="stack")
