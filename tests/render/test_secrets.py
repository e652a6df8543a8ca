"""Secret lookup: environment, Ansible Vault, lab file, platform variants and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.constants import DEFAULT_VAULT_ID_MATCH
from ansible.parsing.vault import VaultLib, VaultSecret

from campusctl.render.errors import SecretMissing, SecretSourceError
from campusctl.secrets import LAB_SECRETS_ENV, VAULT_PASSWORD_ENV, VAULT_RELATIVE, SecretStore


def _vault(root: Path, password: bytes, text: str) -> None:
    vault = VaultLib([(DEFAULT_VAULT_ID_MATCH, VaultSecret(password))])
    path = root / VAULT_RELATIVE
    path.parent.mkdir(parents=True)
    path.write_bytes(vault.encrypt(text.encode()))


def test_environment_wins(tmp_path: Path) -> None:
    lab = tmp_path / "lab.yml"
    lab.write_text("radius_key: from-lab\n")
    store = SecretStore(
        tmp_path, environ={"CAMPUSCTL_SECRET_RADIUS_KEY": "from-env", LAB_SECRETS_ENV: str(lab)}
    )
    assert store.get("radius_key") == "from-env"


def test_vault_decrypted_with_password_file(tmp_path: Path) -> None:
    _vault(tmp_path, b"s3cret-pass", "vault_snmp_auth_key: from-vault\nplain_key: two\n")
    password = tmp_path / "pass"
    password.write_text("s3cret-pass\n")
    store = SecretStore(tmp_path, environ={VAULT_PASSWORD_ENV: str(password)})
    assert store.get("snmp_auth_key") == "from-vault"
    assert store.get("plain_key") == "two"


def test_wrong_vault_password_fails(tmp_path: Path) -> None:
    _vault(tmp_path, b"right", "a: b\n")
    password = tmp_path / "pass"
    password.write_text("wrong\n")
    store = SecretStore(tmp_path, environ={VAULT_PASSWORD_ENV: str(password)})
    with pytest.raises(SecretSourceError, match="cannot decrypt"):
        store.get("a")


def test_platform_variant_first(tmp_path: Path) -> None:
    lab = tmp_path / "lab.yml"
    lab.write_text("admin_hash: generic\nadmin_hash_cisco_ios: cisco\n")
    store = SecretStore(tmp_path, environ={LAB_SECRETS_ENV: str(lab)})
    assert store.get("admin_hash", "cisco_ios") == "cisco"
    assert store.get("admin_hash", "huawei_vrp") == "generic"


def test_missing_secret_error(tmp_path: Path) -> None:
    store = SecretStore(tmp_path, environ={})
    with pytest.raises(SecretMissing, match="CAMPUSCTL_SECRET_NOPE") as info:
        store.get("nope")
    assert info.value.name == "nope"


def test_fingerprint_hides_values(tmp_path: Path) -> None:
    store = SecretStore(tmp_path, environ={"CAMPUSCTL_SECRET_K": "value-1"})
    first = store.fingerprint(["k"], "cisco_ios")
    assert "value-1" not in first
    other = SecretStore(tmp_path, environ={"CAMPUSCTL_SECRET_K": "value-2"})
    assert other.fingerprint(["k"], "cisco_ios") != first
