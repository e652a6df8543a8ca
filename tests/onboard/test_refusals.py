"""Specs that onboarding rejects, with messages that name the value and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.inventory import load_inventory
from campusctl.inventory.model import SchoolType
from campusctl.onboard.errors import (
    NoFittingModel,
    NoFreeSpace,
    OnboardError,
    SchoolExists,
    SpecInvalid,
    StandardNotMet,
)
from campusctl.onboard.hardware import platform_models
from campusctl.onboard.onboard import onboard, plan_batch
from campusctl.onboard.rules import load_rules
from tests.conftest import SAMPLE
from tests.onboard.conftest import make_spec

RULES = load_rules()


def test_existing_code_rejected(sample: Path) -> None:
    spec = make_spec(code="2440281001")
    with pytest.raises(SchoolExists, match=r"2440281001 already exists .*--replace"):
        onboard(sample, [spec])


def test_code_twice_in_batch_rejected(roomy: Path) -> None:
    specs = [make_spec(), make_spec(short="LCCX")]
    with pytest.raises(SchoolExists, match="listed twice"):
        onboard(roomy, specs)


def test_failed_batch_writes_nothing(roomy: Path) -> None:
    specs = [make_spec(), make_spec(code="2440281102", short="LCCX", bandwidth_mbps=1)]
    with pytest.raises(StandardNotMet):
        onboard(roomy, specs)
    assert not list(roomy.glob("schools/**/2440281101.yml"))


def test_district_without_space_rejected(sample: Path) -> None:
    big = make_spec(type="senior", bandwidth_mbps=1000, classrooms=60, dorm_rooms=60, floors=5)
    with pytest.raises(
        NoFreeSpace, match=r"district 440281 has no free address block .*add a pool"
    ):
        onboard(sample, [big])


def test_district_space_runs_out_in_batch(sample: Path) -> None:
    specs = [make_spec(code=f"24402813{i:02d}", short=f"F{i:02d}") for i in range(20)]
    with pytest.raises(NoFreeSpace):
        plan_batch(load_inventory(sample), specs, RULES)


@pytest.mark.parametrize(
    ("school_type", "mbps"),
    [("central_primary", 19), ("junior", 10), ("primary", 3), ("teaching_point", 2)],
)
def test_bandwidth_below_threshold_rejected(sample: Path, school_type: str, mbps: int) -> None:
    spec = make_spec(type=school_type, bandwidth_mbps=mbps)
    with pytest.raises(StandardNotMet, match=rf"{mbps} Mbps is below"):
        onboard(sample, [spec], dry_run=True)


@pytest.mark.parametrize(("school_type", "mbps"), [("central_primary", 20), ("primary", 4)])
def test_bandwidth_at_threshold_accepted(roomy: Path, school_type: str, mbps: int) -> None:
    result = onboard(roomy, [make_spec(type=school_type, bandwidth_mbps=mbps)], dry_run=True)
    assert result.plans[0].school.committed_mbps == mbps


def test_smart_campus_below_level_three_rejected(sample: Path) -> None:
    spec = make_spec(tier="smart_campus", mlps_level=2)
    with pytest.raises(StandardNotMet, match="--mlps-level 3"):
        onboard(sample, [spec], dry_run=True)


def test_school_without_classrooms_rejected(sample: Path) -> None:
    with pytest.raises(StandardNotMet, match="no classrooms"):
        onboard(sample, [make_spec(classrooms=0, labs=0)], dry_run=True)


def test_unknown_district_rejected(sample: Path) -> None:
    with pytest.raises(OnboardError, match="district 440999 is not declared"):
        onboard(sample, [make_spec(district="440999")], dry_run=True)


def test_name_prefix_in_use_rejected(roomy: Path) -> None:
    with pytest.raises(OnboardError, match="prefix SPJD is already used"):
        onboard(roomy, [make_spec(short="SPJD")], dry_run=True)


def test_rules_naming_unknown_model_rejected(sample: Path, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "campusctl" / "onboard" / "rules.yml"
    rules = tmp_path / "rules.yml"
    rules.write_text(
        source.read_text(encoding="utf-8").replace("core: [S6730-H24X6C]", "core: [S9999-X]"),
        encoding="utf-8",
    )
    with pytest.raises(NoFittingModel, match="S9999-X"):
        onboard(sample, [make_spec()], load_rules(rules), dry_run=True)


def test_rules_with_unknown_key_rejected(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yml"
    source = Path(__file__).resolve().parents[2] / "campusctl" / "onboard" / "rules.yml"
    rules.write_text(
        source.read_text(encoding="utf-8").replace("wlc_from_aps: 16", "wlc_from_ap: 16"),
        encoding="utf-8",
    )
    with pytest.raises(SpecInvalid, match=r"rules.yml:\d+: wlc_from_ap: unknown key"):
        load_rules(rules)


def test_slow_backbone_rejected_for_senior(roomy: Path) -> None:
    spec = make_spec(
        type="senior",
        platform="ruijie_rgos",
        bandwidth_mbps=1000,
        buildings=3,
        floors=4,
        classrooms=30,
        labs=4,
        dorm_rooms=20,
    )
    with pytest.raises(StandardNotMet, match=r"below the 10000 Mbps backbone .*RG-S5750"):
        onboard(roomy, [spec], dry_run=True)


def test_gigabit_backbone_accepted_for_junior(roomy: Path) -> None:
    spec = make_spec(
        type="junior", platform="ruijie_rgos", bandwidth_mbps=300, classrooms=24, floors=4
    )
    (plan,) = onboard(roomy, [spec], dry_run=True).plans
    core = plan.core.name
    speeds = {
        link.speed_mbps for link in plan.school.links if core in (link.a.device, link.b.device)
    }
    assert min(speeds) >= 1000


def test_packaged_rules_name_catalogue_models() -> None:
    catalog = load_inventory(SAMPLE).catalog
    for platform, rule in RULES.platforms.items():
        models = platform_models(catalog, rule, platform)
        assert all(models[role] for role in ("access", "core", "wlc", "ap")), platform
        assert all(m.poe_budget_w > 0 for m in models["access"]), platform
        assert all(m.kind == "ap" for m in models["ap"]), platform
        assert all(m.kind == "wlc" for m in models["wlc"]), platform


def test_packaged_bandwidth_floors() -> None:
    floors = RULES.min_bandwidth_mbps
    assert floors[SchoolType.TEACHING_POINT] == floors[SchoolType.PRIMARY] == 4
    for school_type in (
        SchoolType.CENTRAL_PRIMARY,
        SchoolType.JUNIOR,
        SchoolType.SENIOR,
        SchoolType.VOCATIONAL,
    ):
        assert floors[school_type] == 20
