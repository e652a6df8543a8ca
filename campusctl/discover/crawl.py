"""``discover``: crawl a school's switches by LLDP from one seed device.

Each device is reached through the campus NAPALM driver of its platform. The
platform is not taken on trust: the device's running configuration is read
and its platform detected from the text, as for a backup file. A driver
that cannot log in or reads an unexpected prompt is the wrong one, so the
next is tried. LLDP neighbours are followed hop by hop while their management
address lies inside the school's management range; a neighbour that does
not answer is listed, never silently dropped.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any, Protocol

from campusctl.discover.errors import DiscoveryError
from campusctl.discover.facts import DeviceFacts, Neighbour
from campusctl.discover.readers import read_config
from campusctl.discover.source import SavedConfig, detect_platform, normalise_text
from campusctl.errors import CampusError
from campusctl.i18n import _
from campusctl.inventory.model import Charset
from campusctl.platforms import PLATFORMS, PlatformId

log = logging.getLogger(__name__)

# Order of platforms tried on a device whose platform is not hinted.
_PROBE_ORDER = (
    PlatformId.HUAWEI_VRP,
    PlatformId.H3C_COMWARE,
    PlatformId.RUIJIE_RGOS,
    PlatformId.CISCO_IOS,
)
# Words of an LLDP system description (or a model name) that hint the platform.
_HINTS = (
    (re.compile(r"huawei|vrp|\bS\d{4}-|\bCE\d{4}|AirEngine", re.I), PlatformId.HUAWEI_VRP),
    (re.compile(r"h3c|comware|\bS\d{4}[A-Z]*-\d+", re.I), PlatformId.H3C_COMWARE),
    (re.compile(r"ruijie|rgos|\bRG-", re.I), PlatformId.RUIJIE_RGOS),
    (re.compile(r"cisco|\bios\b|catalyst|\bC9\d{3}|WS-C", re.I), PlatformId.CISCO_IOS),
)
_RE_CJK = re.compile(r"[\u4e00-\u9fff]")
_VERSION_PATTERNS = {
    PlatformId.HUAWEI_VRP: re.compile(r"V\d{3}R\d{3}\w*"),
    PlatformId.CISCO_IOS: re.compile(r"\d+\.\d+(?:\.\d+)?\w*(?:\(\w+\)\w*)?"),
    PlatformId.RUIJIE_RGOS: re.compile(r"\d+\.\d+\(\w+\)\w*"),
}


@dataclass(frozen=True, slots=True)
class Target:
    """How to log in to one device; the password never appears in ``repr``."""

    name: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    host_key: str | None = None
    secret: str = field(default="", repr=False)
    """The enable secret of Cisco and Ruijie devices that log in unprivileged."""
    known_hosts: str | None = None
    """An OpenSSH known_hosts file holding the device's key, when none is pinned here."""
    address: str | None = None
    """The device's management address, checked against the school's range."""


class Resolver(Protocol):
    """Turns an LLDP neighbour (its system name and management address) into a login target."""

    def __call__(self, name: str, address: str | None) -> Target | None: ...


@dataclass(slots=True)
class Unreached:
    """A device discovery saw but could not read."""

    name: str
    seen_from: str
    reason: str


@dataclass(slots=True)
class CrawlResult:
    """The devices read, the ones that could not be read, and the ones skipped."""

    devices: list[DeviceFacts] = field(default_factory=list)
    unreached: list[Unreached] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


Opener = Callable[[Target, PlatformId, str], Any]


def open_driver(target: Target, platform_id: PlatformId, charset: str) -> Any:
    """Return an opened campus NAPALM driver for ``target`` on ``platform_id``."""
    # Imported here: it takes about a quarter of a second, and most commands never need it.
    from campusctl.drivers.bundled import import_napalm

    napalm = import_napalm()

    driver_class = napalm.get_network_driver(PLATFORMS[platform_id].napalm_driver)
    optional_args: dict[str, Any] = {
        "port": target.port,
        "device_name": target.name,
        "encoding": charset,
    }
    if target.host_key:
        optional_args["host_key"] = target.host_key
    if target.secret:
        optional_args["secret"] = target.secret
    if target.known_hosts:
        optional_args["known_hosts"] = target.known_hosts
    driver = driver_class(
        hostname=target.host,
        username=target.username,
        password=target.password,
        timeout=30,
        optional_args=optional_args,
    )
    driver.open()
    return driver


