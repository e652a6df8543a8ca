"""Errors raised by the stack programs, the plan runner and the policy runner."""

from __future__ import annotations

from campusctl.errors import StackError


class StackConfigError(StackError):
    """Raised when a stack configuration file or value is missing or invalid."""

    code = "E8001"


class StackNotFoundError(StackError):
    """Raised when a stack project or one of its environments does not exist."""

    code = "E8002"


class StackProgramError(StackError):
    """Raised when a stack program fails while it runs under mocks."""

    code = "E8003"


class StackInventoryError(StackError):
    """Raised when the inventory cannot provide the sites a stack needs."""

    code = "E8004"


class PolicyViolationError(StackError):
    """Raised when a planned stack violates one or more policies."""

    code = "E8005"
