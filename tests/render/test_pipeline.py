"""campusctl render end to end: one file per device, byte-identical runs, incremental re-render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campusctl.cli import app
from campusctl.errors import UsageError
from campusctl.inventory import InventoryInvalid
from campusctl.render.errors import SecretMissing
from campusctl.render.pipeline import MANIFEST, TEMPLATES_SUBDIR, render_inventory
from campusctl.secrets import LAB_SECRETS_ENV

from .conftest import LAB_SECRETS, SAMPLE


@pytest.fixture
def lab_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LAB_SECRETS_ENV, str(LAB_SECRETS))


@pytest.fixture
def inventory_copy(tmp_path: Path) -> Path:
    target = tmp_path / "inventory"
    shutil.copytree(SAMPLE, target)
    return target


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.cfg")}


@pytest.mark.usefixtures("lab_secrets")
def test_render_twice_is_byte_identical(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    first = render_inventory(inventory_copy, out, cache_dir=cache)
    before = _snapshot(out)
    assert len(before) == 38
    assert len(first.written) == 38
    second = render_inventory(inventory_copy, out, cache_dir=cache)
    assert second.rendered == []
    assert second.skipped_schools == 6
    forced = render_inventory(inventory_copy, out, cache_dir=cache, force=True)
    assert len(forced.rendered) == 38
    assert forced.written == []
    assert _snapshot(out) == before
    assert (out / MANIFEST).is_file()


@pytest.mark.usefixtures("lab_secrets")
def test_one_school_change_renders_that_school(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, out, cache_dir=cache)
    header_before = (out / "CNXX-A1-ACC-01.cfg").read_text().splitlines()[1]
    school = next(inventory_copy.rglob("2440281001.yml"))
    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace("description: A101 班班通", "description: A101 一体机", 1))
    summary = render_inventory(inventory_copy, out, cache_dir=cache)
    assert summary.skipped_schools == 5
    assert {name.split("-")[0] for name in summary.rendered} == {"CNXX"}
    header_after = (out / "CNXX-A1-ACC-01.cfg").read_text().splitlines()[1]
    assert header_after != header_before


@pytest.mark.usefixtures("lab_secrets")
def test_limit_selects_devices(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    summary = render_inventory(inventory_copy, out, limit="role_core:&platform_h3c_comware")
    assert sorted(summary.rendered) == ["CNXX-CORE-01", "HYXX-CORE-01"]


def test_missing_secret_names_it_without_value(
    inventory_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LAB_SECRETS_ENV, raising=False)
    monkeypatch.setenv("CAMPUSCTL_SECRET_DEVICE_ADMIN_HASH", "HASH-VALUE-XYZ")
    monkeypatch.setenv("CAMPUSCTL_SECRET_TACACS_SHARED_SECRET", "KEY-VALUE-XYZ")
    with pytest.raises(SecretMissing) as info:
        render_inventory(inventory_copy, tmp_path / "configs", limit="HYXX-A1-ACC-01")
    assert info.value.name == "device_auditor_hash"
    assert "HASH-VALUE-XYZ" not in str(info.value)
    assert "CAMPUSCTL_SECRET_DEVICE_AUDITOR_HASH" in str(info.value)


@pytest.mark.usefixtures("lab_secrets")
def test_cli_render_writes_files(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    result = CliRunner().invoke(
        app,
        ["render", "-i", str(inventory_copy), "-o", str(out), "-l", "school_2440281002", "-j", "1"],
    )
    assert result.exit_code == 0, result.output
    assert (out / "SPJD-CORE-01.cfg").is_file()
    assert "1 device(s)" in result.output


@pytest.mark.usefixtures("lab_secrets")
def test_invalid_inventory_writes_nothing(inventory_copy: Path, tmp_path: Path) -> None:
    school = next(inventory_copy.rglob("2440281002.yml"))
    school.write_text(school.read_text(encoding="utf-8").replace("vlan: 20,", "vlan: 4095,", 1))
    out = tmp_path / "configs"
    result = CliRunner().invoke(app, ["render", "-i", str(inventory_copy), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()


@pytest.mark.usefixtures("lab_secrets")
def test_changed_school_clash_is_caught(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, out, cache_dir=cache)
    school = next(inventory_copy.rglob("2440281002.yml"))
    text = school.read_text(encoding="utf-8")
    # Give the teaching point's switch the name of a device of another, unchanged school.
    school.write_text(text.replace("SPJD-CORE-01", "CNXX-A1-ACC-01"), encoding="utf-8")
    with pytest.raises(InventoryInvalid, match="CNXX-A1-ACC-01 is also used"):
        render_inventory(inventory_copy, out, cache_dir=cache)


@pytest.mark.usefixtures("lab_secrets")
def test_changed_school_overlap_is_caught(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, out, cache_dir=cache)
    school = next(inventory_copy.rglob("2440281002.yml"))
    text = school.read_text(encoding="utf-8")
    school.write_text(
        text.replace("ipv6: '2001:db8:4481:200::/56'", "ipv6: '2001:db8:4406:100::/56'"),
        encoding="utf-8",
    )
    with pytest.raises(InventoryInvalid, match="overlaps 2001:db8:4406:100::/56"):
        render_inventory(inventory_copy, out, cache_dir=cache)


@pytest.mark.usefixtures("lab_secrets")
def test_deleted_output_is_rendered_again(inventory_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, out, cache_dir=cache)
    (out / "HYXX-WLC-01.cfg").unlink()
    summary = render_inventory(inventory_copy, out, cache_dir=cache)
    assert (out / "HYXX-WLC-01.cfg").is_file()
    assert "HYXX-WLC-01" in summary.rendered
    assert summary.skipped_schools == 5


@pytest.mark.usefixtures("lab_secrets")
def test_parallel_equals_serial(inventory_copy: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    render_inventory(inventory_copy, serial, jobs=1)
    render_inventory(inventory_copy, parallel, jobs=2)
    assert _snapshot(serial) == _snapshot(parallel)
    assert len(_snapshot(serial)) == 38


@pytest.mark.usefixtures("lab_secrets")
def test_cold_run_catches_cross_school_clash(inventory_copy: Path, tmp_path: Path) -> None:
    school = next(inventory_copy.rglob("2440281002.yml"))
    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace("SPJD-CORE-01", "CNXX-A1-ACC-01"), encoding="utf-8")
    out = tmp_path / "configs"
    with pytest.raises(InventoryInvalid, match="CNXX-A1-ACC-01 is also used"):
        render_inventory(inventory_copy, out, jobs=2, cache_dir=tmp_path / "cache")
    assert not out.exists()
    assert not list(tmp_path.glob(".configs-staging-*"))


@pytest.mark.usefixtures("lab_secrets")
def test_relative_and_absolute_paths_share_index(
    inventory_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "configs"
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, out, cache_dir=cache)
    monkeypatch.chdir(tmp_path)
    summary = render_inventory(Path("inventory"), out, cache_dir=cache)
    assert summary.rendered == []
    assert summary.skipped_schools == 6


@pytest.mark.usefixtures("lab_secrets")
def test_compiled_templates_are_reused(inventory_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    render_inventory(inventory_copy, tmp_path / "first", cache_dir=cache)
    compiled = sorted((cache / TEMPLATES_SUBDIR).iterdir())
    assert compiled
    stamps = [p.stat().st_mtime_ns for p in compiled]
    # A second output folder renders every device again from the kept bytecode.
    render_inventory(inventory_copy, tmp_path / "second", cache_dir=cache, force=True)
    assert sorted((cache / TEMPLATES_SUBDIR).iterdir()) == compiled
    assert [p.stat().st_mtime_ns for p in compiled] == stamps
    assert _snapshot(tmp_path / "first") == _snapshot(tmp_path / "second")


@pytest.mark.usefixtures("lab_secrets")
def test_shared_cache_rerenders_stale_output_folder(
    inventory_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two output folders share one cache; the folder rendered from older inputs is redone."""
    cache = tmp_path / "cache"
    stale = tmp_path / "stale"
    render_inventory(inventory_copy, stale, cache_dir=cache)
    # A new secret value changes the shared inputs, as a template edit does.
    monkeypatch.setenv("CAMPUSCTL_SECRET_EXTRA", "changed")
    render_inventory(inventory_copy, tmp_path / "fresh", cache_dir=cache)
    summary = render_inventory(inventory_copy, stale, cache_dir=cache)
    assert summary.skipped_schools == 0
    assert len(summary.rendered) == 38


@pytest.mark.usefixtures("lab_secrets")
def test_cli_render_to_a_file_is_usage_error(inventory_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "-i", str(inventory_copy), "-o", str(target)])
    assert isinstance(result.exception, UsageError)
    assert str(target) in str(result.exception)
