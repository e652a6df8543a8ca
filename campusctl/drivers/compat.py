"""A netmiko-shaped face of :class:`CampusSession` for inherited NAPALM getters.

The community VRP and Comware drivers and NAPALM's IOS getters call
``self.device.send_command(...)`` and parse the text themselves, including
error text they expect (``% Invalid`` on IOS). This adapter runs those
commands on the campus session, with its prompt reads and pager handling,
and returns the text unchecked, as netmiko does.
"""

from __future__ import annotations

from typing import Any

from campusctl.drivers.session import CampusSession


class NetmikoCompat:
    """The subset of netmiko's connection API that NAPALM getters use."""

    def __init__(self, session: CampusSession) -> None:
        self.session = session

    def send_command(self, command_string: str, *args: Any, **kwargs: Any) -> str:
        """Run ``command_string`` and return its output; device errors are returned as text."""
        read_timeout = kwargs.get("read_timeout")
        timeout = float(read_timeout) if isinstance(read_timeout, int | float) else None
        return self.session.run(command_string, timeout=timeout, check=False)

    def send_command_timing(self, command_string: str, *args: Any, **kwargs: Any) -> str:
        """Same as :meth:`send_command`, because the session reads to prompts, not timing."""
        return self.send_command(command_string)

    def find_prompt(self) -> str:
        """Return the current prompt text."""
        prompt = self.session.prompt
        return prompt.text if prompt is not None else ""

    def is_alive(self) -> bool:
        """True while the SSH transport is up."""
        return self.session.is_alive()