def hinted_platforms(*texts: str | None) -> list[PlatformId]:
    """Return the platforms to try, those the texts hint first."""
    hinted = [pid for pattern, pid in _HINTS for text in texts if text and pattern.search(text)]
    ordered = list(dict.fromkeys([*hinted, *_PROBE_ORDER]))
    return ordered


def _version(platform_id: PlatformId, text: str) -> str | None:
    pattern = _VERSION_PATTERNS.get(platform_id)
    if pattern is None or not text or text == "Unknown":
        return None
    match = pattern.search(text)
    return match[0] if match else None


@contextmanager
def _opened(opener: Opener, target: Target, platform_id: PlatformId, charset: str) -> Iterator[Any]:
    driver = opener(target, platform_id, charset)
    try:
        yield driver
    finally:
        try:
            driver.close()
        except Exception as err:  # a dropped session cannot close cleanly
            log.debug("%s: close failed: %s", target.name, err)


def read_device(target: Target, opener: Opener, hints: Sequence[PlatformId]) -> DeviceFacts:
    """Log in, tell the platform from the device's own configuration, and read it.

    :raise DiscoveryError: when no platform's driver can read the device.
    """
    reasons: list[str] = []
    tried: set[tuple[PlatformId, Charset]] = set()
    queue = [(pid, Charset.UTF8) for pid in hints]
    while queue:
        platform_id, charset = queue.pop(0)
        if (platform_id, charset) in tried:
            continue
        tried.add((platform_id, charset))
        try:
            with _opened(opener, target, platform_id, charset.value) as driver:
                text = normalise_text(driver.get_config(retrieve="running")["running"])
                if "\ufffd" in text and charset is Charset.UTF8:
                    # Not UTF-8: older H3C and Ruijie firmware talks GBK.
                    queue.insert(0, (platform_id, Charset.GBK))
                    continue
                actual = detect_platform(text, target.name)
                if actual is not platform_id:
                    log.info("%s: configuration is %s, not %s", target.name, actual, platform_id)
                    queue.insert(0, (actual, charset))
                    continue
                facts_raw = driver.get_facts()
                lldp = dict(driver.get_lldp_neighbors())
        except (CampusError, OSError, EOFError) as err:
            reasons.append(f"{platform_id.value}: {err}")
            log.debug("%s: %s driver failed: %s", target.name, platform_id.value, err)
            continue
        except Exception as err:  # community getters raise anything
            reasons.append(f"{platform_id.value}: {type(err).__name__}: {err}")
            continue
        if charset is Charset.UTF8 and not _RE_CJK.search(text):
            text, charset = _recheck_charset(opener, target, platform_id, text)
        origin = f"{target.name} ({target.host}:{target.port})"
        facts = read_config(SavedConfig(origin, text, platform_id, charset))
        _merge_facts(facts, facts_raw, platform_id)
        facts.neighbours = [
            Neighbour(local, entry.get("hostname", ""), entry.get("port", ""))
            for local, entries in sorted(lldp.items())
            for entry in entries
        ]
        return facts
    raise DiscoveryError(
        _("{device}: no driver could read it ({reasons})").format(
            device=target.name, reasons="; ".join(reasons) or _("nothing tried")
        ),
        device=target.name,
    )


