"""Tests of the policy pack files: names, enforcement and the per-environment config."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pulumi_policy import EnforcementLevel

from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.policies import POLICIES
from campusctl.stacks.projects import load_policy_config
from tests.stacks.support import STACKS, load_yaml

PACK = STACKS / "policy"
JSON_TYPES = {"integer": int, "string": str, "array": list, "boolean": bool}


def test_policy_names_unique_and_mandatory() -> None:
    names = [policy.name for policy in POLICIES]
    assert len(names) == len(set(names))
    assert "all" not in names
    for policy in POLICIES:
        assert policy.enforcement_level is EnforcementLevel.MANDATORY, policy.name
        assert policy.description


def test_schema_defaults_match_types() -> None:
    for policy in POLICIES:
        if policy.config_schema is None:
            continue
        for key, spec in policy.config_schema.properties.items():
            assert isinstance(spec["default"], JSON_TYPES[spec["type"]]), f"{policy.name}.{key}"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_pack_config_names_known_settings(env: str) -> None:
    raw = json.loads((PACK / f"policy-config.{env}.json").read_text(encoding="utf-8"))
    by_name = {policy.name: policy for policy in POLICIES}
    assert raw.pop("all") == "mandatory"
    for name, settings in raw.items():
        assert name in by_name, name
        schema = by_name[name].config_schema
        assert schema is not None, name
        for key, value in settings.items():
            assert key in schema.properties, f"{name}.{key}"
            assert isinstance(value, JSON_TYPES[schema.properties[key]["type"]]), f"{name}.{key}"
    assert (
        load_policy_config(STACKS, env)["no-world-open-ingress"]["publicGroupPattern"]
        == f"^yjy-{env}-portal$"
    )


def test_pack_entry_builds_policy_pack() -> None:
    tree = ast.parse((PACK / "__main__.py").read_text(encoding="utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "PolicyPack"
    ]
    assert len(calls) == 1
    keywords = {k.arg: ast.unparse(k.value) for k in calls[0].keywords}
    assert keywords == {"name": "PACK_NAME", "policies": "POLICIES"}
    manifest = load_yaml(PACK / "PulumiPolicy.yaml")
    assert isinstance(manifest, dict)
    assert manifest["runtime"]["name"] == "python"


@pytest.mark.parametrize("project", ["yuejiaoyun", "edu-ca", "identity"])
def test_environments_set_same_keys(project: str) -> None:
    keys = {}
    for env in ("dev", "prod"):
        data = load_yaml(STACKS / project / f"Pulumi.{env}.yaml")
        assert isinstance(data, dict)
        keys[env] = set(data["config"])
    assert keys["dev"] == keys["prod"]


def test_pack_config_invalid_json(tmp_path: Path) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "policy-config.dev.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StackConfigError, match="not valid JSON"):
        load_policy_config(tmp_path, "dev")


def test_pack_config_missing_means_defaults(tmp_path: Path) -> None:
    assert load_policy_config(tmp_path, "staging") == {}
