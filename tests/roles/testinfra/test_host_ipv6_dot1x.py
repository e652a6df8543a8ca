"""IPv6 addressing by stateful DHCPv6 and 802.1X trust, checked on the lab's terminals and servers.

A terminal's DHCPv6 address must come from the school server's pool and show
up in the server's lease file under the terminal's DUID (the binding that
IPv6 traceability asks for). The terminal's supplicant must trust exactly
one CA, the provincial one, and the server's EAP certificate must chain to it.
"""

from __future__ import annotations

import json
import re
import time
from ipaddress import IPv6Address
from pathlib import Path
from typing import Any

import testinfra
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from ss_parse import parse_ss

DOT1X_CONF = "/etc/wpa_supplicant/wpa_supplicant-wired-eth0.conf"
SERVER_EAP_DIR = "/etc/freeradius/3.0/certs/school-server"


def _pool(context: dict[str, Any]) -> tuple[IPv6Address, IPv6Address]:
    first, last = (IPv6Address(part.strip()) for part in context["dhcp6_pool"].split("-"))
    return first, last


def _global_ipv6(host: testinfra.host.Host) -> list[dict[str, Any]]:
    data = json.loads(host.check_output("ip -j -6 addr show dev eth0 scope global"))
    # iproute2 may end addr_info with an empty object after a filtered-out address.
    return [info for link in data for info in link.get("addr_info", []) if "local" in info]


def _dhcp6_address(terminal: testinfra.host.Host, context: dict[str, Any]) -> IPv6Address:
    """Return the terminal's address from the DHCPv6 pool, waiting briefly for the lease."""
    first, last = _pool(context)
    deadline = time.monotonic() + 20
    while True:
        for info in _global_ipv6(terminal):
            address = IPv6Address(info["local"])
            if first <= address <= last:
                return address
        if time.monotonic() > deadline:
            raise AssertionError(f"no address from {first} - {last}: {_global_ipv6(terminal)}")
        time.sleep(0.5)


def test_dhcp6_server_listens(server: testinfra.host.Host) -> None:
    assert server.service("kea-dhcp6-server").is_running
    assert server.service("kea-dhcp6-server").is_enabled
    listeners = parse_ss(server.check_output("ss -lnuH"), protocol="udp")
    assert any(item.port == 547 for item in listeners), listeners
    server.run_test("kea-dhcp6 -t /etc/kea/kea-dhcp6.conf")


def test_terminal_networkd_asks_dhcpv6(terminal: testinfra.host.Host) -> None:
    assert terminal.service("systemd-networkd").is_running
    network = terminal.file("/etc/systemd/network/50-classroom-wired.network")
    assert network.mode == 0o644
    assert "WithoutRA=solicit" in network.content_string
    assert "KeepConfiguration=static" in network.content_string


def test_terminal_address_leased_by_school_server(
    terminal: testinfra.host.Host, context: dict[str, Any]
) -> None:
    """The lease ties the address to the terminal's DUID and name, and the collector logs it."""
    address = _dhcp6_address(terminal, context)
    hostname = terminal.check_output("hostname")
    status = terminal.check_output("networkctl status eth0 --no-pager")
    duid = re.search(r"DHCP6 Client DUID: \S+?:([0-9a-f]+)$", status, re.MULTILINE)
    assert duid is not None, status
    leases = "".join(
        _host(context, host).check_output("cat /var/lib/kea/kea-leases6.csv 2>/dev/null || true")
        for host in context["hosts"].values()
        if host["kind"] == "server"
    )
    rows = [line.split(",") for line in leases.splitlines() if line.startswith(f"{address},")]
    assert rows, f"{address} is in no DHCPv6 lease file"
    lease_duid = rows[-1][1].replace(":", "")
    assert lease_duid.endswith(duid.group(1)), (lease_duid, duid.group(1))
    assert rows[-1][11].rstrip(".") == hostname
    logged = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(context["remote_log_dir"]).glob("*.log")
    )
    allocations = [line for line in logged.splitlines() if "DHCP6_LEASE_ALLOC" in line]
    assert any(str(address) in line and rows[-1][1] in line for line in allocations), (
        "the collector has no DHCP6_LEASE_ALLOC line for this lease"
    )


def _host(context: dict[str, Any], host: dict[str, Any]) -> testinfra.host.Host:
    return testinfra.get_host(f"ssh://root@{host['address']}", ssh_config=context["ssh_config"])


def test_terminal_keeps_its_static_addresses(
    terminal: testinfra.host.Host, context: dict[str, Any]
) -> None:
    hostname = terminal.check_output("hostname")
    expected = next(h["address6"] for h in context["hosts"].values() if h["hostname"] == hostname)
    assert expected in {info["local"] for info in _global_ipv6(terminal)}
    routes = terminal.check_output("ip -6 route show 2001:db8::/32")
    assert "dev eth0" in routes


def test_supplicant_trusts_only_the_provincial_ca(
    terminal: testinfra.host.Host, context: dict[str, Any]
) -> None:
    conf = terminal.file(DOT1X_CONF)
    assert conf.mode == 0o600
    text = conf.content_string
    ca_lines = [line.strip() for line in text.splitlines() if line.strip().startswith("ca_")]
    assert ca_lines == ['ca_cert="/usr/local/share/ca-certificates/gdedu-lab-ca.crt"'], ca_lines
    assert f'domain_match="{context["radius_eap_name"]}"' in text
    trusted = terminal.file("/usr/local/share/ca-certificates/gdedu-lab-ca.crt").content_string
    assert trusted.strip() == Path(context["ca_certificate"]).read_text(encoding="ascii").strip()
    assert terminal.service("wpa_supplicant-wired@eth0").is_enabled


def _chains_to(certificate: x509.Certificate, ca: x509.Certificate, name: str) -> None:
    certificate.verify_directly_issued_by(ca)
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH in usage
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert name in names.get_values_for_type(x509.DNSName)


def test_server_eap_certificate_chains_to_the_provincial_ca(
    server: testinfra.host.Host, context: dict[str, Any]
) -> None:
    ca = x509.load_pem_x509_certificate(Path(context["ca_certificate"]).read_bytes())
    pem = server.file(f"{SERVER_EAP_DIR}/server.pem").content_string.encode()
    _chains_to(x509.load_pem_x509_certificate(pem), ca, context["school_radius_name"])
    key = server.file(f"{SERVER_EAP_DIR}/server.key")
    assert key.mode == 0o640
    assert key.group == "freerad"
    eap = server.file("/etc/freeradius/3.0/mods-available/eap").content_string
    assert f"\t\tcertificate_file = {SERVER_EAP_DIR}/server.pem" in eap
    assert f"\t\tca_file = {SERVER_EAP_DIR}/ca.pem" in eap
    assert "snakeoil" not in "".join(
        line for line in eap.splitlines() if not line.lstrip().startswith("#")
    )
