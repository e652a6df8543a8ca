"""The roles' public contract: prefixed variables, documented defaults, argument specs that match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROLES_DIR = Path(__file__).resolve().parents[2] / "roles"
ROLES = ("classroom_terminal", "school_server")
PYTHON_TYPE = {"bool": bool, "int": int, "str": str, "list": list, "dict": dict}


def _load(role: str, relative: str) -> Any:
    return yaml.safe_load((ROLES_DIR / role / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize("role", ROLES)
def test_defaults_prefixed_with_role_name(role: str) -> None:
    for name in _load(role, "defaults/main.yml"):
        assert name.startswith(f"{role}_"), name


@pytest.mark.parametrize("role", ROLES)
def test_internal_vars_prefixed_with_underscore(role: str) -> None:
    for name in _load(role, "vars/main.yml"):
        assert name.startswith(f"_{role}_"), name


@pytest.mark.parametrize("role", ROLES)
def test_every_default_documented_by_comment(role: str) -> None:
    lines = (ROLES_DIR / role / "defaults" / "main.yml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not line.startswith(f"{role}_"):
            continue
        above = [
            candidate
            for candidate in lines[max(0, index - 12) : index]
            if candidate.startswith("#")
        ]
        assert above, f"{line.split(':')[0]} has no comment above it"


@pytest.mark.parametrize("role", ROLES)
def test_argument_specs_match_defaults(role: str) -> None:
    defaults = _load(role, "defaults/main.yml")
    options = _load(role, "meta/argument_specs.yml")["argument_specs"]["main"]["options"]
    assert set(options) == set(defaults)
    for name, spec in options.items():
        assert spec.get("description"), f"{name} has no description"
        value = defaults[name]
        if value is None:
            assert "default" not in spec, name
            assert spec.get("required") is not True, name
            continue
        assert spec.get("default") == value, f"{name}: spec default differs from defaults/main.yml"
        assert isinstance(value, PYTHON_TYPE[spec["type"]]), f"{name} is not a {spec['type']}"
        if "choices" in spec:
            assert value in spec["choices"], name


@pytest.mark.parametrize("role", ROLES)
def test_file_modes_are_quoted_strings(role: str) -> None:
    for path in sorted((ROLES_DIR / role).glob("tasks/*.yml")):
        for task in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for module, arguments in task.items():
                if isinstance(arguments, dict) and "mode" in arguments:
                    assert isinstance(arguments["mode"], str), f"{path.name}: {task['name']}"
                    assert arguments["mode"].startswith("0"), f"{path.name}: {task['name']}"
                    assert module.count(".") == 2, f"{path.name}: {module} is not a FQCN"


@pytest.mark.parametrize("role", ROLES)
def test_modules_use_fqcn(role: str) -> None:
    for path in sorted((ROLES_DIR / role).glob("*/main.yml")) + sorted(
        (ROLES_DIR / role).glob("tasks/*.yml")
    ):
        if path.parent.name not in ("tasks", "handlers"):
            continue
        for task in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            modules = [key for key in task if "." in key]
            assert len(modules) == 1, f"{path.name}: {task.get('name')}"
            assert modules[0].split(".")[0] in ("ansible", "community"), modules[0]
