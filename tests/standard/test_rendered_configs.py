"""The sample inventory's rendered configurations pass every applicable configuration rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.inventory.model import Device, School
from campusctl.render.engine import Renderer
from campusctl.render.intent import school_intents
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from campusctl.standard.config.intent import IntentFacts
from campusctl.standard.engine import Run, run_checks
from campusctl.standard.profile import Profile
from campusctl.standard.results import Source, Status
from tests.standard.conftest import TODAY

LAB_SECRETS = Path(__file__).parents[1] / "render" / "data" / "lab-secrets.yml"


class RenderedConfigs:
    """Configurations rendered in memory, by device name."""

    def __init__(self, configs: dict[str, str]) -> None:
        self.configs = configs

    def config(self, school: School, device: Device) -> tuple[str, Path | None] | None:
        text = self.configs.get(device.name)
        return (text, Path(f"{device.name}.cfg")) if text is not None else None


@pytest.fixture(scope="module")
def rendered(sample_inventory: Inventory) -> dict[str, str]:
    secrets = SecretStore(sample_inventory.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)})
    renderer = Renderer(secrets)
    return {
        intent.name: renderer.render(intent, "0" * 64)
        for school in sample_inventory.schools.values()
        for intent in school_intents(sample_inventory, school)
    }


def test_rendered_sample_passes_config_rules(
    sample_inventory: Inventory, profile: Profile, rendered: dict[str, str]
) -> None:
    run = Run(
        sample_inventory,
        profile,
        configs=RenderedConfigs(rendered),
        check_inventory=False,
        today=TODAY,
    )
    result = run_checks(
        run, [sample_inventory.schools[c] for c in sorted(sample_inventory.schools)]
    )
    assert result.sources == (Source.CONFIG,)
    failed = [(f.rule, f.subject, f.message) for f in result.findings if f.status is Status.FAIL]
    assert failed == []
    checked = {f.device for f in result.findings if f.status is Status.PASS}
    assert checked == set(rendered)


def _outcomes(inventory: Inventory, profile: Profile, run: Run) -> set[tuple[str, str, Status]]:
    result = run_checks(run, [inventory.schools[c] for c in sorted(inventory.schools)])
    return {(f.rule, f.subject, f.status) for f in result.findings}


def test_intent_fast_path_agrees_with_parsing(
    sample_inventory: Inventory, profile: Profile, rendered: dict[str, str]
) -> None:
    parsed = _outcomes(
        sample_inventory,
        profile,
        Run(
            sample_inventory,
            profile,
            configs=RenderedConfigs(rendered),
            check_inventory=False,
            today=TODAY,
        ),
    )
    fast = _outcomes(
        sample_inventory,
        profile,
        Run(
            sample_inventory,
            profile,
            facts=IntentFacts(sample_inventory),
            check_inventory=False,
            today=TODAY,
        ),
    )
    assert fast == parsed


def test_intent_fast_path_finds_weak_login_policy(tmp_path: Path, profile: Profile) -> None:
    root = tmp_path / "inventory"
    shutil.copytree(Path(__file__).parents[2] / "inventory", root)
    school = root / "schools/440200/440281/2440281002.yml"
    text = school.read_text(encoding="utf-8").replace(
        "district: '440281'\n",
        "district: '440281'\nsettings: {login: {max_failures: 8, idle_timeout_s: 1800}}\n",
    )
    school.write_text(text, encoding="utf-8")
    inventory = load_inventory(root)
    run = Run(inventory, profile, facts=IntentFacts(inventory), check_inventory=False, today=TODAY)
    failed = {
        (f.rule, f.subject)
        for f in run_checks(run, [inventory.schools["2440281002"]]).findings
        if f.status is Status.FAIL
    }
    assert failed == {("GD-MGT-03", "SPJD-CORE-01"), ("GD-MGT-04", "SPJD-CORE-01")}
