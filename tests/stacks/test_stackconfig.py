"""Tests of reading Pulumi stack files without the Pulumi CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campusctl.stacks.errors import StackConfigError, StackNotFoundError
from campusctl.stacks.stackconfig import SECRET_PLACEHOLDER, load_stack_config, project_name
from tests.stacks.support import STACKS


def _project(tmp_path: Path, body: str, name: str = "demo") -> Path:
    (tmp_path / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n", encoding="utf-8")
    (tmp_path / "Pulumi.dev.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_values_encoded_as_cli_strings(tmp_path: Path) -> None:
    body = "config:\n  flag: true\n  count: 3\n  list: [a, b]\n  aws:region: cn-south-1\n  obj: {k: 值}\n"
    config = load_stack_config(_project(tmp_path, body), "dev")
    assert config.values == {
        "demo:flag": "true",
        "demo:count": "3",
        "demo:list": '["a", "b"]',
        "aws:region": "cn-south-1",
        "demo:obj": json.dumps({"k": "值"}, ensure_ascii=False),
    }


def test_secure_value_becomes_secret_placeholder(tmp_path: Path) -> None:
    body = "config:\n  demo:dbPassword:\n    secure: AAABAGx1Y2t5\n"
    config = load_stack_config(_project(tmp_path, body), "dev")
    assert config.values["demo:dbPassword"] == SECRET_PLACEHOLDER
    assert config.secret_keys == {"demo:dbPassword"}
    assert config.plaintext_secrets == []


def test_declared_secret_gets_placeholder(tmp_path: Path) -> None:
    config = load_stack_config(_project(tmp_path, "config: {}\n"), "dev", ("openstack:password",))
    assert config.values == {"openstack:password": SECRET_PLACEHOLDER}
    assert config.secret_keys == {"openstack:password"}


@pytest.mark.parametrize(
    "key", ["openstack:password", "demo:apiToken", "keycloak:clientSecret", "demo:privateKey"]
)
def test_plaintext_credential_is_flagged(tmp_path: Path, key: str) -> None:
    config = load_stack_config(_project(tmp_path, f"config:\n  {key}: hunter2\n"), "dev")
    assert [p.key for p in config.plaintext_secrets] == [key]


@pytest.mark.parametrize(
    "key", ["identity:passwordPolicy", "demo:tokenLifespan", "demo:secretsManager"]
)
def test_settings_about_credentials_not_flagged(tmp_path: Path, key: str) -> None:
    config = load_stack_config(_project(tmp_path, f"config:\n  {key}: x\n"), "dev")
    assert config.plaintext_secrets == []


def test_missing_stack_file(tmp_path: Path) -> None:
    _project(tmp_path, "config: {}\n")
    with pytest.raises(StackNotFoundError, match=r"Pulumi\.prod\.yaml"):
        load_stack_config(tmp_path, "prod")


def test_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(StackConfigError, match="not valid YAML"):
        load_stack_config(_project(tmp_path, "config: [unclosed\n"), "dev")


def test_config_must_be_mapping(tmp_path: Path) -> None:
    with pytest.raises(StackConfigError, match="'config' must be a mapping"):
        load_stack_config(_project(tmp_path, "config: [1, 2]\n"), "dev")


@pytest.mark.parametrize("project", ["yuejiaoyun", "edu-ca", "identity"])
@pytest.mark.parametrize("env", ["dev", "prod"])
def test_repository_stack_files_hold_no_secrets(project: str, env: str) -> None:
    config = load_stack_config(STACKS / project, env)
    assert config.plaintext_secrets == []
    assert config.secret_keys == set()
    assert project_name(STACKS / project) == project
    text = (STACKS / project / f"Pulumi.{env}.yaml").read_text(encoding="utf-8")
    assert "secure:" not in text


def test_project_defaults_fill_unset_keys(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text(
        "name: demo\nruntime: python\nconfig:\n  demo:inventory:\n    type: string\n    default: ../../inventory\n"
        "  size:\n    type: integer\n    default: 3\n",
        encoding="utf-8",
    )
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  demo:size: 5\n", encoding="utf-8")
    config = load_stack_config(tmp_path, "dev")
    assert config.values == {"demo:inventory": "../../inventory", "demo:size": "5"}
