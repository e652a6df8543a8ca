"""Load the inventory through a cache of parsed school models, keyed by input hashes.

Parsing YAML and validating models dominates a province-sized run, and a
typical change touches one school. Each school file's parsed model is kept
as a pickle named after the SHA-256 of ``province.yml`` plus the school file
(a school inherits its settings from the province file), so an unchanged
school is read back without parsing. The cross-school checks still run on
the whole inventory every time, so a cached run validates exactly as much
as a cold one.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Any

from campusctl.i18n import N_, _
from campusctl.inventory import Inventory
from campusctl.inventory.loader import (
    PROVINCE_FILE,
    Inheritance,
    find_root,
    load_catalog,
    load_province,
    load_school,
    school_files,
)
from campusctl.inventory.model import School
from campusctl.inventory.problems import Problem, ProblemCollector
from campusctl.inventory.semantic import check_inventory
from campusctl.render.pool import run_job

log = logging.getLogger(__name__)

CACHE_FORMAT = b"campusctl-school-cache-1"
PARALLEL_MIN_FILES = 64
"""Below this many files to parse, forking workers costs more than it saves."""


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class SchoolCache:
    """Parsed school models on disk, one pickle per (province, school file) hash."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> School | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            school = pickle.loads(path.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
            log.warning(N_("ignoring damaged school cache entry %s: %s"), path, err)
            return None
        return school if isinstance(school, School) else None

    def put(self, key: str, school: School) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(school, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)


def school_key(province_digest: str, school_bytes: bytes) -> str:
    """Return the cache key of one school file under one province file."""
    digest = hashlib.sha256(CACHE_FORMAT)
    digest.update(province_digest.encode())
    digest.update(school_bytes)
    return digest.hexdigest()


# What a forked parse worker needs, set before the pool starts so it is inherited.
_PARSE: dict[str, Any] = {}


def _parse_school(path: Path) -> tuple[Path, School | None, list[Problem]]:
    problems = ProblemCollector()
    school = load_school(path, _PARSE["root"], _PARSE["inheritance"], problems)
    return path, school, problems.problems


def _parse_all(
    files: list[Path], root: Path, inheritance: Inheritance, jobs: int
) -> list[tuple[Path, School | None, list[Problem]]]:
    """Parse school files, in ``jobs`` forked processes when there are many."""
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        _PARSE.update(root=root, inheritance=inheritance)
        try:
            return [_parse_school(f) for f in files]
        finally:
            _PARSE.clear()
    _PARSE.update(root=root, inheritance=inheritance)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            return pool.map(functools.partial(run_job, _parse_school), files, chunksize=32)
    finally:
        _PARSE.clear()


def load_inventory_cached(
    path: str | Path, cache_dir: Path | None, jobs: int = 1
) -> tuple[Inventory, dict[str, str]]:
    """Load and validate the inventory, reusing parsed schools from ``cache_dir``.

    Returns the inventory and, per school code, the digest of the school's file.
    Files missing from the cache are parsed in ``jobs`` processes.

    :raise InventoryInvalid: with every problem found, as :func:`load_inventory` does.
    """
    root = find_root(Path(path)).resolve()
    problems = ProblemCollector()
    province = load_province(root, problems)
    catalog = load_catalog(root, problems)
    problems.raise_if_any()
    assert province is not None  # raise_if_any raised otherwise
    province_digest = file_digest(root / PROVINCE_FILE)
    inheritance = Inheritance(province)
    inventory = Inventory(root=root, province=province, catalog=catalog)
    cache = SchoolCache(cache_dir)
    digests: dict[str, str] = {}
    loaded: list[tuple[Path, School]] = []
    missing: list[tuple[Path, str, str]] = []
    for file in school_files(root):
        data = file.read_bytes()
        key = school_key(province_digest, data)
        digest = hashlib.sha256(data).hexdigest()
        school = cache.get(key)
        if school is not None and school.source == file:
            cache.hits += 1
            loaded.append((file, school))
            digests[str(file)] = digest
        else:
            missing.append((file, key, digest))
    parsed = _parse_all([f for f, _k, _d in missing], root, inheritance, jobs)
    for (file, key, digest), (_path, school, found) in zip(missing, parsed, strict=True):
        cache.misses += 1
        problems.extend(found)
        if school is None:
            continue
        cache.put(key, school)
        loaded.append((file, school))
        digests[str(file)] = digest
    loaded.sort(key=lambda item: item[0])
    codes: dict[str, str] = {}
    for file, school in loaded:
        if school.code in inventory.schools:
            other = inventory.schools[school.code].source
            problems.add(
                file,
                None,
                "code",
                _("school code {code} is also used by {other}").format(
                    code=school.code, other=other
                ),
                _("every school has its own 10-digit identifier"),
            )
            continue
        inventory.schools[school.code] = school
        codes[school.code] = digests[str(file)]
    check_inventory(inventory, problems)
    problems.raise_if_any()
    log.debug("school cache: %d hits, %d misses", cache.hits, cache.misses)
    return inventory, codes
