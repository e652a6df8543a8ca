"""Render the selected devices of an inventory into one file each, incrementally.

Every output file starts with a hash of the device's inputs: the school file,
province.yml, the hardware catalogue, the templates, the rendering code and
the secret sources. A school whose input hash matches the manifest of the
previous run, and whose files are all present, is not rendered again. Files
are rewritten only when their bytes change, so an unchanged run touches
nothing and two runs give byte-identical output.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from campusctl.collector import render_gc
from campusctl.inventory import Inventory
from campusctl.inventory.loader import CATALOG_DIR, PROVINCE_FILE, find_root
from campusctl.inventory.model import Device
from campusctl.inventory.selection import select_devices
from campusctl.platforms import PlatformId
from campusctl.render.cache import load_inventory_cached
from campusctl.render.engine import Renderer
from campusctl.render.environment import TEMPLATES_DIR
from campusctl.render.incremental import (
    MANIFEST,
    SCHOOLS_SUBDIR,
    RenderIndex,
    facts_of,
    load_changed,
    save_index,
    school_inputs,
)
from campusctl.render.intent import RENDERED_ROLES, device_intent, rendered_devices
from campusctl.render.pool import run_job
from campusctl.render.stream import render_streaming
from campusctl.secrets import (
    ENV_PREFIX,
    LAB_SECRETS_ENV,
    VAULT_RELATIVE,
    SecretStore,
    lab_secrets_path,
)

log = logging.getLogger(__name__)

TEMPLATES_SUBDIR = "templates"
"""Folder of the render cache that keeps compiled templates."""
CODE_DIR = Path(__file__).resolve().parent


@dataclass
class RenderSummary:
    """What a render run did."""

    rendered: list[str] = field(default_factory=list)
    """Devices rendered in this run (their file may still be unchanged)."""
    written: list[Path] = field(default_factory=list)
    """Files whose bytes changed."""
    skipped_schools: int = 0
    """Schools whose inputs had not changed since the previous run."""


def _digest_files(paths: Iterable[Path], digest: hashlib._Hash) -> None:
    for path in sorted(paths):
        digest.update(str(path.name).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())


def global_inputs(root: Path, templates: Path = TEMPLATES_DIR) -> str:
    """Return the hash of everything every device shares: province, catalogue, templates, code, secrets."""
    digest = hashlib.sha256(b"campusctl-render-1")
    _digest_files([root / PROVINCE_FILE], digest)
    _digest_files((root / CATALOG_DIR).glob("*.yml"), digest)
    for platform_id in PlatformId:
        # Only the device templates: report and diagram templates share the folder.
        _digest_files((templates / platform_id.value).rglob("*.j2"), digest)
    _digest_files(CODE_DIR.glob("*.py"), digest)
    _digest_files([CODE_DIR.parent / "secrets.py"], digest)
    for name in sorted(k for k in os.environ if k.startswith(ENV_PREFIX)):
        digest.update(name.encode() + b"=" + os.environ[name].encode() + b"\0")
    vault = root / VAULT_RELATIVE
    # The lab's secrets file as the secret store finds it: named by the
    # environment, or the one `campusctl lab up` wrote beside the inventory.
    lab = os.environ.get(LAB_SECRETS_ENV) or str(lab_secrets_path(root))
    for secret_file in (vault, Path(lab)):
        if secret_file is not None and secret_file.is_file():
            _digest_files([secret_file], digest)
    return digest.hexdigest()


def expected_header(shared: str, school_file: Path, device: str) -> str:
    """Return the ``inputs sha256`` header line a current render writes for ``device``."""
    digest = hashlib.sha256(school_file.read_bytes()).hexdigest()
    return f"inputs sha256 {device_inputs(school_inputs(shared, digest), device)}"


def device_inputs(school_inputs: str, device: str) -> str:
    """Return the input hash written into one device's header."""
    return hashlib.sha256(f"{school_inputs}\0{device}".encode()).hexdigest()


def output_path(out: Path, device: Device) -> Path:
    """Return where a device's configuration is written: ``<out>/<device>.cfg``.

    Device names are unique across the inventory, and the change engine reads
    the intended configuration from this flat layout.
    """
    return out / f"{device.name}.cfg"


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.chmod(0o640)
    temporary.replace(path)
    return True


# The inventory and settings a forked worker renders from, set before the pool starts
# so workers inherit them without pickling.
_WORK: dict[str, object] = {}


def _render_school(task: tuple[str, str, list[str]]) -> tuple[list[str], list[str]]:
    code, inputs, names = task
    inventory: Inventory = _WORK["inventory"]  # type: ignore[assignment]
    renderer: Renderer = _WORK["renderer"]  # type: ignore[assignment]
    out: Path = _WORK["out"]  # type: ignore[assignment]
    school = inventory.schools[code]
    written: list[str] = []
    for device in school.devices:
        if device.name not in names:
            continue
        intent = device_intent(inventory, school, device)
        text = renderer.render(intent, device_inputs(inputs, device.name))
        path = output_path(out, device)
        if _write_if_changed(path, text):
            written.append(str(path))
    return names, written


