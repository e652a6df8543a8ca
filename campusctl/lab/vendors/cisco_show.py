"""``show`` commands of Cisco IOS and Ruijie RGOS in the devices' formats.

NAPALM's ``ios`` driver (5.2.0) parses ``show version`` line by line and
``show lldp neighbors detail`` with ntc-templates; the formats below follow
IOS 15.2/IOS-XE 17 output.
"""

from __future__ import annotations

import difflib
import hashlib
import time
from typing import TYPE_CHECKING

from campusctl.lab.configtree import Node
from campusctl.lab.vendors.common import interface_facts, interface_nodes
from campusctl.lab.vendors.links import Links

if TYPE_CHECKING:
    from campusctl.lab.vendors.base import Vendor

    _Base = Vendor
else:
    _Base = object


def _dotted(mac: str) -> str:
    plain = mac.replace("-", "").replace(".", "")
    return ".".join(plain[i : i + 4] for i in range(0, 12, 4))


class CiscoShow(Links, _Base):
    """The show commands of the IOS-like vendors."""

    version_line: str = "version 15.2"

    def hostname(self) -> str:
        """Return the hostname (defined by the vendor class)."""
        raise NotImplementedError

    def short_name(self, name: str) -> str:
        """Return the short interface name (defined by the vendor class)."""
        raise NotImplementedError

    def privilege(self) -> int:
        """Return the session's privilege level (defined by the vendor class)."""
        raise NotImplementedError

    def _uptime(self) -> str:
        minutes = int((time.time() - self.runtime.booted) // 60)
        days, minutes = divmod(minutes, 1440)
        hours, minutes = divmod(minutes, 60)
        weeks, days = divmod(days, 7)
        return f"{weeks} weeks, {days} days, {hours} hours, {minutes} minutes"

    async def cmd_show_version(self, words: list[str]) -> str | None:
        """Print ``show version``."""
        device = self.device
        host = self.hostname()
        if device.platform == "ruijie_rgos":
            return "\n".join(
                [
                    f"System description      : Ruijie Full Gigabit Security and Intelligent "
                    f"Access Switch({device.model}) By Ruijie Networks",
                    f"System start time       : {time.strftime('%Y-%m-%d %H:%M:%S')}",
                    f"System uptime           : {self._uptime()}",
                    "System hardware version : 1.00",
                    f"System software version : RGOS {device.os_version}",
                    f"System serial number    : {device.serial}",
                    f"{host} uptime is {self._uptime()}",
                ]
            )
        if device.os == "IOS-XE":
            return self._version_ios_xe()
        family = device.model.split("-")[1] if device.model.count("-") >= 1 else device.model
        return "\n".join(
            [
                f"Cisco IOS Software, {family} Software ({family}-UNIVERSALK9-M), "
                f"Version {device.os_version}, RELEASE SOFTWARE (fc1)",
                "Technical Support: http://www.cisco.com/techsupport",
                "Copyright (c) 1986-2024 by Cisco Systems, Inc.",
                "",
                "ROM: Bootstrap program is C2960X boot loader",
                f"{host} uptime is {self._uptime()}",
                "System returned to ROM by power-on",
                'System image file is "flash:c2960x-universalk9-mz.bin"',
                "",
                f"cisco {device.model} (APM86XXX) processor (revision A0) with 524288K bytes"
                " of memory.",
                f"Processor board ID {device.serial}",
                f"{len(device.interfaces)} Gigabit Ethernet interfaces",
                f"Base ethernet MAC Address       : {device.base_mac.replace('-', ':')}",
                f"Model number                    : {device.model}",
                f"System serial number            : {device.serial}",
                "",
                "Configuration register is 0xF",
            ]
        )

    def _version_ios_xe(self) -> str:
        """Return ``show version`` of a Catalyst 9000 running IOS-XE."""
        device = self.device
        train = ".".join(part.lstrip("0") or "0" for part in device.os_version.split("."))
        return "\n".join(
            [
                f"Cisco IOS XE Software, Version {device.os_version}",
                "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), "
                f"Version {train}, RELEASE SOFTWARE (fc3)",
                "Technical Support: http://www.cisco.com/techsupport",
                "Copyright (c) 1986-2024 by Cisco Systems, Inc.",
                "",
                f"{self.hostname()} uptime is {self._uptime()}",
                "System returned to ROM by Reload Command",
                'System image file is "flash:packages.conf"',
                "",
                f"cisco {device.model} (ARM64) processor with 1327343K/6147K bytes of memory.",
                f"Processor board ID {device.serial}",
                f"{len(device.interfaces)} Gigabit Ethernet interfaces",
                "",
                f"Model Number                       : {device.model}",
                f"System Serial Number               : {device.serial}",
                "Configuration register is 0x102",
            ]
        )

    async def cmd_show_running_config(self, words: list[str]) -> str | None:
        """Print the running configuration, whole or one interface."""
        if len(words) > 3:
            node = interface_nodes(self.runtime.running).get(words[3])
            if node is None:
                return self.error_text(words)
            body = self.section_text(node)
            return "\n".join(
                [
                    "Building configuration...",
                    "",
                    f"Current configuration : {len(chr(10).join(body))} bytes",
                    "!",
                    *body,
                    "end",
                ]
            )
        lines = self.config_lines()
        version = self.version_line
        if self.device.os == "IOS-XE":
            version = "version " + ".".join(self.device.os_version.split(".")[:2])
        header = [
            "Building configuration...",
            "",
            f"Current configuration : {len(chr(10).join(lines))} bytes",
            "!",
            version,
        ]
        return "\n".join([*header, *lines])

    def error_text(self, words: list[str]) -> str:
        """Return the invalid-input text for a bad argument."""
        return "% Invalid input detected at '^' marker."

    async def cmd_show_startup_config(self, words: list[str]) -> str | None:
        """Print the saved configuration."""
        if self.runtime.saved_text is None:
            return "startup-config is not present"
        return "Using 2048 out of 524288 bytes\n!\n" + self.runtime.saved_text.rstrip("\n")

    async def cmd_show_privilege(self, words: list[str]) -> str | None:
        """Print the current privilege level."""
        return f"Current privilege level is {self.privilege()}"

    async def cmd_show_hosts(self, words: list[str]) -> str | None:
        """Print the name-lookup settings."""
        domain = next(
            (
                n.text.split()[-1]
                for n in self.runtime.running.children
                if n.text.startswith(("ip domain name", "ip domain-name"))
            ),
            "",
        )
        lines = ["Name lookup view: Global"]
        if domain:
            lines.append(f"Default domain is {domain}")
        lines.append("Name/address lookup uses domain service")
        return "\n".join(lines)

    # Environment: a healthy switch, in the formats NAPALM's ios driver parses.

    async def cmd_show_processes(self, words: list[str]) -> str | None:
        """Print the head of ``show processes cpu``."""
        return "\n".join(
            [
                "CPU utilization for five seconds: 7%/0%; one minute: 6%; five minutes: 6%",
                " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process",
                "   1           5         111         45  0.00%  0.00%  0.00%   0 Chunk Manager",
            ]
        )

    async def cmd_show_memory(self, words: list[str]) -> str | None:
        """Print ``show memory statistics``."""
        return "\n".join(
            [
                "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)",
                "Processor   7F1B2C3D   858993459   322122547   536870912   530000000   520000000",
                "      I/O   7F1B2C4D    33554432    12582912    20971520    20000000    20000000",
            ]
        )

    async def cmd_show_environment(self, words: list[str]) -> str | None:
        """Print ``show environment temperature status``."""
        return "\n".join(
            [
                "System Temperature Value: 38 Degree Celsius",
                "System Temperature State: GREEN",
                "Yellow Threshold : 46 Degree Celsius",
                "Red Threshold    : 56 Degree Celsius",
            ]
        )

    async def cmd_show_clock(self, words: list[str]) -> str | None:
        """Print the clock."""
        return time.strftime("*%H:%M:%S.000 UTC+8 %a %b %d %Y")

    def _status(self, name: str, shutdown: bool) -> tuple[str, str, str]:
        if shutdown:
            return "administratively down", "down", "disabled"
        if self.is_up(name):
            return "up", "up", "connected"
        return "down", "down", "notconnect"

    async def cmd_show_ip_interface(self, words: list[str]) -> str | None:
        """Print ``show ip interface [brief]``."""
        nodes = interface_nodes(self.runtime.running)
        if len(words) > 3:
            lines = [
                "Interface              IP-Address      OK? Method Status                Protocol"
            ]
            for name, node in nodes.items():
                facts = interface_facts(node, name)
                status, protocol, _ = self._status(name, facts.shutdown)
                address = str(facts.ipv4[0].ip) if facts.ipv4 else "unassigned"
                method = "NVRAM" if facts.ipv4 else "unset"
                lines.append(f"{name:<22} {address:<15} YES {method:<6} {status:<21} {protocol}")
            return "\n".join(lines)
        blocks = []
        for name, node in nodes.items():
            facts = interface_facts(node, name)
            status, protocol, _ = self._status(name, facts.shutdown)
            block = [f"{name} is {status}, line protocol is {protocol}"]
            if facts.ipv4:
                block += [f"  Internet address is {a.with_prefixlen}" for a in facts.ipv4[:1]]
                block += [f"  Secondary address {a.with_prefixlen}" for a in facts.ipv4[1:]]
                block.append("  Broadcast address is 255.255.255.255")
                block.append("  MTU is 1500 bytes")
            else:
                block.append("  Internet protocol processing disabled")
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    async def cmd_show_ipv6_interface(self, words: list[str]) -> str | None:
        """Print ``show ipv6 interface [brief]``."""
        blocks = []
        for name, node in interface_nodes(self.runtime.running).items():
            facts = interface_facts(node, name)
            if not facts.ipv6:
                continue
            status, protocol, _ = self._status(name, facts.shutdown)
            if len(words) > 3:
                blocks.append(
                    f"{name:<22} [{status}/{protocol}]\n    {self.link_local(name)}\n"
                    + "\n".join(f"    {a.ip.compressed.upper()}" for a in facts.ipv6)
                )
                continue
            block = [
                f"{name} is {status}, line protocol is {protocol}",
                f"  IPv6 is enabled, link-local address is {self.link_local(name)}",
                "  Global unicast address(es):",
            ]
            block += [
                f"    {a.ip.compressed.upper()}, subnet is {a.network.compressed.upper()}"
                for a in facts.ipv6
            ]
            block.append("  MTU is 1500 bytes")
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    async def cmd_show_interfaces(self, words: list[str]) -> str | None:
        """Print ``show interfaces [NAME|status|description]``."""
        nodes = interface_nodes(self.runtime.running)
        if len(words) > 2 and words[2] in ("status", "description"):
            return self._interfaces_table(words[2], nodes)
        wanted = [words[2]] if len(words) > 2 else list(nodes)
        blocks = []
        for name in wanted:
            if name not in nodes:
                return "% Invalid input detected at '^' marker."
            facts = interface_facts(nodes[name], name)
            status, protocol, reason = self._status(name, facts.shutdown)
            mac = _dotted(self.mac_of(name))
            speed = self.speed_of(name)
            block = [
                f"{name} is {status}, line protocol is {protocol} ({reason})",
                f"  Hardware is Gigabit Ethernet, address is {mac} (bia {mac})",
            ]
            if facts.description:
                block.append(f"  Description: {facts.description}")
            block += [f"  Internet address is {a.with_prefixlen}" for a in facts.ipv4]
            block += [
                f"  MTU 1500 bytes, BW {speed * 1000} Kbit/sec, DLY 10 usec,",
                "     reliability 255/255, txload 1/255, rxload 1/255",
                "  Encapsulation ARPA, loopback not set",
                "  Keepalive set (10 sec)",
                f"  Full-duplex, {speed}Mb/s, media type is 10/100/1000BaseTX",
                "  input flow-control is off, output flow-control is unsupported",
                "  Last input never, output never, output hang never",
                '  Last clearing of "show interface" counters never',
                "  5 minute input rate 0 bits/sec, 0 packets/sec",
                "  5 minute output rate 0 bits/sec, 0 packets/sec",
                "     0 packets input, 0 bytes, 0 no buffer",
                "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
                "     0 packets output, 0 bytes, 0 underruns",
                "     0 output errors, 0 collisions, 0 interface resets",
            ]
            blocks.append("\n".join(block))
        return "\n".join(blocks)

    def _interfaces_table(self, kind: str, nodes: dict[str, Node]) -> str:
        # RGOS prints the link state and then the administrative state:
        #   Interface                      Status         Administrative Description
        #   Gi0/2                          down           down
        rgos = self.device.platform == "ruijie_rgos"
        if kind == "status":
            lines = ["Port      Name               Status       Vlan       Duplex  Speed Type"]
        elif rgos:
            lines = ["Interface                      Status         Administrative Description"]
        else:
            lines = ["Interface                      Status         Protocol Description"]
        for name, node in interface_nodes(self.runtime.running).items():
            facts = interface_facts(node, name)
            status, protocol, reason = self._status(name, facts.shutdown)
            if kind == "status":
                vlan = "trunk" if facts.mode == "trunk" else str(facts.access_vlan or 1)
                lines.append(
                    f"{self.short_name(name):<9} {facts.description[:18]:<18} "
                    f"{reason:<12} {vlan:<10} a-full a-1000 10/100/1000BaseTX"
                )
            elif rgos:
                admin = "down" if facts.shutdown else "up"
                lines.append(
                    f"{self.short_name(name):<30} {protocol:<14} {admin:<14} {facts.description}"
                )
            else:
                lines.append(
                    f"{self.short_name(name):<30} {status:<14} {protocol:<8} {facts.description}"
                )
        return "\n".join(lines)

    async def cmd_show_vlan(self, words: list[str]) -> str | None:
        """Print ``show vlan [brief]``."""
        names: dict[int, str] = {1: "default"}
        for node in self.runtime.running.children:
            parts = node.text.split()
            if len(parts) == 2 and parts[0] == "vlan" and parts[1].isdigit():
                vid = int(parts[1])
                names[vid] = f"VLAN{vid:04d}"
                for child in node.children:
                    if child.text.startswith("name "):
                        names[vid] = child.text[5:]
        members = self.vlan_members()
        lines = [
            "",
            "VLAN Name                             Status    Ports",
            "---- -------------------------------- --------- -------------------------------",
        ]
        for vid, name in sorted(names.items()):
            ports = ", ".join(self.short_name(p) for p in members.get(vid, ([], []))[0])
            lines.append(f"{vid:<4} {name:<32} active    {ports}")
        return "\n".join(lines)

    async def cmd_show_lldp_neighbors(self, words: list[str]) -> str | None:
        """Print ``show lldp neighbors [detail]``."""
        neighbors = self.lldp_neighbors()
        if len(words) > 3:
            wanted = words[3] if words[3] != "detail" else None
            blocks = []
            for item in neighbors:
                if wanted is not None and item.local_port != wanted:
                    continue
                blocks.append(
                    "\n".join(
                        [
                            "-" * 48,
                            f"Local Intf: {self.short_name(item.local_port)}",
                            f"Chassis id: {_dotted(self.neighbor_mac(item.device))}",
                            f"Port id: {item.port}",
                            f"Port Description: {item.port}",
                            f"System Name: {item.device}",
                            "",
                            "System Description: ",
                            item.description or item.device,
                            "",
                            "Time remaining: 112 seconds",
                            "System Capabilities: B,R",
                            "Enabled Capabilities: B,R",
                            "Management Addresses:",
                            f"    IP: {item.management}",
                            "Auto Negotiation - supported, enabled",
                            "Physical media capabilities:",
                            "    1000baseT(FD)",
                            "Media Attachment Unit type: 30",
                            "Vlan ID: - not advertised",
                            "",
                        ]
                    )
                )
            return "\n".join([*blocks, "", f"Total entries displayed: {len(blocks)}"])
        lines = [
            "Capability codes:",
            "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
            "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
            "",
            "Device ID           Local Intf     Hold-time  Capability      Port ID",
        ]
        lines += [
            f"{n.device[:19]:<19} {self.short_name(n.local_port):<14} {120:<10} "
            f"{'B,R':<15} {self.short_name(n.port)}"
            for n in neighbors
        ]
        lines += ["", f"Total entries displayed: {len(neighbors)}"]
        return "\n".join(lines)

    async def cmd_show_mac(self, words: list[str]) -> str | None:
        """Print the MAC address table."""
        lines = [
            "          Mac Address Table",
            "-" * 43,
            "",
            "Vlan    Mac Address       Type        Ports",
            "----    -----------       --------    -----",
        ]
        entries = self.mac_entries()
        lines += [
            f"{vlan:>4}    {_dotted(mac):<17} DYNAMIC     {self.short_name(port)}"
            for mac, vlan, port in entries
        ]
        lines.append(f"Total Mac Addresses for this criterion: {len(entries)}")
        return "\n".join(lines)

    cmd_show_mac_address_table = cmd_show_mac

    async def cmd_show_arp(self, words: list[str]) -> str | None:
        """Print the ARP table."""
        lines = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
        own, learned = self.arp_entries()
        lines += [f"Internet  {a:<16} {'-':>9}   {_dotted(m):<15} ARPA   {i}" for a, m, i in own]
        lines += [
            f"Internet  {a:<16} {0:>9}   {_dotted(m):<15} ARPA   Vlan{v}" for a, m, v, _ in learned
        ]
        return "\n".join(lines)

    cmd_show_ip_arp = cmd_show_arp

    async def cmd_show_inventory(self, words: list[str]) -> str | None:
        """Print ``show inventory``."""
        return (
            f'NAME: "1", DESCR: "{self.device.model}"\n'
            f"PID: {self.device.model:<18}, VID: V01  , SN: {self.device.serial}"
        )

    async def cmd_show_archive(self, words: list[str]) -> str | None:
        """Print the archive list or the differences between a file and running."""
        if len(words) <= 2:
            files = [n for n in self.runtime.flash_files() if n.startswith("archive-")]
            lines = [
                "The maximum archive configurations allowed is 10.",
                f"There are currently {len(files)} archive configurations saved.",
                " Archive #  Name",
            ]
            lines += [f"   {i + 1:<8} flash:{name}" for i, name in enumerate(files)]
            return "\n".join(lines)
        target = words[4] if len(words) > 4 else ""
        text = self.runtime.read_flash(target.removeprefix("flash:").lstrip("/"))
        if text is None:
            return f"%Error opening {target} (No such file or directory)"
        running = set(self.runtime.running.lines())
        if words[3] == "incremental-diffs":
            added = [
                line
                for line in text.splitlines()
                if line.strip() and line.strip() not in ("!", "end") and line not in running
            ]
            if not added:
                return "!No changes were found"
            return "!List of Commands:\n" + "\n".join(added) + "\nend"
        diff = difflib.unified_diff(self.runtime.running.lines(), text.splitlines(), lineterm="")
        return "\n".join(list(diff)[2:]) or "!No changes were found"

    async def cmd_verify(self, words: list[str]) -> str | None:
        """Print the MD5 digest of a flash file (``verify /md5 flash:/name``)."""
        name = words[2].removeprefix("flash:").strip("/")
        data = self.runtime.flash_files().get(name)
        if data is None:
            return f"%Error opening {words[2]} (No such file or directory)"
        digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
        return f"{'.' * 20}MD5 of {words[2]} Done!\nverify /md5 ({words[2]}) = {digest}"

    async def cmd_dir(self, words: list[str]) -> str | None:
        """List the flash files, or one file."""
        files = self.runtime.flash_files()
        wanted = words[1].removeprefix("flash:").strip("/") if len(words) > 1 else ""
        if wanted:
            files = {name: data for name, data in files.items() if name == wanted}
            if not files:
                return f"%Error opening flash:/{wanted} (No such file or directory)"
        lines = [f"Directory of flash:/{wanted}", ""]
        stamp = time.strftime("%b %d %Y %H:%M:%S")
        for index, (name, data) in enumerate(files.items(), start=2):
            lines.append(f"{index:>6}  -rwx {len(data):>12}  {stamp} +08:00  {name}")
        lines += ["", "122185728 bytes total (98516992 bytes free)"]
        return "\n".join(lines)
