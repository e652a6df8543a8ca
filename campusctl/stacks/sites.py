"""The part of the inventory that the 粤教云 stacks provision from.

The stacks need the province's cities and districts (address pools), the
schools' uplinks and servers, and the provincial service endpoints. This module
copies those facts out of the inventory model into small frozen dataclasses,
sorted by code, so every stack program gets the same order on every run and a
program never depends on the rest of the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from pathlib import Path
from typing import Protocol

from campusctl.errors import InventoryError
from campusctl.i18n import _
from campusctl.inventory import load_inventory
from campusctl.stacks.errors import StackInventoryError

# Protocols of the inventory model's attributes read here, so tests can build small
# inventories without YAML files.


class _PoolsLike(Protocol):
    @property
    def ipv4(self) -> Sequence[IPv4Network]: ...
    @property
    def ipv6(self) -> Sequence[IPv6Network]: ...


class _NamedLike(Protocol):
    """A city, district, school or the province: a code and names in Chinese and English."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...


class _DistrictLike(_NamedLike, Protocol):
    @property
    def man_uplink_mbps(self) -> int | None: ...
    @property
    def pools(self) -> _PoolsLike: ...


class _CityLike(_NamedLike, Protocol):
    @property
    def districts(self) -> Sequence[_DistrictLike]: ...


class _EndpointLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def fqdn(self) -> str: ...
    @property
    def ipv4(self) -> IPv4Address | None: ...
    @property
    def ipv6(self) -> IPv6Address | None: ...


class _AaaServerLike(Protocol):
    @property
    def address(self) -> IPv4Address | IPv6Address: ...


class _ServicesLike(Protocol):
    @property
    def ntp(self) -> Sequence[IPv4Address | IPv6Address]: ...
    @property
    def dns(self) -> Sequence[IPv4Address | IPv6Address]: ...
    @property
    def radius(self) -> Sequence[_AaaServerLike]: ...
    @property
    def yuejiaoyun(self) -> Sequence[_EndpointLike]: ...
    @property
    def ca(self) -> _EndpointLike | None: ...


class _ProvinceFileLike(Protocol):
    @property
    def province(self) -> _NamedLike: ...
    @property
    def services(self) -> _ServicesLike: ...
    @property
    def cities(self) -> Sequence[_CityLike]: ...


class _UplinkLike(Protocol):
    @property
    def committed_mbps(self) -> float: ...


class _HostLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def ipv4(self) -> IPv4Interface: ...
    @property
    def ipv6(self) -> IPv6Interface | None: ...


class _SchoolLike(_NamedLike, Protocol):
    @property
    def type(self) -> str: ...
    @property
    def district(self) -> str: ...
    @property
    def uplinks(self) -> Sequence[_UplinkLike]: ...
    @property
    def hosts(self) -> Sequence[_HostLike]: ...

    @property
    def city(self) -> str: ...


class InventoryLike(Protocol):
    """The attributes of ``campusctl.inventory.Inventory`` that the stacks read."""

    @property
    def province(self) -> _ProvinceFileLike: ...
    @property
    def schools(self) -> Mapping[str, _SchoolLike]: ...


@dataclass(frozen=True, slots=True)
class ServerSite:
    """A school server that gets a certificate (RADIUS, portal, resource cache)."""

    name: str
    ipv4: IPv4Address
    ipv6: IPv6Address | None


@dataclass(frozen=True, slots=True)
class SchoolSite:
    """A school as the identity and CA stacks see it."""

    code: str
    name: str
    name_en: str
    type: str
    committed_mbps: int
    servers: tuple[ServerSite, ...]


@dataclass(frozen=True, slots=True)
class DistrictSite:
    """A district: its address pools and its schools."""

    code: str
    name: str
    name_en: str
    ipv4_pools: tuple[IPv4Network, ...]
    ipv6_pools: tuple[IPv6Network, ...]
    schools: tuple[SchoolSite, ...]
    man_uplink_mbps: int | None = None

    @property
    def committed_mbps(self) -> int:
        """Bandwidth of the district's MAN uplink, or the sum of its schools' uplinks when unset."""
        if self.man_uplink_mbps:
            return self.man_uplink_mbps
        return sum(school.committed_mbps for school in self.schools)


@dataclass(frozen=True, slots=True)
class CitySite:
    """A prefecture-level city with its districts."""

    code: str
    name: str
    name_en: str
    districts: tuple[DistrictSite, ...]

    @property
    def committed_mbps(self) -> int:
        """Sum of the bandwidth of the city's districts."""
        return sum(district.committed_mbps for district in self.districts)

    @property
    def ipv4_pools(self) -> tuple[IPv4Network, ...]:
        """The IPv4 pools of every district, in district order."""
        return tuple(pool for d in self.districts for pool in d.ipv4_pools)

    @property
    def ipv6_pools(self) -> tuple[IPv6Network, ...]:
        """The IPv6 pools of every district, in district order."""
        return tuple(pool for d in self.districts for pool in d.ipv6_pools)


