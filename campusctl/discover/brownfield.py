"""Preload lab devices with hand-made configurations: the brownfield lab profile.

The lab starts each device from ``<lab state>/devices/<name>/flash/saved.cfg``
when that file exists, as a switch boots from its saved configuration. This
module writes those files from backup files before ``campusctl lab up``, so
the lab's devices run the varied, inconsistent configurations of a school
built by hand, and import and discovery can be tested against them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from campusctl.discover.errors import ImportConfigError
from campusctl.discover.readers import read_config
from campusctl.discover.source import read_saved_config
from campusctl.i18n import _

log = logging.getLogger(__name__)

SAVED_CONFIG = Path("flash") / "saved.cfg"


def preload_saved_configs(
    files: Sequence[Path], lab_state: Path, names: Mapping[str, str] | None = None
) -> dict[str, Path]:
    """Write each backup as the saved configuration of the lab device it belongs to.

    The device is the file's host name, or ``names[host name]`` when the
    inventory calls it otherwise. The lab keeps saved configurations as
    UTF-8 and serves each device in its own charset, so GBK backups are
    decoded here.

    :param lab_state: the lab state folder (``campusctl.lab.state.state_root()``).
    :return: the file written for each device.
    :raise ImportConfigError: when a backup cannot be read or names no host.
    """
    written: dict[str, Path] = {}
    for file in files:
        saved = read_saved_config(file)
        hostname = read_config(saved).hostname
        if not hostname:
            raise ImportConfigError(
                _("{path}: the configuration has no host name (sysname/hostname line)").format(
                    path=file
                )
            )
        device = (names or {}).get(hostname, hostname)
        target = lab_state / "devices" / device / SAVED_CONFIG
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.write_text(saved.text.strip("\n") + "\n", encoding="utf-8")
        written[device] = target
        log.info("lab device %s: saved configuration preloaded from %s", device, file)
    return written
