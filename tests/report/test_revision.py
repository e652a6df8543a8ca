"""The inventory revision: a git commit of the folder, else a content hash."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from campusctl.diagram.revision import content_hash, inventory_revision
from tests.conftest import SAMPLE


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-C",
            str(folder),
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo" / "inventory"
    shutil.copytree(SAMPLE, target)
    return target


def test_revision_outside_git_is_content_hash(copy: Path) -> None:
    revision = inventory_revision(copy)
    assert revision.startswith("sha256:")
    assert len(revision) == len("sha256:") + 12
    assert revision == content_hash(copy)


def test_content_hash_changes_with_a_file(copy: Path) -> None:
    before = content_hash(copy)
    province = copy / "province.yml"
    province.write_text(province.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert content_hash(copy) != before


def test_revision_in_git_is_folder_commit(copy: Path) -> None:
    repo = copy.parent
    git(repo, "init", "-q")
    git(repo, "add", "inventory")
    git(repo, "commit", "-q", "-m", "inventory")
    commit = git(repo, "log", "-1", "--format=%h")
    (repo / "README").write_text("other file\n", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "readme")
    # The last commit that changed the inventory folder, not the repository's HEAD.
    assert inventory_revision(copy) == commit


def test_revision_marks_uncommitted_changes(copy: Path) -> None:
    repo = copy.parent
    git(repo, "init", "-q")
    git(repo, "add", "inventory")
    git(repo, "commit", "-q", "-m", "inventory")
    commit = git(repo, "log", "-1", "--format=%h")
    province = copy / "province.yml"
    province.write_text(province.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inventory_revision(copy) == f"{commit}+{content_hash(copy)}"