def _render_all(
    root: Path,
    out: Path,
    shared: str,
    jobs: int,
    cache_dir: Path | None,
    manifest: dict[str, str],
) -> RenderSummary:
    renderer = Renderer(SecretStore(root), bytecode_dir=_bytecode_dir(cache_dir))
    outcome = render_streaming(root, out, shared, renderer, jobs, cache_dir)
    summary = RenderSummary()
    for result in outcome.results:
        if result.code is not None:
            manifest[result.code] = result.inputs
        summary.rendered.extend(result.rendered)
        summary.written.extend(out / f"{name}.cfg" for name in result.staged)
    _write_if_changed(out / MANIFEST, json.dumps(manifest, sort_keys=True, indent=0) + "\n")
    if cache_dir is not None:
        save_index(cache_dir, RenderIndex(shared, dict(outcome.facts)))
    log.info("rendered %d devices, %d files changed", len(summary.rendered), len(summary.written))
    return summary


def _bytecode_dir(cache_dir: Path | None) -> Path | None:
    return cache_dir / TEMPLATES_SUBDIR if cache_dir is not None else None


def render_inventory(
    path: Path,
    out: Path,
    limit: str | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    force: bool = False,
) -> RenderSummary:
    """Render the devices selected by ``limit`` into ``out``.

    Without a limit, a current render index lets only changed schools be parsed,
    validated and rendered; otherwise every school is streamed through worker
    processes. With a limit, the whole inventory is loaded so the pattern can
    be resolved, and schools whose inputs are unchanged are skipped.

    :param jobs: worker processes; schools are rendered in parallel when above 1.
    :param cache_dir: folder of the parsed-school cache and the render index (None
        disables both, so every run parses and validates everything).
    :param force: render every selected school even if its inputs are unchanged.
    :raise InventoryInvalid: when the inventory is invalid; nothing is written then.
    :raise RenderError: when a device cannot be rendered.
    """
    # Absolute, so index keys and cached school sources match however the path was given.
    root = find_root(Path(path)).resolve()
    shared = global_inputs(root)
    manifest_path = out / MANIFEST
    try:
        previous: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    manifest = dict(previous)
    summary = RenderSummary()
    tasks: list[tuple[str, str, list[str]]] = []
    partial = None
    if limit is None and not force and cache_dir is not None:
        partial = load_changed(root, cache_dir, shared, out, jobs)
    if limit is None and partial is None:
        return _render_all(root, out, shared, jobs, cache_dir, manifest)
    if partial is not None:
        inventory, digests = partial.inventory, partial.digests
        summary.skipped_schools = partial.unchanged
        for code, school in sorted(inventory.schools.items()):
            inputs = school_inputs(shared, digests[code])
            manifest[code] = inputs
            tasks.append((code, inputs, [d.name for d in rendered_devices(school)]))
    else:
        schools_cache = cache_dir / SCHOOLS_SUBDIR if cache_dir is not None else None
        inventory, digests = load_inventory_cached(root, schools_cache, jobs)
        selected: dict[str, list[str]] = {}
        for school, device in select_devices(inventory, limit):
            if device.role in RENDERED_ROLES:
                selected.setdefault(school.code, []).append(device.name)
        for code, names in selected.items():
            school = inventory.schools[code]
            inputs = school_inputs(shared, digests[code])
            manifest[code] = inputs
            present = all(output_path(out, d).is_file() for d in school.devices if d.name in names)
            if not force and previous.get(code) == inputs and present:
                summary.skipped_schools += 1
                continue
            tasks.append((code, inputs, names))
    renderer = Renderer(SecretStore(inventory.root), bytecode_dir=_bytecode_dir(cache_dir))
    _WORK.update(inventory=inventory, renderer=renderer, out=out)
    try:
        with render_gc():
            if jobs > 1 and len(tasks) > 1:
                context = multiprocessing.get_context("fork")
                with context.Pool(jobs) as pool:
                    results = list(
                        pool.imap_unordered(
                            functools.partial(run_job, _render_school), tasks, chunksize=16
                        )
                    )
            else:
                results = [_render_school(task) for task in tasks]
    finally:
        _WORK.clear()
    for names, written in results:
        summary.rendered.extend(names)
        summary.written.extend(Path(p) for p in written)
    out.mkdir(parents=True, exist_ok=True)
    _write_if_changed(manifest_path, json.dumps(manifest, sort_keys=True, indent=0) + "\n")
    if cache_dir is not None:
        index = partial.index if partial is not None else RenderIndex(shared)
        for code, school in inventory.schools.items():
            index.schools[str(school.source)] = facts_of(school, digests[code])
        save_index(cache_dir, index)
    log.info(
        "rendered %d devices, %d files changed, %d schools unchanged",
        len(summary.rendered),
        len(summary.written),
        summary.skipped_schools,
    )
    return summary
