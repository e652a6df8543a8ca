"""Plain-data form of a device intent: JSON types only, for tools outside Python.

Addresses and networks become their text, VLAN sets sorted lists of ids, and
enumerations their values. The templates render this form to the same bytes
as the typed intent, which lets Ansible's ``template`` module render them too.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from typing import Any

from campusctl.netkit.vlans import VlanSet, VlanSetState
from campusctl.render.model import DeviceIntent

_IP_TYPES = (IPv4Address, IPv6Address, IPv4Interface, IPv6Interface, IPv4Network, IPv6Network)


def _plain(value: Any) -> Any:
    if isinstance(value, VlanSet):
        # "all" and "none" stay words, so the plain data keeps the set's state.
        return sorted(value.ids) if value.state is VlanSetState.SET else value.state.value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, _IP_TYPES):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def intent_data(intent: DeviceIntent) -> dict[str, Any]:
    """Return ``intent`` as nested dicts and lists of JSON types."""
    data: dict[str, Any] = _plain(intent)
    data["snooping_vlans"] = intent.snooping_vlans
    return data
