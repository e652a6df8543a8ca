"""Check functions by name: the profile binds each rule to one of these per fact source.

A check module decorates its functions with :func:`check`, and the engine
looks each rule's binding up here before the run starts. So a profile naming
an unknown check fails at once, never halfway through a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from campusctl.errors import ComplianceError
from campusctl.i18n import _
from campusctl.standard.results import Source

F = TypeVar("F", bound=Callable[..., Any])


class UnknownCheck(ComplianceError):
    """Raised when a profile binds a rule to a check that does not exist."""

    code = "E5002"


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check function and the fact source it reads."""

    name: str
    source: Source
    function: Callable[..., Any]


_CHECKS: dict[str, CheckSpec] = {}


def check(name: str, source: Source) -> Callable[[F], F]:
    """Register the decorated function as the check ``name`` reading ``source``."""

    def register(function: F) -> F:
        if name in _CHECKS:
            raise ValueError(f"check {name} is registered twice")
        _CHECKS[name] = CheckSpec(name, source, function)
        return function

    return register


def _load_modules() -> None:
    # Importing the check modules registers their functions.
    from campusctl.standard import (
        inventory_checks,  # noqa: F401
        wireless_checks,  # noqa: F401
    )
    from campusctl.standard.config import access_checks, admission, checks  # noqa: F401
    from campusctl.standard.config import wlan as wlan_checks  # noqa: F401
    from campusctl.standard.state import checks as state_checks  # noqa: F401
    from campusctl.standard.state import lldp as state_lldp  # noqa: F401


def lookup(name: str, source: Source, rule_id: str) -> CheckSpec:
    """Return the check ``name``; raise :class:`UnknownCheck` naming the rule and the fix."""
    _load_modules()
    spec = _CHECKS.get(name)
    if spec is None or spec.source is not source:
        known = ", ".join(sorted(n for n, s in _CHECKS.items() if s.source is source))
        raise UnknownCheck(
            _("rule {rule} binds unknown {source} check {name}; known checks: {known}").format(
                rule=rule_id, source=source.value, name=name, known=known
            )
        )
    return spec


def registered(source: Source | None = None) -> Iterable[CheckSpec]:
    """Return every registered check (of ``source`` when given)."""
    _load_modules()
    return [spec for spec in _CHECKS.values() if source is None or spec.source is source]
