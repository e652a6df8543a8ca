"""The engine against the lab with each device's full rendered config."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE
from tests.engine.conftest import DEVICES, PATTERN, EngineLab, apply, plan, running

pytestmark = pytest.mark.lab


def test_plan_output_and_file_hold_no_secret(engine_lab: EngineLab) -> None:
    out = engine_lab.state / "plan-secrets.json"
    result = engine_lab.campusctl(
        "plan",
        PATTERN,
        "--inventory",
        str(SAMPLE),
        "--configs",
        str(engine_lab.configs),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    secrets = yaml.safe_load((engine_lab.state / "lab" / "secrets.yml").read_text("utf-8"))
    rendered = "".join(p.read_text("utf-8") for p in engine_lab.configs.glob("*.cfg"))
    used = [str(v) for v in secrets.values() if str(v) in rendered]
    assert used, "the rendered configs use none of the lab secrets"
    written = out.read_text("utf-8") + result.stdout + result.stderr
    for value in used:
        assert value not in written


def test_fresh_lab_plan_shows_full_change(engine_lab: EngineLab) -> None:
    planned = plan(engine_lab, engine_lab.configs)
    assert set(planned) == set(DEVICES)
    for device, entry in planned.items():
        assert entry["error"] is None, f"{device}: {entry['error']}"
        assert len(entry["commands"]) > 50, device


def test_rejected_change_restores_devices_exactly(engine_lab: EngineLab, tmp_path: Path) -> None:
    """A full change that the device rejects part-way is undone line for line.

    The change touches protected sections (console lines, which a replace never
    negates); the rollback still removes what the change added there.
    """
    before = {device: running(engine_lab, device) for device in DEVICES}
    for device in DEVICES:
        rendered = (engine_lab.configs / f"{device}.cfg").read_text(encoding="utf-8")
        (tmp_path / f"{device}.cfg").write_text(
            rendered + "campusctl-lab-rejects-this-line\n", encoding="utf-8"
        )
    code, output = apply(engine_lab, tmp_path)
    assert code == 1, output
    assert "ROLLBACK FAILED" not in output, output
    for device in DEVICES:
        assert f"{device}: rolled back:" in output, output
        after = running(engine_lab, device)
        changed = difflib.unified_diff(before[device].splitlines(), after.splitlines(), lineterm="")
        assert after == before[device], f"{device}:\n" + "\n".join(changed)


def test_full_config_converges_on_all_devices(engine_lab: EngineLab, tmp_path: Path) -> None:
    """Every sample device, all four platforms and their controllers, takes its full config."""
    configs = tmp_path / "configs"
    rendered = engine_lab.campusctl(
        "render", "--inventory", str(SAMPLE), "--out", str(configs), "--cache", str(tmp_path)
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    count = len(list(configs.glob("*.cfg")))
    assert count == 38
    code, output = apply(engine_lab, configs, "all")
    assert code == 0, output
    assert f"{count} of {count} device(s) succeeded" in output, output
    for device, entry in plan(engine_lab, configs, "all").items():
        assert entry["error"] is None, f"{device}: {entry['error']}"
        assert entry["commands"] == [], f"{device}: {entry['commands'][:5]}"
        assert entry["management_commands"] == [], device
