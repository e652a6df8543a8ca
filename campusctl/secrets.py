"""Secret lookup by name: environment, Ansible Vault, then the lab's secrets file.

The inventory names secrets (``device_admin_hash``, ``radius_shared_secret``,
``wlan_portal_key`` for the key a controller shares with the Portal server)
and never holds their values. A name is looked up, first match wins, in:

1. the environment variable ``CAMPUSCTL_SECRET_<NAME>`` (name upper-cased);
2. the Ansible Vault file ``<inventory>/group_vars/all/vault.yml``, decrypted
   with ansible-vault's Python API and the password file named by
   ``ANSIBLE_VAULT_PASSWORD_FILE``; keys ``<name>`` or ``vault_<name>``;
3. the lab's secrets file (plain YAML, for the embedded lab only), named by
   ``CAMPUSCTL_LAB_SECRETS``, else ``<state>/lab/secrets.yml`` that
   ``campusctl lab up`` writes with random values.

A platform-specific value ``<name>_<platform>`` (``device_admin_hash_cisco_ios``)
wins over the plain name, because password hashes differ per vendor.
Values are never logged; errors name the secret, never its value.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from campusctl.i18n import N_, _
from campusctl.render.errors import SecretMissing, SecretSourceError

log = logging.getLogger(__name__)

ENV_PREFIX = "CAMPUSCTL_SECRET_"
LAB_SECRETS_ENV = "CAMPUSCTL_LAB_SECRETS"
VAULT_PASSWORD_ENV = "ANSIBLE_VAULT_PASSWORD_FILE"
VAULT_RELATIVE = Path("group_vars/all/vault.yml")


def _read_mapping(text: str, source: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        # The parser's message quotes the file, which contains secrets, so give the line only.
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise SecretSourceError(
            _("{source} is not valid YAML (line {line}); correct that line").format(
                source=source, line=line
            )
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SecretSourceError(
            _("{source} must be a mapping of secret names to values").format(source=source)
        )
    return {str(k): str(v) for k, v in data.items() if v is not None}


def _decrypt_vault(path: Path, password_file: Path) -> dict[str, str]:
    from ansible.constants import DEFAULT_VAULT_ID_MATCH
    from ansible.errors import AnsibleError
    from ansible.parsing.vault import VaultLib, VaultSecret

    try:
        password = password_file.read_bytes().strip()
    except OSError as err:
        raise SecretSourceError(
            _("cannot read the vault password file {path}: {error}").format(
                path=password_file, error=err.strerror
            )
        ) from err
    vault = VaultLib([(DEFAULT_VAULT_ID_MATCH, VaultSecret(password))])
    data = path.read_bytes()
    try:
        plain = vault.decrypt(data) if vault.is_encrypted(data) else data
    except AnsibleError as err:
        raise SecretSourceError(
            _("cannot decrypt {path}: wrong vault password or damaged file").format(path=path)
        ) from err
    return _read_mapping(plain.decode("utf-8"), path)


class SecretStore:
    """Resolves secret names to values from the configured sources."""

    def __init__(
        self,
        inventory_root: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        self._root = inventory_root
        self._vault: dict[str, str] | None = None
        self._lab: dict[str, str] | None = None

    def _vault_values(self) -> dict[str, str]:
        if self._vault is None:
            self._vault = {}
            if self._root is not None:
                path = self._root / VAULT_RELATIVE
                password = self._environ.get(VAULT_PASSWORD_ENV)
                if path.is_file() and password:
                    self._vault = _decrypt_vault(path, Path(password))
                elif path.is_file():
                    log.warning(
                        N_("%s exists but %s is not set; vault secrets are skipped"),
                        path,
                        VAULT_PASSWORD_ENV,
                    )
        return self._vault

    def _lab_values(self) -> dict[str, str]:
        if self._lab is None:
            self._lab = {}
            name = self._environ.get(LAB_SECRETS_ENV)
            if not name and self._root is not None:
                default = lab_secrets_path(self._root)
                name = str(default) if default.is_file() else None
            if name:
                path = Path(name)
                try:
                    text = path.read_text(encoding="utf-8")
                except OSError as err:
                    raise SecretSourceError(
                        _("cannot read the lab secrets file {path}: {error}").format(
                            path=path, error=err.strerror
                        )
                    ) from err
                self._lab = _read_mapping(text, path)
        return self._lab

    def known_values(self) -> set[str]:
        """Return every secret value the sources hold, for masking output (never logged)."""
        values = {v for k, v in self._environ.items() if k.startswith(ENV_PREFIX) and v}
        values.update(self._vault_values().values())
        values.update(self._lab_values().values())
        return values

    def find(self, name: str) -> str | None:
        """Return the value of ``name``, or None when no source has it."""
        value = self._environ.get(ENV_PREFIX + name.upper().replace("-", "_"))
        if value:
            return value
        vault = self._vault_values()
        for key in (name, f"vault_{name}"):
            if vault.get(key):
                return vault[key]
        lab = self._lab_values()
        return lab.get(name) or None

    def get(self, name: str, platform: str | None = None) -> str:
        """Return the value of ``name`` (its ``<name>_<platform>`` variant first).

        :raise SecretMissing: naming the secret and the ways to provide it.
        """
        if platform is not None:
            value = self.find(f"{name}_{platform}")
            if value is not None:
                return value
        value = self.find(name)
        if value is None:
            raise SecretMissing(
                _(
                    "secret {name} is not set; set {env}, add it to the Ansible Vault "
                    "file {vault}, or to the lab secrets file named by {lab}"
                ).format(
                    name=name,
                    env=ENV_PREFIX + name.upper(),
                    vault=self._root / VAULT_RELATIVE
                    if self._root is not None
                    else Path("<inventory>") / VAULT_RELATIVE,
                    lab=LAB_SECRETS_ENV,
                ),
                name=name,
            )
        return value

    def fingerprint(self, names: list[str], platform: str) -> str:
        """Return a digest of the named secrets' values, for input hashes (never the values)."""
        digest = hashlib.sha256()
        for name in sorted(set(names)):
            digest.update(name.encode())
            digest.update(b"\0")
            digest.update(self.get(name, platform).encode())
            digest.update(b"\0")
        return digest.hexdigest()


