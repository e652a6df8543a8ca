"""The lab CA issues the EAP server certificates of the lab's FreeRADIUS servers."""

from __future__ import annotations

import datetime
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from campusctl.lab.linux import LabHostError, pki, services
from campusctl.lab.linux.container import Container
from campusctl.lab.linux.pki import ensure_ca, issue_server_certificate, issued_by

# The lines of Debian's stock mods-available/eap that name its TLS files.
STOCK_EAP = (
    "eap {\n\tdefault_eap_type = md5\n\ttls-config tls-common {\n"
    "\t\tprivate_key_password = whatever\n"
    "\t\tprivate_key_file = /etc/ssl/private/ssl-cert-snakeoil.key\n"
    "\t\t#  the same file, then private_key_file &\n"
    "\t\tcertificate_file = /etc/ssl/certs/ssl-cert-snakeoil.pem\n"
    "\t\tca_file = /etc/ssl/certs/ca-certificates.crt\n"
    "\t\tca_path = ${cadir}\n\t}\n}\n"
)


def _load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_server_certificate_chains_to_the_lab_ca(tmp_path: Path) -> None:
    ca_path = ensure_ca(tmp_path)
    cert_path, key_path = issue_server_certificate(tmp_path, "radius-eap", ["radius.edu.gd.lab"])
    ca, cert = _load(ca_path), _load(cert_path)
    cert.verify_directly_issued_by(ca)
    assert cert.issuer == ca.subject
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["radius.edu.gd.lab"]
    assert cert.not_valid_after_utc < ca.not_valid_after_utc
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert "PRIVATE KEY" in key_path.read_text(encoding="ascii")


def test_certificate_kept_until_the_ca_changes(tmp_path: Path) -> None:
    first, _key = issue_server_certificate(tmp_path, "eap", ["radius.lab"])
    serial = _load(first).serial_number
    again, _key = issue_server_certificate(tmp_path, "eap", ["radius.lab"])
    assert _load(again).serial_number == serial
    # A new CA (its folder wiped but the certificate kept elsewhere) means a new certificate.
    (tmp_path / "ca.crt").unlink()
    (tmp_path / "ca.key").unlink()
    ensure_ca(tmp_path)
    renewed, _key = issue_server_certificate(tmp_path, "eap", ["radius.lab"])
    assert _load(renewed).serial_number != serial
    assert issued_by(_load(renewed), _load(tmp_path / "ca.crt"))


def test_another_ca_does_not_verify_the_certificate(tmp_path: Path) -> None:
    cert_path, _key = issue_server_certificate(tmp_path / "lab", "eap", ["radius.lab"])
    other = _load(ensure_ca(tmp_path / "other"))
    assert not issued_by(_load(cert_path), other)


def test_certificate_near_expiry_is_issued_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _key = issue_server_certificate(tmp_path, "eap", ["radius.lab"])
    serial = _load(first).serial_number
    monkeypatch.setattr(pki, "RENEW_BEFORE", datetime.timedelta(days=4000))
    renewed, _key = issue_server_certificate(tmp_path, "eap", ["radius.lab"])
    assert _load(renewed).serial_number != serial


def _container(tmp_path: Path) -> Container:
    container = Container("lab-provincial", tmp_path)
    eap = container.root / "etc/freeradius/3.0/mods-available/eap"
    eap.parent.mkdir(parents=True)
    eap.write_text(STOCK_EAP, encoding="utf-8")
    (container.root / "etc/group").write_text("root:x:0:\n", encoding="utf-8")
    return container


def test_provincial_freeradius_uses_the_lab_ca_certificate(tmp_path: Path) -> None:
    container = _container(tmp_path / "host")
    services.configure_eap(container, "CA PEM\n", "CERT PEM\n", "KEY PEM\n")
    folder = container.root / "etc/freeradius/3.0/certs/campusctl-lab"
    assert (folder / "ca.pem").read_text() == "CA PEM\n"
    assert stat.S_IMODE((folder / "server.key").stat().st_mode) == 0o640
    eap = (container.root / "etc/freeradius/3.0/mods-available/eap").read_text()
    assert "\t\tprivate_key_file = /etc/freeradius/3.0/certs/campusctl-lab/server.key\n" in eap
    assert "\t\tcertificate_file = /etc/freeradius/3.0/certs/campusctl-lab/server.pem\n" in eap
    assert "\t\tca_file = /etc/freeradius/3.0/certs/campusctl-lab/ca.pem\n" in eap
    assert "#\t\tprivate_key_password = whatever\n" in eap
    assert "snakeoil" not in eap
    # A restarted lab edits the file again and gets the same result.
    services.configure_eap(container, "CA PEM\n", "CERT PEM\n", "KEY PEM\n")
    assert (container.root / "etc/freeradius/3.0/mods-available/eap").read_text() == eap


def test_unknown_eap_layout_is_an_error(tmp_path: Path) -> None:
    container = _container(tmp_path / "host")
    eap = container.root / "etc/freeradius/3.0/mods-available/eap"
    eap.write_text(STOCK_EAP.replace("ca_file", "ca_bundle"), encoding="utf-8")
    with pytest.raises(LabHostError, match="ca_file"):
        services.configure_eap(container, "CA\n", "CERT\n", "KEY\n")
