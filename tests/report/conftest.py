"""Fixtures of the diagram and report tests: catalogs, the sample inventory, results, state."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from campusctl import i18n
from campusctl.diagram import cjk_font, inventory_revision
from campusctl.inventory import Inventory, load_inventory
from tests.conftest import REPO, SAMPLE

LOCALE = REPO / "campusctl" / "locale"
EMPTY_FONTCONFIG = (
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n'
)


def _compile_catalogs() -> None:
    """Compile each .po into its .mo when the .mo is missing or older (atomic, so workers can race)."""
    for po in LOCALE.glob("*/LC_MESSAGES/campusctl.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        partial = mo.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        partial.replace(mo)


@pytest.fixture(scope="session", autouse=True)
def catalogs() -> None:
    """Make sure the compiled catalogs match the .po files."""
    _compile_catalogs()
    i18n.reset()


@pytest.fixture(scope="session")
def inventory() -> Inventory:
    """Return the sample inventory."""
    return load_inventory(SAMPLE)


SMALL_SCHOOLS = ("2440106001", "2440281001", "2440281002")
"""The largest sample school and the two smallest: every page kind, at a third of the cost."""


@pytest.fixture(scope="session")
def small_inventory(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    """Return a copy of the sample inventory with only :data:`SMALL_SCHOOLS`."""
    root = tmp_path_factory.mktemp("small") / "inventory"
    shutil.copytree(SAMPLE, root)
    for path in (root / "schools").glob("*/*/*.yml"):
        if path.stem not in SMALL_SCHOOLS:
            path.unlink()
    return load_inventory(root)


@pytest.fixture(scope="session")
def font() -> str:
    """Return the CJK font the diagrams use on this machine."""
    return cjk_font()


@pytest.fixture(scope="session")
def revision(inventory: Inventory) -> str:
    """Return the sample inventory's revision."""
    return inventory_revision(inventory.root)


@pytest.fixture
def no_cjk_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point fontconfig at an empty configuration, so it lists no font at all."""
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.delenv("CAMPUSCTL_CJK_FONT", raising=False)
    return config


@pytest.fixture
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the state folder at an empty temporary folder."""
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("CAMPUSCTL_STATE", str(state))
    yield state


def rule(school: str, rule_id: str, outcome: str, **extra: Any) -> dict[str, Any]:
    """Return one rule result as the compliance checks write it."""
    return {
        "school": school,
        "rule": rule_id,
        "name_zh": extra.pop("name_zh", f"规则 {rule_id}"),
        "name_en": extra.pop("name_en", f"Rule {rule_id}"),
        "result": outcome,
        "evidence": extra.pop("evidence", []),
        "source": extra.pop("source", "粤教信息〔2013〕5号"),
        **extra,
    }


SAMPLE_RESULTS: list[dict[str, Any]] = [
    rule(
        "2440106001",
        "GD-BW-02",
        "pass",
        name_zh="中心小学以上出口带宽",
        name_en="Uplink of at least 20 Mbps",
        evidence=[
            {
                "file": "inventory/schools/440100/440106/2440106001.yml",
                "line": 9,
                "text": "committed 1500 Mbps",
            }
        ],
    ),
    rule(
        "2440106001",
        "GD-MGT-03",
        "fail",
        name_zh="登录失败处理",
        name_en="Login-failure lockout",
        evidence=[
            {
                "device": "YCSY-CORE-01",
                "command": "display current-configuration",
                "text": "登录失败锁定未配置",
            }
        ],
        source="GB/T 22239-2019 8.1.4.1 a)",
    ),
    rule("2440106002", "GD-BW-02", "pass", evidence="300 Mbps"),
    rule("2440113001", "GD-WL-04", "manual"),
    rule("2440281002", "GD-CLS-01", "not_applicable"),
]


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    """Write the sample results and return their path."""
    path = tmp_path / "results.json"
    path.write_text(
        json.dumps(
            {
                "profile": "gd-digital-campus",
                "generated": "2026-12-04T20:00:00+08:00",
                "results": SAMPLE_RESULTS,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path
