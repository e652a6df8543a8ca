"""Run the system commands that build and start lab hosts, with clear errors."""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from campusctl.i18n import _
from campusctl.lab.linux.errors import LabHostError, LabHostsUnavailable

log = logging.getLogger(__name__)

REQUIRED_TOOLS = ("systemd-nspawn", "debootstrap", "ip", "nft", "dpkg-scanpackages", "mount")


def check_prerequisites() -> None:
    """Raise :class:`LabHostsUnavailable` unless lab hosts can run on this machine."""
    if os.geteuid() != 0:
        raise LabHostsUnavailable(
            _("Lab Linux hosts need root; run as root to start terminals and servers.")
        )
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        raise LabHostsUnavailable(
            _(
                "Lab Linux hosts need {tools}; install them with "
                "`scripts/ensure-apt debootstrap systemd-container dpkg-dev nftables iproute2`."
            ).format(tools=", ".join(missing))
        )


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    input_text: str | None = None,
    check: bool = True,
    timeout: float = 600.0,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` and return its result; raise :class:`LabHostError` when it fails."""
    args = [os.fspath(part) for part in argv]
    log.debug("run %s", shlex.join(args))
    try:
        result = subprocess.run(
            args,
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
            cwd=cwd,
            preexec_fn=preexec_fn,
        )
    except subprocess.TimeoutExpired as err:
        raise LabHostError(
            _("Command timed out after {seconds} s: {command}").format(
                seconds=int(timeout), command=shlex.join(args)
            )
        ) from err
    except OSError as err:
        raise LabHostError(
            _("Command could not start: {command}: {error}").format(
                command=shlex.join(args), error=err
            )
        ) from err
    if check and result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise LabHostError(
            _("Command failed with exit code {code}: {command}\n{output}").format(
                code=result.returncode, command=shlex.join(args), output="\n".join(tail)
            )
        )
    return result


def is_mounted(path: Path) -> bool:
    """Return whether ``path`` is a mount point (read from /proc/self/mountinfo)."""
    target = os.fspath(path.resolve())
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) > 4 and _unescape_mount_path(fields[4]) == target:
                return True
    return False


def _unescape_mount_path(text: str) -> str:
    return text.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def mounts_under(path: Path) -> list[Path]:
    """Return every mount point at or below ``path``, deepest first."""
    prefix = os.fspath(path.resolve())
    found: list[Path] = []
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) <= 4:
                continue
            point = _unescape_mount_path(fields[4])
            if point == prefix or point.startswith(prefix + "/"):
                found.append(Path(point))
    return sorted(found, key=lambda p: len(p.parts), reverse=True)


def unmount_tree(path: Path) -> None:
    """Unmount every mount at or below ``path`` (deepest first)."""
    for point in mounts_under(path):
        run(["umount", point], check=False)
        if is_mounted(point):
            run(["umount", "-l", point])
