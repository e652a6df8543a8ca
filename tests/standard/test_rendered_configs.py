"""The sample inventory's rendered configurations pass every applicable configuration rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.render.engine import Renderer
from campusctl.render.intent import school_intents
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
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
