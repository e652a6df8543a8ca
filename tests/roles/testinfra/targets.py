"""The lab hosts the testinfra suite checks, and what differs between the two roles."""

from __future__ import annotations

from typing import NamedTuple

import testinfra


class Target(NamedTuple):
    """A lab host with the role that configured it."""

    name: str
    kind: str
    host: testinfra.host.Host

    @property
    def role(self) -> str:
        return ROLE_OF_KIND[self.kind]


ROLE_OF_KIND = {"terminal": "classroom_terminal", "server": "school_server"}
# Files whose names differ between the two roles.
SYSCTL_FILE = {"terminal": "60-classroom-terminal.conf", "server": "60-school-server.conf"}
FORWARD_FILE = {
    "terminal": "90-classroom-terminal-forward.conf",
    "server": "90-school-server-forward.conf",
}
