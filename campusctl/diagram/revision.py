"""The inventory revision printed in diagram titles and report pages."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

_HASHED_SUFFIXES = (".yml", ".yaml")


def _git(root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(
        [git, "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        return None
    return result.stdout.strip()


def content_hash(root: Path) -> str:
    """Return ``sha256:`` and the first 12 hex digits of a hash over the inventory's YAML files.

    The hash covers each file's path relative to ``root`` and its bytes, in path
    order, so renaming or editing any file changes it.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in _HASHED_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"sha256:{digest.hexdigest()[:12]}"


def inventory_revision(root: Path) -> str:
    """Return the revision of the inventory folder ``root``.

    In a git checkout this is the short hash of the last commit that changed the
    folder. When the folder has uncommitted changes, ``+`` and its
    :func:`content_hash` follow, so the title still identifies the files drawn. Outside
    git, or before the folder's first commit, it is :func:`content_hash`.
    """
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside == "true":
        commit = _git(root, "log", "-1", "--format=%h", "--", ".")
        if commit:
            status = _git(root, "status", "--porcelain", "--", ".")
            return f"{commit}+{content_hash(root)}" if status else commit
    log.debug("%s is not a committed git folder; hashing its contents", root)
    return content_hash(root)
