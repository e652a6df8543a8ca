"""Cisco IOS/IOS-XE and Ruijie RGOS CLI.

Both use ``HOST>`` (user EXEC), ``HOST#`` (privileged EXEC) and
``HOST(config-xx)#`` prompts, ``enable`` with a password, ``no`` to remove a
line, and run a global command typed in a sub-mode after leaving the sub-mode.
A login lands in privileged EXEC when the local user has privilege 15. RGOS
refuses terminal settings in user EXEC, which is why clients must ``enable``
first.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import ClassVar

from campusctl.lab.configtree import Layout, Node, Style, parse
from campusctl.lab.grammar import Failure, Match
from campusctl.lab.session import View
from campusctl.lab.vendors import cisco_grammar
from campusctl.lab.vendors.base import ShownNegation, Vendor
from campusctl.lab.vendors.cisco_show import CiscoShow
from campusctl.lab.vendors.common import compress_vlans, expand_vlans
from campusctl.lab.vendors.naming import Naming
from campusctl.lab.vendors.reboot import ScheduledReboot
from campusctl.lab.vendors.references import missing_object
from campusctl.platforms import PlatformId

IOS_NAMING = Naming(
    types={
        "GigabitEthernet": "Gi",
        "TenGigabitEthernet": "Te",
        "TwentyFiveGigE": "Twe",
        "FortyGigabitEthernet": "Fo",
        "HundredGigE": "Hu",
        "FastEthernet": "Fa",
        "Port-channel": "Po",
        "Vlan": "Vl",
        "Loopback": "Lo",
        "AppGigabitEthernet": "Ap",
    },
    logical={"Port-channel": (1, 128), "Vlan": (1, 4094), "Loopback": (0, 2147483647)},
)

RGOS_NAMING = Naming(
    types={
        "GigabitEthernet": "Gi",
        "TenGigabitEthernet": "Te",
        "FastEthernet": "Fa",
        "AggregatePort": "Ag",
        "VLAN": "VL",
        "Loopback": "Lo",
        "Mgmt": "Mgmt",
    },
    logical={"AggregatePort": (1, 128), "VLAN": (1, 4094), "Loopback": (0, 2147483647)},
    space=True,
)

_MODES = {
    "config": "config",
    "interface": "config-if",
    "vlan": "config-vlan",
    "line": "config-line",
    "acl-std": "config-std-nacl",
    "acl-ext": "config-ext-nacl",
    "acl6": "config-ipv6-acl",
    "aaa-group": "config-sg-radius",
    "radius": "config-radius-server",
    "tacacs": "config-server-tacacs",
    "archive": "config-archive",
    "wlan": "config-wlan",
    "wireless-policy": "config-wireless-policy",
    "wireless-tag": "config-policy-tag",
    "rgos-wlan": "config-wlan",
    "rgos-wlansec": "config-wlansec",
    "rgos-apgroup": "config-ap-group",
    "webauth-map": "config-params-parameter-map",
    "policy-map": "config-pmap",
    "policy-class": "config-pmap-c",
    "ap-tag": "config-ap-tag",
    "rgos-webauth": "config-web-auth",
    "rgos-ac": "config-ac",
    "rgos-apconfig": "config-ap-config",
    "rgos-wids": "config-wids",
    "dhcp-guard": "config-dhcp-guard",
    "ra-guard": "config-ra-guard",
}

_BANNER_RE = re.compile(r"^banner\s+(motd|login|exec)\s+(\S)(.*)$")


class CiscoIos(CiscoShow, Vendor):
    """Cisco IOS and IOS-XE."""

    platform = PlatformId.CISCO_IOS
    naming = IOS_NAMING
    style = Style(
        Layout.BANG,
        re.compile(
            r"^(interface|vlan \d|line|ip access-list|ipv6 access-list|archive|"
            r"aaa group|radius server|tacacs server|wlan|wireless|parameter-map|policy-map|"
            r"ap [0-9a-fA-F]{4}\.|web-auth template|ac-controller|ap-config|ap-group|wids)"
        ),
        footer="end",
    )
    undo_word = "no"
    pager_marker = " --More-- "
    pager_erase = "\b" * 9 + " " * 9 + "\b" * 9
    exec_views = frozenset({"user", "enable"})
    config_tables = cisco_grammar.TABLES
    exec_table = cisco_grammar.EXEC
    falls_back = True
    internal_error = "% Command failed."
    shown_negations: ClassVar[tuple[ShownNegation, ...]] = (
        ShownNegation(r"ip http server"),
        ShownNegation(r"ip http secure-server"),
        ShownNegation(r"ip domain[ -]lookup"),
        ShownNegation(r"ip dhcp snooping information option"),
        ShownNegation(r"switchport", "interface"),
        ShownNegation(r"broadcast-ssid", "wlan"),
        # A 9800 WLAN starts with WPA2, AES and 802.1X key management on; PSK, WPA3 and
        # SHA256 key management are off until configured, so they print when set.
        ShownNegation(r"security wpa(?: wpa2| wpa2 ciphers aes| akm dot1x)?", "wlan"),
        ShownNegation(r"shutdown", "wlan", positive_shown=True),
        ShownNegation(r"shutdown", "wireless-policy", positive_shown=True),
    )
    order: ClassVar[list[str]] = [
        r"version",
        r"service",
        r"hostname",
        r"(boot|logging buffered)",
        r"(enable|username)",
        r"aaa",
        r"clock",
        r"ip (domain|dhcp|arp|routing|ssh|http)",
        r"(ipv6 unicast|lldp)",
        r"spanning-tree",
        r"errdisable",
        r"archive",
        r"vlan \d",
        r"interface Port",
        r"interface (GigabitEthernet|TenGig|Fast|Twenty|Forty|Hundred)",
        r"interface",
        r"(ip access-list|ipv6 access-list|access-list)",
        r"(ip route|ipv6 route)",
        r"(logging|snmp|radius|tacacs|ntp)",
        r"(wlan|wireless)",
        r"banner",
        r"line",
    ]
    version_line = "version 15.2"
    unknown_word = "% Unknown command or computer name, or unable to find computer address"
    low_privilege_terminal = False

    # Pending ``configure replace ... time`` rollbacks by device name, with
    # their wall-clock deadline. The vendor object lives as long as one
    # session, and a fresh session must see and confirm the timer.
    _rollbacks: ClassVar[dict[str, tuple[asyncio.Task[None], float]]] = {}

    def hostname(self) -> str:
        """Return the configured hostname."""
        for node in self.runtime.running.children:
            if node.text.startswith("hostname "):
                return node.text.split(" ", 1)[1]
        return "Switch" if self.platform is PlatformId.CISCO_IOS else "Ruijie"

    def short_name(self, name: str) -> str:
        """Return ``Gi1/0/1`` for ``GigabitEthernet1/0/1``."""
        return self.naming.short(name)

    def canonical_interface(self, name: str) -> str:
        """Return the full interface name."""
        return self.naming.canonical(name)

    def interface_exists(self, name: str) -> bool:
        """Return whether the device has that interface."""
        return self.naming.exists(name, set(self.device.interfaces))

    def prompt(self) -> str:
        """Return ``HOST>``, ``HOST#`` or ``HOST(config-xx)#``."""
        view = self.session.view
        host = self.hostname()
        if view.name == "user":
            return f"{host}>"
        if view.name == "enable":
            return f"{host}#"
        return f"{host}({_MODES.get(view.name, 'config')})#"

    def view_label(self, view: str, words: list[str]) -> str:
        """Return the section's words (IOS prompts show only the mode)."""
        return " ".join(words[1:])

    def check_rules(self, view: View, match: Match, undo: bool) -> str | None:
        """Refuse a WLAN binding that names a profile or WLAN that does not exist."""
        return missing_object(self.platform, view.name, match.words, self.config_root(), undo)

    def error(self, failure: Failure, line: str, position: int) -> str:
        """Return IOS's caret marker and error text."""
        if failure is Failure.INCOMPLETE:
            return "% Incomplete command.\n"
        if failure is Failure.AMBIGUOUS:
            return f'% Ambiguous command:  "{line}"'
        if self.session.view.name in self.exec_views and len(line.split()) == 1:
            return self.unknown_word
        column = len(self.prompt()) + position
        return " " * column + "^\n% Invalid input detected at '^' marker.\n"

    def user_privilege(self) -> int:
        """Return the privilege level of the logged-in local user."""
        for node in self.runtime.running.children:
            words = node.text.split()
            if words[:2] == ["username", self.session.username] and "privilege" in words:
                return int(words[words.index("privilege") + 1])
        return 1

    def privilege(self) -> int:
        """Return the session's current privilege level."""
        return (
            15
            if self.session.views[0].name == "enable" or len(self.session.views) > 1
            else self.user_privilege()
        )

    async def start(self) -> None:
        """Print the banners, the password-change question and the first prompt's view."""
        for node in self.runtime.running.children:
            banner = _BANNER_RE.match(node.text.split("\n")[0])
            if banner and banner.group(1) in ("motd", "login"):
                self.session.write("\n" + "\n".join(node.text.split("\n")[1:-1]) + "\n")
        first = "enable" if self.user_privilege() >= 15 else "user"
        self.session.views = [View(first, self.runtime.running)]
        await self.login_dialogue()

    async def login_dialogue(self) -> None:
        """Run questions asked at login (none on IOS)."""

    def exec_allowed_in_config(self, match: Match) -> bool:
        """Only ``do``, ``end`` and ``exit`` are exec words in config modes."""
        return match.words[0] in ("do", "end", "exit")

    async def run_exec(self, line: str) -> None:
        """Refuse privileged commands in user EXEC, then run the command."""
        view = self.session.view
        if view.name == "user" and self.needs_privilege(line):
            self.session.write(
                "% User doesn't have sufficient privilege to execute this command.\n"
                if self.low_privilege_terminal
                else self.error(Failure.UNRECOGNIZED, line, 0) + "\n"
            )
            return
        await super().run_exec(line)

    def needs_privilege(self, line: str) -> bool:
        """Return whether a command needs privileged EXEC."""
        first = line.split(maxsplit=1)[0].lower()
        if first.startswith("ter") and self.low_privilege_terminal:
            return True
        return any(
            word.startswith(first) for word in ("configure", "write", "copy", "delete")
        ) or line.lower().startswith(("show run", "show start", "show archive"))

    # Exec commands -------------------------------------------------------------

    async def cmd_enable(self, words: list[str]) -> str | None:
        """Enter privileged EXEC after the enable password."""
        if self.session.view.name == "enable":
            return None
        for attempt in range(3):
            password = await self.session.ask("Password: ", echo=False)
            if password == self.runtime.enable_password:
                self.session.views = [View("enable", self.runtime.running)]
                return None
            del attempt
        return "% Bad secrets\n"

    async def cmd_disable(self, words: list[str]) -> str | None:
        """Leave privileged EXEC."""
        self.session.views = [View("user", self.runtime.running)]
        return None

    async def cmd_terminal(self, words: list[str]) -> str | None:
        """Set the page length or width of the session."""
        if words[1] == "length":
            self.session.screen_length = int(words[2])
        elif words[1] == "width":
            self.session.width = int(words[2])
        return None

    async def cmd_configure(self, words: list[str]) -> str | None:
        """Enter config mode, or replace/confirm the running configuration."""
        if words[1] == "terminal":
            self.session.views.append(View("config", self.runtime.running))
            return "Enter configuration commands, one per line.  End with CNTL/Z."
        if words[1] == "confirm":
            pending = self._rollbacks.pop(self.runtime.name, None)
            if pending is not None:
                pending[0].cancel()
            return None
        return await self._configure_replace(words)

    async def _configure_replace(self, words: list[str]) -> str | None:
        name = words[2].removeprefix("flash:").lstrip("/")
        text = self.runtime.read_flash(name)
        if text is None:
            return f"%Error opening {words[2]} (No such file or directory)"
        if "force" not in words:
            answer = await self.session.ask(
                "This will apply all necessary additions and deletions\n"
                "to replace the current running configuration with the\n"
                "contents of the specified configuration file, which is\n"
                "assumed to be a complete configuration, not a partial\n"
                "configuration. Enter Y if you are sure you want to proceed. ? [no]: "
            )
            if not answer.lower().startswith("y"):
                return None
        before = self.runtime.running.copy()
        self.runtime.running.children = parse(text, self.style).children
        self.on_changed()
        if "time" in words:
            minutes = int(words[words.index("time") + 1])
            name = self.runtime.name
            old = self._rollbacks.pop(name, None)
            if old is not None:
                old[0].cancel()
            task = asyncio.ensure_future(self._rollback_after(before, minutes))
            self._rollbacks[name] = (task, time.time() + minutes * 60)
        return "Total number of passes: 1\nRollback Done"

    async def _rollback_after(self, before: Node, minutes: int) -> None:
        await asyncio.sleep(minutes * 60)
        self._rollbacks.pop(self.runtime.name, None)
        self.runtime.running.children = before.children
        self.on_changed()

    async def cmd_show_archive_config_rollback(self, words: list[str]) -> str | None:
        """Print the pending confirmed-replace timer (``show archive config rollback timer``)."""
        pending = self._rollbacks.get(self.runtime.name)
        if pending is None:
            return "%No Rollback Confirmed Change pending"
        left = max(0, round((pending[1] - time.time()) / 60))
        return (
            f"Time configured(or reset): {time.strftime('%H:%M:%S %Z %a %b %d %Y')}\n"
            "Timer type: Rollback timer\n"
            f"Timer value: {left} min\n"
            f"User: {self.session.username}"
        )

    async def cmd_write(self, words: list[str]) -> str | None:
        """Save the running configuration (``write memory``)."""
        return self._save()

    def _save(self) -> str:
        if self.runtime.faults.save_failure:
            return "Building configuration...\n%Error writing nvram:startup-config (I/O error)"
        self.runtime.save(self.config_lines())
        return "Building configuration...\n[OK]"

    async def cmd_copy(self, words: list[str]) -> str | None:
        """Copy configurations between running, startup and flash files."""
        source, target = words[1], words[2]
        quiet = any(n.text == "file prompt quiet" for n in self.runtime.running.children)
        if source == "running-config" and target == "startup-config":
            if not quiet:
                await self.session.ask("Destination filename [startup-config]? ")
            return self._save()
        if source == "running-config":
            name = target.removeprefix("flash:").lstrip("/")
            if not quiet:
                await self.session.ask(f"Destination filename [{name}]? ")
            self.runtime.save(self.config_lines(), name)
            return f"{len(chr(10).join(self.config_lines()))} bytes copied"
        text = self.runtime.read_flash(source.removeprefix("flash:").lstrip("/"))
        if text is None:
            return f"%Error opening {source} (No such file or directory)"
        if not quiet:
            await self.session.ask("Destination filename [running-config]? ")
        self.session.views.append(View("config", self.runtime.running))
        for line in text.splitlines():
            if line.strip() and not line.strip().startswith("!") and line.strip() != "end":
                await self.configure(line.strip())
        del self.session.views[1:]
        return f"{len(text)} bytes copied"

    async def cmd_delete(self, words: list[str]) -> str | None:
        """Delete a flash file."""
        name = words[-1].removeprefix("flash:").lstrip("/")
        if "/force" not in words:
            await self.session.ask(f"Delete filename [{name}]? ")
            await self.session.ask(f"Delete flash:/{name}? [confirm]")
        if not self.runtime.delete_flash(name):
            return f"%Error deleting flash:/{name} (No such file or directory)"
        return None

    async def cmd_archive(self, words: list[str]) -> str | None:
        """Write an archive copy of the running configuration."""
        number = len([n for n in self.runtime.flash_files() if n.startswith("archive-")]) + 1
        self.runtime.save(self.config_lines(), f"archive-{number}")
        return None

    async def cmd_exit(self, words: list[str]) -> str | None:
        """Leave the current mode, or log out from EXEC."""
        if self.session.view.name in self.exec_views:
            self.session.close()
        self.session.views.pop()
        return None

    async def cmd_end(self, words: list[str]) -> str | None:
        """Return to privileged EXEC."""
        del self.session.views[1:]
        return None

    async def cmd_do(self, words: list[str]) -> str | None:
        """Run an EXEC command from a config mode."""
        await super().run_exec(" ".join(words[1:]))
        return None

    # Config specials -----------------------------------------------------------

    async def view_command(self, line: str, undo: bool) -> bool:
        """Handle banners, ``no username`` confirmation and trunk VLAN ``add``."""
        banner = _BANNER_RE.match(line)
        if banner and not undo:
            await self._banner(banner.group(1), banner.group(2), banner.group(3))
            return True
        words = line.split()
        console = len(words) == 3 and words[0] == "line" and len(words[1]) > 3
        if console and "console".startswith(words[1]):
            # The device prints the console line as "line con 0".
            await self.configure(f"{'no ' if undo else ''}line con {words[2]}")
            return True
        if undo and words[:1] == ["banner"] and len(words) == 2:
            root = self.runtime.running
            root.children = [n for n in root.children if not n.text.startswith(f"{line} ")]
            self.on_changed()
            return True
        if undo and words[:1] == ["username"] and len(words) >= 2:
            # IOS prompts for confirmation before it removes a user, and RGOS removes it at once.
            if self.platform is PlatformId.CISCO_IOS:
                answer = await self.session.ask(
                    "This operation will remove all username related configurations with same "
                    "name.Do you want to continue? [confirm]"
                )
                if answer.lower().startswith("n"):
                    return True
            root = self.runtime.running
            root.children = [
                n for n in root.children if n.text.split()[:2] != ["username", words[1]]
            ]
            self.on_changed()
            return True
        if (
            words[:4] == ["switchport", "trunk", "allowed", "vlan"]
            and len(words) > 5
            and words[4] in ("add", "remove")
        ):
            node = self.session.view.node
            key = "switchport trunk allowed vlan"
            current = next((c for c in node.children if c.text.startswith(key)), None)
            vlans = expand_vlans(current.text[len(key) :]) if current else set()
            change = expand_vlans(words[5])
            vlans = vlans | change if words[4] == "add" else vlans - change
            text = f"{key} {compress_vlans(vlans, '-', ',')}"
            if current is None:
                node.children.append(Node(text, key=key))
            else:
                current.text = text
            self.on_changed()
            return True
        return False

    async def _banner(self, kind: str, delimiter: str, rest: str) -> None:
        """Read a banner body up to the delimiter, as IOS does."""
        notice = f"Enter TEXT message.  End with the character '{delimiter}'."
        body = await self.read_delimited(delimiter, rest, notice)
        root = self.runtime.running
        root.children = [n for n in root.children if not n.text.startswith(f"banner {kind} ")]
        self.insert(root, Node("\n".join([f"banner {kind} ^C", *body, "^C"]), key=f"banner {kind}"))
        self.on_changed()


