"""One systemd-nspawn container: its overlay root, identity, boot and power-off."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from campusctl.i18n import _
from campusctl.lab.linux import cgroups, system
from campusctl.lab.linux.errors import LabHostError
from campusctl.lab.linux.network import NETNS_DIR

log = logging.getLogger(__name__)

BOOT_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


@dataclass
class Container:
    """A lab container's folders under ``<state>/lab/linux/hosts/<name>``."""

    name: str
    folder: Path

    @property
    def root(self) -> Path:
        return self.folder / "root"

    @property
    def upper(self) -> Path:
        return self.folder / "upper"

    @property
    def work(self) -> Path:
        return self.folder / "work"

    @property
    def host_key(self) -> Path:
        """The private host key kept across ``down``/``up`` (mode 0600)."""
        return self.folder / "ssh_host_ed25519_key"

    @property
    def console_log(self) -> Path:
        return self.folder / "console.log"

    def mount(self, lowerdir: str, lower_id: str) -> bool:
        """Mount the overlay root over ``lowerdir`` and return whether it starts fresh.

        The writable layer of an earlier start is kept, so host state survives
        ``down``/``up``. It is discarded when ``lower_id`` (the recipe hash of
        the lower layers) changed, because an upper dir only fits its own lower.
        """
        self.unmount()
        stamp = self.folder / "lower.id"
        fresh = not self.upper.is_dir() or _read_text(stamp) != lower_id
        if fresh:
            self.remove()
        for folder in (self.upper, self.work, self.root):
            folder.mkdir(parents=True, exist_ok=True)
        stamp.write_text(lower_id, encoding="ascii")
        options = f"lowerdir={lowerdir},upperdir={self.upper},workdir={self.work}"
        system.run(["mount", "-t", "overlay", "overlay", "-o", options, self.root])
        return fresh

    def unmount(self) -> None:
        """Unmount the root and anything below it."""
        if self.root.exists():
            system.unmount_tree(self.root)

    def remove(self) -> None:
        """Unmount and delete the container's writable layer, keeping its host key."""
        self.unmount()
        for folder in (self.upper, self.work, self.root):
            shutil.rmtree(folder, ignore_errors=True)
        (self.folder / "lower.id").unlink(missing_ok=True)

    def write(self, relative: str, content: str, mode: int = 0o644) -> Path:
        """Write ``content`` to ``relative`` inside the root with ``mode``."""
        target = self.root / relative.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_text(content, encoding="utf-8")
        os.chmod(target, mode)
        return target

    def enable_unit(self, unit: str, target: str = "multi-user.target") -> None:
        """Enable ``unit`` the way ``systemctl enable`` does, with a wants/ symlink."""
        wants = self.root / "etc" / "systemd" / "system" / f"{target}.wants"
        wants.mkdir(parents=True, exist_ok=True)
        link = wants / unit
        if link.is_symlink() or link.exists():
            link.unlink()
        for candidate in ("etc/systemd/system", "lib/systemd/system"):
            if (self.root / candidate / unit).exists():
                link.symlink_to(f"/{candidate}/{unit}")
                return
        raise LabHostError(
            _("Unit {unit} not found in container {name}.").format(unit=unit, name=self.name)
        )

    def set_identity(self, hostname: str, hosts_lines: list[str], authorized_key: str) -> str:
        """Give the container its hostname, host key, hosts file and root's SSH key.

        Returns the public host key line (``ssh-ed25519 AAAA...``).
        """
        if not self.host_key.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            system.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", hostname, "-f", self.host_key]
            )
        ssh_dir = self.root / "etc" / "ssh"
        shutil.copyfile(self.host_key, ssh_dir / "ssh_host_ed25519_key")
        os.chmod(ssh_dir / "ssh_host_ed25519_key", 0o600)
        public = self.host_key.with_name(self.host_key.name + ".pub").read_text(encoding="ascii")
        self.write("etc/ssh/ssh_host_ed25519_key.pub", public)
        self.write("etc/hostname", hostname + "\n")
        self.write("etc/machine-id", os.urandom(16).hex() + "\n", 0o444)
        self.write(
            "etc/hosts", "\n".join(["127.0.0.1 localhost", "::1 localhost", *hosts_lines]) + "\n"
        )
        root_ssh = self.root / "root" / ".ssh"
        root_ssh.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.write("root/.ssh/authorized_keys", authorized_key.strip() + "\n", 0o600)
        # Only the ed25519 host key exists, so sshd must not look for the others.
        self.write(
            "etc/ssh/sshd_config.d/00-campusctl-lab.conf",
            "# Written by the campusctl lab.\nHostKey /etc/ssh/ssh_host_ed25519_key\n",
        )
        key_type, key_data = public.split()[:2]
        return f"{key_type} {key_data}"

    def boot(self, namespace: str, read_only_binds: tuple[tuple[Path, str], ...] = ()) -> int:
        """Boot the container with systemd inside ``namespace`` and return nspawn's PID."""
        argv = [
            "systemd-nspawn",
            "-q",
            "-D",
            os.fspath(self.root),
            "--boot",
            "--register=no",
            "--keep-unit",
            "-M",
            self.name,
            "--private-network",
            f"--network-namespace-path={NETNS_DIR / namespace}",
            "--console=pipe",
        ]
        argv += [f"--bind-ro={source}:{target}" for source, target in read_only_binds]
        folders = cgroups.create(self.name)
        log_file = self.console_log.open("ab")
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=cgroups.enter(folders),  # noqa: PLW1509 - cgroup move only
                start_new_session=True,
            )
        except OSError as err:
            raise LabHostError(
                _("systemd-nspawn could not start container {name}: {error}").format(
                    name=self.name, error=err
                )
            ) from err
        finally:
            log_file.close()
        log.info("container %s booting, nspawn pid %d", self.name, process.pid)
        return process.pid


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        return ""


