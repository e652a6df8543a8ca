"""Fixtures of the rendering tests: the sample inventory, its intents and rendered configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.render.engine import Renderer
from campusctl.render.intent import school_intents
from campusctl.render.model import DeviceIntent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "inventory"
LAB_SECRETS = Path(__file__).parent / "data" / "lab-secrets.yml"
FIXED_INPUTS = "0" * 64


@pytest.fixture(scope="session")
def sample() -> Inventory:
    return load_inventory(SAMPLE)


@pytest.fixture(scope="session")
def secrets(sample: Inventory) -> SecretStore:
    return SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)})


@pytest.fixture(scope="session")
def renderer(secrets: SecretStore) -> Renderer:
    return Renderer(secrets)


@pytest.fixture(scope="session")
def intents(sample: Inventory) -> dict[str, DeviceIntent]:
    return {i.name: i for s in sample.schools.values() for i in school_intents(sample, s)}


@pytest.fixture(scope="session")
def configs(intents: dict[str, DeviceIntent], renderer: Renderer) -> dict[str, str]:
    return {name: renderer.render(intent, FIXED_INPUTS) for name, intent in intents.items()}
