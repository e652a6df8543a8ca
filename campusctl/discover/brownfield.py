"""Preload lab devices with hand-made configurations: the brownfield lab profile.

The lab starts each device from ``<lab state>/devices/<name>/flash/saved.cfg``
when that file exists, as a switch boots from its saved configuration. This
module writes those files from backup files before ``campusctl lab up``, so
the lab's devices run the varied, inconsistent configurations of a school
built by hand, and import and discovery can be tested against them.

Each sample school is a folder under ``samples/``: its configuration backups
(``*.cfg``, in the charset each device uses) and ``lab.yml`` with what the
backups do not hold (model, software, role, and the cabling as it is).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campusctl.discover.errors import ImportConfigError
from campusctl.discover.facts import DeviceFacts
from campusctl.discover.readers import read_config
from campusctl.discover.source import read_saved_config
from campusctl.i18n import _
from campusctl.inventory.model.catalog import HardwareModel
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.lab.devices import LabDevice, Neighbor

log = logging.getLogger(__name__)

SAVED_CONFIG = Path("flash") / "saved.cfg"
SAMPLES = Path(__file__).parent / "samples"
PROFILE = "lab.yml"


@dataclass(slots=True)
class BrownfieldSchool:
    """One sample school: its emulated devices and the backups they start from."""

    code: str
    devices: list[LabDevice] = field(default_factory=list)
    backups: dict[str, Path] = field(default_factory=dict)
    """Backup file by device name."""


def preload_saved_configs(
    files: Sequence[Path],
    lab_state: Path,
    names: Mapping[str, str] | None = None,
    *,
    replace: bool = True,
) -> dict[str, Path]:
    """Write each backup as the saved configuration of the lab device it belongs to.

    The device is the file's host name, or ``names[host name]`` when the
    inventory calls it otherwise. The lab keeps saved configurations as
    UTF-8 and serves each device in its own charset, so GBK backups are
    decoded here.

    :param lab_state: the lab state folder (``campusctl.lab.state.state_root()``).
    :param replace: when false, a device that already has a saved
        configuration keeps it, as a real switch keeps what was saved on it.
    :return: the file written for each device (kept files are not listed).
    :raise ImportConfigError: when a backup cannot be read or names no host.
    """
    written: dict[str, Path] = {}
    for file in files:
        saved = read_saved_config(file)
        hostname = _hostname(file, read_config(saved))
        device = (names or {}).get(hostname, hostname)
        target = lab_state / "devices" / device / SAVED_CONFIG
        if target.exists() and not replace:
            log.info("lab device %s: keeps its saved configuration %s", device, target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.write_text(saved.text.strip("\n") + "\n", encoding="utf-8")
        written[device] = target
        log.info("lab device %s: saved configuration preloaded from %s", device, file)
    return written


def _hostname(file: Path, facts: DeviceFacts) -> str:
    if not facts.hostname:
        raise ImportConfigError(
            _("{path}: the configuration has no host name (sysname/hostname line)").format(
                path=file
            )
        )
    return facts.hostname


def sample_schools(
    catalog: Mapping[str, HardwareModel], root: Path = SAMPLES, management_station: str = ""
) -> list[BrownfieldSchool]:
    """Load every sample school under ``root`` as lab devices with their backups.

    :param catalog: the inventory's hardware catalogue, which gives each model's ports.
    :param management_station: the address the devices see a loopback client as
        (see :attr:`campusctl.lab.devices.LabDevice.management_station`).
    :raise ImportConfigError: naming the file and entry when a profile or backup is invalid.
    """
    schools = [load_school(folder, catalog) for folder in sorted(root.iterdir()) if folder.is_dir()]
    for school in schools:
        for device in school.devices:
            device.management_station = management_station
    return schools


def load_school(folder: Path, catalog: Mapping[str, HardwareModel]) -> BrownfieldSchool:
    """Load one sample school folder (``lab.yml`` and its ``*.cfg`` backups).

    Platform, charset and management address come from each backup, the
    other facts from ``lab.yml``. The management address is the one of the
    lowest-numbered VLAN interface with an IPv4 address, which on a
    hand-built switch is often VLAN 1.

    :raise ImportConfigError: naming the file and entry that is wrong.
    """
    path = folder / PROFILE
    profile = _read_profile(path)
    school = BrownfieldSchool(code=str(profile.get("school", folder.name)))
    specs: dict[str, Any] = profile.get("devices") or {}
    for file in sorted(folder.glob("*.cfg")):
        saved = read_saved_config(file)
        facts = read_config(saved)
        name = _hostname(file, facts)
        spec = specs.get(name)
        if not isinstance(spec, dict):
            raise ImportConfigError(
                _("{path}: devices: {device} (host name of {backup}) is missing").format(
                    path=path, device=name, backup=file.name
                )
            )
        school.devices.append(_lab_device(path, name, spec, facts, catalog))
        school.backups[name] = file
    missing = sorted(set(specs) - set(school.backups))
    if missing:
        raise ImportConfigError(
            _("{path}: no backup (*.cfg) in {folder} has the host name {devices}").format(
                path=path, folder=folder, devices=", ".join(missing)
            )
        )
    _add_cabling(path, school.devices, profile.get("cabling") or [])
    return school


def _read_profile(path: Path) -> dict[str, Any]:
    problems = ProblemCollector()
    raw = load_yaml(path, problems)
    if problems.problems:
        raise ImportConfigError("\n".join(p.render() for p in problems.problems))
    if not isinstance(raw, dict):
        raise ImportConfigError(_("{path}: expected a mapping at the top").format(path=path))
    return raw


def _lab_device(
    path: Path,
    name: str,
    spec: dict[str, Any],
    facts: DeviceFacts,
    catalog: Mapping[str, HardwareModel],
) -> LabDevice:
    model = catalog.get(str(spec.get("model", "")))
    if model is None:
        raise ImportConfigError(
            _(
                "{path}: devices: {device}: model {model!r} is not in the hardware catalogue; "
                "add it to inventory/catalog/ or use a listed model"
            ).format(path=path, device=name, model=spec.get("model"))
        )
    management = next((svi for svi in facts.svis() if svi.ipv4), None)
    if management is None or management.vlan_id is None:
        raise ImportConfigError(
            _("{path}: {device}: its backup has no VLAN interface with an IPv4 address").format(
                path=path, device=name
            )
        )
    return LabDevice(
        name=name,
        platform=facts.platform.value,
        os=str(spec.get("os", "")),
        os_version=str(spec.get("os_version", facts.os_version or "")),
        model=model.name,
        serial=str(spec.get("serial") or _serial(name)),
        interfaces=model.interfaces(),
        management_vlan=management.vlan_id,
        management_ipv4=str(management.ipv4[0]),
        charset=facts.charset.value,
        role=str(spec.get("role", "access")),
        attached_ports=[str(port) for port in spec.get("lines") or []],
    )


def _serial(name: str) -> str:
    return "LAB" + hashlib.sha256(name.encode()).hexdigest()[:12].upper()


def _add_cabling(path: Path, devices: list[LabDevice], cabling: list[Any]) -> None:
    """Add each cable's LLDP neighbour to both of its ends."""
    by_name = {device.name: device for device in devices}
    for index, cable in enumerate(cabling):
        a_device, a_port = _cable_end(path, index, cable, "a", by_name)
        b_device, b_port = _cable_end(path, index, cable, "b", by_name)
        for here, port, peer, peer_port in (
            (a_device, a_port, b_device, b_port),
            (b_device, b_port, a_device, a_port),
        ):
            here.neighbors.append(
                Neighbor(
                    local_port=port,
                    device=peer.name,
                    port=peer_port,
                    platform=peer.platform,
                    description=f"{peer.model} {peer.os} {peer.os_version}",
                    management=peer.management_ipv4.split("/")[0],
                )
            )


def _cable_end(
    path: Path, index: int, cable: Any, side: str, by_name: Mapping[str, LabDevice]
) -> tuple[LabDevice, str]:
    end = cable.get(side) if isinstance(cable, dict) else None
    device = by_name.get(str(end.get("device"))) if isinstance(end, dict) else None
    if device is None or not isinstance(end, dict) or end.get("port") not in device.interfaces:
        raise ImportConfigError(
            _(
                "{path}: cabling[{index}].{side}: {end!r} is not a port of a device of this "
                "school; give device and port as the device names them"
            ).format(path=path, index=index, side=side, end=end)
        )
    return device, str(end["port"])
