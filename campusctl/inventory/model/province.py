"""The province file: provincial services, address pools, defaults, cities and districts.

Settings and services are inherited in one documented order, each later scope
overriding the earlier one key by key (mappings merge, lists and values
replace)::

    province.defaults  →  city.defaults  →  district.defaults  →  school.settings
    province.services  →  city.services  →  district.services  →  school.services

For example, with ``defaults: {login: {max_failures: 5, idle_timeout_s: 600}}``
in province.yml and ``settings: {login: {idle_timeout_s: 300}}`` in a school
file, that school gets ``max_failures: 5`` and ``idle_timeout_s: 300``.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Annotated, Any

from pydantic import Field

from campusctl.inventory.model.base import (
    Flag,
    Name,
    Positive,
    RegionCode,
    SecretName,
    StrictModel,
    Text,
)
from campusctl.inventory.model.enums import AaaMode
from campusctl.inventory.model.wireless import WirelessSettings

IPAddress = IPv4Address | IPv6Address
Port = Annotated[int, Field(strict=True, ge=1, le=65535)]


class AaaServer(StrictModel):
    """A RADIUS or HWTACACS/TACACS+ server."""

    address: IPAddress
    auth_port: Port = 1812
    acct_port: Port = 1813
    secret: SecretName = "radius_shared_secret"
    """Name of the secret holding the shared key (never the key itself)."""


class Endpoint(StrictModel):
    """A named provincial service endpoint, such as a 粤教云 platform."""

    name: Text
    fqdn: Text
    ipv4: IPv4Address | None = None
    ipv6: IPv6Address | None = None


class Services(StrictModel):
    """Services every device and host points at."""

    ntp: list[IPAddress] = []
    syslog: list[IPAddress] = []
    dns: list[IPAddress] = []
    radius: list[AaaServer] = []
    tacacs: list[AaaServer] = []
    yuejiaoyun: list[Endpoint] = []
    ca: Endpoint | None = None


class LoginPolicy(StrictModel):
    """Administrator login hardening (login-failure lockout and idle timeout)."""

    max_failures: Annotated[int, Field(strict=True, ge=1, le=10)] = 5
    lockout_minutes: Annotated[int, Field(strict=True, ge=1)] = 10
    idle_timeout_s: Annotated[int, Field(strict=True, ge=60)] = 600


class LocalUser(StrictModel):
    """A local device administrator; its password hash comes from a named secret."""

    name: Name
    role: Annotated[str, Field(pattern=r"^(admin|operator|auditor)$")] = "admin"
    secret: SecretName
    """Name of the secret holding the password hash."""


class SnmpUser(StrictModel):
    """An SNMPv3 user with authentication and privacy."""

    name: Name
    group: Name = "campus-ro"
    auth_secret: SecretName
    priv_secret: SecretName


class AccessPolicy(StrictModel):
    """Access-port protections."""

    mac_limit_terminal: Annotated[int, Field(strict=True, ge=1, le=64)] = 3
    mac_limit_ap: Annotated[int, Field(strict=True, ge=1, le=1024)] = 64
    storm_control_percent: Annotated[int, Field(strict=True, ge=1, le=20)] = 5


class Timeouts(StrictModel):
    """Device session timeouts in seconds; saves on busy core switches are slow."""

    connect_s: Positive = 15
    command_s: Positive = 30
    save_s: Positive = 120


class Settings(StrictModel):
    """Settings a school inherits from the province, its city and its district."""

    timezone: Text = "UTC+8"
    mlps_level: Annotated[int, Field(strict=True, ge=2, le=3)] | None = None
    aaa_mode: AaaMode = AaaMode.LOCAL
    login: LoginPolicy = LoginPolicy()
    local_users: list[LocalUser] = []
    snmp_users: list[SnmpUser] = []
    management_acl: list[IPv4Network | IPv6Network] = []
    """Networks besides the school's management VLAN allowed to manage devices (bastions)."""
    banner: Text = "Authorised staff only. Managed by campusctl."
    access: AccessPolicy = AccessPolicy()
    timeouts: Timeouts = Timeouts()
    domain: Text = "edu.gd.cn"
    wireless: WirelessSettings = WirelessSettings()
    """SSID catalogue and radio, WIDS and AP-admission policy of the school's controllers."""


class Pools(StrictModel):
    """Address pools from which schools' blocks are allocated."""

    ipv4: list[IPv4Network] = []
    ipv6: list[IPv6Network] = []


class District(StrictModel):
    """A county-level district (区/县/县级市) and its education MAN."""

    code: RegionCode
    name: Text
    name_en: Text | None = None
    demo_district: Flag = False
    pools: Pools = Pools()
    man_uplink_mbps: Positive | None = None
    defaults: dict[str, Any] = {}
    services: dict[str, Any] = {}


class City(StrictModel):
    """A prefecture-level city (地级市)."""

    code: RegionCode
    name: Text
    name_en: Text | None = None
    districts: list[District]
    defaults: dict[str, Any] = {}
    services: dict[str, Any] = {}


class ProvinceInfo(StrictModel):
    """The province itself."""

    code: Annotated[str, Field(strict=True, pattern=r"^[0-9]{2}$")]
    name: Text
    name_en: Text | None = None
    profile: Text = "gd-digital-campus"
    """The standard profile in force (a file name under campusctl's standard profiles)."""


class ProvinceFile(StrictModel):
    """The whole of inventory/province.yml."""

    province: ProvinceInfo
    services: Services
    defaults: dict[str, Any] = {}
    cities: list[City]

    def districts(self) -> dict[str, tuple[City, District]]:
        """Return every district by code, with its city."""
        return {d.code: (c, d) for c in self.cities for d in c.districts}
