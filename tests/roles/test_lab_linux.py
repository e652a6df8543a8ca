"""Lab Linux host building blocks that run without root: specs, names, service configs, layers."""

from __future__ import annotations

import os
from ipaddress import ip_address, ip_interface
from pathlib import Path

import pytest

from campusctl.inventory import load_inventory
from campusctl.lab.linux import (
    Endpoint,
    HostSpec,
    LabHostError,
    LabHostsUnavailable,
    ProvincialServices,
    manager,
    network,
    services,
    system,
)
from campusctl.lab.linux.container import Container
from campusctl.lab.linux.layers import LayerStore, role_packages
from campusctl.lab.linux.selection import host_specs, provincial_services
from campusctl.lab.linux.spec import LAB_IPV4, LAB_IPV6

REPO = Path(__file__).resolve().parents[2]

PROVINCIAL = ProvincialServices(
    ntp=(ip_address("198.18.255.1"),),
    syslog=(ip_address("198.18.255.2"), ip_address("2001:db8:ff::2")),
    dns=(ip_address("198.18.255.3"),),
    radius=(ip_address("198.18.255.1"),),
    ca=Endpoint("ca", "ca.edu.lab", ip_address("198.18.255.5")),
    endpoints=(Endpoint("res", "res.edu.lab", ip_address("198.18.254.10")),),
)


def test_host_outside_lab_range_rejected() -> None:
    with pytest.raises(LabHostError, match="outside the lab ranges"):
        HostSpec("T-1", "terminal", ip_interface("192.168.1.10/24"))
    with pytest.raises(LabHostError, match="outside the lab ranges"):
        HostSpec("T-1", "terminal", ip_interface("198.18.1.10/24"), ip_interface("2001:db9::1/64"))


def test_host_invalid_hostname_rejected() -> None:
    with pytest.raises(LabHostError, match="not a valid hostname"):
        HostSpec("T_1", "terminal", ip_interface("198.18.1.10/24"))


def test_service_outside_lab_range_rejected() -> None:
    outside = ProvincialServices(ntp=(ip_address("10.0.0.1"),))
    with pytest.raises(LabHostError, match=r"10\.0\.0\.1"):
        outside.addresses()


def test_service_addresses_unique_and_complete() -> None:
    addresses = PROVINCIAL.addresses()
    assert len(addresses) == len(set(addresses))
    assert ip_address("198.18.255.1") in addresses
    assert ip_address("198.18.254.10") in addresses
    assert ip_address("2001:db8:ff::2") in addresses


def test_duplicate_hosts_rejected() -> None:
    hosts = [
        HostSpec("T-1", "terminal", ip_interface("198.18.1.10/24")),
        HostSpec("T-2", "terminal", ip_interface("198.18.1.10/24")),
    ]
    with pytest.raises(LabHostError, match=r"share 198\.18\.1\.10"):
        manager._reject_duplicates(hosts)


def test_reserved_host_name_rejected() -> None:
    hosts = [HostSpec(services.SERVICES_NAME, "server", ip_interface("198.18.1.10/24"))]
    with pytest.raises(LabHostError, match="reserved"):
        manager._reject_duplicates(hosts)


