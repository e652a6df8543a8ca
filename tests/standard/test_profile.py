"""The profile as data: every requirement, overrides, bandwidth tiers and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import ProfileInvalid, load_profile
from campusctl.standard.registry import UnknownCheck, lookup
from campusctl.standard.results import Source, Status
from tests.standard.conftest import TODAY

REQUIREMENT_PREFIXES = (
    "GD-BW-",
    "GD-V6-",
    "GD-SEG-",
    "GD-L2-",
    "GD-WL-",
    "GD-MGT-",
    "GD-LOG-",
    "GD-SEC-",
    "GD-OPS-",
    "GD-CLS-",
    "GD-PLT-",
)


def test_profile_has_every_requirement() -> None:
    profile = load_profile("gd-digital-campus")
    ids = [r.id for r in profile.rules if r.id.startswith(REQUIREMENT_PREFIXES)]
    assert len(ids) == 48
    assert len(set(ids)) == 48
    for rule in profile.rules:
        assert rule.name.zh and rule.name.en and rule.source
        assert rule.checks or rule.evidence, (
            f"{rule.id} is neither checked nor manual with evidence"
        )


def test_every_binding_resolves() -> None:
    for name in (
        "gd-digital-campus",
        "gd-bw-national-2015",
        "gd-bw-moe-2017",
        "gd-bw-telecom-2020",
    ):
        for rule in load_profile(name).rules:
            for source, check in rule.checks.items():
                assert lookup(check, source, rule.id).name == check


def test_unknown_binding_raises() -> None:
    with pytest.raises(UnknownCheck, match="GD-X"):
        lookup("inventory.nothing", Source.INVENTORY, "GD-X")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bureau_override_changes_threshold(tmp_path: Path, test_inventory: Inventory) -> None:
    path = _write(
        tmp_path / "bureau.yml",
        "profile: {id: tianhe, extends: gd-digital-campus}\noverrides:\n  GD-BW-02: {threshold: {min_mbps: 200}}\n  GD-WL-02: {enabled: false}\n",
    )
    profile = load_profile(str(path))
    assert profile.chain == ["gd-digital-campus", "tianhe"]
    assert profile.rule("GD-BW-02").threshold == {"min_mbps": 200}
    assert "GD-WL-02" not in {r.id for r in profile.enabled()}
    result = run_checks(
        Run(test_inventory, profile, today=TODAY), [test_inventory.schools["2440106101"]]
    )
    (bandwidth,) = [f for f in result.findings if f.rule == "GD-BW-02"]
    assert bandwidth.status is Status.FAIL
    assert bandwidth.threshold == 200


@pytest.mark.parametrize(
    ("profile", "fails"),
    [("gd-bw-moe-2017", False), ("gd-bw-national-2015", False), ("gd-bw-telecom-2020", False)],
)
def test_bandwidth_tiers_selectable(test_inventory: Inventory, profile: str, fails: bool) -> None:
    loaded = load_profile(profile)
    rule = loaded.rule("GD-BW-04")
    assert rule.enabled
    result = run_checks(
        Run(test_inventory, loaded, today=TODAY), [test_inventory.schools["2440106101"]]
    )
    (finding,) = [f for f in result.findings if f.rule == "GD-BW-04"]
    assert (finding.status is Status.FAIL) is fails


def test_telecom_tier_fails_slow_teaching_point(sample_inventory: Inventory) -> None:
    profile = load_profile("gd-bw-telecom-2020")
    school = sample_inventory.schools["2440281002"]
    result = run_checks(Run(sample_inventory, profile, today=TODAY), [school])
    (finding,) = [f for f in result.findings if f.rule == "GD-BW-04"]
    assert finding.status is Status.FAIL
    assert finding.measured == 20
    assert finding.threshold == 100


def test_base_profile_leaves_later_tier_off() -> None:
    assert not load_profile("gd-digital-campus").rule("GD-BW-04").enabled


def test_threshold_variants_by_level(test_inventory: Inventory) -> None:
    rule = load_profile("gd-digital-campus").rule("GD-LOG-01")
    school = test_inventory.schools["2440106101"]
    assert school.mlps_level == 3
    assert rule.threshold_for(school) == {"min_syslog": 2, "min_ntp": 2}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "profile: {id: x, extends: gd-digital-campus}\noverrides:\n  GD-XX-99: {enabled: false}\n",
            "unknown rule GD-XX-99",
        ),
        (
            "profile: {id: x, extends: gd-digital-campus}\noverrides:\n  GD-BW-02: {severity: fatal}\n",
            "GD-BW-02",
        ),
        ("profile: {id: loop-a, extends: y.yml}\n", "extends itself"),
        (
            "profile: {id: x}\nrules:\n  - {id: GD-BW-01, name: {zh: a, en: b}, category: c, source: s}\n  - {id: GD-BW-01, name: {zh: a, en: b}, category: c, source: s}\n",
            "defined twice",
        ),
        ("profile: {id: x}\nrulez: []\n", "rulez"),
        ("profile: {id: x}\nrules: [\n", "YAML"),
    ],
)
def test_bad_profile_names_the_problem(tmp_path: Path, text: str, match: str) -> None:
    _write(tmp_path / "y.yml", "profile: {id: loop-b, extends: x.yml}\n")
    path = _write(tmp_path / "x.yml", text)
    with pytest.raises(ProfileInvalid, match=match):
        load_profile(str(path))


def test_unknown_profile_lists_known() -> None:
    with pytest.raises(ProfileInvalid, match="gd-digital-campus"):
        load_profile("no-such-profile")
