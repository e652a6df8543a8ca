"""Tests of the offline plan runner: capture, masking, errors and golden plans per environment.

The golden files are the JSON ``campusctl stack plan --json`` writes for the
sample inventory. After an intended change, regenerate them with
``CAMPUSCTL_UPDATE_SNAPSHOTS=1 pytest tests/stacks/test_plan.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pulumi
import pytest

from campusctl.stacks.errors import StackConfigError, StackNotFoundError, StackProgramError
from campusctl.stacks.plan import plan_json, run_program
from campusctl.stacks.projects import plan_stack
from campusctl.stacks.sites import ProvinceSite
from campusctl.stacks.stackconfig import StackConfig
from tests.stacks.support import REPO, sample_plan

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("CAMPUSCTL_UPDATE_SNAPSHOTS") == "1"

STACKS = [(p, e) for p in ("yuejiaoyun", "edu-ca", "identity") for e in ("dev", "prod")]


@pytest.mark.parametrize(("project", "env"), STACKS)
def test_plan_matches_snapshot(project: str, env: str) -> None:
    text = plan_json(sample_plan(project, env).to_json())
    path = SNAPSHOTS / f"{project}-{env}.json"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with CAMPUSCTL_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"plan of {project}/{env} differs from {path.name}"
    )


def test_plan_is_byte_identical_across_runs(province: ProvinceSite) -> None:
    first = plan_json(plan_stack("identity", "dev", province=province).to_json())
    second = plan_json(plan_stack("identity", "dev", province=province).to_json())
    assert first == second


def test_plan_sorted_by_urn() -> None:
    plan = sample_plan("yuejiaoyun", "prod").plan
    urns = [r.urn for r in plan.resources]
    assert urns == sorted(urns)
    assert all(r.dependencies == sorted(r.dependencies) for r in plan.resources)


def test_plan_json_masks_secret_inputs() -> None:
    text = plan_json(sample_plan("edu-ca", "dev").to_json())
    assert "[secret]" in text
    assert "MOCK educa-dev-root\\n-----END PRIVATE KEY" not in text


def _config() -> StackConfig:
    return StackConfig("probe", "test", REPO, {"probe:name": "x"})


def test_runner_reports_missing_key() -> None:
    def program() -> dict[str, object]:
        pulumi.Config("probe").require("absent")
        return {}

    with pytest.raises(StackConfigError, match="probe:absent"):
        run_program(_config(), program)


def test_runner_reports_mistyped_key() -> None:
    def program() -> dict[str, object]:
        pulumi.Config("probe").require_int("name")
        return {}

    with pytest.raises(StackConfigError, match="probe:name"):
        run_program(_config(), program)


def test_runner_wraps_program_errors() -> None:
    def program() -> dict[str, object]:
        raise ValueError("boom")

    with pytest.raises(StackProgramError, match="boom"):
        run_program(_config(), program)


def test_runner_isolates_runs() -> None:
    def program() -> dict[str, object]:
        return {"name": pulumi.Config("probe").get("name"), "stack": pulumi.get_stack()}

    plan = run_program(_config(), program)
    assert plan.outputs == {"name": "x", "stack": "test"}
    assert plan.resources == []
    # The unit tests' own mocks are still in place after a plan ran in its own context.
    assert pulumi.get_stack() == "test"
    assert pulumi.get_project() == "campusctl-tests"


def test_unknown_project_and_env(province: ProvinceSite) -> None:
    with pytest.raises(StackNotFoundError, match="yuejiaoyun"):
        plan_stack("nowhere", "dev", province=province)
    with pytest.raises(StackNotFoundError, match="dev, prod"):
        plan_stack("identity", "staging", province=province)


def test_default_stacks_dir_prefers_working_directory(tmp_path: Path) -> None:
    from campusctl.stacks.projects import PACKAGE_STACKS_DIR, PROJECTS, default_stacks_dir

    assert default_stacks_dir(tmp_path) == PACKAGE_STACKS_DIR
    for name in PROJECTS:
        (tmp_path / "stacks" / name).mkdir(parents=True)
        (tmp_path / "stacks" / name / "Pulumi.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    assert default_stacks_dir(tmp_path) == tmp_path / "stacks"


@pytest.mark.parametrize(("project", "env"), STACKS)
def test_resource_names_keep_urns_parseable(project: str, env: str) -> None:
    # URN fields are separated by "::", so a name must not contain it (IPv6 prefixes do).
    for resource in sample_plan(project, env).plan.resources:
        assert "::" not in resource.name, resource.name
        assert len(resource.urn.split("::")) == 4, resource.urn
