"""Masking of secrets in config text before it reaches logs, plans or the audit log."""

from __future__ import annotations

import re

MASK = "******"

# A keyword that introduces a secret, then the optional cipher/encryption type,
# then the secret itself (the rest of the token).
_SECRET_LINE = re.compile(
    r"(?P<head>\b(?:password|secret|key|cipher|irreversible-cipher|shared-key|"
    r"authentication-key|auth-password|priv-password|community|key-string|"
    r"authentication-mode (?:md5|hmac-sha256)|hwtacacs-server shared-key|"
    r"radius-server shared-key)"
    r"(?:\s+(?:cipher|simple|irreversible-cipher|encrypted|hash|0|5|6|7|8|9|sha|md5|aes|aes128|des))*\s+)"
    r"(?P<secret>\S+)",
    flags=re.IGNORECASE,
)


# Where the keyword is followed by an algorithm or a purpose before the secret:
# SNMPv3 users on IOS and RGOS ("auth sha X priv aes 128 Y"), VRP and Comware
# ("authentication-mode sha cipher X privacy-mode aes128 cipher Y"), and
# Comware HWTACACS/RADIUS keys ("key authentication simple X").
_QUALIFIED_SECRETS = (
    re.compile(
        r"(?P<head>\b(?:auth|authentication-mode)\s+(?:md5|sha\S*|hmac-sha\S*)\s+"
        r"(?:(?:cipher|simple|encrypted|[0-9])\s+)?)(?P<secret>\S+)",
        flags=re.IGNORECASE,
    ),
    re.compile(
        r"(?P<head>\b(?:priv|privacy-mode)\s+(?:des|3des|aes\d*)(?:\s+(?:128|192|256))?\s+"
        r"(?:(?:cipher|simple|encrypted|[0-9])\s+)?)(?P<secret>\S+)",
        flags=re.IGNORECASE,
    ),
    re.compile(
        r"(?P<head>\bkey\s+(?:authentication|authorization|accounting)\s+"
        r"(?:cipher|simple)\s+)(?P<secret>\S+)",
        flags=re.IGNORECASE,
    ),
)


def redact(text: str) -> str:
    """Replace every secret-looking token after a secret keyword with a mask."""
    for pattern in _QUALIFIED_SECRETS:
        text = pattern.sub(lambda m: m.group("head") + MASK, text)
    return _SECRET_LINE.sub(lambda m: m.group("head") + MASK, text)


def redact_lines(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Redact each line."""
    return [redact(line) for line in lines]
