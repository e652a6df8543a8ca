"""Interface names: abbreviations, canonical forms and which names exist."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME_RE = re.compile(r"^(\d*[A-Za-z][A-Za-z-]*?)\s*(\d[\d/.:]*)$")


@dataclass(frozen=True, slots=True)
class Naming:
    """How one platform names interfaces.

    ``types`` maps each full type name to its short form (``GigabitEthernet``
    to ``GE``); ``logical`` gives the number range of logical interfaces
    (``Vlanif`` 1-4094); ``space`` is true where a space separates type and
    number (Ruijie ``GigabitEthernet 0/1``).
    """

    types: dict[str, str]
    logical: dict[str, tuple[int, int]] = field(default_factory=dict)
    space: bool = False

    def split(self, name: str) -> tuple[str, str] | None:
        """Return (full type, number) for a typed name, or None if it is no interface."""
        match = _NAME_RE.match(name.strip())
        if not match:
            return None
        typed, number = match.group(1).lower(), match.group(2)
        exact = [t for t, short in self.types.items() if typed in (t.lower(), short.lower())]
        if exact:
            return exact[0], number
        prefixed = [t for t in self.types if t.lower().startswith(typed)]
        if len(prefixed) == 1:
            return prefixed[0], number
        return None

    def canonical(self, name: str) -> str:
        """Return the full name (``g0/0/1`` to ``GigabitEthernet0/0/1``)."""
        parts = self.split(name)
        if parts is None:
            return name
        separator = " " if self.space else ""
        return f"{parts[0]}{separator}{parts[1]}"

    def short(self, name: str) -> str:
        """Return the short name (``GE0/0/1``)."""
        parts = self.split(name)
        if parts is None:
            return name
        return f"{self.types[parts[0]]}{parts[1]}"

    def exists(self, name: str, physical: set[str]) -> bool:
        """Return whether ``name`` is a physical port of the device or a valid logical one."""
        parts = self.split(name)
        if parts is None:
            return False
        kind, number = parts
        if kind in self.logical:
            low, high = self.logical[kind]
            return number.isdigit() and low <= int(number) <= high
        return self.canonical(name) in physical
