"""The Portal server's shared key: a named secret like the others, never a value in the inventory."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from campusctl.inventory import load_inventory
from campusctl.inventory.model.wireless import PortalServer
from campusctl.render.errors import SecretMissing
from campusctl.secrets import SecretStore, write_lab_secrets
from tests.conftest import REPO, SAMPLE

PORTAL = {"address": "198.18.255.31", "url": "http://portal.gdedu.example/login"}


def test_sample_portal_names_key_secret() -> None:
    inventory = load_inventory(SAMPLE)
    for school in inventory.schools.values():
        portal = school.settings.wireless.portal
        assert portal is not None, school.code
        assert portal.key_secret == "wlan_portal_key"


def test_portal_key_secret_default() -> None:
    assert PortalServer.model_validate(PORTAL).key_secret == "wlan_portal_key"


def test_portal_key_secret_empty_rejected() -> None:
    with pytest.raises(ValidationError, match="key_secret"):
        PortalServer.model_validate({**PORTAL, "key_secret": ""})


def test_lab_secrets_cover_portal_key(tmp_path: Path) -> None:
    path = tmp_path / "secrets.yml"
    write_lab_secrets(load_inventory(SAMPLE), path)
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert values["wlan_portal_key"].startswith("Lab-")


def test_render_secrets_file_has_portal_key() -> None:
    path = REPO / "tests" / "render" / "data" / "lab-secrets.yml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert values["wlan_portal_key"]


def test_missing_portal_key_names_secret() -> None:
    store = SecretStore(environ={})
    with pytest.raises(SecretMissing) as raised:
        store.get("wlan_portal_key", "ruijie_rgos")
    assert "wlan_portal_key" in str(raised.value)
    assert "CAMPUSCTL_SECRET_WLAN_PORTAL_KEY" in str(raised.value)


def test_portal_key_value_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    value = "Portal-key-not-for-logs-0000"
    store = SecretStore(environ={"CAMPUSCTL_SECRET_WLAN_PORTAL_KEY": value})
    with caplog.at_level(logging.DEBUG):
        assert store.get("wlan_portal_key", "ruijie_rgos") == value
        store.fingerprint(["wlan_portal_key"], "ruijie_rgos")
    assert value not in caplog.text
