"""Parse a device configuration with hier_config and keep the line number of every node.

hier_config builds the tree but drops line numbers, and evidence must name
the line. So :func:`parse_config` indexes the normalised lines by their path
of parent texts while it feeds the same lines to hier_config.

H3C Comware and Huawei VRP write ``display current-configuration`` with
the global commands indented by one space between ``#`` separators::

    #
     sysname YCSY-ACC-01
    #
    interface GigabitEthernet1/0/1
     port access vlan 20
    #

so a block whose first line is indented is shifted left before parsing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hier_config import HConfig, HConfigChild, Platform, get_hconfig

from campusctl.errors import ComplianceError
from campusctl.i18n import _
from campusctl.platforms import PlatformId
from campusctl.standard.results import Evidence

log = logging.getLogger(__name__)

# Ruijie RGOS writes IOS-style sections (``!`` separators, one-space indent).
HIER_PLATFORM: dict[PlatformId, Platform] = {
    PlatformId.HUAWEI_VRP: Platform.HUAWEI_VRP,
    PlatformId.H3C_COMWARE: Platform.HP_COMWARE5,
    PlatformId.CISCO_IOS: Platform.CISCO_IOS,
    PlatformId.RUIJIE_RGOS: Platform.CISCO_IOS,
}
_SEPARATORS = {"#", "!", "return", "end"}
# Platforms that indent global commands by one space between separators.
_INDENTED_GLOBALS = {PlatformId.H3C_COMWARE, PlatformId.HUAWEI_VRP}


class ConfigUnreadable(ComplianceError):
    """Raised when a configuration cannot be parsed into a tree."""

    code = "E5003"


@dataclass(slots=True)
class ParsedConfig:
    """A device configuration as a hier_config tree with the line of every node."""

    device: str
    platform: PlatformId
    tree: HConfig
    file: Path | None = None
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line_of(self, node: HConfigChild) -> int | None:
        """Return the 1-based line of ``node`` in the configuration text."""
        return self.lines.get(tuple(node.path()))

    def evidence(self, node: HConfigChild) -> Evidence:
        """Return evidence naming the device, the line and its text (with its section)."""
        parents = list(node.path())
        text = " / ".join(parents) if len(parents) > 1 else node.text
        return Evidence(text=text, file=self.file, device=self.device, line=self.line_of(node))

    def absent(self, text: str) -> Evidence:
        """Return evidence for a missing line: the device and what was looked for."""
        return Evidence(
            text=_("missing: {text}").format(text=text), file=self.file, device=self.device
        )

    def sections(self, prefix: str) -> Iterator[HConfigChild]:
        """Yield the top-level sections whose text starts with ``prefix``."""
        yield from self.tree.get_children(startswith=prefix)


def config_lines(platform: PlatformId, text: str) -> list[tuple[int, str]]:
    """Return the meaningful lines with their 1-based numbers, separators dropped."""
    numbered: list[tuple[int, str]] = []
    block_indent = 0
    new_block = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped in _SEPARATORS:
            new_block = True
            continue
        # Comware indents every top-level line by one space, and VRP the
        # global lines of its trailing blocks (" ip route-static", " snmp-agent").
        if platform in _INDENTED_GLOBALS:
            indent = len(line) - len(line.lstrip(" "))
            if new_block:
                block_indent = indent
            line = line[min(block_indent, indent) :]
        new_block = False
        numbered.append((number, line))
    return numbered


def _index(numbered: list[tuple[int, str]]) -> dict[tuple[str, ...], int]:
    index: dict[tuple[str, ...], int] = {}
    stack: list[tuple[int, str]] = []
    for number, line in numbered:
        indent = len(line) - len(line.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, line.strip()))
        index.setdefault(tuple(text for _i, text in stack), number)
    return index


def parse_config(
    device: str, platform: PlatformId, text: str, file: Path | None = None
) -> ParsedConfig:
    """Parse ``text`` (a running or rendered configuration) of ``device``.

    :raise ConfigUnreadable: when hier_config rejects the text (such as a repeated
        section); the message names the device and the file.
    """
    numbered = config_lines(platform, text)
    body = "\n".join(line for _n, line in numbered)
    try:
        tree = get_hconfig(HIER_PLATFORM[platform], body)
    except Exception as err:  # hier_config raises several unrelated types
        raise ConfigUnreadable(
            _(
                "cannot parse the configuration of {device} ({file}): {error}; check the file"
            ).format(device=device, file=file or "-", error=err)
        ) from err
    log.debug("%s: parsed %d configuration lines", device, len(numbered))
    return ParsedConfig(
        device=device, platform=platform, tree=tree, file=file, lines=_index(numbered)
    )
