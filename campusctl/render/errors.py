"""Errors of configuration rendering; all derive from :class:`RenderError`."""

from __future__ import annotations

from campusctl.errors import RenderError


class IntentError(RenderError):
    """Raised when a device's intended state cannot be computed from the inventory."""

    code = "E2001"


class TemplateFailure(RenderError):
    """Raised when a template is missing, invalid, or fails while rendering."""

    code = "E2002"

    def __init__(self, message: str, template: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.template = template
        self.line = line


class SecretMissing(RenderError):
    """Raised when a secret named by the inventory is found in no secret source."""

    code = "E2003"

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class SecretSourceError(RenderError):
    """Raised when a secret source exists but cannot be read or decrypted."""

    code = "E2004"
