"""Huawei VRP5 (S-series) and VRP8 (CloudEngine, two-stage commit) CLI.

Prompts are ``<HOST>`` in user view and ``[HOST]`` or ``[HOST-label]`` in
system and sub-views; VRP8 prints ``[~HOST]`` and ``[*HOST]`` once the
candidate contains uncommitted changes. Errors point at the failing word with a
caret under it, aligned with the prompt, as the devices do.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import ClassVar

from campusctl.lab.configtree import Layout, Node, Style
from campusctl.lab.grammar import Failure, Match
from campusctl.lab.runtime import Commit
from campusctl.lab.session import View
from campusctl.lab.vendors import huawei_grammar
from campusctl.lab.vendors.base import ShownNegation, Vendor
from campusctl.lab.vendors.common import compress_vlans, expand_vlans, interface_facts
from campusctl.lab.vendors.huawei_show import HuaweiShow
from campusctl.lab.vendors.naming import Naming
from campusctl.lab.vendors.reboot import ScheduledReboot
from campusctl.lab.vendors.references import missing_object
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

NAMING = Naming(
    types={
        "GigabitEthernet": "GE",
        "XGigabitEthernet": "XGE",
        "MultiGE": "MultiGE",
        "25GE": "25GE",
        "40GE": "40GE",
        "100GE": "100GE",
        "10GE": "10GE",
        "Eth-Trunk": "Eth-Trunk",
        "Vlanif": "Vlanif",
        "LoopBack": "Loop",
        "MEth": "MEth",
        "NULL": "NULL",
    },
    logical={"Eth-Trunk": (0, 127), "Vlanif": (1, 4094), "LoopBack": (0, 1023), "NULL": (0, 0)},
)

_FAILURE_TEXT = {
    Failure.UNRECOGNIZED: "Error: Unrecognized command found at '^' position.",
    Failure.WRONG_PARAMETER: "Error: Wrong parameter found at '^' position.",
    Failure.INCOMPLETE: "Error:Incomplete command found at '^' position.",
    Failure.TOO_MANY: "Error:Too many parameters found at '^' position.",
    Failure.AMBIGUOUS: "Error:Ambiguous command found at '^' position.",
}

_VIEW_LABELS = {
    "vlan": "vlan{1}",
    "aaa": "aaa",
    "aaa-authen": "authen-{1}",
    "aaa-author": "author-{1}",
    "aaa-acct": "accounting-{1}",
    "aaa-recording": "recording-{1}",
    "aaa-domain": "domain-{1}",
    "aaa-password-policy": "aaa-pwd-policy",
    "radius": "radius-{2}",
    "hwtacacs": "hwtacacs-{2}",
    "wlan": "wlan-view",
    "wlan-sec": "wlan-sec-prof-{2}",
    "wlan-ssid": "wlan-ssid-prof-{2}",
    "wlan-vap": "wlan-vap-prof-{2}",
    "wlan-ap-group": "wlan-ap-group-{2}",
    "wlan-regulate-domain": "wlan-regulate-domain-{2}",
    "wlan-ap": "wlan-ap-{1}",
    "wlan-radio": "wlan-group-radio-{1}",
    "wlan-traffic": "wlan-traffic-prof-{2}",
    "wlan-rrm": "wlan-rrm-prof-{2}",
    "wlan-wids": "wlan-wids-prof-{2}",
    "mac-profile": "mac-access-profile-{2}",
    "url-template": "url-template-{2}",
    "web-auth-server": "web-auth-server-{1}",
    "portal-profile": "portal-access-profile-{2}",
    "dhcp-group": "dhcp-server-group-{3}",
    "ip-pool": "ip-pool-{2}",
    "port-group": "port-group-{1}",
    "authen-profile": "authen-profile-{2}",
    "dot1x-profile": "dot1x-access-profile-{2}",
}


def huawei_style(header: str) -> Style:
    """Return the configuration layout, with the software version header line."""
    return Style(
        Layout.HASH,
        re.compile(
            r"^(interface|vlan \d|aaa|user-interface|acl|radius-server template|"
            r"hwtacacs-server template|wlan|dhcp server group|ip pool|port-group|"
            r"authentication-profile|dot1x-access-profile|mac-access-profile|url-template|"
            r"web-auth-server|portal-access-profile)"
        ),
        header=(header,),
        version_prefix="!Software Version ",
    )


class Huawei(ScheduledReboot, HuaweiShow, Vendor):
    """Huawei VRP5 and VRP8."""

    platform = PlatformId.HUAWEI_VRP
    style = huawei_style("!Software Version V200R019C10SPC500")
    config_tables = huawei_grammar.TABLES
    exec_table = huawei_grammar.EXEC
    # ACL rules are removed by number only: ``undo rule 5``.
    undo_key_only: ClassVar[frozenset[str]] = frozenset({"rule"})
    # Running trial commits (VRP8 ``commit trial``), one per device name.
    _trials: ClassVar[dict[str, asyncio.Task[None]]] = {}
    shown_negations: ClassVar[tuple[ShownNegation, ...]] = (
        ShownNegation(r"port trunk allow-pass vlan 1", "interface"),
        ShownNegation(r"ipv6 nd ra halt", "interface"),
        ShownNegation(r"portswitch", "interface"),
    )
    order: ClassVar[list[str]] = [
        r"sysname",
        r"(dhcp|ipv6$|lldp|stp|telnet|http)",
        r"vlan batch",
        r"vlan \d",
        r"(url-template|web-auth-server)",
        r"(authentication-profile|dot1x|mac-access-profile|portal-access-profile)",
        r"(radius|hwtacacs)",
        r"acl",
        r"aaa",
        r"interface Vlanif",
        r"interface Eth-Trunk",
        r"interface",
        r"(ip route|ipv6 route)",
        r"(snmp|ntp|info-center|stelnet|ssh|header)",
        r"wlan",
        r"user-interface",
    ]

    # Views and prompts ---------------------------------------------------------

    @property
    def two_stage(self) -> bool:
        """Whether the device commits a candidate (VRP8)."""
        return self.device.os == "VRP8"

    def hostname(self) -> str:
        """Return the sysname of the running configuration."""
        for node in self.runtime.running.children:
            if node.text.startswith("sysname "):
                return node.text.split(" ", 1)[1]
        return "HUAWEI"

    def header_lines(self) -> tuple[str, ...]:
        """Return the ``!Software Version`` line of this device."""
        return (f"!Software Version {self.device.os_version}",)

    def prompt(self) -> str:
        """Return ``<HOST>``, ``[HOST]`` or ``[HOST-label]`` (``[~HOST]`` on VRP8)."""
        view = self.session.view
        host = self.hostname()
        if view.name == "user":
            return f"<{host}>"
        mark = ""
        if self.two_stage:
            mark = "*" if self.candidate_changed() else "~"
        label = f"-{view.label}" if view.label else ""
        return f"[{mark}{host}{label}]"

    def view_label(self, view: str, words: list[str]) -> str:
        """Return the prompt label of a sub-view."""
        if view == "interface":
            return words[1]
        if view == "ui":
            kind = "console" if words[1] in ("console", "con") else words[1]
            return f"ui-{kind}{'-'.join(words[2:])}"
        if view.startswith(("acl", "acl6")):
            number = words[-1] if words[-1].isdigit() else words[2]
            kind = "basic" if number.startswith("2") else "adv"
            family = "acl6" if "ipv6" in words else "acl"
            return f"{family}-{kind}-{number}"
        template = _VIEW_LABELS.get(view, view)
        return template.format(*words, *[""] * 4)

    def error(self, failure: Failure, line: str, position: int) -> str:
        """Return a caret line under the failing word and the VRP error text."""
        column = len(self.prompt()) + position
        return " " * column + "^\n" + _FAILURE_TEXT[failure]

    def is_config_view(self, view: View) -> bool:
        """Return whether the view reads config commands."""
        return view.name != "user"

    def canonical_interface(self, name: str) -> str:
        """Return the full interface name."""
        return NAMING.canonical(name)

    def interface_exists(self, name: str) -> bool:
        """Return whether the device has that interface."""
        return NAMING.exists(name, set(self.device.interfaces))

    def config_root(self) -> Node:
        """Return the candidate on VRP8, the running configuration on VRP5."""
        if self.two_stage and self.session.views[1:]:
            return self.session.views[1].node
        return self.runtime.running

    def candidate_changed(self) -> bool:
        """Return whether the VRP8 candidate differs from the running configuration."""
        if len(self.session.views) < 2:
            return False
        return self.session.views[1].node.lines() != self.runtime.running.lines()

    # Session start -------------------------------------------------------------

    async def start(self) -> None:
        """Print the header, the VTY line notice and the password-change dialogue."""
        self.session.views = [View("user", self.runtime.running)]
        for node in self.runtime.running.children:
            if node.text.startswith("header login information "):
                self.session.write(_banner_text(node.text) + "\n")
        stamp = time.strftime("%Y-%m-%d %H:%M:%S+08:00")
        self.session.write(
            "\nInfo: The max number of VTY users is 5, and the number\n"
            f"      of current VTY users on line is {self.runtime.sessions}.\n"
            f"      The current login time is {stamp}.\n"
        )
        if self.runtime.saved_text is None:
            answer = await self.session.ask(
                "Warning: The initial password poses security risks.\n"
                "The password needs to be changed. Change now? [Y/N]: "
            )
            if answer.lower().startswith("y"):
                self.session.write(
                    "Info: Change the password later with local-user in the aaa view.\n"
                )

    # Exec commands -----------------------------------------------------------

    def exec_allowed_in_config(self, match: Match) -> bool:
        """Return whether the exec command also runs in system and sub-views."""
        first = match.words[0]
        if first in ("display", "save", "quit", "return", "dir"):
            return True
        if first in ("commit", "abort"):
            return self.two_stage
        return first == "clear"

    async def cmd_system_view(self, words: list[str]) -> str | None:
        """Enter system view (VRP8: start a candidate)."""
        root = self.runtime.running.copy() if self.two_stage else self.runtime.running
        self.session.views.append(View("system", root))
        return "Enter system view, return user view with return command."

    async def cmd_quit(self, words: list[str]) -> str | None:
        """Leave the current view, or log out from user view."""
        if self.session.view.name == "user":
            self.session.close()
        if len(self.session.views) == 2 and not await self._settle_candidate():
            return None
        self.session.views.pop()
        return None

    async def cmd_return(self, words: list[str]) -> str | None:
        """Return to user view."""
        if self.session.view.name == "user":
            self.session.write(self.error(Failure.UNRECOGNIZED, " ".join(words), 0) + "\n")
            return None
        if not await self._settle_candidate():
            return None
        del self.session.views[1:]
        return None

    async def _settle_candidate(self) -> bool:
        """Ask about uncommitted VRP8 changes; return False when the user cancels."""
        if not self.two_stage or not self.candidate_changed():
            return True
        answer = await self.session.ask(
            "Warning: Uncommitted configurations found. Are you sure to commit them before "
            "exiting? [Y(yes)/N(no)/C(cancel)]:"
        )
        choice = answer[:1].lower()
        if choice == "c" or choice not in ("y", "n"):
            return False
        if choice == "y":
            self._commit("")
        return True

    async def cmd_commit(self, words: list[str]) -> str | None:
        """Commit the VRP8 candidate; a commit during a trial also confirms the trial."""
        if not self.two_stage or len(self.session.views) < 2:
            self.session.write(self.error(Failure.UNRECOGNIZED, "commit", 0) + "\n")
            return None
        comment = " ".join(words[2:]).strip('"') if len(words) > 2 else ""
        if self._trials.pop(self.runtime.name, None) is not None:
            log.info("device %s: trial commit confirmed", self.runtime.name)
        self._commit(comment)
        return None

    async def cmd_commit_trial(self, words: list[str]) -> str | None:
        """Commit the VRP8 candidate for ``words[2]`` seconds (600 by default) unless confirmed."""
        if not self.two_stage or len(self.session.views) < 2:
            self.session.write(self.error(Failure.UNRECOGNIZED, "commit", 0) + "\n")
            return None
        if self.runtime.name in self._trials:
            return "Error: A trial commit is already in progress."
        seconds = int(words[2]) if len(words) > 2 else 600
        before = self.runtime.running.copy()
        self._commit("trial")
        name = self.runtime.name
        self._trials[name] = asyncio.ensure_future(self._end_trial(before, seconds))
        log.info("device %s: trial commit, reverting in %d s unless confirmed", name, seconds)
        return f"Info: The trial commit will be rolled back in {seconds} seconds unless confirmed."

    async def cmd_abort_trial(self, words: list[str]) -> str | None:
        """Roll a trial commit back now."""
        timer = self._trials.get(self.runtime.name)
        if timer is None:
            return "Error: No trial commit is in progress."
        timer.cancel()
        self._trials.pop(self.runtime.name, None)
        # A candidate without edits of its own follows the restored config, as
        # VRP8 keeps only a session's edits, not a copy of the whole config.
        unedited = len(self.session.views) == 2 and not self.candidate_changed()
        self._restore(self.runtime.commits[-1].config)
        if unedited:
            self.session.views[1] = View("system", self.runtime.running.copy())
        return None

    async def _end_trial(self, before: Node, seconds: int) -> None:
        await asyncio.sleep(seconds * self.seconds_per_minute / 60)
        if self._trials.pop(self.runtime.name, None) is not None:
            log.info("device %s: trial commit not confirmed, rolled back", self.runtime.name)
            self._restore(before)

    def _restore(self, config: Node) -> None:
        self.runtime.running.children = [child.copy() for child in config.children]
        self.on_changed()

    def _commit(self, comment: str) -> None:
        candidate = self.session.views[1].node
        ident = str(1000000001 + len(self.runtime.commits))
        self.runtime.commits.append(
            Commit(ident, comment, time.time(), self.runtime.running.copy())
        )
        # Keep the sub-views' nodes valid: copy the candidate into the running tree in place.
        self.runtime.running.children = [child.copy() for child in candidate.children]
        self.on_changed()

    async def cmd_screen_length(self, words: list[str]) -> str | None:
        """Set the session's page length (``screen-length 0 temporary`` turns paging off)."""
        self.session.screen_length = int(words[1])
        return "Info: The configuration takes effect on the current user terminal interface only."

    async def cmd_save(self, words: list[str]) -> str | None:
        """Save the running configuration, after the confirmation question."""
        name = words[1] if len(words) > 1 else ""
        if name:
            question = f"Are you sure to save the configuration to flash:/{name}?[Y/N]:"
        else:
            question = (
                "The current configuration will be written to the device.\n"
                "Are you sure to continue?[Y/N]"
            )
        answer = await self.session.ask(question)
        if not answer.lower().startswith("y"):
            return None
        self.session.write("Now saving the current configuration to the slot 0.\n")
        if self.runtime.faults.save_failure:
            return "Error: Failed to save the configuration file. The flash memory is busy."
        self.runtime.save(self.config_lines(), name or "saved.cfg")
        return "Save the configuration successfully."

    async def cmd_delete(self, words: list[str]) -> str | None:
        """Delete a file from flash."""
        name = words[-1].removeprefix("flash:/")
        quiet = "/quiet" in words
        if not quiet:
            answer = await self.session.ask(f"Delete flash:/{name}? (y/n)[n]:")
            if not answer.lower().startswith("y"):
                return None
        if not self.runtime.delete_flash(name):
            return f"Error: File flash:/{name} doesn't exist."
        return f"Info: Deleting file flash:/{name}...succeeded."

    async def cmd_reset_saved_configuration(self, words: list[str]) -> str | None:
        """Erase the startup configuration (the device returns to factory on reboot)."""
        answer = await self.session.ask(
            "Warning: The action will delete the saved configuration in the device.\n"
            "The configuration will be erased to reconfigure. Continue? [Y/N]:"
        )
        if answer.lower().startswith("y"):
            self.runtime.delete_flash("saved.cfg")
            self.runtime.saved_text = None
            return (
                "Warning: Now clearing the configuration in the device.\n"
                "Info: Succeeded in clearing the configuration in the device."
            )
        return None

    async def cmd_startup_saved_configuration(self, words: list[str]) -> str | None:
        """Choose the next startup file (only the standard name exists in the lab)."""
        name = words[-1]
        if self.runtime.read_flash(name) is None:
            return f"Error: The file {name} does not exist."
        return "Info: Succeeded in setting the configuration for booting system."

    async def cmd_rollback_configuration(self, words: list[str]) -> str | None:
        """Replace the running configuration by a file or an earlier commit."""
        target: Node | None
        if words[2] == "to" and words[3] == "file":
            text = self.runtime.read_flash(words[4].removeprefix("flash:/"))
            if text is None:
                return f"Error: The file {words[4]} does not exist."
            target = _parse_saved(text, self.style)
        else:
            target = self._commit_target(words)
            if target is None:
                return "Error: The specified commit ID does not exist."
        answer = await self.session.ask(
            "Warning: All the configurations will be rolled back to the specified "
            "configuration. Continue? [Y/N]:"
        )
        if not answer.lower().startswith("y"):
            return None
        self.runtime.running.children = [child.copy() for child in target.children]
        self.on_changed()
        return "Info: The configuration rollback succeeded."

    def _commit_target(self, words: list[str]) -> Node | None:
        if words[2] == "last":
            count = int(words[3])
            if not 0 < count <= len(self.runtime.commits):
                return None
            return self.runtime.commits[-count].config
        for commit in self.runtime.commits:
            if commit.ident == words[-1]:
                return commit.config
        return None

    async def cmd_clear_configuration_this(self, words: list[str]) -> str | None:
        """Clear the current interface's configuration after confirmation."""
        view = self.session.view
        if view.name != "interface":
            self.session.write(
                self.error(Failure.UNRECOGNIZED, "clear configuration this", 0) + "\n"
            )
            return None
        answer = await self.session.ask(
            "Warning: All configurations of the interface will be cleared, and its state will "
            "be shutdown. Continue? [Y/N] :"
        )
        if not answer.lower().startswith("y"):
            return None
        count = len(view.node.children)
        view.node.children = [Node("shutdown", key="shutdown")]
        self.on_changed()
        return f"Info: Total execute {count + 1} command(s), {count + 1} successful, 0 failed."

    # Config rules --------------------------------------------------------------

    async def view_command(self, line: str, undo: bool) -> bool:
        """Read multi-line headers; number ACL rules typed without a number (step 5)."""
        view = self.session.view
        header = _MULTILINE_HEADER_RE.match(line)
        if header and not undo and view.name == "system":
            kind, delimiter = header.groups()
            notice = (
                f"Info: Please input banner content, and quit with the character '{delimiter}'."
            )
            body = await self.read_delimited(delimiter, "", notice)
            root = self.config_root()
            key = f"header {kind} information"
            root.children = [n for n in root.children if not n.text.startswith(key)]
            self.insert(root, Node("\n".join([f"{key} {delimiter}", *body, delimiter]), key=key))
            self.on_changed()
            return True
        words = line.split()
        if undo and view.name == "aaa" and len(words) == 2 and words[0] == "local-user":
            # Deleting a user deletes every line of it.
            view.node.children = [
                c for c in view.node.children if c.text.split()[:2] != ["local-user", words[1]]
            ]
            self.on_changed()
            return True
        if view.name.startswith(("acl", "acl6")) and not undo:
            words = line.split()
            if words and "rule".startswith(words[0]) and len(words) > 1 and not words[1].isdigit():
                numbers = [
                    int(c.text.split()[1])
                    for c in view.node.children
                    if c.text.startswith("rule ") and c.text.split()[1].isdigit()
                ]
                await self.configure(f"rule {max(numbers, default=0) + 5} {' '.join(words[1:])}")
                return True
        return False

    def check_rules(self, view: View, match: Match, undo: bool) -> str | None:
        """Refuse what VRP refuses: changing the link type over a non-default VLAN, and names
        of profiles, templates and groups that do not exist."""
        missing = missing_object(self.platform, view.name, match.words, self.config_root(), undo)
        if missing is not None:
            return missing
        if view.name != "interface":
            return None
        words = match.words
        if words[:1] != ["port"]:
            return None  # only port VLAN settings depend on the link type
        facts = interface_facts(view.node, view.label)
        if words[:3] == ["port", "trunk", "allow-pass"] and facts.mode not in ("trunk", "hybrid"):
            return "Error: Please set the link-type of the port to trunk or hybrid first."
        if words[:2] == ["port", "link-type"] and (undo or facts.mode != words[2]):
            has_vlan_config = any(
                c.text.removeprefix("undo ").startswith(
                    ("port default vlan", "port trunk allow-pass", "port hybrid")
                )
                for c in view.node.children
            )
            if has_vlan_config:
                return "Error: Please renew the default configurations."
        if undo:
            return None
        if words[:3] == ["port", "default", "vlan"] and facts.mode in ("trunk",):
            return "Error: The link-type of the port is not access or hybrid."
        return None

    def merge(self, old: str, new: str, key: str) -> str:
        """Merge VLAN lists the way VRP prints them (``10 20 30 to 40``)."""
        vlans = expand_vlans(old[len(key) :]) | expand_vlans(new[len(key) :])
        return f"{key} {compress_vlans(vlans)}"

    def remove(self, view: str, parent: Node, existing: Node | None, match: Match) -> None:
        """Remove VLANs from a list, or the whole line."""
        if existing is not None and match.form is not None and match.form.merge:
            removed = expand_vlans(" ".join(match.words[match.form.key_length or 0 :]))
            if removed:
                kept = expand_vlans(existing.text[len(match.key) :]) - removed
                if kept:
                    existing.text = f"{match.key} {compress_vlans(kept)}"
                    return
        super().remove(view, parent, existing, match)


# "header login information ^" alone on its line: the text follows on the next lines.
_MULTILINE_HEADER_RE = re.compile(r"^header\s+(login|shell)\s+information\s+(\S)$")


def _banner_text(line: str) -> str:
    text = line.split(" ", 3)[3] if line.count(" ") >= 3 else ""
    return text.strip('"')


def _parse_saved(text: str, style: Style) -> Node:
    from campusctl.lab.configtree import parse

    return parse(text, style)
