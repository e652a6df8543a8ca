"""Classification of vendor error strings in command output.

Devices answer a rejected command with text, not a status code, so a reply
must be checked before it is used as data or before the next line is pushed.
Only lines that start a reply line are matched: ``Error:`` inside a
description or a log message is not a failure.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import CommandRejected
from campusctl.platforms import PlatformId


class ReplyError(StrEnum):
    """The reason a device rejected a command."""

    SYNTAX = "syntax"  # unrecognised, incomplete, ambiguous command
    PARAMETER = "parameter"  # a wrong or out-of-range value
    PRIVILEGE = "privilege"  # the account may not run it
    REJECTED = "rejected"  # the device refused the change (conflict, missing object)
    BUSY = "busy"  # locked configuration or a busy system
    COMMIT = "commit"  # a commit, save or rollback failed
    DIFF = "diff"  # IOS archive diff failed ("!Error")


@dataclass(frozen=True, slots=True)
class ReplyFault:
    """The first error line found in a reply."""

    kind: ReplyError
    line: str


_Rule = tuple[ReplyError, re.Pattern[str]]


def _rules(*pairs: tuple[ReplyError, str]) -> tuple[_Rule, ...]:
    return tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in pairs)


# VRP and Comware share the "found at '^' position" family; VRP prefixes
# "Error:", Comware 7 prints "%". Patterns are tried in order per line.
_VRP_FAMILY = _rules(
    (ReplyError.SYNTAX, r"^(?:Error:|%)\s*(?:Unrecognized|Incomplete|Ambiguous) command"),
    (ReplyError.PARAMETER, r"^(?:Error:|%)\s*(?:Wrong parameter|Too many parameters)"),
    (ReplyError.PRIVILEGE, r"^(?:Error:|%)?\s*(?:Permission denied|The command is not authorized)"),
    (ReplyError.COMMIT, r"^(?:Error:)?\s*Failed to (?:generate committed config|commit|save)"),
    (ReplyError.BUSY, r"^(?:Error:)?\s*(?:The system is busy|The configuration is locked)"),
    (ReplyError.BUSY, r"^(?:Error:)?\s*.*(?:locked by other user|try again later)"),
    (ReplyError.REJECTED, r"^Error:\s*\S"),
    # Comware names a missing object in a plain sentence, without "Error:".
    (ReplyError.REJECTED, r"^%?\s*The (?:specified )?\S.* (?:does not|doesn't) exist\.$"),
)
_CISCO_FAMILY = _rules(
    (ReplyError.DIFF, r"^!\s*Error"),
    (ReplyError.SYNTAX, r"^%\s*(?:Invalid input detected|Incomplete command|Ambiguous command)"),
    (ReplyError.SYNTAX, r"^%\s*(?:Unknown command|Unrecognized command)"),
    (ReplyError.PRIVILEGE, r"^%\s*(?:User doesn't have sufficient privilege|Authorization failed)"),
    (ReplyError.PRIVILEGE, r"^%\s*Permission denied"),
    (ReplyError.BUSY, r"^%\s*Configuration (?:mode|database) (?:is )?locked"),
    (ReplyError.COMMIT, r"^%\s*(?:Error|Failed)\b.*(?:startup-config|nvram|write|copy)"),
    (ReplyError.REJECTED, r"^%\s*(?:Error|Failed|Cannot|Not allowed)\b"),
    (ReplyError.REJECTED, r"^Command rejected:"),
)

# For each rule, by its pattern, the words in lower case of which each of its
# matches contains at least one. A reply with none of its rules' words is
# clean, so its lines are not searched: most replies are clean, and some are
# a whole configuration. A new rule needs its entry here.
RULE_WORDS: dict[str, tuple[str, ...]] = {
    _VRP_FAMILY[0][1].pattern: ("error:", "%"),
    _VRP_FAMILY[1][1].pattern: ("error:", "%"),
    _VRP_FAMILY[2][1].pattern: ("permission denied", "the command is not authorized"),
    _VRP_FAMILY[3][1].pattern: ("failed to",),
    _VRP_FAMILY[4][1].pattern: ("the system is busy", "the configuration is locked"),
    _VRP_FAMILY[5][1].pattern: ("locked by other user", "try again later"),
    _VRP_FAMILY[6][1].pattern: ("error:",),
    _VRP_FAMILY[7][1].pattern: ("does not exist", "doesn't exist"),
    _CISCO_FAMILY[0][1].pattern: ("error",),
    **{rule.pattern: ("%",) for _kind, rule in _CISCO_FAMILY[1:8]},
    _CISCO_FAMILY[8][1].pattern: ("command rejected:",),
}

# Letters outside ASCII that a case-insensitive pattern takes for "i" or "s"
# and that str.lower() does not turn into them.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")


@functools.cache
def _words(rules: tuple[_Rule, ...]) -> tuple[str, ...]:
    """Return the words of ``rules``, each once."""
    return tuple(sorted({word for _kind, rule in rules for word in RULE_WORDS[rule.pattern]}))


def _may_have_fault(reply: str, rules: tuple[_Rule, ...]) -> bool:
    """Return False when no line of ``reply`` can match any of ``rules``."""
    if not reply.isascii() and any(letter in reply for letter in _FOLDS_TO_ASCII):
        return True
    lowered = reply.lower()
    return any(word in lowered for word in _words(rules))


_PLATFORM_RULES: dict[PlatformId, tuple[_Rule, ...]] = {
    PlatformId.HUAWEI_VRP: _VRP_FAMILY,
    PlatformId.H3C_COMWARE: _VRP_FAMILY,
    PlatformId.RUIJIE_RGOS: _CISCO_FAMILY,
    PlatformId.CISCO_IOS: _CISCO_FAMILY,
}


@functools.cache
def _any_rule(rules: tuple[_Rule, ...]) -> re.Pattern[str]:
    """Return one pattern that matches a line when any of ``rules`` does.

    Replies run to hundreds of clean lines (a whole configuration), so one
    search per line rules most of them out before the rules are tried in order.
    """
    return re.compile("|".join(f"(?:{pattern.pattern})" for _kind, pattern in rules), re.IGNORECASE)


def classify_reply(reply: str, platform: str | PlatformId | None = None) -> ReplyFault | None:
    """Return the first error line of ``reply``, or None when the reply is clean.

    Without a platform, the rules of every platform are tried.
    """
    if platform is None:
        rule_sets = (*_VRP_FAMILY, *_CISCO_FAMILY)
    else:
        rule_sets = _PLATFORM_RULES[resolve_platform(platform)]
    if not _may_have_fault(reply, rule_sets):
        return None
    any_rule = _any_rule(rule_sets)
    for raw in reply.splitlines():
        line = raw.strip()
        if not line or any_rule.search(line) is None:
            continue
        for kind, pattern in rule_sets:
            if pattern.search(line):
                return ReplyFault(kind, line)
    return None


def check_reply(
    command: str,
    reply: str,
    platform: str | PlatformId | None = None,
    device: str | None = None,
) -> str:
    """Return ``reply`` unchanged, or raise when it contains a device error.

    :raise CommandRejected: naming the command, the device and the error line.
    """
    fault = classify_reply(reply, platform)
    if fault is None:
        return reply
    raise CommandRejected(
        _("{device}: command {command!r} failed ({kind}): {line}").format(
            device=device or _("device"), command=command, kind=fault.kind.value, line=fault.line
        ),
        command=command,
        reply=reply,
        device=device,
    )
