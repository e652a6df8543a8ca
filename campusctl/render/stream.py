"""Render a whole inventory school by school in worker processes, holding little in memory.

Each worker parses a school (or reads it from the parsed-school cache), runs
every per-school check on it, renders its devices and stages the files whose
bytes change. The parent keeps only each school's cross-check facts, runs
the cross-school checks on them (unique names and addresses, disjoint address
blocks, unique school codes), and only then moves the staged files into the
output folder. An invalid inventory therefore leaves the output untouched.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campusctl.collector import render_gc
from campusctl.i18n import _
from campusctl.inventory import Inventory
from campusctl.inventory.loader import (
    PROVINCE_FILE,
    Inheritance,
    load_catalog,
    load_province,
    load_school,
    school_files,
)
from campusctl.inventory.problems import Problem, ProblemCollector
from campusctl.inventory.semantic import check_inventory
from campusctl.render.cache import SchoolCache, school_key
from campusctl.render.engine import Renderer
from campusctl.render.incremental import SCHOOLS_SUBDIR, SchoolFacts, facts_of
from campusctl.render.intent import device_intent, rendered_devices
from campusctl.render.pool import run_job

log = logging.getLogger(__name__)

CHUNK_FILES = 16
"""Most school files per worker task: small enough to balance, large enough to amortise IPC."""


@dataclass(slots=True)
class SchoolResult:
    """A worker's report on one school file."""

    file: str
    digest: str
    code: str | None = None
    inputs: str = ""
    facts: SchoolFacts | None = None
    problems: list[Problem] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    staged: list[str] = field(default_factory=list)


# Everything a forked worker needs, set before the pool starts so it is inherited.
_STREAM: dict[str, Any] = {}


def _inputs(shared: str, digest: str) -> str:
    return hashlib.sha256(f"{shared}\0{digest}".encode()).hexdigest()


def _device_inputs(school_inputs: str, device: str) -> str:
    return hashlib.sha256(f"{school_inputs}\0{device}".encode()).hexdigest()


def _one_school(path: Path) -> SchoolResult:
    work = _STREAM
    data = path.read_bytes()
    result = SchoolResult(file=str(path), digest=hashlib.sha256(data).hexdigest())
    problems = ProblemCollector()
    cache: SchoolCache = work["cache"]
    key = school_key(work["province_digest"], data)
    school = cache.get(key)
    if school is None or school.source != path:
        school = load_school(path, work["root"], work["inheritance"], problems)
        if school is not None:
            cache.put(key, school)
    if school is None:
        result.problems = problems.problems
        return result
    result.code = school.code
    inventory = Inventory(root=work["root"], province=work["province"], catalog=work["catalog"])
    inventory.schools[school.code] = school
    check_inventory(inventory, problems)
    if problems:
        result.problems = problems.problems
        return result
    result.inputs = _inputs(work["shared"], result.digest)
    renderer: Renderer = work["renderer"]
    out: Path = work["out"]
    staging: Path = work["staging"]
    for device in rendered_devices(school):
        intent = device_intent(inventory, school, device)
        text = renderer.render(intent, _device_inputs(result.inputs, device.name)).encode()
        target = out / f"{device.name}.cfg"
        result.rendered.append(device.name)
        if target.is_file() and target.read_bytes() == text:
            continue
        staged = staging / f"{device.name}.cfg"
        staged.write_bytes(text)
        staged.chmod(0o640)  # intended configs carry AAA and SNMP keys
        result.staged.append(device.name)
    result.facts = facts_of(school, result.digest)
    return result


def _chunk(paths: list[Path]) -> list[SchoolResult]:
    return [_one_school(p) for p in paths]


