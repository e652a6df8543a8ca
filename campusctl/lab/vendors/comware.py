"""H3C Comware CLI (Comware 7 switches and WX wireless controllers).

Comware shares VRP's view model (``<HOST>``, ``[HOST]``, ``quit``/``return``)
but has its own syntax, error texts (`` % Unrecognized command ...``) and
output formats, which the napalm-h3c-comware 0.1.5 TextFSM templates parse.
Its configuration text separates sections with lines that contain only ``#``.
Comware 5 devices get the same CLI, except that they also accept
``rollback configuration to``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from campusctl.lab.configtree import Layout, Node, Style
from campusctl.lab.grammar import Failure, Match
from campusctl.lab.session import View
from campusctl.lab.vendors import comware_grammar
from campusctl.lab.vendors.base import ShownNegation
from campusctl.lab.vendors.common import interface_facts
from campusctl.lab.vendors.comware_show import ComwareShow
from campusctl.lab.vendors.huawei import Huawei
from campusctl.lab.vendors.naming import Naming
from campusctl.lab.vendors.references import missing_object
from campusctl.platforms import PlatformId

NAMING = Naming(
    types={
        "GigabitEthernet": "GE",
        "Ten-GigabitEthernet": "XGE",
        "Twenty-FiveGigE": "WGE",
        "FortyGigE": "FGE",
        "HundredGigE": "HGE",
        "M-GigabitEthernet": "MGE",
        "Bridge-Aggregation": "BAGG",
        "Vlan-interface": "Vlan",
        "LoopBack": "Loop",
        "NULL": "NULL",
    },
    logical={
        "Bridge-Aggregation": (1, 1024),
        "Vlan-interface": (1, 4094),
        "LoopBack": (0, 1023),
        "NULL": (0, 0),
    },
)

_FAILURE_TEXT = {
    Failure.UNRECOGNIZED: " % Unrecognized command found at '^' position.",
    Failure.WRONG_PARAMETER: " % Wrong parameter found at '^' position.",
    Failure.INCOMPLETE: " % Incomplete command found at '^' position.",
    Failure.TOO_MANY: " % Too many parameters found at '^' position.",
    Failure.AMBIGUOUS: " % Ambiguous command found at '^' position.",
}

_HEADER_RE = re.compile(r"^header\s+(motd|login|shell|legal|incoming)\s+(\S)(.*)$")

_LABELS = {
    "line-aux": "line-aux{2}",
    "vlan": "vlan{1}",
    "luser": "luser-{3}-{1}",
    "radius": "radius-{2}",
    "hwtacacs": "hwtacacs-{2}",
    "isp": "isp-{1}",
    "wlan-st": "wlan-st-{2}",
    "wlan-apg": "wlan-ap-group-{2}",
    "wlan-ap": "wlan-ap-{2}",
    "wlan-radio": "radio-{1}",
    "wlan-global": "wlan-global-configuration",
    "portal-ws": "portal-websvr-{2}",
    "wips": "wips",
    "wips-adp": "wips-adp-{1}",
    "wips-cmp": "wips-cmp-{1}",
    "wips-vsd": "wips-vsd-{1}",
}


class Comware(ComwareShow, Huawei):
    """H3C Comware 7."""

    platform = PlatformId.H3C_COMWARE
    style = Style(
        Layout.HASH,
        re.compile(
            r"^(interface|vlan \d|line|local-user|acl|radius scheme|hwtacacs scheme|"
            r"domain|wlan|portal web-server|wips)"
        ),
        header=("#",),
        version_prefix=" version ",
    )
    config_tables = comware_grammar.TABLES
    exec_table = comware_grammar.EXEC
    shown_negations: ClassVar[tuple[ShownNegation, ...]] = (
        ShownNegation(r"port trunk permit vlan 1", "interface"),
        ShownNegation(r"ipv6 nd ra halt", "interface"),
    )
    order: ClassVar[list[str]] = [
        r"sysname",
        r"(clock|dhcp|lldp|stp|password-control|ssh|telnet|ip http)",
        r"vlan \d",
        r"(radius|hwtacacs)",
        r"domain",
        r"acl",
        r"interface Bridge",
        r"interface Vlan",
        r"interface",
        r"(ip route|ipv6 route)",
        r"(snmp|ntp|info-center)",
        r"wlan",
        r"line",
        r"local-user",
    ]
    pager_marker = "---- More ----"
    pager_erase = "\x1b[16D" + " " * 16 + "\x1b[16D"

    @property
    def two_stage(self) -> bool:
        """Comware applies each command at once."""
        return False

    def software(self) -> tuple[str, str]:
        """Return (version, release) from an inventory version like ``7.1.064 Release 5457``."""
        version, _, release = self.device.os_version.partition(" ")
        if not version[:1].isdigit():
            return "7.1.070", self.device.os_version
        return version, release.strip(" ,") or "Release 6616"

    def header_lines(self) -> tuple[str, ...]:
        """Return the ``#`` and `` version`` lines of this device."""
        version, release = self.software()
        return ("#", f" version {version}, {release}")

    def hostname(self) -> str:
        """Return the sysname."""
        for node in self.runtime.running.children:
            if node.text.startswith("sysname "):
                return node.text.split(" ", 1)[1]
        return "H3C"

    def short_name(self, name: str) -> str:
        """Return ``GE1/0/1`` for ``GigabitEthernet1/0/1``."""
        return NAMING.short(name)

    def canonical_interface(self, name: str) -> str:
        """Return the full interface name."""
        return NAMING.canonical(name)

    def interface_exists(self, name: str) -> bool:
        """Return whether the device has that interface."""
        return NAMING.exists(name, set(self.device.interfaces))

    def view_label(self, view: str, words: list[str]) -> str:
        """Return the prompt label of a sub-view."""
        if view == "interface":
            return words[1]
        if view == "line":
            return "line-" + ("class-vty" if words[1] == "class" else f"vty{words[2]}-{words[3]}")
        if view.startswith("acl"):
            family = "ipv6" if "ipv6" in words else "ipv4"
            kind = "basic" if words[-1].startswith("2") else "adv"
            return f"acl-{family}-{kind}-{words[-1]}"
        if view == "luser":
            kind = words[3] if len(words) > 3 else "manage"
            return f"luser-{kind}-{words[1]}"
        return _LABELS.get(view, view).format(*words, *[""] * 4)

    def error(self, failure: Failure, line: str, position: int) -> str:
        """Return the caret line and Comware's error text."""
        column = len(self.prompt()) + position
        return " " * column + "^\n" + _FAILURE_TEXT[failure]

    def check_rules(self, view: View, match: Match, undo: bool) -> str | None:
        """Refuse VLAN settings that do not fit the port's link type, and names of missing objects."""
        missing = missing_object(self.platform, view.name, match.words, self.config_root(), undo)
        if missing is not None:
            return missing
        if view.name != "interface":
            return None
        words = match.words
        if words[:1] != ["port"]:
            return None  # only port VLAN settings depend on the link type
        facts = interface_facts(view.node, view.label)
        if words[:3] == ["port", "trunk", "permit"] and facts.mode != "trunk":
            return "Please set the link type of the port to trunk."
        if undo:
            return None
        if words[:3] == ["port", "access", "vlan"] and facts.mode == "trunk":
            return "Please set the link type of the port to access."
        return None

    async def apply(self, view: View, match: Match, undo: bool) -> None:
        """Apply a line; a port that stops being a trunk drops its trunk VLAN settings."""
        await super().apply(view, match, undo)
        link_type = view.name == "interface" and match.words[:2] == ["port", "link-type"]
        if link_type and interface_facts(view.node, view.label).mode != "trunk":
            view.node.children = [
                c
                for c in view.node.children
                if not c.text.removeprefix("undo ").startswith("port trunk permit vlan")
            ]

    async def view_command(self, line: str, undo: bool) -> bool:
        """Read ``header`` banners up to their delimiter; number ACL rules."""
        words = line.split()
        if undo and len(words) == 2 and words[0] == "header" and self.session.view.name == "system":
            root = self.config_root()
            root.children = [n for n in root.children if not n.text.startswith(f"{line} ")]
            self.on_changed()
            return True
        header = _HEADER_RE.match(line)
        if header and not undo and self.session.view.name == "system":
            kind, delimiter, rest = header.groups()
            notice = f"Please input banner content, and quit with the character '{delimiter}'."
            body = await self.read_delimited(delimiter, rest, notice)
            root = self.config_root()
            root.children = [n for n in root.children if not n.text.startswith(f"header {kind} ")]
            text = "\n".join([f"header {kind} {delimiter}", *body, delimiter])
            self.insert(root, Node(text, key=f"header {kind}"))
            self.on_changed()
            return True
        return await super().view_command(line, undo)

    def exec_allowed_in_config(self, match: Match) -> bool:
        """Return whether the exec command also runs in system and sub-views."""
        first = match.words[0]
        if first == "default":
            return self.session.view.name == "interface"
        if first in ("configuration", "rollback"):
            return self.session.view.name == "system"
        return first in ("display", "save", "quit", "return", "dir")

    async def start(self) -> None:
        """Print the banner and, on a factory device, the continue question."""
        self.session.views = [View("user", self.runtime.running)]
        for node in self.runtime.running.children:
            if node.text.startswith(("header motd", "header login", "header legal")):
                body = node.text.split("\n")[1:-1]
                self.session.write("\n".join(body) + "\n")
        self.session.write(
            "\n*" + "*" * 78 + "\n"
            "* Copyright (c) 2004-2024 New H3C Technologies Co., Ltd. All rights reserved.*\n"
            "* Without the owner's prior written consent,                                  *\n"
            "* no decompiling or reverse-engineering shall be allowed.                    *\n"
            "*" * 80 + "\n\n"
        )
        if self.runtime.saved_text is None:
            await self.session.ask("Press Y or ENTER to continue, N to exit.")

    async def cmd_screen_length(self, words: list[str]) -> str | None:
        """Turn paging off for the session (``screen-length disable``)."""
        self.session.screen_length = 0
        return None

    async def cmd_super(self, words: list[str]) -> str | None:
        """Switch user role (the lab user already has the network-admin role)."""
        return (
            "User privilege role is network-admin, and only those commands that authorized "
            "to the role can be used."
        )

    async def cmd_save(self, words: list[str]) -> str | None:
        """Save the configuration. ``save force`` skips both questions."""
        name = next((w for w in words[1:] if w != "force"), "")
        if "force" not in words:
            answer = await self.session.ask(
                "The current configuration will be written to the device. Are you sure? [Y/N]:"
            )
            if not answer.lower().startswith("y"):
                return "Configuration is not saved!"
            if not name:
                name = await self.session.ask(
                    "Please input the file name(*.cfg)[flash:/startup.cfg]\n"
                    "(To leave the existing filename unchanged, press the enter key):"
                )
        self.session.write("Validating file. Please wait...\n")
        if self.runtime.faults.save_failure:
            return "Failed to save the current configuration."
        file_name = name.removeprefix("flash:/")
        if file_name in ("", "startup.cfg"):
            file_name = "saved.cfg"
        self.runtime.save(self.config_lines(), file_name)
        return "Saved the current configuration to mainboard device successfully."

    async def cmd_default(self, words: list[str]) -> str | None:
        """Restore the current interface to its defaults, after confirmation."""
        view = self.session.view
        answer = await self.session.ask(
            "This command will restore the default settings. Continue? [Y/N]:"
        )
        if not answer.lower().startswith("y"):
            return None
        view.node.children = (
            [Node("port link-mode bridge")] if view.label in self.device.interfaces else []
        )
        self.on_changed()
        return None

    async def cmd_rollback_configuration(self, words: list[str]) -> str | None:
        """Roll back to a file: ``rollback configuration to`` exists on Comware 5 only."""
        if self.device.os != "Comware5":
            self.session.write(self.error(Failure.UNRECOGNIZED, " ".join(words), 0) + "\n")
            return None
        return await self.cmd_configuration_replace(words)

    async def cmd_archive_configuration(self, words: list[str]) -> str | None:
        """Archive the running configuration under the configured location and prefix."""
        location = next(
            (
                n.text.split()
                for n in self.runtime.running.children
                if n.text.startswith("archive configuration location ")
            ),
            None,
        )
        if location is None:
            return "Please configure the archive location and filename prefix first."
        prefix = location[-1]
        number = 1 + sum(1 for name in self.runtime.flash_files() if name.startswith(prefix + "_"))
        name = f"{prefix}_{number}.cfg"
        answer = await self.session.ask(
            "Save the running configuration to an archive file. Continue? [Y/N]:"
        )
        if not answer.lower().startswith("y"):
            return None
        self.runtime.save(self.config_lines(), name)
        return f"The running configuration is archived to file flash:/{name}."

    async def cmd_configuration_replace(self, words: list[str]) -> str | None:
        """Replace the running configuration with a file (Comware's rollback)."""
        from campusctl.lab.configtree import parse

        text = self.runtime.read_flash(words[-1].removeprefix("flash:/"))
        if text is None:
            return f"The file {words[-1]} does not exist."
        answer = await self.session.ask(
            "Current configuration will be lost, save current configuration? [Y/N]:"
        )
        if answer.lower().startswith("y"):
            self.runtime.save(self.config_lines())
        self.runtime.running.children = parse(text, self.style).children
        del self.session.views[2:]
        self.on_changed()
        return (
            "Now replacing the current configuration. Please wait...\n"
            "Succeeded in replacing current configuration with the file " + words[-1] + "."
        )

    async def cmd_reset_saved_configuration(self, words: list[str]) -> str | None:
        """Erase the startup configuration."""
        answer = await self.session.ask(
            "The saved configuration file will be erased. Are you sure? [Y/N]:"
        )
        if answer.lower().startswith("y"):
            self.runtime.delete_flash("saved.cfg")
            self.runtime.saved_text = None
            return (
                "Configuration file in flash: is being cleared.\n"
                "Please wait ...\nMainBoard:\nConfiguration file is cleared."
            )
        return None

    # Display commands ------------------------------------------------------------
