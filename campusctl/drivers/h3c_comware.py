"""H3C Comware campus driver: napalm-h3c-comware getters plus the campus config path.

napalm-h3c-comware 0.1.5 has getters only (no load, compare or commit);
the config path comes from the campus mixin, on a session whose end of
output is the full Comware prompt, never a ``#`` separator line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import napalm_h3c_comware
import textfsm
from napalm.base.helpers import mac
from napalm_h3c_comware.comware import ComwareDriver
from napalm_h3c_comware.utils.helpers import parse_null, parse_time

from campusctl.drivers.napalm_base import CampusDriverMixin
from campusctl.platforms import PlatformId

_HEADER_RE = re.compile(r"^(?P<name>\S+) current state:", re.MULTILINE)
_IPV4_RE = re.compile(r"Internet Address is (?P<address>[\d.]+)/(?P<length>\d+)")
_IPV6_RE = re.compile(
    r"^\s+(?P<address>[0-9A-Fa-f:]+), subnet is [0-9A-Fa-f:]+/(?P<length>\d+)", re.MULTILINE
)

# napalm-h3c-comware's TextFSM templates, read from its own package.
_TEMPLATES = Path(napalm_h3c_comware.__file__).parent / "utils" / "textfsm_templates"


class CampusH3cComwareDriver(CampusDriverMixin, ComwareDriver):  # type: ignore[misc]
    """NAPALM driver ``campus_h3c_comware``."""

    PLATFORM = PlatformId.H3C_COMWARE
    RUNNING_COMMAND = "display current-configuration"
    STARTUP_COMMAND = "display saved-configuration"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        ComwareDriver.__init__(self, hostname, username, password, timeout, optional_args)
        self._init_campus(hostname, username, password, timeout, optional_args)

    def _get_structured_output(
        self, command: str, template_name: str | None = None
    ) -> list[dict[str, Any]]:
        """Run ``command`` and parse its output with napalm-h3c-comware's TextFSM template.

        NAPALM's ``textfsm_extractor`` looks for the template beside every
        class of the driver's MRO and logs an ERROR for each folder without
        it; reading the template directly avoids those false errors.
        """
        name = template_name or "_".join(command.split())
        output = self.send_command(command)
        with (_TEMPLATES / f"{name}.tpl").open(encoding="utf-8") as template:
            parser = textfsm.TextFSM(template)
        header = [column.lower() for column in parser.header]
        return [dict(zip(header, row, strict=True)) for row in parser.ParseText(output)]

    def get_interfaces(self) -> dict[str, Any]:
        """Return NAPALM's interface table; ``is_enabled`` is false only for a shut-down port.

        napalm-h3c-comware 0.1.5 reads ``is_enabled`` as "Current state
        contains UP", so a port without a cable, which Comware shows as::

            Ten-GigabitEthernet1/0/49
            Current state: DOWN
            Line protocol state: DOWN

        reads as disabled there. Only ``Current state: Administratively DOWN``
        means ``shutdown``.
        """
        interfaces: dict[str, Any] = {}
        for row in self._get_structured_output("display interface"):
            flapped = row["last_flapping"]
            interfaces[row["interface"]] = {
                "is_enabled": "administratively" not in row["link_status"].lower(),
                "is_up": "up" in row["protocol_status"].lower(),
                "description": row["description"],
                "speed": parse_null(row["bandwidth"], -1, int),
                "mtu": parse_null(row["mtu"], -1, int),
                "mac_address": parse_null(row["mac_address"], "unknown", mac),
                "last_flapped": 0
                if "never" in flapped.lower()
                else parse_null(flapped, -1, parse_time),
            }
        return interfaces

    def get_interfaces_ip(self) -> dict[str, Any]:
        """Return every IPv4 and global IPv6 address of each interface.

        napalm-h3c-comware 0.1.5 reads ``display ip interface`` only, and
        its template keeps the first address, so it misses sub addresses and
        IPv6. Comware prints one block per interface::

            Vlan-interface10 current state: UP
            Internet Address is 198.18.48.193/27 Primary
            Internet Address is 198.18.48.194/27 Sub
            ...
            IPv6 is enabled, link-local address is FE80::2E0:FCFF:FE00:1
              Global unicast address(es):
                2001:DB8:4481:10A::1, subnet is 2001:DB8:4481:10A::/64
        """
        result: dict[str, Any] = {}
        for family, command, pattern in (
            ("ipv4", "display ip interface", _IPV4_RE),
            ("ipv6", "display ipv6 interface", _IPV6_RE),
        ):
            for name, block in _blocks(self.send_command(command)):
                for match in pattern.finditer(block):
                    entry = result.setdefault(name, {}).setdefault(family, {})
                    entry[match["address"]] = {"prefix_length": int(match["length"])}
        return result


def _blocks(output: str) -> list[tuple[str, str]]:
    """Split ``display ip[v6] interface`` output into (interface, block text) pairs."""
    headers = list(_HEADER_RE.finditer(output))
    if not headers:  # no interface with an address of this family
        return []
    ends = [h.start() for h in headers[1:]] + [len(output)]
    return [(h["name"], output[h.start() : end]) for h, end in zip(headers, ends, strict=True)]