def test_prerequisites_need_root(monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(LabHostsUnavailable, match="need root"):
        system.check_prerequisites()


def test_prerequisites_need_nspawn(monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        system.shutil, "which", lambda tool: None if tool == "systemd-nspawn" else "/bin/x"
    )
    with pytest.raises(LabHostsUnavailable, match="systemd-nspawn"):
        system.check_prerequisites()


def test_link_names_fit_kernel_limit() -> None:
    tag = network.lab_tag(Path("/some/very/long/state/folder/for/the/lab"))
    assert len(network.bridge_name(tag)) <= 15
    assert len(network.veth_name(tag, 9999) + "p") <= 15


def test_lab_tag_differs_per_state_folder() -> None:
    assert network.lab_tag(Path("/a/lab")) != network.lab_tag(Path("/b/lab"))


# The stock EAP module's lines that name its TLS files, and a lab EAP certificate and key.
STOCK_EAP = (
    "\t\tprivate_key_password = whatever\n"
    "\t\tprivate_key_file = /etc/ssl/private/ssl-cert-snakeoil.key\n"
    "\t\tcertificate_file = /etc/ssl/certs/ssl-cert-snakeoil.pem\n"
    "\t\tca_file = /etc/ssl/certs/ca-certificates.crt\n"
)
EAP = ("CERT PEM\n", "KEY PEM\n")


def _services_root(tmp_path: Path) -> Container:
    container = Container(services.SERVICES_NAME, tmp_path)
    (container.root / "etc").mkdir(parents=True)
    (container.root / "etc" / "group").write_text(
        f"root:x:0:\nfreerad:x:{os.getgid()}:\n", encoding="ascii"
    )
    eap = container.root / "etc/freeradius/3.0/mods-available/eap"
    eap.parent.mkdir(parents=True)
    eap.write_text(STOCK_EAP, encoding="utf-8")
    return container


def test_services_config_points_nowhere_outside(tmp_path: Path) -> None:
    container = _services_root(tmp_path)
    hosts = [HostSpec("T-1", "terminal", ip_interface("198.18.1.10/24"))]
    services.configure(container, PROVINCIAL, hosts, "PEM", "s3cret", ("u", "p"), EAP)
    chrony = (container.root / "etc/chrony/chrony.conf").read_text(encoding="utf-8")
    assert "local stratum" in chrony
    assert f"allow {LAB_IPV4}" in chrony
    assert f"allow {LAB_IPV6}" in chrony
    assert not [line for line in chrony.splitlines() if line.startswith(("pool", "server"))]
    dnsmasq = (container.root / "etc/dnsmasq.d/campusctl-lab.conf").read_text(encoding="utf-8")
    assert "no-resolv" in dnsmasq.splitlines()
    assert "listen-address=198.18.255.3" in dnsmasq.splitlines()
    assert "host-record=ca.edu.lab,198.18.255.5" in dnsmasq.splitlines()
    assert "host-record=t-1,198.18.1.10" in dnsmasq.splitlines()
    assert not [line for line in dnsmasq.splitlines() if line.startswith("server=")]


def test_services_config_radius_and_http(tmp_path: Path) -> None:
    container = _services_root(tmp_path)
    services.configure(container, PROVINCIAL, [], "PEM", "s3cret", ("lab-user", "pw"), EAP)
    clients = container.root / "etc/freeradius/3.0/clients.conf"
    assert "secret = s3cret" in clients.read_text(encoding="utf-8")
    eap = (container.root / "etc/freeradius/3.0/mods-available/eap").read_text(encoding="utf-8")
    assert "snakeoil" not in eap
    certs = container.root / "etc/freeradius/3.0/certs/campusctl-lab"
    assert (certs / "server.pem").read_text(encoding="ascii") == "CERT PEM\n"
    assert (certs / "ca.pem").read_text(encoding="ascii") == "PEM"
    assert oct(clients.stat().st_mode & 0o777) == "0o640"
    authorize = (container.root / "etc/freeradius/3.0/mods-config/files/authorize").read_text(
        encoding="utf-8"
    )
    assert authorize.startswith('# campusctl lab test account\nlab-user Cleartext-Password := "pw"')


def test_services_config_restart_keeps_one_lab_user(tmp_path: Path) -> None:
    container = _services_root(tmp_path)
    authorize = container.root / "etc/freeradius/3.0/mods-config/files/authorize"
    authorize.parent.mkdir(parents=True)
    authorize.write_text("DEFAULT Auth-Type := Reject\n", encoding="utf-8")
    services.configure(container, PROVINCIAL, [], "PEM", "s3cret", ("first", "pw1"), EAP)
    services.configure(container, PROVINCIAL, [], "PEM", "s3cret", ("second", "pw2"), EAP)
    content = authorize.read_text(encoding="utf-8")
    assert "first" not in content
    assert content.count("Cleartext-Password") == 1
    assert content.endswith("DEFAULT Auth-Type := Reject\n")
    wants = container.root / "etc/systemd/system/multi-user.target.wants"
    units = sorted(path.name for path in wants.iterdir())
    assert "campusctl-lab-repo.service" in units
    assert len(units) == 3
    assert (container.root / "srv/campusctl-ca/ca.crt").read_text(encoding="ascii") == "PEM"


def test_role_packages_read_from_defaults() -> None:
    packages = role_packages()
    assert "chromium" in packages["classroom_terminal_software_packages"]
    assert "freeradius" in packages["school_server_packages"]


def test_layer_store_splits_packages(tmp_path: Path) -> None:
    store = LayerStore(tmp_path)
    assert "chromium" in store.desktop.packages
    assert "chrony" in store.desktop.packages
    assert "freeradius" not in store.desktop.packages
    assert "kea-dhcp4-server" in store.repo_packages
    assert "dnsmasq" in store.repo_packages
    assert store.desktop.lowerdir().endswith(os.fspath(store.base.path))


def test_layer_recipe_follows_package_list(tmp_path: Path) -> None:
    store = LayerStore(tmp_path)
    before = store.desktop.recipe_hash()
    changed = type(store.desktop)(
        "desktop", store.desktop.path, store.desktop.lowers, (*store.desktop.packages, "vim")
    )
    assert changed.recipe_hash() != before
    assert not store.desktop.is_current()


def test_specs_from_sample_inventory() -> None:
    inventory = load_inventory(REPO / "inventory")
    specs = host_specs(inventory)
    kinds = {spec.kind for spec in specs}
    assert kinds == {"terminal", "server"}
    assert len({spec.name for spec in specs}) == len(specs)
    provincial = provincial_services(inventory)
    assert provincial.ntp
    assert provincial.ca is not None
    for address in provincial.addresses():
        assert address in (LAB_IPV4 if address.version == 4 else LAB_IPV6)