def _recheck_charset(
    opener: Opener, target: Target, platform_id: PlatformId, text: str
) -> tuple[str, Charset]:
    """Read the configuration again as GBK when the UTF-8 reading has no Chinese.

    netmiko drops bytes that do not decode, so a GBK device read as UTF-8
    shows its Chinese descriptions as nothing, or as a stray Latin or Greek
    letter where two GBK bytes happen to form a UTF-8 pair, never as errors.
    Read as GBK, such a device shows Chinese text and more bytes; a device
    whose configuration has no Chinese at all stays UTF-8.
    """
    try:
        with _opened(opener, target, platform_id, Charset.GBK.value) as driver:
            gbk = normalise_text(driver.get_config(retrieve="running")["running"])
    except (CampusError, OSError, EOFError) as err:
        log.debug("%s: GBK re-read failed: %s", target.name, err)
        return text, Charset.UTF8
    if _RE_CJK.search(gbk) and len(gbk.encode("gb18030")) > len(text.encode()):
        log.info("%s: the device talks GBK", target.name)
        return gbk, Charset.GBK
    return text, Charset.UTF8


def _merge_facts(facts: DeviceFacts, raw: dict[str, Any], platform_id: PlatformId) -> None:
    """Fill model, serial and version from the device's own identity output."""
    model = str(raw.get("model") or "")
    if model and model != "Unknown":
        facts.model = model
    serial = raw.get("serial_number")
    if isinstance(serial, list):
        serial = serial[0] if serial else None
    if serial and serial != "Unknown":
        facts.serial = str(serial)
    version = _version(platform_id, str(raw.get("os_version") or ""))
    # Comware's identity output drops the release the configuration shows.
    if version and (not facts.os_version or platform_id is not PlatformId.H3C_COMWARE):
        facts.os_version = version


def in_range(address: str | None, ranges: Sequence[IPv4Network | IPv6Network]) -> bool:
    """Return True when ``address`` lies in one of ``ranges`` (no ranges: everything does)."""
    if not ranges:
        return True
    if address is None:
        return False
    ip = ip_address(address.split("/")[0])
    return any(ip.version == net.version and ip in net for net in ranges)


def _management_address(facts: DeviceFacts) -> str | None:
    for svi in facts.svis():
        if svi.ipv4:
            return str(svi.ipv4[0].ip)
    return None


def crawl(
    seed: Target,
    resolve: Resolver,
    ranges: Sequence[IPv4Network | IPv6Network] = (),
    opener: Opener = open_driver,
    limit: int = 500,
    seed_facts: DeviceFacts | None = None,
) -> CrawlResult:
    """Read ``seed``, then every LLDP neighbour in ``ranges``, breadth first.

    :param resolve: gives the login target of a neighbour, or ``None`` when
        it cannot be reached (outside the lab, no address known).
    :param limit: stop after this many devices, a guard against a loop
        through another school's uplink.
    :param seed_facts: the seed, when the caller has read it already.
    :raise DiscoveryError: when the seed itself cannot be read.
    """
    result = CrawlResult()
    if seed_facts is None:
        seed_facts = read_device(seed, opener, hinted_platforms(seed.name))
    result.devices.append(seed_facts)
    seen = {seed.name, seed_facts.hostname}
    queue: deque[DeviceFacts] = deque([seed_facts])
    while queue and len(result.devices) < limit:
        current = queue.popleft()
        for neighbour in current.neighbours:
            name = neighbour.remote_name
            if not name or name in seen:
                continue
            seen.add(name)
            target = resolve(name, neighbour.remote_address)
            if target is None:
                result.unreached.append(
                    Unreached(name, current.hostname, _("no address or login known for it"))
                )
                continue
            known = target.address or neighbour.remote_address
            if known is not None and not in_range(known, ranges):
                result.skipped.append(name)
                log.info("%s: outside the school's management range; not crawled", name)
                continue
            try:
                facts = read_device(target, opener, hinted_platforms(name))
            except DiscoveryError as err:
                result.unreached.append(Unreached(name, current.hostname, str(err)))
                continue
            if not in_range(_management_address(facts), ranges):
                result.skipped.append(name)
                continue
            result.devices.append(facts)
            seen.add(facts.hostname)
            queue.append(facts)
    return result
