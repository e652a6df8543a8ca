"""Golden files: every sample device's whole configuration, compared byte for byte.

Regenerate after an intended template change with
``CAMPUSCTL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from campusctl.render.model import DeviceIntent

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CAMPUSCTL_UPDATE_GOLDEN") == "1"


def test_golden_configs(intents: dict[str, DeviceIntent], configs: dict[str, str]) -> None:
    mismatched = []
    for name, config in sorted(configs.items()):
        path = GOLDEN / intents[name].school / f"{name}.cfg"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(config.encode("utf-8"))
            continue
        if not path.is_file() or path.read_bytes() != config.encode("utf-8"):
            mismatched.append(name)
    assert not mismatched, f"differs from golden file: {mismatched}"


def test_no_stale_golden_files(intents: dict[str, DeviceIntent]) -> None:
    if UPDATE:
        pytest.skip("regenerating golden files")
    on_disk = {p.stem for p in GOLDEN.rglob("*.cfg")}
    assert on_disk == set(intents)
