"""Prompt parsing: hostname and CLI mode from the last line of a buffer.

A prompt is recognised only when it is the whole last line of what the
device sent. Text that merely looks like a prompt inside output (a
description ending in ``#``, a Comware ``#`` separator line) is never taken
for one, because a line followed by anything else is not the last line.

Forms recognised::

    <SW-ACC-01>                        Huawei/H3C user view
    [SW-ACC-01]                        system view
    [SW-ACC-01-GigabitEthernet1/0/1]   a sub-view (here an interface)
    [~CE-01] / [*CE-01]                VRP8 two-stage commit, * = uncommitted changes
    HRP_M[FW-01] / HRP_S<FW-01>        Huawei firewalls in HA (master/slave)
    RBM_P[FW-01] / RBM_S<FW-01>        H3C firewalls in RBM
    core_sw.b1>  core_sw.b1#           Cisco/Ruijie user and privileged EXEC
    core_sw.b1(config)#  core_sw.b1(config-if)#
    SW(config-if-GigabitEthernet 0/1)#  Ruijie RGOS 11 interface view
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.interfaces import interface_types
from campusctl.platforms import PlatformId

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")

# Hostnames: letters, digits, and - _ . (RFC 1123 plus the underscore that
# campus naming schemes use). VRP allows more, but these are what we configure.
_HOST = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"

_VRP_RE = re.compile(
    rf"^(?P<ha>HRP_[A-Z]|RBM_[A-Z])?(?:(?P<user><(?P<uhost>{_HOST})>)"
    rf"|\[(?P<commit>[~*])?(?P<shost>[^\[\]<>\s]+)\])$"
)
_CISCO_RE = re.compile(rf"^(?P<host>{_HOST})(?:\((?P<view>config[^()\r\n]*)\))?(?P<mark>[>#])$")


class PromptMode(StrEnum):
    """The CLI level a prompt shows."""

    USER = "user"  # Huawei/H3C <X>, Cisco/Ruijie X>
    PRIVILEGED = "privileged"  # Cisco/Ruijie X#
    SYSTEM = "system"  # Huawei/H3C [X], Cisco/Ruijie X(config)#
    INTERFACE = "interface"  # an interface view
    SUBVIEW = "subview"  # any other configuration view


@dataclass(frozen=True, slots=True)
class Prompt:
    """A parsed prompt."""

    hostname: str
    mode: PromptMode
    view: str | None = None
    ha_prefix: str | None = None
    uncommitted: bool = False
    text: str = ""
    two_stage: bool = False  # VRP8: the view edits a candidate that needs a commit

    @property
    def in_config(self) -> bool:
        """True in system view or any configuration sub-view."""
        return self.mode in (PromptMode.SYSTEM, PromptMode.INTERFACE, PromptMode.SUBVIEW)


def last_line(buffer: str) -> str:
    """Return the last line of ``buffer`` after terminal clean-up (ANSI, CR overwrite)."""
    text = ANSI_RE.sub("", buffer).replace("\r\n", "\n")
    line = text.rsplit("\n", 1)[-1]
    # A bare CR returns the cursor to column 0: what follows overwrites the line.
    return line.rsplit("\r", 1)[-1]


def parse_prompt(
    buffer: str,
    platform: str | PlatformId | None = None,
    hostname: str | None = None,
) -> Prompt | None:
    """Parse the prompt that ends ``buffer``; return None when it does not end in one.

    :param platform: restricts the grammar (VRP/Comware brackets or Cisco-like);
        with None both are tried.
    :param hostname: the expected hostname, which splits ``[HOST-VIEW]``
        exactly; without it, the host ends before the first ``-`` that starts
        a known view name.
    """
    line = last_line(buffer).rstrip(" ")
    if not line or line[0].isspace():
        return None
    platform_id = resolve_platform(platform) if platform is not None else None
    bracket = platform_id in (None, PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE)
    cisco = platform_id in (None, PlatformId.CISCO_IOS, PlatformId.RUIJIE_RGOS)
    if bracket and (prompt := _parse_vrp(line, platform_id, hostname)) is not None:
        return prompt
    if cisco:
        return _parse_cisco(line, hostname)
    return None


def _parse_vrp(line: str, platform_id: PlatformId | None, hostname: str | None) -> Prompt | None:
    match = _VRP_RE.match(line)
    if match is None:
        return None
    ha = match["ha"]
    if match["user"]:
        host = match["uhost"]
        if hostname is not None and host != hostname:
            return None
        return Prompt(host, PromptMode.USER, ha_prefix=ha, text=line)

    inner = match["shost"]
    host, view = _split_view(inner, platform_id, hostname)
    if host is None:
        return None
    if view is None:
        mode = PromptMode.SYSTEM
    elif _is_interface_view(view, platform_id):
        mode = PromptMode.INTERFACE
    else:
        mode = PromptMode.SUBVIEW
    return Prompt(
        host,
        mode,
        view=view,
        ha_prefix=ha,
        uncommitted=match["commit"] == "*",
        text=line,
        two_stage=match["commit"] is not None,
    )


# Views other than interfaces that appear after the host in a bracket prompt.
_VIEW_WORDS = (
    "vlan",
    "aaa",
    "ui-",
    "line-",
    "acl-",
    "ospf",
    "ospfv3",
    "bgp",
    "rip",
    "isis",
    "radius",
    "hwtacacs",
    "luser",
    "snmp",
    "stelnet",
    "ssh",
    "ip-pool",
    "dhcp",
    "isp-",
    "domain-",
    "radius-",
    "hwtacacs-",
    "wlan",
    "rsa-",
    "policy",
    "classifier",
    "behavior",
    "traffic",
    "stack",
    "irf",
    "mst-",
    "user-interface",
    "vty",
    "rbm",
    "ntp",
)


def _split_view(
    inner: str, platform_id: PlatformId | None, hostname: str | None
) -> tuple[str | None, str | None]:
    if hostname is not None:
        if inner == hostname:
            return hostname, None
        if inner.startswith(hostname + "-"):
            return hostname, inner[len(hostname) + 1 :]
        return None, None
    if not re.fullmatch(_HOST, inner.split("-", 1)[0]):
        return None, None
    for index, char in enumerate(inner):
        if char != "-" or index == 0:
            continue
        rest = inner[index + 1 :]
        if _is_interface_view(rest, platform_id) or rest.lower().startswith(_VIEW_WORDS):
            return inner[:index], rest
    if re.fullmatch(_HOST, inner):
        return inner, None
    return None, None


def _is_interface_view(view: str, platform_id: PlatformId | None) -> bool:
    platforms = (
        (platform_id,)
        if platform_id is not None
        else (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE)
    )
    return any(_interface_view_re(candidate).fullmatch(view) for candidate in platforms)


@functools.cache
def _interface_view_re(platform_id: PlatformId) -> re.Pattern[str]:
    """Return the regex of an interface view's name on ``platform_id``: any type, then its number.

    Prompts are parsed after every command, and each dash of a hostname in
    a view prompt is tried as the start of a view name.
    """
    types = "|".join(re.escape(itype.name) for itype in interface_types(platform_id))
    return re.compile(rf"(?:{types})\d+(?:[/:]\d+)*(?:\.\d+)?")


def _parse_cisco(line: str, hostname: str | None) -> Prompt | None:
    match = _CISCO_RE.match(line)
    if match is None:
        return None
    host = match["host"]
    if hostname is not None and host != hostname:
        return None
    view = match["view"]
    if view is None:
        mode = PromptMode.PRIVILEGED if match["mark"] == "#" else PromptMode.USER
    elif match["mark"] == ">":
        return None
    elif view == "config":
        mode = PromptMode.SYSTEM
    elif view.startswith("config-if"):
        mode = PromptMode.INTERFACE
    else:
        mode = PromptMode.SUBVIEW
    return Prompt(host, mode, view=view, text=line)


def prompt_pattern(hostname: str, platform: str | PlatformId) -> str:
    """Return a regex that matches any prompt of ``hostname`` on ``platform``.

    The pattern matches only a whole line at the end of the buffer (search
    without ``re.MULTILINE``), so ``#`` separator lines and prompt-like text
    inside output never match.
    """
    platform_id = resolve_platform(platform)
    host = re.escape(hostname)
    if platform_id in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE):
        return (
            rf"(?:^|\n)(?:HRP_[A-Z]|RBM_[A-Z])?(?:<{host}>|\[[~*]?{host}(?:-[^\]\r\n]+)?\])[ ]*\Z"
        )
    return rf"(?:^|\n){host}(?:\(config[^)\r\n]*\))?[>#][ ]*\Z"
