"""Promises of the school_server role, checked on every lab school server."""

from __future__ import annotations

from typing import Any

import pytest
import testinfra
from ss_parse import listening, parse_ss

SERVICES = ("kea-dhcp4-server", "unbound", "nginx", "freeradius", "chrony", "rsyslog", "ssh")
# (protocol, port) of every service the server offers on both address families.
DUAL_STACK_PORTS = (("udp", 53), ("tcp", 53), ("tcp", 80), ("udp", 1812), ("udp", 1813))


def _address(context: dict[str, Any], server: testinfra.host.Host, family: str) -> str:
    hostname = server.check_output("hostname")
    for host in context["hosts"].values():
        if host["hostname"] == hostname:
            return str(host[family])
    raise AssertionError(f"{hostname} is not in the lab context")


@pytest.mark.parametrize("name", SERVICES)
def test_service_enabled_and_running(server: testinfra.host.Host, name: str) -> None:
    service = server.service(name)
    assert service.is_enabled
    assert service.is_running


@pytest.mark.parametrize(("protocol", "port"), DUAL_STACK_PORTS)
def test_listens_on_both_families(
    server: testinfra.host.Host, context: dict[str, Any], protocol: str, port: int
) -> None:
    listeners = parse_ss(server.check_output("ss -lntuH"))
    assert listening(listeners, protocol, port, _address(context, server, "address"))
    assert listening(listeners, protocol, port, _address(context, server, "address6"))


def test_dhcp_listens_and_config_valid(server: testinfra.host.Host) -> None:
    listeners = parse_ss(server.check_output("ss -lnuH"), protocol="udp")
    assert any(item.protocol == "udp" and item.port == 67 for item in listeners)
    config = server.file("/etc/kea/kea-dhcp4.conf")
    assert config.mode == 0o640
    assert '"subnet": "198.18.10.0/24"' in config.content_string
    server.run_test("kea-dhcp4 -t /etc/kea/kea-dhcp4.conf")


def test_dns_cache_resolves_provincial_names(server: testinfra.host.Host) -> None:
    # A raw DNS query to the local cache: id 0x1234, RD, one question for type A.
    script = (
        "import socket,struct;"
        "q=b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00'"
        "+b''.join(bytes([len(p)])+p.encode() for p in 'res.yuejiaoyun.lab'.split('.'))"
        "+b'\\x00\\x00\\x01\\x00\\x01';"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(5);"
        "s.sendto(q,('127.0.0.1',53));r=s.recv(512);"
        "print(r[3]&15, struct.unpack('>H',r[6:8])[0], '.'.join(map(str,r[-4:])))"
    )
    rcode, answers, address = server.check_output("python3 -c %s", script).split()
    assert rcode == "0"
    assert int(answers) >= 1
    assert address == "198.18.255.6"


def test_resource_cache_serves_and_caches(server: testinfra.host.Host) -> None:
    script = (
        "import urllib.request as u\n"
        "for _ in range(2):\n"
        "    r = u.urlopen('http://127.0.0.1/yuejiaoyun/sample.txt', timeout=5)\n"
        "    print(r.status, r.headers['X-Cache-Status'])\n"
    )
    first, second = server.check_output("python3 -c %s", script).splitlines()
    assert first.split()[0] == "200"
    assert second == "200 HIT"


def test_radius_accepts_valid_user(server: testinfra.host.Host, secrets: dict[str, str]) -> None:
    address = server.check_output("hostname -I").split()[0]
    result = server.run(
        "radtest -t pap %s %s %s 0 %s",
        secrets["radius_user"],
        secrets["radius_password"],
        address,
        secrets["radius_secret"],
    )
    assert "Received Access-Accept" in result.stdout, result.stdout


def test_radius_rejects_wrong_password(
    server: testinfra.host.Host, secrets: dict[str, str]
) -> None:
    address = server.check_output("hostname -I").split()[0]
    result = server.run(
        "radtest -t pap %s %s %s 0 %s",
        secrets["radius_user"],
        "not-the-password",
        address,
        secrets["radius_secret"],
    )
    assert "Received Access-Reject" in result.stdout, result.stdout


def test_radius_keeps_accounting_records(
    server: testinfra.host.Host, secrets: dict[str, str]
) -> None:
    address = server.check_output("hostname -I").split()[0]
    record = (
        f'User-Name = "{secrets["radius_user"]}"\n'
        'Acct-Status-Type = Start\nAcct-Session-Id = "campusctl-test"\n'
        'Framed-IP-Address = 198.18.10.50\nCalling-Station-Id = "02-00-00-00-00-50"\n'
    )
    result = server.run(
        "printf %s %s | radclient -x %s:1813 acct %s",
        "%s",
        record,
        address,
        secrets["radius_secret"],
    )
    assert "Accounting-Response" in result.stdout, result.stdout
    details = server.check_output("cat /var/log/freeradius/radacct/%s/detail-*", address)
    assert "campusctl-test" in details
    retention = server.file("/etc/tmpfiles.d/school-server-radacct.conf").content_string
    assert "180d" in retention
