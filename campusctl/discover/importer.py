"""``import-config``: build a school file from the bureau's configuration backups."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from campusctl.discover.build import ImportResult, SchoolFacts, build_school, infer_roles
from campusctl.discover.errors import ImportConfigError
from campusctl.discover.facts import DeviceFacts
from campusctl.discover.links import links_from_descriptions
from campusctl.discover.readers import read_config
from campusctl.discover.rules import Rules
from campusctl.discover.source import read_saved_config
from campusctl.i18n import _

log = logging.getLogger(__name__)


def read_devices(paths: Sequence[Path]) -> list[DeviceFacts]:
    """Read every file; two files of the same host name are an error.

    :raise ImportConfigError: naming the file that cannot be read or repeats a device.
    """
    devices: dict[str, DeviceFacts] = {}
    for path in paths:
        facts = read_config(read_saved_config(path))
        if not facts.hostname:
            raise ImportConfigError(
                _("{path}: the configuration has no host name (sysname/hostname line)").format(
                    path=path
                )
            )
        if facts.hostname in devices:
            raise ImportConfigError(
                _(
                    "{path} and {other} are both configurations of {device}; pass one per device"
                ).format(path=path, other=devices[facts.hostname].origin, device=facts.hostname)
            )
        devices[facts.hostname] = facts
    return list(devices.values())


def import_configs(paths: Sequence[Path], school: SchoolFacts, rules: Rules) -> ImportResult:
    """Return the school built from the configuration files ``paths``."""
    devices = read_devices(paths)
    notes: list[str] = []
    roles = infer_roles(devices, rules, [])
    links, link_notes = links_from_descriptions(devices, roles, rules)
    notes.extend(link_notes)
    return build_school(school, devices, links, rules, notes)
