"""The ss parser across iproute2 output formats (runs without a lab)."""

from __future__ import annotations

from ss_parse import ANY, Listener, listening, parse_endpoint, parse_ss

# iproute2 6.1 (Debian 12) with -lntu and a header line.
SS_DEBIAN12 = """\
Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
udp   UNCONN 0      0       198.18.255.3:53         0.0.0.0:*
udp   UNCONN 0      0          127.0.0.1:323        0.0.0.0:*
udp   UNCONN 0      0               [::]:514           [::]:*
udp   UNCONN 0      0      127.0.0.53%lo:53         0.0.0.0:*
udp   UNCONN 0      0    [fe80::1]%eth0:123            [::]:*
tcp   LISTEN 0      128          0.0.0.0:22         0.0.0.0:*
tcp   LISTEN 0      128             [::]:22            [::]:*
tcp   LISTEN 0      511                *:80               *:*
tcp   ESTAB  0      0       198.18.10.11:22    198.19.255.254:40000
"""
# iproute2 4.x style: ::: for the IPv6 wildcard and no header (-H).
SS_OLD = """\
tcp    LISTEN     0      128    :::22                 :::*
udp    UNCONN     0      0      *:1812                *:*
"""
# One protocol selected (ss -lnuH): no Netid column.
SS_UDP_ONLY = """\
UNCONN 0      0      198.18.20.10:67        0.0.0.0:*
UNCONN 0      0              [::]:1813         [::]:*
"""


def test_endpoint_forms() -> None:
    assert parse_endpoint("0.0.0.0:22") == ("0.0.0.0", 22)
    assert parse_endpoint("[::]:22") == ("::", 22)
    assert parse_endpoint(":::22") == ("::", 22)
    assert parse_endpoint("*:80") == (ANY, 80)
    assert parse_endpoint("127.0.0.53%lo:53") == ("127.0.0.53", 53)
    assert parse_endpoint("[fe80::1]%eth0:123") == ("fe80::1", 123)
    assert parse_endpoint("*:*") is None


def test_parse_debian12_output() -> None:
    listeners = parse_ss(SS_DEBIAN12)
    assert Listener("udp", "198.18.255.3", 53) in listeners
    assert Listener("udp", "::", 514) in listeners
    assert Listener("tcp", ANY, 80) in listeners
    assert all(item.port != 40000 for item in listeners)
    assert len(listeners) == 8


def test_listening_by_family() -> None:
    listeners = parse_ss(SS_DEBIAN12)
    assert listening(listeners, "tcp", 22, "198.18.10.11")
    assert listening(listeners, "tcp", 22, "2001:db8:10::11")
    assert listening(listeners, "udp", 514, "2001:db8:10::11")
    assert not listening(listeners, "udp", 514, "198.18.10.11")
    assert listening(listeners, "tcp", 80, "198.18.10.11")
    assert listening(listeners, "udp", 53, "198.18.255.3")
    assert not listening(listeners, "udp", 53, "198.18.255.4")
    assert not listening(listeners, "tcp", 53, "198.18.255.3")


def test_parse_old_iproute2_output() -> None:
    listeners = parse_ss(SS_OLD)
    assert listening(listeners, "tcp", 22, "2001:db8::1")
    assert listening(listeners, "udp", 1812, "198.18.20.10")
    assert listening(listeners, "udp", 1812, "2001:db8::1")


def test_parse_single_protocol_output() -> None:
    assert parse_ss(SS_UDP_ONLY) == set()
    listeners = parse_ss(SS_UDP_ONLY, protocol="udp")
    assert Listener("udp", "198.18.20.10", 67) in listeners
    assert listening(listeners, "udp", 1813, "2001:db8:20::10")
