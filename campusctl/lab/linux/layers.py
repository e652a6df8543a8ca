"""The cached file-system layers lab hosts boot from, and the lab's package repository.

Layers are stacked with overlayfs, lowest first::

    base      debootstrap --variant=minbase bookworm with systemd, sshd, python3
    desktop   base + the classroom software set (browser, office suite, fonts, ...)
    server    base + the school server's packages (DHCP, DNS cache, nginx, FreeRADIUS, ...)
    services  base + the daemons that stand in for the provincial services

Each layer and the repository carry a recipe hash next to them. A layer is
rebuilt only when its recipe (suite, package list, lower layers) changes, so a
second ``lab up`` reuses them. Building needs Debian's archive; running the lab
does not, because hosts install packages from the repository served inside the lab.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from campusctl.i18n import _
from campusctl.lab.linux import cgroups, system
from campusctl.lab.linux.errors import LabHostError

log = logging.getLogger(__name__)

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
BASE_PACKAGES = (
    "systemd",
    "systemd-sysv",
    "dbus",
    "python3",
    "python3-apt",
    "openssh-server",
    "iproute2",
)
# Daemons of the provincial services container (NTP, syslog, DNS, RADIUS).
SERVICES_PACKAGES = ("chrony", "rsyslog", "dnsmasq", "freeradius", "freeradius-utils")
# The role variables whose packages go into the desktop layer, as on a
# terminal's installation image, and into the server layer, as on a school
# server's. The roles still install them (a no-op on the lab's hosts) and
# install any package no layer has from the lab repository at run time.
DESKTOP_VARIABLES = (
    "classroom_terminal_base_packages",
    "classroom_terminal_software_packages",
    "classroom_terminal_desktop_packages",
)
SERVER_VARIABLES = ("school_server_packages",)
ROLES_DIR = Path(__file__).resolve().parents[3] / "roles"
REPO_ROLES = ("classroom_terminal", "school_server")
# A layer build step (downloads or installs) that takes longer than this is stuck.
BUILD_STEP_TIMEOUT_S = 3600.0
_DPKG_NO_DAEMONS = "#!/bin/sh\n# Lab layer build: never start daemons.\nexit 101\n"


@dataclass(frozen=True)
class Layer:
    """One cached layer: its folder (an overlay upper dir) and recipe."""

    name: str
    path: Path
    lowers: tuple[Path, ...]
    packages: tuple[str, ...]

    @property
    def stamp(self) -> Path:
        return self.path.with_name(self.path.name + ".json")

    def recipe_hash(self) -> str:
        """Return the hash of what the layer is built from."""
        recipe = {
            "suite": SUITE,
            "packages": sorted(self.packages),
            "lowers": [_read_hash(lower) for lower in self.lowers],
        }
        return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()

    def is_current(self) -> bool:
        """Return whether the cached layer matches its recipe."""
        return self.path.is_dir() and _read_hash(self.path) == self.recipe_hash()

    def lowerdir(self) -> str:
        """Return the overlay ``lowerdir`` option value that exposes this layer."""
        return ":".join(os.fspath(p) for p in (self.path, *self.lowers))


def _read_hash(layer_path: Path) -> str:
    stamp = layer_path.with_name(layer_path.name + ".json")
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get("recipe")
    return value if isinstance(value, str) else ""


def _write_stamp(path: Path, recipe: str, **extra: object) -> None:
    stamp = path.with_name(path.name + ".json")
    stamp.write_text(json.dumps({"recipe": recipe, **extra}, indent=2), encoding="utf-8")


def role_packages(roles_dir: Path = ROLES_DIR) -> dict[str, tuple[str, ...]]:
    """Read every ``*_packages`` list from the roles' ``defaults/main.yml``."""
    found: dict[str, tuple[str, ...]] = {}
    for role in REPO_ROLES:
        defaults = roles_dir / role / "defaults" / "main.yml"
        try:
            data = yaml.safe_load(defaults.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as err:
            raise LabHostError(
                _("Cannot read the package lists of role {role} from {path}: {error}").format(
                    role=role, path=defaults, error=err
                )
            ) from err
        for key, value in data.items():
            if key.endswith("_packages") and isinstance(value, list):
                found[key] = tuple(str(item) for item in value)
    return found


class LayerStore:
    """The lab's cached layers and package repository under ``<state>/lab/linux``."""

    def __init__(self, root: Path, roles_dir: Path = ROLES_DIR) -> None:
        self.root = root
        self.layers_dir = root / "layers"
        self.repo = root / "repo"
        packages = role_packages(roles_dir)
        desktop = tuple(pkg for var in DESKTOP_VARIABLES for pkg in packages.get(var, ()))
        server = tuple(pkg for var in SERVER_VARIABLES for pkg in packages.get(var, ()))
        self.repo_packages = tuple(
            sorted({pkg for pkgs in packages.values() for pkg in pkgs} | set(SERVICES_PACKAGES))
        )
        self.base = Layer("base", self.layers_dir / "base", (), BASE_PACKAGES)
        self.desktop = Layer("desktop", self.layers_dir / "desktop", (self.base.path,), desktop)
        self.server = Layer("server", self.layers_dir / "server", (self.base.path,), server)
        self.services = Layer(
            "services", self.layers_dir / "services", (self.base.path,), SERVICES_PACKAGES
        )

    # -- public -----------------------------------------------------------

    def ensure(self) -> None:
        """Build whatever layer or repository is missing or out of date.

        Cgroups left by a build that was killed are removed first. SIGTERM
        and SIGHUP stop a build the way Ctrl-C does: its processes, mounts
        and cgroups are removed and the next call builds that layer again.
        """
        self.layers_dir.mkdir(parents=True, exist_ok=True)
        cgroups.sweep_stale_builds()
        with cgroups.signals_raise():
            if not self.base.is_current():
                self._build_base()
            if _read_hash(self.repo) != self._repo_recipe():
                self._build_repo()
            for layer in (self.desktop, self.server, self.services):
                if not layer.is_current():
                    self._build_derived(layer)

    # -- base -------------------------------------------------------------

    def _build_base(self) -> None:
        log.info("building base layer %s (debootstrap %s)", self.base.path, SUITE)
        _remove_layer(self.base.path)
        partial = self.base.path.with_name("base.partial")
        _remove_layer(partial)
        # In a build cgroup too, so an interrupted debootstrap leaves no dpkg behind.
        cgroups.run_build_step(
            "base",
            [
                "debootstrap",
                "--variant=minbase",
                "--include=" + ",".join(BASE_PACKAGES),
                SUITE,
                partial,
                MIRROR,
            ],
            timeout=BUILD_STEP_TIMEOUT_S,
        )
        # Each host gets its own identity; none may come from the cached base.
        for key in (partial / "etc" / "ssh").glob("ssh_host_*"):
            key.unlink()
        (partial / "etc" / "machine-id").write_text("", encoding="ascii")
        dbus_id = partial / "var" / "lib" / "dbus" / "machine-id"
        if dbus_id.exists() or dbus_id.is_symlink():
            dbus_id.unlink()
        shutil.rmtree(partial / "var" / "cache" / "apt" / "archives", ignore_errors=True)
        (partial / "var" / "cache" / "apt" / "archives" / "partial").mkdir(parents=True)
        partial.rename(self.base.path)
        _write_stamp(self.base.path, self.base.recipe_hash())

    # -- repository -------------------------------------------------------

    def _repo_recipe(self) -> str:
        recipe = {
            "suite": SUITE,
            "packages": list(self.repo_packages),
            "base": _read_hash(self.base.path),
        }
        return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()

    def _build_repo(self) -> None:
        """Download the roles' packages and their dependencies and index them."""
        log.info(
            "building lab package repository %s (%d packages)", self.repo, len(self.repo_packages)
        )
        # Packages downloaded for an earlier recipe stay: apt fetches only
        # what is missing, so adding a package downloads that package alone.
        self.repo.mkdir(parents=True, exist_ok=True)
        (self.repo / "Packages").unlink(missing_ok=True)
        self.repo.with_name(self.repo.name + ".json").unlink(missing_ok=True)
        script = (
            "set -e; apt-get update -qq; "
            "apt-get install -d -y -qq --no-install-recommends " + " ".join(self.repo_packages)
        )
        with _scratch_overlay(self.layers_dir, (self.base.path,)) as root:
            _nspawn_run(
                "repo",
                root,
                script,
                binds=[(self.repo, "/var/cache/apt/archives", False)],
                network=True,
            )
        shutil.rmtree(self.repo / "partial", ignore_errors=True)
        (self.repo / "lock").unlink(missing_ok=True)
        # Packages the base already has are not downloaded; hosts have them.
        index = system.run(["dpkg-scanpackages", "-m", "."], cwd=self.repo)
        (self.repo / "Packages").write_text(index.stdout, encoding="utf-8")
        _write_stamp(self.repo, self._repo_recipe())

    # -- derived layers -----------------------------------------------------

    def _build_derived(self, layer: Layer) -> None:
        log.info("building %s layer %s (%d packages)", layer.name, layer.path, len(layer.packages))
        _remove_layer(layer.path)
        partial = layer.path.with_name(layer.name + ".partial")
        _remove_layer(partial)
        partial.mkdir(parents=True)
        script = (
            "set -e; "
            "printf '%s' \"$POLICY\" > /usr/sbin/policy-rc.d; chmod 0755 /usr/sbin/policy-rc.d; "
            "mv /etc/apt/sources.list /etc/apt/sources.list.build; "
            "echo 'deb [trusted=yes] file:/srv/campusctl-repo ./' > /etc/apt/sources.list.d/build.list; "
            "apt-get update -qq; "
            "apt-get install -y -qq --no-install-recommends " + " ".join(layer.packages) + "; "
            "rm /etc/apt/sources.list.d/build.list /usr/sbin/policy-rc.d; "
            "mv /etc/apt/sources.list.build /etc/apt/sources.list; "
            "apt-get clean; rm -rf /var/lib/apt/lists/*"
        )
        with _scratch_overlay(self.layers_dir, layer.lowers, upper=partial) as root:
            _nspawn_run(
                layer.name,
                root,
                script,
                binds=[(self.repo, "/srv/campusctl-repo", True)],
                network=False,
                env={"POLICY": _DPKG_NO_DAEMONS},
            )
        partial.rename(layer.path)
        _write_stamp(layer.path, layer.recipe_hash())


def _remove_layer(path: Path) -> None:
    if path.exists():
        system.unmount_tree(path)
        shutil.rmtree(path)
    path.with_name(path.name + ".json").unlink(missing_ok=True)


@contextlib.contextmanager
def _scratch_overlay(
    parent: Path, lowers: Sequence[Path], upper: Path | None = None
) -> Iterator[Path]:
    """Mount a temporary overlay over ``lowers``, yield its root, then remove it.

    With ``upper`` the changes land in that folder (a layer being built);
    without it they are discarded.
    """
    scratch = Path(tempfile.mkdtemp(prefix=".scratch-", dir=parent))
    upper = upper or scratch / "upper"
    work = scratch / "work"
    root = scratch / "root"
    try:
        for folder in (upper, work, root):
            folder.mkdir(parents=True, exist_ok=True)
        lowerdir = ":".join(os.fspath(p) for p in lowers)
        options = f"lowerdir={lowerdir},upperdir={upper},workdir={work}"
        system.run(["mount", "-t", "overlay", "overlay", "-o", options, root])
        yield root
    finally:
        system.unmount_tree(scratch)
        shutil.rmtree(scratch, ignore_errors=True)


def _nspawn_run(
    name: str,
    root: Path,
    script: str,
    *,
    binds: Iterable[tuple[Path, str, bool]],
    network: bool,
    env: dict[str, str] | None = None,
) -> None:
    """Run ``script`` with ``sh`` inside ``root`` with systemd-nspawn (no boot)."""
    argv: list[str] = [
        "systemd-nspawn",
        "-q",
        "-D",
        os.fspath(root),
        "--register=no",
        "--keep-unit",
        "--setenv=DEBIAN_FRONTEND=noninteractive",
    ]
    if not network:
        argv.append("--private-network")
    for source, target, read_only in binds:
        flag = "--bind-ro" if read_only else "--bind"
        argv.append(f"{flag}={source}:{target}")
    for key, value in (env or {}).items():
        argv.append(f"--setenv={key}={value}")
    argv += ["/bin/sh", "-c", script]
    cgroups.run_build_step(name, argv, timeout=BUILD_STEP_TIMEOUT_S)
