"""The gdedu.campus modules document, through their shared fragment, the options they accept."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

PLUGINS = REPO / "collections" / "ansible_collections" / "gdedu" / "campus" / "plugins"


def device_argument_spec() -> dict[str, dict[str, Any]]:
    """Return the argument spec the modules share, read from the collection's module_utils."""
    spec = importlib.util.spec_from_file_location(
        "device_utils", PLUGINS / "module_utils" / "device.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.DEVICE_ARGUMENT_SPEC)


def documented_options(module: str) -> dict[str, dict[str, Any]]:
    """Return the options ``ansible-doc`` shows for ``module``, fragments merged."""
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-doc"), "-j", f"gdedu.campus.{module}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    options: dict[str, dict[str, Any]] = json.loads(result.stdout)[f"gdedu.campus.{module}"]["doc"][
        "options"
    ]
    return options


@pytest.mark.parametrize("module", ["campus_backup", "campus_config"])
def test_shared_options_documented(module: str) -> None:
    options = documented_options(module)
    for name, argument in device_argument_spec().items():
        assert name in options, f"{module}: option {name} is not documented"
        documented = options[name]
        assert documented["type"] == argument["type"], f"{module}: {name} type"
        assert documented.get("default") == argument.get("default"), f"{module}: {name} default"
        assert documented.get("required", False) == argument.get("required", False), (
            f"{module}: {name} required"
        )


def test_config_module_own_options() -> None:
    options = documented_options("campus_config")
    assert options["mode"]["choices"] == ["replace", "merge"]
    assert options["mode"]["default"] == "replace"
    assert options["confirm_timeout"]["type"] == "int"
    assert options["confirm_timeout"]["default"] == 120