def cross_check_all(facts: dict[str, SchoolFacts], problems: ProblemCollector) -> None:
    """Record every clash between schools: codes, names, addresses and address blocks."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    addresses: dict[str, str] = {}
    blocks: list[tuple[int, int, int, str, str, str]] = []
    for file in sorted(facts):
        item = facts[file]
        path = Path(file)
        if item.code in codes:
            problems.add(
                path,
                None,
                "code",
                _("school code {code} is also used by {other}").format(
                    code=item.code, other=codes[item.code]
                ),
                _("every school has its own 10-digit identifier"),
            )
        codes.setdefault(item.code, file)
        for name in item.names:
            if name in names:
                problems.add(
                    path, None, "name",
                    _("name {name} is also used by another device or host").format(name=name),
                )  # fmt: skip
            names.setdefault(name, file)
        for address in item.addresses:
            if address in addresses:
                problems.add(
                    path, None, "address",
                    _("address {address} is also used by another device or host").format(
                        address=address
                    ),
                )  # fmt: skip
            addresses.setdefault(address, file)
        for version, first, last, text in item.blocks:
            blocks.append((version, first, last, text, item.code, file))
    blocks.sort()
    previous: tuple[int, int, int, str, str, str] | None = None
    for block in blocks:
        version, first, _last, text, _code, file = block
        if previous is not None and previous[0] == version and first <= previous[2]:
            family = "ipv4" if version == 4 else "ipv6"
            problems.add(
                Path(file),
                None,
                f"prefixes.{family}",
                _("{network} overlaps {other_network} of school {other}").format(
                    network=text, other_network=previous[3], other=previous[4]
                ),
                _("every school gets its own block"),
            )
            if block[2] <= previous[2]:
                continue
        previous = block


@dataclass(slots=True)
class StreamOutcome:
    """The results of a streaming run and the facts it recorded."""

    results: list[SchoolResult]
    facts: dict[str, SchoolFacts]


def render_streaming(
    root: Path, out: Path, shared: str, renderer: Renderer, jobs: int, cache_dir: Path | None
) -> StreamOutcome:
    """Validate and render every school of the inventory at ``root`` into ``out``.

    :raise InventoryInvalid: with every problem found; ``out`` is left unchanged then.
    :raise RenderError: when a device of a valid school cannot be rendered.
    """
    problems = ProblemCollector()
    province = load_province(root, problems)
    catalog = load_catalog(root, problems)
    problems.raise_if_any()
    assert province is not None  # raise_if_any raised otherwise
    # Staged beside the output folder, on the same file system so moving is a rename.
    staging = out.parent / f".{out.name}-staging-{os.getpid()}"
    staging.mkdir(parents=True)
    renderer.preload()
    _STREAM.update(
        root=root,
        province=province,
        catalog=catalog,
        inheritance=Inheritance(province),
        province_digest=hashlib.sha256((root / PROVINCE_FILE).read_bytes()).hexdigest(),
        cache=SchoolCache(cache_dir / SCHOOLS_SUBDIR if cache_dir is not None else None),
        shared=shared,
        renderer=renderer,
        out=out,
        staging=staging,
    )
    files = school_files(root)
    # Smaller chunks for a small inventory, so every worker gets a share.
    size = max(1, min(CHUNK_FILES, len(files) // (max(jobs, 1) * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[SchoolResult] = []
    try:
        with render_gc():
            if jobs > 1 and len(chunks) > 1:
                context = multiprocessing.get_context("fork")
                with context.Pool(jobs) as pool:
                    for batch in pool.imap_unordered(functools.partial(run_job, _chunk), chunks):
                        results.extend(batch)
            else:
                for chunk in chunks:
                    results.extend(_chunk(chunk))
        facts = {r.file: r.facts for r in results if r.facts is not None}
        for result in results:
            problems.extend(result.problems)
        cross_check_all(facts, problems)
        problems.raise_if_any()
        out.mkdir(parents=True, exist_ok=True)
        for result in results:
            for name in result.staged:
                os.replace(staging / f"{name}.cfg", out / f"{name}.cfg")
    finally:
        _STREAM.clear()
        shutil.rmtree(staging, ignore_errors=True)
    log.debug("streamed %d schools", len(results))
    return StreamOutcome(results=results, facts=facts)
