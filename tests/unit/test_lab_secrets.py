"""The lab's generated secrets cover every secret the sample names and survive a rewrite."""

from __future__ import annotations

from pathlib import Path

import yaml

from campusctl.inventory import load_inventory
from campusctl.secrets import SecretStore, write_lab_secrets
from tests.conftest import SAMPLE


def test_lab_secrets_cover_sample_and_keep_values(tmp_path: Path) -> None:
    inventory = load_inventory(SAMPLE)
    path = tmp_path / "secrets.yml"
    path.write_text("radius_shared_secret: Kept-Value-2026\n", encoding="utf-8")
    write_lab_secrets(inventory, path)
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert values["radius_shared_secret"] == "Kept-Value-2026"
    for name in ("tacacs_shared_secret", "snmp_auth_key", "snmp_priv_key", "wlan_iot_psk"):
        assert values[name].startswith("Lab-"), name
    assert values["device_admin_hash_huawei_vrp"].startswith("$1a$")
    assert path.stat().st_mode & 0o077 == 0
    store = SecretStore(environ={"CAMPUSCTL_LAB_SECRETS": str(path)})
    assert store.get("device_admin_hash", "cisco_ios").startswith("$9$")