@dataclass(frozen=True, slots=True)
class PlatformEndpoint:
    """A provincial platform endpoint (resource center, exchange, identity)."""

    name: str
    fqdn: str
    ipv4: IPv4Address | None
    ipv6: IPv6Address | None


@dataclass(frozen=True, slots=True)
class ProvinceSite:
    """Everything the stacks provision from, sorted by code."""

    code: str
    name: str
    name_en: str
    cities: tuple[CitySite, ...]
    platforms: tuple[PlatformEndpoint, ...]
    ca: PlatformEndpoint | None
    ntp: tuple[IPv4Address | IPv6Address, ...]
    dns: tuple[IPv4Address | IPv6Address, ...]
    radius: tuple[IPv4Address | IPv6Address, ...]

    def all_pools(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """Return every district pool of the province, both families."""
        pools: list[IPv4Network | IPv6Network] = []
        for city in self.cities:
            pools.extend(city.ipv4_pools)
            pools.extend(city.ipv6_pools)
        return tuple(pools)


def _english_name(item: _NamedLike) -> str:
    """Return the English name, or the Chinese name when the inventory gives none."""
    return item.name_en or item.name


def _school_site(school: _SchoolLike) -> SchoolSite:
    servers = tuple(
        ServerSite(
            name=host.name,
            ipv4=host.ipv4.ip,
            ipv6=host.ipv6.ip if host.ipv6 is not None else None,
        )
        for host in sorted(school.hosts, key=lambda h: h.name)
        if host.kind == "server"
    )
    return SchoolSite(
        code=school.code,
        name=school.name,
        name_en=_english_name(school),
        type=str(school.type),
        committed_mbps=round(sum(uplink.committed_mbps for uplink in school.uplinks)),
        servers=servers,
    )


def _endpoint(endpoint: _EndpointLike) -> PlatformEndpoint:
    return PlatformEndpoint(endpoint.name, endpoint.fqdn, endpoint.ipv4, endpoint.ipv6)


def sites_from_inventory(inventory: InventoryLike) -> ProvinceSite:
    """Copy the province's cities, districts, schools and services out of ``inventory``.

    Raises:
        StackInventoryError: a school names a city or district that the
            province does not list, or the province has no city.
    """
    province = inventory.province
    schools_by_district: dict[tuple[str, str], list[SchoolSite]] = {}
    known = {(c.code, d.code) for c in province.cities for d in c.districts}
    for code in sorted(inventory.schools):
        school = inventory.schools[code]
        key = (school.city, school.district)
        if key not in known:
            raise StackInventoryError(
                _(
                    "School {school} is in city {city} district {district}, which the province "
                    "does not list: add the district to inventory/province.yml or fix the school."
                ).format(school=code, city=school.city, district=school.district)
            )
        schools_by_district.setdefault(key, []).append(_school_site(school))

    cities: list[CitySite] = []
    for city in sorted(province.cities, key=lambda c: c.code):
        districts = tuple(
            DistrictSite(
                code=d.code,
                name=d.name,
                name_en=_english_name(d),
                ipv4_pools=tuple(sorted(d.pools.ipv4)),
                ipv6_pools=tuple(sorted(d.pools.ipv6)),
                schools=tuple(schools_by_district.get((city.code, d.code), [])),
                man_uplink_mbps=d.man_uplink_mbps,
            )
            for d in sorted(city.districts, key=lambda d: d.code)
        )
        cities.append(CitySite(city.code, city.name, _english_name(city), districts))
    if not cities:
        raise StackInventoryError(
            _("The inventory lists no city: the stacks need at least one city in province.yml.")
        )

    services = province.services
    platforms = tuple(_endpoint(e) for e in sorted(services.yuejiaoyun, key=lambda e: e.fqdn))
    info = province.province
    return ProvinceSite(
        code=info.code,
        name=info.name,
        name_en=_english_name(info),
        cities=tuple(cities),
        platforms=platforms,
        ca=_endpoint(services.ca) if services.ca is not None else None,
        ntp=tuple(services.ntp),
        dns=tuple(services.dns),
        radius=tuple(server.address for server in services.radius),
    )


def load_sites(path: Path) -> ProvinceSite:
    """Load the inventory at ``path`` and return its sites.

    Raises:
        StackInventoryError: the inventory at ``path`` is missing or invalid.
    """
    try:
        inventory = load_inventory(path)
    except InventoryError as err:
        raise StackInventoryError(
            _("The inventory at {path} is invalid: {error}").format(path=path, error=err)
        ) from err
    return sites_from_inventory(inventory)


def iter_schools(province: ProvinceSite) -> Iterable[tuple[CitySite, DistrictSite, SchoolSite]]:
    """Yield every school with its city and district, in code order."""
    for city in province.cities:
        for district in city.districts:
            for school in district.schools:
                yield city, district, school
