"""Fixtures of the wireless tests: the sample inventory and edited copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from campusctl.inventory import Inventory, load_inventory
from campusctl.inventory.locate import forget_files
from campusctl.render.engine import Renderer
from campusctl.render.intent import device_intent
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from campusctl.standard.profile import Profile, load_profile

SAMPLE = Path(__file__).resolve().parents[2] / "inventory"
HUAWEI_SCHOOL = "schools/440100/440106/2440106001.yml"
"""A level-3 senior school with a Huawei AC6508, 38 APs and its own RADIUS server."""

Edit = tuple[str, str, str]
"""(file relative to the inventory, exact text to find once, replacement)."""


@pytest.fixture(scope="session")
def sample() -> Inventory:
    return load_inventory(SAMPLE)


def copy_with_edits(root: Path, edits: list[Edit]) -> Path:
    """Copy the sample inventory to ``root`` and apply ``edits``; each anchor must match once."""
    target = root / "inventory"
    shutil.copytree(SAMPLE, target)
    for relative, old, new in edits:
        path = target / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{relative}: anchor {old!r} matches {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")
    forget_files()
    return target


@pytest.fixture
def edited(tmp_path: Path) -> Callable[[list[Edit]], Path]:
    def make(edits: list[Edit]) -> Path:
        return copy_with_edits(tmp_path, edits)

    return make


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("gd-digital-campus")


@pytest.fixture(scope="module")
def rendered(sample: Inventory) -> dict[str, str]:
    """Return each sample controller's rendered configuration, with the lab's fake secrets."""
    from tests.wireless.test_config_rules import CONTROLLERS, LAB_SECRETS

    renderer = Renderer(SecretStore(sample.root, environ={LAB_SECRETS_ENV: str(LAB_SECRETS)}))
    result = {}
    for name, code in CONTROLLERS.items():
        school = sample.schools[code]
        device = school.device(name)
        assert device is not None
        result[name] = renderer.render(device_intent(sample, school, device), "0" * 64)
    return result
