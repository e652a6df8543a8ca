"""Incremental validation: re-check only the schools whose files changed.

After a successful run, an index records for every school file its digest
and the facts other schools are checked against (device and host names,
management and host addresses, address blocks), plus the devices that were
rendered. On the next run with the same shared inputs (province, catalogue,
templates, code, secrets) only changed or new school files are parsed; they
get every per-school check, the cross-school checks among themselves, and
the same cross-school checks against the index's facts of the unchanged
schools. A one-school change in a province-sized inventory therefore reads
and hashes every file but parses and validates one.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import os
import pickle
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path

from campusctl.i18n import _
from campusctl.inventory import Inventory
from campusctl.inventory.loader import Inheritance, load_catalog, load_province, school_files
from campusctl.inventory.model import School
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.semantic import check_inventory
from campusctl.render.cache import SchoolCache, _parse_all, school_key
from campusctl.render.intent import rendered_devices

log = logging.getLogger(__name__)

INDEX_FILE = "render-index.pickle"
MAX_CHANGED_SHARE = 0.05
"""Above this share of changed schools a streamed full run is cheaper and uses less memory."""
SCHOOLS_SUBDIR = "schools"


@dataclass(slots=True)
class SchoolFacts:
    """The cross-check facts and rendered devices of one school file."""

    digest: str
    code: str
    names: tuple[str, ...]
    addresses: tuple[str, ...]
    blocks: tuple[tuple[int, int, int, str], ...]
    """(IP version, first address, last address, text) of the school's IPv4 and IPv6 blocks."""
    rendered: tuple[str, ...]


@dataclass(slots=True)
class RenderIndex:
    """The facts of every school file after the last valid run."""

    shared: str
    schools: dict[str, SchoolFacts] = field(default_factory=dict)


def facts_of(school: School, digest: str) -> SchoolFacts:
    """Return the cross-check facts of a validated school."""
    names = [d.name for d in school.devices] + [h.name for h in school.hosts]
    addresses: list[str] = []
    for device in school.devices:
        addresses.append(str(device.management.ipv4.ip))
        if device.management.ipv6 is not None:
            addresses.append(str(device.management.ipv6.ip))
    addresses.extend(str(h.ipv4.ip) for h in school.hosts)
    blocks = tuple(
        (n.version, int(n.network_address), int(n.broadcast_address), str(n))
        for n in (school.prefixes.ipv4, school.prefixes.ipv6)
    )
    return SchoolFacts(
        digest=digest,
        code=school.code,
        names=tuple(names),
        addresses=tuple(addresses),
        blocks=blocks,
        rendered=tuple(d.name for d in rendered_devices(school)),
    )


def load_index(cache_dir: Path) -> RenderIndex | None:
    """Return the index of the last valid run, or None."""
    path = cache_dir / INDEX_FILE
    try:
        index = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return index if isinstance(index, RenderIndex) else None


