"""Login banners as one delimited block per platform.

A banner command takes a delimiter character, then the text, then the same
character. A delimiter that occurs in the text ends the banner early and
turns the rest into config commands, so the delimiter is picked from those
the text does not contain, and rendering fails when none is free. The body
ends with a newline before the closing delimiter, so the banner is never
glued to the next output line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import BannerInvalid
from campusctl.platforms import PlatformId


class BannerKind(StrEnum):
    """When the banner shows: before login or after it."""

    LOGIN = "login"
    MOTD = "motd"


_COMMANDS: dict[PlatformId, dict[BannerKind, str]] = {
    PlatformId.HUAWEI_VRP: {
        BannerKind.LOGIN: "header login information",
        BannerKind.MOTD: "header shell information",
    },
    PlatformId.H3C_COMWARE: {BannerKind.LOGIN: "header login", BannerKind.MOTD: "header motd"},
    PlatformId.RUIJIE_RGOS: {BannerKind.LOGIN: "banner login", BannerKind.MOTD: "banner motd"},
    PlatformId.CISCO_IOS: {BannerKind.LOGIN: "banner login", BannerKind.MOTD: "banner motd"},
}

# Candidates in order of preference. '#' and '!' are left out: VRP/Comware
# and IOS use them as comment or section lines in saved configurations. '?'
# opens the CLI's help on every platform.
_DELIMITERS = "^%@~$&|*+="


@dataclass(frozen=True, slots=True)
class Banner:
    """A rendered banner: the lines to send and the delimiter chosen."""

    lines: tuple[str, ...]
    delimiter: str


def render_banner(
    text: str, platform: str | PlatformId, kind: BannerKind = BannerKind.MOTD
) -> Banner:
    """Render ``text`` as a banner block for ``platform``.

    :raise BannerInvalid: for empty text, control characters, or a text that
        uses every delimiter candidate.
    """
    platform_id = resolve_platform(platform)
    body = text.replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise BannerInvalid(_("The banner text is empty; set a banner text or drop the banner."))
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", body):
        raise BannerInvalid(
            _("The banner text contains control characters; use printable text only.")
        )
    delimiter = free_delimiter(body)
    if delimiter is None:
        raise BannerInvalid(
            _(
                "The banner text uses every usable delimiter ({delimiters}); "
                "remove one of them from the text."
            ).format(delimiters=" ".join(_DELIMITERS))
        )
    command = _COMMANDS[platform_id][kind]
    return Banner((f"{command} {delimiter}", *body.split("\n"), delimiter), delimiter)


_START_RE = re.compile(
    r"^\s*(?P<command>(?:banner|header)\s+\S+(?:\s+information)?)\s+(?P<delimiter>\^C|\S)(?P<rest>.*)$"
)


def split_banner_start(line: str) -> tuple[str, str, str] | None:
    """Split a banner's first line into command, delimiter and the text after it."""
    match = _START_RE.match(line)
    if match is None:
        return None
    return match["command"], match["delimiter"], match["rest"]


def parse_banner(lines: list[str], start: int) -> tuple[str, int]:
    """Read the banner that starts at ``lines[start]``; return its text and the next index.

    Handles the body and the closing delimiter on one line (``...text.^``)
    and IOS's ``^C`` spelling of the ETX delimiter.

    :raise BannerInvalid: when the closing delimiter never comes.
    """
    parts = split_banner_start(lines[start])
    if parts is None:
        raise BannerInvalid(_("Line {line} does not start a banner.").format(line=start + 1))
    _command, delimiter, rest = parts
    if delimiter in rest:
        return rest.split(delimiter, 1)[0], start + 1
    body = [rest] if rest else []
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if delimiter in line:
            head = line.split(delimiter, 1)[0]
            if head:
                body.append(head)
            return "\n".join(body), index + 1
        body.append(line)
    raise BannerInvalid(
        _("The banner at line {line} has no closing {delimiter!r}.").format(
            line=start + 1, delimiter=delimiter
        )
    )


def free_delimiter(text: str) -> str | None:
    """Return the first delimiter candidate that ``text`` does not contain."""
    return next((d for d in _DELIMITERS if d not in text), None)