SecretLookup = Callable[[str, str | None], str]


LAB_SECRETS_FILE = "secrets.yml"

# Password-hash formats the platforms print, for lab values of the right shape.
_HASH_FORMATS = {
    "huawei_vrp": "$1a${salt}${body}$",
    "h3c_comware": "$h$6${salt}${body}",
    "cisco_ios": "$9${salt}${body}",
    "ruijie_rgos": "$1${salt}${body}",
}


def lab_secrets_path(inventory_root: Path) -> Path:
    """Return where ``campusctl lab up`` keeps the lab's secrets."""
    from campusctl.state import lab_dir

    return lab_dir(inventory_root) / LAB_SECRETS_FILE


def write_lab_secrets(inventory: Any, path: Path) -> Path:
    """Give every secret the inventory names a random lab value, keeping values already written.

    Password hashes get one value per platform in that platform's hash format,
    so rendered configs look like real ones; the lab never checks them.
    """
    import secrets as random_source

    names: set[str] = set()
    hashes: set[str] = set()
    for school in inventory.schools.values():
        settings = school.settings
        hashes.update(user.secret for user in settings.local_users)
        for user in settings.snmp_users:
            names.update((user.auth_secret, user.priv_secret))
        for server in (*school.services.radius, *school.services.tacacs):
            names.add(server.secret)
        wireless = getattr(settings, "wireless", None)
        for ssid in getattr(wireless, "ssids", []) or []:
            if getattr(ssid, "psk_secret", None):
                names.add(ssid.psk_secret)
        portal = getattr(wireless, "portal", None)
        if portal is not None:
            names.add(portal.key_secret)
    values: dict[str, str] = {}
    if path.is_file():
        values = _read_mapping(path.read_text(encoding="utf-8"), path)
    for name in sorted(names):
        values.setdefault(name, "Lab-" + random_source.token_urlsafe(15))
    for name in sorted(hashes):
        values.setdefault(name, "$6$lab$" + random_source.token_hex(24))
        for platform, shape in _HASH_FORMATS.items():
            values.setdefault(
                f"{name}_{platform}",
                shape.format(salt=random_source.token_hex(4), body=random_source.token_hex(16)),
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(yaml.safe_dump(values, sort_keys=True), encoding="utf-8")
    return path
