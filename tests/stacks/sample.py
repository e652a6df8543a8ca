"""A small inventory in the shape of campusctl.inventory, for the stack tests.

It contains two cities (listed out of code order), three districts and four
schools, with the sample address ranges 198.18.0.0/15 and 2001:db8::/32 only.
Yuexiu has no English name and Nanshan a MAN uplink, as the model allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
    ip_address,
)

from campusctl.stacks.sites import ProvinceSite, sites_from_inventory


@dataclass
class Pools:
    ipv4: list[IPv4Network]
    ipv6: list[IPv6Network]


@dataclass
class District:
    code: str
    name: str
    name_en: str | None
    pools: Pools
    man_uplink_mbps: int | None = None
    demo_district: bool = False


@dataclass
class City:
    code: str
    name: str
    name_en: str
    districts: list[District]


@dataclass
class Endpoint:
    name: str
    fqdn: str
    ipv4: IPv4Address | None
    ipv6: IPv6Address | None


@dataclass
class AaaServer:
    address: IPv4Address | IPv6Address
    auth_port: int = 1812
    acct_port: int = 1813


@dataclass
class Services:
    ntp: list[IPv4Address | IPv6Address]
    syslog: list[IPv4Address | IPv6Address]
    dns: list[IPv4Address | IPv6Address]
    radius: list[AaaServer]
    tacacs: list[AaaServer]
    yuejiaoyun: list[Endpoint]
    ca: Endpoint | None = None


@dataclass
class ProvinceInfo:
    code: str
    name: str
    name_en: str | None


@dataclass
class ProvinceFile:
    province: ProvinceInfo
    services: Services
    cities: list[City]


@dataclass
class Uplink:
    provider: str
    committed_mbps: float
    device: str | None = None
    port: str | None = None
    ipv4: IPv4Interface | None = None
    ipv6: IPv6Interface | None = None


@dataclass
class Host:
    name: str
    kind: str
    ipv4: IPv4Interface
    ipv6: IPv6Interface | None
    room: str | None = None
    vlan: int = 100
    os: str = "debian12"


@dataclass
class School:
    code: str
    name: str
    name_en: str | None
    type: str
    city: str
    district: str
    uplinks: list[Uplink]
    hosts: list[Host] = field(default_factory=list)


@dataclass
class Inventory:
    province: ProvinceFile
    schools: dict[str, School]


def _net4(text: str) -> IPv4Network:
    return IPv4Network(text)


def _net6(text: str) -> IPv6Network:
    return IPv6Network(text)


def sample_inventory() -> Inventory:
    """Return the sample inventory (a new object on each call)."""
    services = Services(
        ntp=[ip_address("198.18.0.123"), ip_address("2001:db8:4400::123")],
        syslog=[ip_address("198.18.0.14")],
        dns=[ip_address("198.18.0.53"), ip_address("2001:db8:4400::53")],
        radius=[AaaServer(ip_address("198.18.0.18")), AaaServer(ip_address("2001:db8:4400::18"))],
        tacacs=[],
        yuejiaoyun=[
            Endpoint(
                "资源平台",
                "res.yjy.gdedu.example",
                IPv4Address("198.18.254.10"),
                IPv6Address("2001:db8:fffe::10"),
            ),
            Endpoint(
                "数据交换平台",
                "dx.yjy.gdedu.example",
                IPv4Address("198.18.254.20"),
                IPv6Address("2001:db8:fffe::20"),
            ),
            Endpoint(
                "人人通空间",
                "space.yjy.gdedu.example",
                IPv4Address("198.18.254.30"),
                IPv6Address("2001:db8:fffe::30"),
            ),
        ],
        ca=Endpoint(
            "广东省教育数字证书中心",
            "ca.gdedu.example",
            IPv4Address("198.18.255.80"),
            IPv6Address("2001:db8:ffff::80"),
        ),
    )
    cities = [
        City(
            "440300",
            "深圳市",
            "Shenzhen",
            [
                District(
                    "440305",
                    "南山区",
                    "Nanshan",
                    Pools([_net4("198.18.64.0/20")], [_net6("2001:db8:4430::/44")]),
                    man_uplink_mbps=10000,
                )
            ],
        ),
        City(
            "440100",
            "广州市",
            "Guangzhou",
            [
                District(
                    "440106",
                    "天河区",
                    "Tianhe",
                    Pools([_net4("198.18.16.0/20")], [_net6("2001:db8:4410::/44")]),
                ),
                District(
                    "440104",
                    "越秀区",
                    None,
                    Pools(
                        [_net4("198.18.32.0/21"), _net4("198.18.40.0/21")],
                        [_net6("2001:db8:4420::/44")],
                    ),
                ),
            ],
        ),
    ]
    schools = {
        "4401060001": School(
            "4401060001",
            "天河区第一小学",
            "Tianhe No.1 Primary School",
            "primary",
            "440100",
            "440106",
            [Uplink("cernet", 1000), Uplink("telecom", 200.5)],
            [
                Host(
                    "radius",
                    "server",
                    IPv4Interface("198.18.16.10/24"),
                    IPv6Interface("2001:db8:4410:1::10/64"),
                ),
                Host("t-101", "terminal", IPv4Interface("198.18.17.21/24"), None),
            ],
        ),
        "4401060002": School(
            "4401060002",
            "天河中学",
            "Tianhe Middle School",
            "junior",
            "440100",
            "440106",
            [Uplink("telecom", 500)],
        ),
        "4401040001": School(
            "4401040001",
            "越秀区中心小学",
            "Yuexiu Central Primary School",
            "central_primary",
            "440100",
            "440104",
            [Uplink("cernet", 300)],
            [Host("portal", "server", IPv4Interface("198.18.32.10/24"), None)],
        ),
        "4403050001": School(
            "4403050001",
            "南山实验学校",
            "Nanshan Experimental School",
            "senior",
            "440300",
            "440305",
            [Uplink("mobile", 2000)],
        ),
    }
    return Inventory(
        ProvinceFile(ProvinceInfo("44", "广东省", "Guangdong"), services, cities), schools
    )


def sample_sites() -> ProvinceSite:
    """Return the sample inventory's sites."""
    return sites_from_inventory(sample_inventory())
