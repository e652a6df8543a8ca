"""``display`` commands of H3C Comware, in the layouts the community parsers read.

The napalm-h3c-comware 0.1.5 getters parse these outputs with the TextFSM
templates shipped in that package, so the layouts follow them: a one-word line
starts each ``display interface`` block, VLAN member ports are padded to
columns, and ``display device manuinfo`` has only the fields its template
accepts.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from campusctl.lab.configtree import Node
from campusctl.lab.vendors.common import interface_facts, interface_nodes

if TYPE_CHECKING:
    from campusctl.lab.vendors.huawei import Huawei

    _Base = Huawei
else:
    _Base = object


class ComwareShow(_Base):
    """The display commands of :class:`~campusctl.lab.vendors.comware.Comware`."""

    def software(self) -> tuple[str, str]:
        """Return (version, release) of the device (defined by the vendor class)."""
        raise NotImplementedError

    async def cmd_display_version(self, words: list[str]) -> str | None:
        """Print ``display version``."""
        uptime = time.time() - self.runtime.booted
        minutes = int(uptime // 60)
        days, minutes = divmod(minutes, 1440)
        hours, minutes = divmod(minutes, 60)
        weeks, days = divmod(days, 7)
        return "\n".join(
            [
                "H3C Comware Software, Version {}, {}".format(*self.software()),
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
            # Comware prints one line per address; the first is the primary one.
            block = [
                f"{name} current state: {state}",
                f"Line protocol current state: {state}",
                *(
                    f"Internet Address is {a.with_prefixlen} {'Primary' if i == 0 else 'Sub'}"
                    for i, a in enumerate(facts.ipv4)
                ),
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

    # Environment: a healthy single-slot switch, in the layouts of the
    # napalm-h3c-comware 0.1.5 TextFSM templates.

    async def cmd_display_cpu_usage(self, words: list[str]) -> str | None:
        """Print ``display cpu-usage summary``."""
        return "\n".join(
            [
                "Slot CPU        Last 5 sec        Last 1 min        Last 5 min",
                "1    0          5%                6%                6%",
            ]
        )

    async def cmd_display_memory(self, words: list[str]) -> str | None:
        """Print ``display memory``."""
        return "\n".join(
            [
                "Memory statistics are measured in KB:",
                "Slot 1:",
                "             Total      Used      Free    Shared   Buffers    Cached   FreeRatio",
                "Mem:       1911340    741212   1170128         0      3168    231824       61.2%",
                "-/+ Buffers/Cache:    506220   1405120",
                "Swap:            0         0         0",
            ]
        )

    async def cmd_display_power(self, words: list[str]) -> str | None:
        """Print ``display power``."""
        return "\n".join(
            [
                " Slot 1:",
                " PowerID State    Mode   Current(A)  Voltage(V)  Power(W)",
                " 1       Normal   AC     1.20        53.50       64.20",
            ]
        )

    async def cmd_display_fan(self, words: list[str]) -> str | None:
        """Print ``display fan``."""
        return " Slot 1:\n Fan 1:\n State    : Normal\n Airflow Direction: Port-to-power"

    async def cmd_display_environment(self, words: list[str]) -> str | None:
        """Print ``display environment``."""
        return "\n".join(
            [
                " System temperature information (degree centigrade):",
                " " + "-" * 70,
                " Slot  Sensor            Temperature Lower  Warning  Alarm  Shutdown",
                " 1     hotspot 1         38          0      82       92     NA",
            ]
        )

    async def cmd_display_clock(self, words: list[str]) -> str | None:
        """Print ``display clock``."""
        return time.strftime("%H:%M:%S.000 UTC+8 %a %m/%d/%Y\nTime Zone : UTC+8 add 08:00:00")


def _port_columns(ports: list[str]) -> list[str]:
    lines = []
    for index in range(0, len(ports), 2):
        pair = ports[index : index + 2]
        lines.append("    " + "".join(f"{name:<25}" for name in pair))
    return lines