def save_index(cache_dir: Path, index: RenderIndex) -> None:
    """Write the index atomically."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / INDEX_FILE
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


@dataclass(slots=True)
class Partial:
    """The changed part of an inventory, validated against the unchanged rest."""

    inventory: Inventory
    """Contains only the changed schools."""
    digests: dict[str, str]
    """School code to file digest, for the changed schools."""
    files: dict[str, str]
    """School code to file path, for the changed schools."""
    index: RenderIndex
    """The previous index with removed files dropped; the caller adds the changed schools."""
    unchanged: int


def _cross_check(
    changed: dict[str, tuple[School, str]],
    unchanged: dict[str, SchoolFacts],
    problems: ProblemCollector,
) -> None:
    names: set[str] = set()
    addresses: set[str] = set()
    starts: dict[int, list[tuple[int, int, str, str]]] = {4: [], 6: []}
    for facts in unchanged.values():
        names.update(facts.names)
        addresses.update(facts.addresses)
        for version, first, last, text in facts.blocks:
            starts[version].append((first, last, facts.code, text))
    for blocks in starts.values():
        blocks.sort()
    for file, (school, _digest) in changed.items():
        path = Path(file)
        for index, device in enumerate(school.devices):
            if device.name in names:
                problems.add(
                    path,
                    None,
                    f"devices[{index}].name",
                    _("name {name} is also used by another device or host").format(
                        name=device.name
                    ),
                )
            for address in (device.management.ipv4.ip, getattr(device.management.ipv6, "ip", None)):
                if address is not None and str(address) in addresses:
                    problems.add(
                        path,
                        None,
                        f"devices[{index}].management",
                        _("address {address} is also used by another device or host").format(
                            address=address
                        ),
                    )
        for network in (school.prefixes.ipv4, school.prefixes.ipv6):
            _check_overlap(path, school, network, starts[network.version], problems)


def _check_overlap(
    path: Path,
    school: School,
    network: IPv4Network | IPv6Network,
    blocks: list[tuple[int, int, str, str]],
    problems: ProblemCollector,
) -> None:
    first, last = int(network.network_address), int(network.broadcast_address)
    position = bisect.bisect_right(blocks, (last, 2**129, "", ""))
    # School blocks do not overlap each other, so only the few blocks that start
    # just below this one's end can overlap it.
    for other_first, other_last, code, text in reversed(blocks[max(0, position - 4) : position]):
        if other_first <= last and other_last >= first and code != school.code:
            family = "ipv4" if network.version == 4 else "ipv6"
            problems.add(
                path,
                None,
                f"prefixes.{family}",
                _("{network} overlaps {other_network} of school {other}").format(
                    network=network, other_network=text, other=code
                ),
                _("every school gets its own block"),
            )


MANIFEST = ".campusctl-render.json"
"""The file in an output folder that maps each school code to the inputs it was rendered from."""


def school_inputs(shared: str, digest: str) -> str:
    """Return the input hash of one school: the shared inputs and its file's digest."""
    return hashlib.sha256(f"{shared}\0{digest}".encode()).hexdigest()


def load_changed(root: Path, cache_dir: Path, shared: str, out: Path, jobs: int) -> Partial | None:
    """Return the changed schools validated against the index, or None for a full run.

    A full run is needed when there is no index or the shared inputs changed.

    :raise InventoryInvalid: when a changed school is invalid or clashes with another.
    """
    index = load_index(cache_dir)
    if index is None or index.shared != shared:
        return None
    try:
        present = {name.removesuffix(".cfg") for name in os.listdir(out)}
        # Several output folders may share one cache folder and its index, so a
        # school is unchanged only if this output folder contains its current render.
        written: dict[str, str] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    problems = ProblemCollector()
    province = load_province(root, problems)
    catalog = load_catalog(root, problems)
    problems.raise_if_any()
    assert province is not None  # raise_if_any raised otherwise
    province_digest = hashlib.sha256((root / "province.yml").read_bytes()).hexdigest()
    files = school_files(root)
    current = {str(f) for f in files}
    for removed in [f for f in index.schools if f not in current]:
        del index.schools[removed]
    cache = SchoolCache(cache_dir / SCHOOLS_SUBDIR)
    to_parse: list[tuple[Path, str, str]] = []
    changed: dict[str, tuple[School, str]] = {}
    for file in files:
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        known = index.schools.get(str(file))
        if (
            known is not None
            and known.digest == digest
            and present.issuperset(known.rendered)
            and written.get(known.code) == school_inputs(shared, digest)
        ):
            continue
        key = school_key(province_digest, data)
        school = cache.get(key)
        if school is not None and school.source == file:
            changed[str(file)] = (school, digest)
        else:
            to_parse.append((file, key, digest))
    if len(to_parse) + len(changed) > max(64, MAX_CHANGED_SHARE * len(files)):
        log.debug("%d of %d schools changed; running a full render", len(to_parse), len(files))
        return None
    parsed = _parse_all([f for f, _k, _d in to_parse], root, Inheritance(province), jobs)
    for (file, key, digest), (_path, school, found) in zip(to_parse, parsed, strict=True):
        problems.extend(found)
        if school is not None:
            cache.put(key, school)
            changed[str(file)] = (school, digest)
    problems.raise_if_any()
    inventory = Inventory(root=root, province=province, catalog=catalog)
    for school, _digest in changed.values():
        inventory.schools[school.code] = school
    check_inventory(inventory, problems)
    unchanged = {f: s for f, s in index.schools.items() if f not in changed}
    _cross_check(changed, unchanged, problems)
    problems.raise_if_any()
    log.debug("incremental run: %d changed, %d unchanged schools", len(changed), len(unchanged))
    return Partial(
        inventory=inventory,
        digests={s.code: d for s, d in changed.values()},
        files={s.code: f for f, (s, _d) in changed.items()},
        index=index,
        unchanged=len(unchanged),
    )
