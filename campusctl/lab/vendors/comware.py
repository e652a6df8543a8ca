"""H3C Comware 7 CLI (switches and WX wireless controllers).

Comware shares VRP's view model (``<HOST>``, ``[HOST]``, ``quit``/``return``)
but has its own syntax, error texts (`` % Unrecognized command ...``) and
output formats, which the napalm-h3c-comware 0.1.5 TextFSM templates parse.
Its configuration text separates sections with lines holding only ``#``.
"""

from __future__ import annotations

import re
import time
from typing import ClassVar

from campusctl.lab.configtree import Layout, Node, Style
from campusctl.lab.grammar import Failure, Match
from campusctl.lab.session import View
from campusctl.lab.vendors import comware_grammar
from campusctl.lab.vendors.common import interface_facts, interface_nodes
from campusctl.lab.vendors.huawei import Huawei
from campusctl.lab.vendors.naming import Naming
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
}


class Comware(Huawei):
    """H3C Comware 7."""

    platform = PlatformId.H3C_COMWARE
    style = Style(
        Layout.HASH,
        re.compile(
            r"^(interface|vlan \d|line|local-user|acl|radius scheme|hwtacacs scheme|"
            r"domain|wlan)"
        ),
        header=("#", " version 7.1.070, Release 6616"),
    )
    config_tables = comware_grammar.TABLES
    exec_table = comware_grammar.EXEC
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
        """Refuse VLAN settings that do not fit the port's link type."""
        if view.name != "interface" or undo:
            return None
        facts = interface_facts(view.node, view.label)
        words = match.words
        if words[:3] == ["port", "trunk", "permit"] and facts.mode != "trunk":
            return "Please set the link type of the port to trunk."
        if words[:3] == ["port", "access", "vlan"] and facts.mode == "trunk":
            return "Please set the link type of the port to access."
        return None

    async def view_command(self, line: str, undo: bool) -> bool:
        """Read ``header`` banners up to their delimiter; number ACL rules."""
        header = _HEADER_RE.match(line)
        if header and not undo and self.session.view.name == "system":
            kind, delimiter, rest = header.groups()
            notice = f"Please input banner content, and quit with the character '{delimiter}'."
            body = await self.read_delimited(delimiter, rest, notice)
            root = self.runtime.running
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
        if first == "configuration":
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

    async def cmd_display_version(self, words: list[str]) -> str | None:
        """Print ``display version``."""
        uptime = time.time() - self.runtime.booted
        minutes = int(uptime // 60)
        days, minutes = divmod(minutes, 1440)
        hours, minutes = divmod(minutes, 60)
        weeks, days = divmod(days, 7)
        return "\n".join(
            [
                f"H3C Comware Software, Version 7.1.070, {self.device.os_version}",
                "Copyright (c) 2004-2024 New H3C Technologies Co., Ltd. All rights reserved.",
                f"H3C {self.device.model} uptime is {weeks} weeks, {days} days, {hours} hours, "
                f"{minutes} minutes",
                "Last reboot reason : Cold reboot",
                "",
                "Boot image: flash:/boot.bin",
                "System image: flash:/system.bin",
            ]
        )

    async def cmd_display_device(self, words: list[str]) -> str | None:
        """Print ``display device [manuinfo]``."""
        if len(words) > 2:
            return "\n".join(
                [
                    "Slot 1 CPU 0:",
                    f"DEVICE_NAME          : {self.device.model}",
                    f"DEVICE_SERIAL_NUMBER : {self.device.serial}",
                    f"MAC_ADDRESS          : {self.device.base_mac}",
                    "MANUFACTURING_DATE   : 2024-03-01",
                    "VENDOR_NAME          : H3C",
                ]
            )
        return "\n".join(
            [
                "Slot Type             State    Subslot  Soft Ver             Patch Ver",
                f"1    {self.device.model:<16} Master   0        "
                f"{self.device.model}-{self.device.os_version.split()[-1]}  None",
            ]
        )

    def _comware_state(self, name: str, shutdown: bool) -> str:
        if shutdown:
            return "Administratively DOWN"
        return "UP" if self.is_up(name) else "DOWN"

    async def cmd_display_interface(self, words: list[str]) -> str | None:
        """Print ``display interface [brief|NAME]``."""
        nodes = interface_nodes(self.runtime.running)
        if len(words) > 2 and words[2] == "brief":
            return self._brief(nodes)
        wanted = [words[2]] if len(words) > 2 else list(nodes)
        blocks = []
        for name in wanted:
            if name not in nodes:
                return " % Wrong parameter found at '^' position."
            facts = interface_facts(nodes[name], name)
            state = self._comware_state(name, facts.shutdown)
            protocol = "UP" if state == "UP" else "DOWN"
            description = facts.description or f"{name} Interface"
            mac = self.mac_of(name)
            lines = [name, f"Current state: {state}", f"Line protocol state: {protocol}"]
            if name.startswith(("Vlan-interface", "LoopBack")):
                lines += [
                    f"Description: {description}",
                    "Bandwidth: 1000000 kbps",
                    "Maximum transmission unit: 1500",
                ]
                lines += [f"Internet address: {a.with_prefixlen} (primary)" for a in facts.ipv4]
                if not facts.ipv4:
                    lines.append("Internet protocol processing: Disabled")
                lines.append(f"IP packet frame type: Ethernet II, hardware address: {mac}")
            else:
                speed = self.speed_of(name)
                link_type = {"trunk": "Trunk", "hybrid": "Hybrid"}.get(facts.mode, "Access")
                lines += [
                    f"IP packet frame type: Ethernet II, hardware address: {mac}",
                    f"Description: {description}",
                    f"Bandwidth: {speed * 1000} kbps",
                    "Loopback is not set",
                    "Media type is twisted pair, port hardware type is 1000_BASE_T",
                    f"{speed // 1000 if speed >= 1000 else speed}{'G' if speed >= 1000 else 'M'}"
                    "bps-speed mode, full-duplex mode",
                    "Link speed type is autonegotiation, link duplex type is autonegotiation",
                    "Flow-control is not enabled",
                    "Maximum frame length: 9216",
                    f"PVID: {facts.access_vlan or 1}",
                    "MDI type: Automdix",
                    f"Port link-type: {link_type}",
                    "Last link flapping: Never",
                    "Last clearing of counters: Never",
                    "Input (total):  0 packets, 0 bytes",
                    "Output (total): 0 packets, 0 bytes",
                ]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"

    def _brief(self, nodes: dict[str, Node]) -> str:
        route = [
            "Brief information on interfaces in route mode:",
            "Link: ADM - administratively down; Stby - standby",
            "Protocol: (s) - spoofing",
            "Interface            Link Protocol Primary IP      Description",
        ]
        bridge = [
            "Brief information on interfaces in bridge mode:",
            "Link: ADM - administratively down; Stby - standby",
            "Speed: (a) - auto",
            "Duplex: (a)/A - auto; H - half; F - full",
            "Type: A - access; T - trunk; H - hybrid",
            "Interface            Link Speed   Duplex Type PVID Description",
        ]
        for name, node in nodes.items():
            facts = interface_facts(node, name)
            state = self._comware_state(name, facts.shutdown)
            link = {"Administratively DOWN": "ADM"}.get(state, state)
            short = self.short_name(name)
            if name.startswith(("Vlan-interface", "LoopBack")):
                address = str(facts.ipv4[0].ip) if facts.ipv4 else "--"
                route.append(f"{short:<20} {link:<4} {link:<8} {address:<15} {facts.description}")
            else:
                kind = {"trunk": "T", "hybrid": "H"}.get(facts.mode, "A")
                bridge.append(
                    f"{short:<20} {link:<4} {'1G(a)':<7} {'F(a)':<6} {kind:<4} "
                    f"{facts.access_vlan or 1:<4} {facts.description}"
                )
        return "\n".join([*route, "", *bridge])

    async def cmd_display_ip_interface(self, words: list[str]) -> str | None:
        """Print ``display ip interface [brief]``."""
        nodes = interface_nodes(self.runtime.running)
        lines = [
            "*down: administratively down",
            "(s): spoofing  (l): loopback",
            "Interface           Physical Protocol IP address      VPN instance Description",
        ]
        blocks = []
        for name, node in nodes.items():
            facts = interface_facts(node, name)
            if not facts.ipv4:
                continue
            state = self._comware_state(name, facts.shutdown)
            lines.append(
                f"{self.short_name(name):<19} {state.lower():<8} {state.lower():<8} "
                f"{facts.ipv4[0].ip!s:<16} --           {facts.description}"
            )
            block = [
                f"{name} current state: {state}",
                f"Line protocol current state: {state}",
                "Internet Address is "
                + ", ".join(f"{a.with_prefixlen} Primary" for a in facts.ipv4),
                f"Broadcast address: {facts.ipv4[0].network.broadcast_address}",
                "The Maximum Transmit Unit: 1500 bytes",
            ]
            blocks.append("\n".join(block))
        return "\n".join(lines) if len(words) > 3 else "\n".join(blocks)

    async def cmd_display_ipv6_interface(self, words: list[str]) -> str | None:
        """Print ``display ipv6 interface``."""
        nodes = interface_nodes(self.runtime.running)
        blocks = []
        for name, node in nodes.items():
            facts = interface_facts(node, name)
            if not facts.ipv6:
                continue
            state = self._comware_state(name, facts.shutdown)
            block = [
                f"{name} current state: {state}",
                f"Line protocol current state: {state}",
                f"IPv6 is enabled, link-local address is {self.link_local(name)}",
                "  Global unicast address(es):",
            ]
            block += [
                f"    {a.ip.compressed.upper()}, subnet is {a.network.compressed.upper()}"
                for a in facts.ipv6
            ]
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    async def cmd_display_vlan(self, words: list[str]) -> str | None:
        """Print ``display vlan [all|brief|ID]``."""
        vlans = self.vlan_table()
        if len(words) > 2 and words[2] == "brief":
            lines = [
                "Brief information about all VLANs:",
                "Supported Minimum VLAN ID: 1",
                "Supported Maximum VLAN ID: 4094",
                "Default VLAN ID: 1",
                "VLAN ID   Name                             Port",
            ]
            lines += [f"{vid:<9} {name:<32}" for vid, name in vlans.items()]
            return "\n".join(lines)
        if len(words) == 2:
            return "Total VLANs: {}\nThe VLANs include:\n{}".format(
                len(vlans), ", ".join(f"{v}(default)" if v == 1 else str(v) for v in vlans)
            )
        if words[2] != "all":
            vlans = {k: v for k, v in vlans.items() if k == int(words[2])}
            if not vlans:
                return f" VLAN {words[2]} does not exist."
        members = self.vlan_members()
        blocks = []
        for vid, name in vlans.items():
            untagged, tagged = members.get(vid, ([], []))
            block = [
                f" VLAN ID: {vid}",
                " VLAN type: Static",
                " Route interface: Not configured",
                f" Description: {name}",
                f" Name: {name}",
            ]
            block.append(" Tagged ports:   " + ("" if tagged else "None"))
            block += _port_columns(tagged)
            block.append(" Untagged ports: " + ("" if untagged else "None"))
            block += _port_columns(untagged)
            blocks.append("\n".join(block))
        return "\n\n".join(blocks) + "\n"

    def vlan_table(self) -> dict[int, str]:
        """Return VLAN id to name (``VLAN 0010`` when unnamed)."""
        vlans: dict[int, str] = {1: "VLAN 0001"}
        for node in self.runtime.running.children:
            words = node.text.split()
            if len(words) == 2 and words[0] == "vlan" and words[1].isdigit():
                vid = int(words[1])
                vlans[vid] = f"VLAN {vid:04d}"
                for child in node.children:
                    if child.text.startswith("name "):
                        vlans[vid] = child.text[5:]
        return dict(sorted(vlans.items()))

    async def cmd_display_lldp_neighbor_information(self, words: list[str]) -> str | None:
        """Print ``display lldp neighbor-information [list|verbose]``."""
        neighbors = self.lldp_neighbors()
        if len(words) > 3 and words[3] == "list":
            lines = [
                "Chassis ID : * -- -- Nearest nontpmr bridge neighbor",
                "System Name          Local Interface Chassis ID      Port ID",
            ]
            lines += [
                f"{n.device:<20} {self.short_name(n.local_port):<15} "
                f"{self.neighbor_mac(n.device):<15} {n.port}"
                for n in neighbors
            ]
            return "\n".join(lines)
        blocks = []
        for item in neighbors:
            index = (
                self.device.interfaces.index(item.local_port) + 1
                if item.local_port in self.device.interfaces
                else 1
            )
            blocks.append(
                "\n".join(
                    [
                        f"LLDP neighbor-information of port {index}[{item.local_port}]:",
                        "LLDP agent nearest-bridge:",
                        " LLDP neighbor index : 1",
                        " Update time         : 0 days, 0 hours, 1 minutes, 2 seconds",
                        " Chassis type        : MAC address",
                        f" Chassis ID          : {self.neighbor_mac(item.device)}",
                        " Port ID type        : Interface name",
                        f" Port ID             : {item.port}",
                        " Time to live        : 121",
                        f" Port description    : {item.port} Interface",
                        f" System name         : {item.device}",
                        f" System description  : {item.description or item.device}",
                        " System capabilities supported : Bridge,Router",
                        " System capabilities enabled   : Bridge,Router",
                        " Management address type       : IPv4",
                        f" Management address            : {item.management}",
                    ]
                )
            )
        return "\n\n".join(blocks)

    async def cmd_display_mac_address(self, words: list[str]) -> str | None:
        """Print the MAC address table."""
        lines = ["MAC Address      VLAN ID    State            Port/NICKNAME            Aging"]
        lines += [
            f"{mac:<16} {vlan:<10} {'Learned':<16} {self.short_name(port):<24} Y"
            for mac, vlan, port in self.mac_entries()
        ]
        return "\n".join(lines)

    async def cmd_display_arp(self, words: list[str]) -> str | None:
        """Print the ARP table."""
        lines = [
            "  Type: S-Static   D-Dynamic   O-Openflow   R-Rule   M-Multiport  I-Invalid",
            "IP address      MAC address    VLAN/VSI name Interface                Aging Type",
        ]
        _, learned = self.arp_entries()
        lines += [
            f"{address:<15} {mac:<14} {vlan:<13} {self.short_name(port):<24} 1191  D"
            for address, mac, vlan, port in learned
        ]
        return "\n".join(lines)

    async def cmd_display_clock(self, words: list[str]) -> str | None:
        """Print ``display clock``."""
        return time.strftime("%H:%M:%S.000 UTC+8 %a %m/%d/%Y\nTime Zone : UTC+8 add 08:00:00")


def _port_columns(ports: list[str]) -> list[str]:
    lines = []
    for index in range(0, len(ports), 2):
        pair = ports[index : index + 2]
        lines.append("    " + "".join(f"{name:<25}" for name in pair))
    return lines