def wait_for_port(address: str, port: int, pid: int, name: str, console: Path) -> None:
    """Wait until ``address:port`` accepts TCP connections; raise if nspawn exits first."""
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            raise LabHostError(
                _("Container {name} stopped while booting; see {log}.").format(
                    name=name, log=console
                )
            )
        try:
            with socket.create_connection((address, port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.1)
    raise LabHostError(
        _(
            "Container {name} did not open {address} port {port} within {seconds} s; see {log}."
        ).format(name=name, address=address, port=port, seconds=int(BOOT_TIMEOUT_S), log=console)
    )


def pid_alive(pid: int) -> bool:
    """Return whether ``pid`` runs and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def is_nspawn(pid: int, root: Path) -> bool:
    """Return whether ``pid`` is the systemd-nspawn process of ``root`` (not a reused PID)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = handle.read().split(b"\0")
    except OSError:
        return False
    return bool(argv) and argv[0].endswith(b"systemd-nspawn") and os.fsencode(root) in argv


def power_off(containers: Sequence[tuple[int, Path, str]]) -> None:
    """Power containers off: SIGTERM to each nspawn (pid, root, name), SIGKILL after a timeout.

    All containers shut down at once. A PID that is no longer the nspawn of
    that root (because it exited and the PID was reused) is left alone.
    """
    pending = {}
    for pid, root, name in containers:
        if is_nspawn(pid, root):
            os.kill(pid, signal.SIGTERM)
            pending[pid] = name
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            _reap(pid)
            if not pid_alive(pid):
                del pending[pid]
        time.sleep(0.05)
    for pid, name in pending.items():
        log.warning(
            "container %s did not power off in %.0f s; killing nspawn pid %d",
            name,
            STOP_TIMEOUT_S,
            pid,
        )
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2 if pending else 0)
    for pid in pending:
        _reap(pid)


def _reap(pid: int) -> None:
    """Collect ``pid``'s exit status when this process started it, so it leaves no zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