class Ruijie(ScheduledReboot, CiscoIos):
    """Ruijie RGOS."""

    platform = PlatformId.RUIJIE_RGOS
    naming = RGOS_NAMING
    config_tables = cisco_grammar.TABLES_RGOS
    exec_table = cisco_grammar.RGOS_EXEC
    unknown_word = "% Unknown command."
    low_privilege_terminal = True
    version_line = "version RGOS 11.4(1)B12P1"
    shown_negations = (
        *CiscoIos.shown_negations,
        ShownNegation(r"enable service web-server"),
        ShownNegation(r"enable service telnet-server"),
        ShownNegation(r"ipv6 nd suppress-ra", "interface"),
        ShownNegation(r"enable-broad-ssid"),
    )

    async def login_dialogue(self) -> None:
        """Ask about the default password on a device never saved."""
        if self.runtime.saved_text is None:
            answer = await self.session.ask("Do you want to change the password? [Y/N]:")
            if answer.lower().startswith("y"):
                self.session.write("Change the password with 'username' in config mode.\n")

    async def cmd_show_lldp_neighbors(self, words: list[str]) -> str | None:
        """Print ``show lldp neighbors`` in RGOS's column order (``detail`` as IOS prints it).

        RGOS puts the system name first and the neighbour's port ID third,
        not last as IOS does. The local port is in short form and the port
        ID as the neighbour sent it.
        NOTE: the Aging-time value ("1min 47sec") follows field captures of
        the column names only; its exact format is not checked on a device.
        """
        if len(words) > 3:
            return await super().cmd_show_lldp_neighbors(words)
        lines = [
            "Capability codes:",
            "    (R) Router, (B) Bridge, (C) DOCSIS Cable Device, (T) Telephone",
            "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
            f"{'System Name':<32} {'Local Intf':<28} {'Port ID':<24} {'Capability':<15} Aging-time",
        ]
        neighbors = self.lldp_neighbors()
        lines += [
            f"{n.device:<32} {self.short_name(n.local_port):<28} {n.port:<24} {'B,R':<15} "
            "1min 47sec"
            for n in neighbors
        ]
        lines += ["", f"Total entries displayed: {len(neighbors)}"]
        return "\n".join(lines)

    def error(self, failure: Failure, line: str, position: int) -> str:
        """Return RGOS's error text (IOS-like with its own wording)."""
        if failure is Failure.INCOMPLETE:
            return "% Incomplete command.\n"
        if failure is Failure.AMBIGUOUS:
            return f'% Ambiguous command: "{line}"'
        if self.session.view.name in self.exec_views and len(line.split()) == 1:
            return self.unknown_word
        column = len(self.prompt()) + position
        return " " * column + "^\n% Invalid input detected at '^' marker.\n"


__all__ = ["CiscoIos", "Ruijie", "time"]
