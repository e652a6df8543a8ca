"""The CJK font is chosen explicitly, and a missing one is an error, never tofu."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from campusctl.diagram import (
    FontMissing,
    city_overview,
    cjk_font,
    district_overview,
    logical_view,
    physical_view,
)
from campusctl.inventory import Inventory
from tests.conftest import REPO, campusctl_env


def test_cjk_font_prefers_noto_sans_sc() -> None:
    assert cjk_font() == "Noto Sans CJK SC"


def test_cjk_font_missing_raises(no_cjk_font: Path) -> None:
    with pytest.raises(FontMissing) as caught:
        cjk_font()
    message = str(caught.value)
    assert message.startswith("E7101:")
    assert "fc-list :lang=zh" in message
    assert "fonts-noto-cjk" in message


def test_cjk_font_configured_must_be_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMPUSCTL_CJK_FONT", "DejaVu Sans")
    with pytest.raises(FontMissing, match="DejaVu Sans"):
        cjk_font()


def test_cjk_font_configured_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMPUSCTL_CJK_FONT", "Noto Serif CJK SC")
    assert cjk_font() == "Noto Serif CJK SC"


def test_diagram_command_fails_without_cjk_font(no_cjk_font: Path, tmp_path: Path) -> None:
    env = campusctl_env()
    env["FONTCONFIG_FILE"] = str(no_cjk_font)
    out = tmp_path / "diagrams"
    result = subprocess.run(
        [sys.executable, "-m", "campusctl", "diagram", "-l", "school_2440281002", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "E7101" in result.stderr
    assert "fc-list :lang=zh" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def _graphs(inventory: Inventory, font: str, revision: str) -> dict[str, str]:
    school = inventory.schools["2440106001"]
    return {
        "physical": physical_view(school, font=font, revision=revision).source,
        "logical": logical_view(school, font=font, revision=revision).source,
        "district": district_overview(inventory, "440106", {}, font=font, revision=revision).source,
        "city": city_overview(inventory, "440100", {}, font=font, revision=revision).source,
    }


@pytest.mark.parametrize("view", ["physical", "logical", "district", "city"])
def test_dot_source_sets_font_everywhere(
    inventory: Inventory, font: str, revision: str, view: str
) -> None:
    source = _graphs(inventory, font, revision)[view]
    defaults = {
        kind: re.search(rf"^\t{kind} \[(.*)\]$", source, re.MULTILINE)
        for kind in ("graph", "node", "edge")
    }
    for kind, match in defaults.items():
        assert match is not None, f"no {kind} defaults in the {view} DOT source"
        assert f'fontname="{font}"' in match.group(1), f"{kind}: {match.group(1)}"
    assert defaults["graph"] is not None
    assert 'charset="UTF-8"' in defaults["graph"].group(1)


@pytest.mark.parametrize("view", ["physical", "logical", "district", "city"])
def test_dot_source_uses_html_labels_not_records(
    inventory: Inventory, font: str, revision: str, view: str
) -> None:
    source = _graphs(inventory, font, revision)[view]
    assert "record" not in source
    labels = re.findall(r"\blabel=(.)", source)
    assert labels, f"no labels in the {view} DOT source"
    node_labels = re.findall(r"^\t+\S+ \[label=(.)", source, re.MULTILINE)
    assert node_labels and all(start == "<" for start in node_labels)
