"""Device access details: address, port, login and pinned host key.

In the lab the overlay gives address, port, login and host key, and the lab's
credentials file the password. In production the address is the inventory's
management address, the login comes from ``CAMPUSCTL_USERNAME`` and
``CAMPUSCTL_PASSWORD`` (set them from Ansible Vault or the bureau's secret
store), the enable secret from ``CAMPUSCTL_ENABLE_SECRET``, and host keys are
pinned in ``<state>/known_hosts``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from ipaddress import ip_network
from pathlib import Path

from campusctl.errors import EngineError
from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import Device, School
from campusctl.inventory.overlay import Overlay
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.yamlstrict import load_yaml
from campusctl.platforms import platform

ENV_USERNAME = "CAMPUSCTL_USERNAME"
ENV_PASSWORD = "CAMPUSCTL_PASSWORD"
ENV_ENABLE = "CAMPUSCTL_ENABLE_SECRET"
KNOWN_HOSTS = "known_hosts"

# Benchmarking and documentation ranges (RFC 2544, RFC 3849) that the sample inventory uses.
SAMPLE_NETWORKS = (ip_network("198.18.0.0/15"), ip_network("2001:db8::/32"))


@dataclass(frozen=True)
class DeviceAccess:
    """Everything needed to open a session to one device; the password never prints."""

    name: str
    school: str
    platform: str
    napalm_driver: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    secret: str | None = field(default=None, repr=False)
    """Enable secret for platforms with privilege levels (Ruijie, Cisco)."""
    role: str = "access"
    management_vlan: int | None = None
    charset: str = "utf-8"
    host_key: str | None = None
    known_hosts: Path | None = None
    connect_timeout: int = 15
    command_timeout: int = 30
    save_timeout: int = 120


# The lab's credentials files read in this process, by path, with the file's
# modification time and size, so a run over hundreds of devices reads each once.
_CREDENTIALS: dict[Path, tuple[tuple[int, int], dict[object, object]]] = {}


def _lab_credentials(path: Path) -> dict[object, object]:
    """Return the parsed lab credentials file at ``path``, read again only when it changed."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    stamp = (stat.st_mtime_ns, stat.st_size) if stat is not None else (-1, -1)
    cached = _CREDENTIALS.get(path)
    if cached is not None and cached[0] == stamp and stat is not None:
        return cached[1]
    problems = ProblemCollector()
    data = load_yaml(path, problems)
    if problems or not isinstance(data, dict):
        raise EngineError(
            _("cannot read the lab credentials file {path}; run `campusctl lab up` again").format(
                path=path
            )
        )
    _CREDENTIALS[path] = (stamp, data)
    return data


def _lab_password(overlay_file: str | None, device: str, base: Path) -> str | None:
    if not overlay_file:
        return None
    path = Path(overlay_file)
    if not path.is_absolute():
        path = base / path
    value = _lab_credentials(path).get(device)
    if isinstance(value, dict):
        value = value.get("password")
    return str(value) if value is not None else None


def device_access(
    inventory: Inventory, school: School, device: Device, overlay: Overlay | None, state: Path
) -> DeviceAccess:
    """Return how to reach ``device``, from the lab overlay or from production settings.

    :raise EngineError: when no login is configured for the device.
    """
    facts = platform(device.platform)
    timeouts = school.settings.timeouts
    common = {
        "name": device.name,
        "school": school.code,
        "platform": device.platform.value,
        "napalm_driver": facts.napalm_driver,
        "role": device.role.value,
        "management_vlan": device.management.vlan,
        "charset": device.charset.value,
        "connect_timeout": timeouts.connect_s,
        "command_timeout": timeouts.command_s,
        "save_timeout": timeouts.save_s,
    }
    endpoint = overlay.devices.get(device.name) if overlay else None
    if endpoint is not None:
        password = _lab_password(
            endpoint.credentials_file, device.name, inventory.root.resolve().parent
        )
        if password is None:
            raise EngineError(
                _("the lab has no password for {device}; run `campusctl lab up` again").format(
                    device=device.name
                )
            )
        return DeviceAccess(
            host=endpoint.host,
            port=endpoint.port,
            username=endpoint.username,
            password=password,
            # The lab's devices take the login password as their enable secret.
            secret=password,
            host_key=endpoint.host_key,
            **common,  # type: ignore[arg-type]
        )
    address = device.management.ipv4.ip
    if any(address in network for network in SAMPLE_NETWORKS):
        # Sample addresses exist only inside the lab: never send traffic to them outside it.
        raise EngineError(
            _(
                "{device} has a sample address ({address}) and the lab does not serve it; start the lab with `campusctl lab up`"
            ).format(device=device.name, address=address)
        )
    username = os.environ.get(ENV_USERNAME)
    password = os.environ.get(ENV_PASSWORD)
    if not username or not password:
        raise EngineError(
            _(
                "no login for {device}: set {user} and {password} (from Ansible Vault or your secret store)"
            ).format(device=device.name, user=ENV_USERNAME, password=ENV_PASSWORD)
        )
    return DeviceAccess(
        host=str(device.management.ipv4.ip),
        port=22,
        username=username,
        password=password,
        secret=os.environ.get(ENV_ENABLE),
        known_hosts=state / KNOWN_HOSTS,
        **common,  # type: ignore[arg-type]
    )
