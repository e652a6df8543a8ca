"""Login targets for discovery: from the lab overlay, or from addresses a person gives.

LLDP names a neighbour but the drivers' getters do not return its
management address, so outside the lab a neighbour is reachable only when
its address is given (``--address NAME=IP``); the others are listed as not
reached, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from campusctl.discover.crawl import Target
from campusctl.discover.errors import DiscoveryError
from campusctl.i18n import _
from campusctl.inventory.overlay import Overlay


@dataclass(slots=True)
class LabTargets:
    """Targets of the lab devices, by device name, from the overlay and its credentials file."""

    overlay: Overlay
    base: Path
    """The folder the overlay's relative credential paths start from."""
    _passwords: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def _password(self, credentials_file: str, name: str) -> str:
        path = Path(credentials_file)
        path = path if path.is_absolute() else self.base / path
        if credentials_file not in self._passwords:
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except OSError as err:
                raise DiscoveryError(
                    _(
                        "cannot read the lab credentials {path} ({reason}); run campusctl lab up"
                    ).format(path=path, reason=err.strerror)
                ) from err
            self._passwords[credentials_file] = {str(k): str(v) for k, v in data.items()}
        return self._passwords[credentials_file].get(name, "")

    def __call__(self, name: str, address: str | None) -> Target | None:
        endpoint = self.overlay.devices.get(name)
        if endpoint is None or endpoint.credentials_file is None:
            return None
        password = self._password(endpoint.credentials_file, name)
        return Target(
            name=name,
            host=endpoint.host,
            port=endpoint.port,
            username=endpoint.username,
            password=password,
            host_key=endpoint.host_key,
            secret=password,
        )


@dataclass(slots=True)
class GivenTargets:
    """Targets from addresses a person gave, with one login for all of them."""

    addresses: Mapping[str, str]
    username: str
    password: str = field(repr=False)
    known_hosts: str | None = None
    secret: str = field(default="", repr=False)

    def __call__(self, name: str, address: str | None) -> Target | None:
        host = self.addresses.get(name) or address
        if host is None:
            return None
        return Target(
            name=name,
            host=host,
            port=22,
            username=self.username,
            password=self.password,
            secret=self.secret,
            known_hosts=self.known_hosts,
            address=host,
        )
