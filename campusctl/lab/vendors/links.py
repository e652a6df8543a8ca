"""Link-layer facts of an emulated device: port state, LLDP, MAC and ARP tables.

A physical port is up when the inventory cables it to a neighbour, a host
sits on it, or it carries the school's broadband line or a server port, and
it is not shut down. Aggregates are up when a member is up;
VLAN interfaces are up when they have an address. LLDP neighbours come from
the inventory's cabling, except where a miscabling fault moved a cable
(:mod:`campusctl.lab.cabling`).
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import TYPE_CHECKING

from campusctl.lab.devices import Neighbor
from campusctl.lab.vendors.common import interface_facts, interface_nodes

if TYPE_CHECKING:
    from campusctl.lab.vendors.base import Vendor

    _Base = Vendor
else:
    _Base = object


def _mac_for(name: str) -> str:
    digest = hashlib.sha256(name.encode()).digest()
    octets = bytes([0x02, *digest[:4], 0x00])
    return "-".join(octets[i : i + 2].hex() for i in range(0, 6, 2))


class Links(_Base):
    """Mixin of the vendors: facts for show commands that depend on cabling."""

    def cabled_ports(self) -> set[str]:
        """Return the ports with something at the far end."""
        faults = self.runtime.faults
        ports = {n.local_port for n in self.device.neighbors} - faults.unplugged
        ports |= {s.port for s in self.device.stations}
        ports |= set(self.device.attached_ports)
        ports |= set(faults.miscabled)
        return ports

    def is_up(self, name: str) -> bool:
        """Return whether an interface is up (see the module docstring)."""
        nodes = interface_nodes(self.runtime.running)
        node = nodes.get(name)
        if node is not None and any(c.text == "shutdown" for c in node.children):
            return False
        if name in self.device.interfaces:
            return name in self.cabled_ports()
        if node is None:
            return False
        facts = interface_facts(node, name)
        if facts.ipv4 or facts.ipv6:
            return True
        number = "".join(ch for ch in name if ch.isdigit() or ch == "/").split("/")[-1]
        members = [
            n
            for n, member in nodes.items()
            if n in self.device.interfaces and interface_facts(member, n).lag == number
        ]
        return any(self.is_up(member) for member in members)

    def speed_of(self, name: str) -> int:
        """Return the port speed in Mbit/s guessed from its name."""
        lowered = name.lower()
        for prefix, speed in (
            ("100ge", 100000),
            ("hundredgig", 100000),
            ("40ge", 40000),
            ("fortygig", 40000),
            ("25ge", 25000),
            ("twentyfive", 25000),
            ("10ge", 10000),
            ("xgigabit", 10000),
            ("ten-gigabit", 10000),
            ("tengigabit", 10000),
            ("tengig", 10000),
        ):
            if lowered.startswith(prefix):
                return speed
        return 1000

    def mac_of(self, name: str) -> str:
        """Return the MAC of an interface of this device (``xxxx-xxxx-xxxx``)."""
        if name in self.device.interfaces:
            return self.device.interface_mac(self.device.interfaces.index(name))
        return self.device.base_mac

    def neighbor_mac(self, device: str) -> str:
        """Return the bridge MAC a neighbour device reports (stable per name)."""
        return _mac_for(device)

    def link_local(self, name: str) -> str:
        """Return the EUI-64 link-local address of an interface."""
        mac = int(self.mac_of(name).replace("-", ""), 16)
        eui = ((mac >> 24) << 40) | (0xFFFE << 24) | (mac & 0xFFFFFF)
        eui ^= 0x02 << 56
        address = ipaddress.IPv6Address((0xFE80 << 112) | eui)
        return address.compressed.upper()

    def lldp_neighbors(self) -> list[Neighbor]:
        """Return the LLDP neighbours, with any miscabling fault applied."""
        miscabled = self.runtime.faults.miscabled
        moved = miscabled.keys() | self.runtime.faults.unplugged
        result = [n for n in self.device.neighbors if n.local_port not in moved]
        for port, (device, remote) in miscabled.items():
            result.append(Neighbor(port, device, remote, description="unexpected neighbour"))
        order = {name: index for index, name in enumerate(self.device.interfaces)}
        return sorted(result, key=lambda n: order.get(n.local_port, len(order)))

    def vlan_members(self) -> dict[int, tuple[list[str], list[str]]]:
        """Return VLAN id to (untagged ports, tagged ports)."""
        members: dict[int, tuple[list[str], list[str]]] = {}
        for name, node in interface_nodes(self.runtime.running).items():
            if name not in self.device.interfaces and not name.lower().startswith(
                ("eth-trunk", "bridge-aggregation", "port-channel", "aggregateport")
            ):
                continue
            facts = interface_facts(node, name)
            if facts.mode == "trunk":
                for vid in facts.trunk_vlans:
                    members.setdefault(vid, ([], []))[1].append(name)
                continue
            vid = facts.access_vlan or 1
            members.setdefault(vid, ([], []))[0].append(name)
        return members

    def mac_entries(self) -> list[tuple[str, int, str]]:
        """Return learned (MAC, VLAN, port): neighbours in the management VLAN, then hosts."""
        entries = [
            (self.neighbor_mac(n.device), self.device.management_vlan, n.local_port)
            for n in self.lldp_neighbors()
        ]
        entries += [(s.mac, s.vlan, s.port) for s in self.device.stations]
        return entries

    def arp_entries(
        self,
    ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, int, str]]]:
        """Return (own addresses, learned entries) for the ARP table."""
        own: list[tuple[str, str, str]] = []
        for name, node in interface_nodes(self.runtime.running).items():
            for address in interface_facts(node, name).ipv4:
                own.append((str(address.ip), self.mac_of(name), name))
        learned = [
            (n.management, self.neighbor_mac(n.device), self.device.management_vlan, n.local_port)
            for n in self.lldp_neighbors()
            if n.management
        ]
        learned += [(s.ipv4, s.mac, s.vlan, s.port) for s in self.device.stations]
        return own, learned
