"""Masking of secrets in config text before it reaches logs, plans or the audit log.

Two layers mask secrets. Every secret value registered from the secret store
when a run starts is masked wherever it appears. A pattern masks the token
after a secret keyword (passwords, shared keys, SNMP auth and privacy keys),
which covers values read from a device that no store contains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

MASK = "******"

_known: set[str] = set()

# A keyword that introduces a secret, then optional encryption-type words, then the secret.
_SECRET_TOKEN = re.compile(
    r"(?P<head>\b(?:password|secret|key|cipher|irreversible-cipher|shared-key|"
    r"authentication-key|auth-password|priv-password|community|key-string|"
    r"auth\s+(?:md5|sha\S*)|priv\s+(?:des\S*|3des|aes\S*(?:\s+\d+)?)|"
    r"authentication-mode\s+(?:md5|sha\S*|hmac-sha\S*)|privacy-mode\s+(?:des\S*|3des|aes\S*))"
    r"(?:\s+(?:cipher|simple|irreversible-cipher|encrypted|hash|authentication|accounting|"
    r"0|5|6|7|8|9))*\s+)"
    r"(?P<secret>\S+)",
    flags=re.IGNORECASE,
)


# The registered values, longest first, so a value inside a longer one cannot
# leave part of the longer one unmasked.
_longest_first: list[str] = []


def register_secrets(values: Iterable[str]) -> None:
    """Remember secret values so that :func:`redact` masks them wherever they occur."""
    _known.update(v for v in values if v and len(v) >= 4)
    _longest_first[:] = sorted(_known, key=len, reverse=True)
    redact.cache_clear()


def known_secrets() -> frozenset[str]:
    """Return the registered secret values, to register them again in a worker process."""
    return frozenset(_known)


# A change's commands repeat from port to port and from device to device, and
# each is masked for the plan, the audit records and the result.
@functools.lru_cache(maxsize=65_536)
def redact(text: str) -> str:
    """Mask known secret values, then every token after a secret keyword."""
    for value in _longest_first:
        if value in text:
            text = text.replace(value, MASK)
    return _SECRET_TOKEN.sub(lambda m: m.group("head") + MASK, text)


def redact_lines(lines: Iterable[str]) -> list[str]:
    """Redact each line."""
    return [redact(line) for line in lines]
