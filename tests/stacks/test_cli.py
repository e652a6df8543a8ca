"""Tests of ``campusctl stack`` against the repository's inventory and stack files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campusctl.cli import app
from campusctl.stacks.projects import plan_stack
from campusctl.stacks.sites import load_sites
from tests.conftest import campusctl_env
from tests.stacks.support import REPO, STACKS


def _campusctl(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**campusctl_env(lang), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "campusctl", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_plan_prod_lists_every_city(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = _campusctl("stack", "plan", "yuejiaoyun", "--env", "prod", "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    cities = [city.code for city in load_sites(REPO / "inventory").cities]
    assert cities
    for code in cities:
        assert f"yjy-prod-city-{code}" in result.stdout
    assert "policies passed" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["passed"] is True
    assert sorted(data["outputs"]["cityAttachments"]) == sorted(cities)
    assert all(p["passed"] for p in data["policies"])


def test_plan_world_open_ssh_fails(tmp_path: Path) -> None:
    config = tmp_path / "Pulumi.prod.yaml"
    text = (STACKS / "yuejiaoyun" / "Pulumi.prod.yaml").read_text(encoding="utf-8")
    config.write_text(
        text + "  yuejiaoyun:extraIngress:\n"
        "    - {tier: management, protocol: tcp, port: 22, prefix: 0.0.0.0/0, description: vendor support}\n",
        encoding="utf-8",
    )
    result = _campusctl(
        "stack", "plan", "yuejiaoyun", "--env", "prod", "--config", str(config), "--quiet"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-world-open-ingress" in result.stdout
    assert "FAILED" in result.stdout
    assert "opens tcp 22-22 to 0.0.0.0/0 on yjy-prod-management" in result.stdout
    assert "E8005" in result.stderr


def test_plan_unknown_env_is_an_error() -> None:
    result = CliRunner().invoke(app, ["stack", "plan", "identity", "--env", "staging"])
    assert result.exit_code != 0
    assert "no environment staging" in str(result.exception)


def test_list_shows_environments() -> None:
    result = CliRunner().invoke(app, ["stack", "list"])
    assert result.exit_code == 0
    assert "yuejiaoyun: dev, prod" in result.output
    assert "edu-ca: dev, prod" in result.output


def test_plan_summary_in_chinese() -> None:
    result = _campusctl("stack", "plan", "identity", "--env", "dev", "--quiet", lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "identity/dev 计划创建 22 个资源" in result.stdout
    assert "项通过" in result.stdout


@pytest.mark.parametrize("project", ["yuejiaoyun", "edu-ca", "identity"])
@pytest.mark.parametrize("env", ["dev", "prod"])
def test_repository_inventory_plans_pass(project: str, env: str) -> None:
    stack_plan = plan_stack(project, env, inventory=REPO / "inventory")
    assert [r.name for r in stack_plan.policies if not r.passed] == []
    assert stack_plan.plan.resources
