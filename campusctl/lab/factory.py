"""The day-0 configuration of each emulated device.

A lab device starts the way a switch leaves the staging bench: hostname,
management VLAN and address, the lab login with SSH enabled, LLDP on, and
every physical port present. Everything else is the engine's job, so a
``lab reset`` returns the device to this state.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re

from campusctl.lab.configtree import Node, parse
from campusctl.lab.devices import LabDevice
from campusctl.lab.vendors.registry import vendor_class


def password_hash(password: str, salt: str) -> str:
    """Return a vendor-looking irreversible hash of a password (never the password)."""
    digest = hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
    return digest[:48]


def factory_text(device: LabDevice, username: str, password: str) -> str:
    """Return the day-0 configuration text in the vendor's layout."""
    address = ipaddress.IPv4Interface(device.management_ipv4)
    vlan = device.management_vlan
    secret = password_hash(password, device.name)
    platform = device.platform
    ports = device.interfaces
    ipv6 = device.management_ipv6
    if platform == "huawei_vrp":
        lines = [
            f" sysname {device.name}",
            f" vlan batch {vlan}",
            " stelnet server enable",
            f" ssh user {username} authentication-type password",
            f" ssh user {username} service-type stelnet",
            " lldp enable",
            "#",
        ]
        if ipv6:
            lines += [" ipv6", "#"]
        lines += [
            "aaa",
            f" local-user {username} password irreversible-cipher $1a${secret}$",
            f" local-user {username} privilege level 15",
            f" local-user {username} service-type ssh",
            "#",
            f"interface Vlanif{vlan}",
            f" ip address {address.ip} {address.netmask}",
        ]
        if ipv6:
            lines += [" ipv6 enable", f" ipv6 address {ipv6}"]
        for port in ports:
            lines += ["#", f"interface {port}"]
        lines += [
            "#",
            "user-interface con 0",
            " authentication-mode password",
            "user-interface vty 0 4",
            " authentication-mode aaa",
            " protocol inbound ssh",
            "#",
            "return",
        ]
        return "#\n" + "\n".join(lines) + "\n"
    if platform == "h3c_comware":
        lines = [
            "#",
            f" sysname {device.name}",
            "#",
            " lldp global enable",
            "#",
            " ssh server enable",
            "#",
            f"vlan {vlan}",
            "#",
            "domain system",
            "#",
            f"interface Vlan-interface{vlan}",
            f" ip address {address.ip} {address.netmask}",
        ]
        if ipv6:
            lines += [f" ipv6 address {ipv6}"]
        for port in ports:
            lines += ["#", f"interface {port}", " port link-mode bridge"]
        lines += [
            "#",
            "line aux 0",
            " user-role network-admin",
            "#",
            "line vty 0 63",
            " authentication-mode scheme",
            " user-role network-operator",
            "#",
            f"local-user {username} class manage",
            f" password hash $h$6${secret}",
            " service-type ssh",
            " authorization-attribute user-role network-admin",
            "#",
            "return",
        ]
        return "\n".join(lines) + "\n"
    svi = "VLAN" if platform == "ruijie_rgos" else "Vlan"
    # RGOS lab users log in at privilege 1 and need enable, like most RGOS deployments.
    level = 1 if platform == "ruijie_rgos" else 15
    lines = [
        f"hostname {device.name}",
        "!",
        f"enable secret 5 $1${secret[30:38]}${secret[38:]}",
        f"username {username} privilege {level} secret 5 $1${secret[:8]}${secret[8:30]}",
        "!",
        f"vlan {vlan}",
        "!",
    ]
    if platform == "cisco_ios":
        lines += [
            "ip domain name lab.invalid",
            "ip ssh version 2",
            "lldp run",
            "spanning-tree extend system-id",
            "!",
        ]
    else:
        lines += ["enable service ssh-server", "lldp enable", "!"]
    for port in ports:
        lines += [f"interface {port}", "!"]
    lines += [
        f"interface {svi} {vlan}" if platform == "ruijie_rgos" else f"interface {svi}{vlan}",
        f" ip address {address.ip} {address.netmask}",
    ]
    if ipv6:
        lines += [f" ipv6 address {ipv6}", " ipv6 enable"]
    lines += ["!", "line con 0", "line vty 0 4", " login local", " transport input ssh", "!", "end"]
    return "\n".join(lines) + "\n"


def factory_config(device: LabDevice, username: str, password: str) -> Node:
    """Return the day-0 configuration as a tree, its sections in the vendor's print order."""
    vendor = vendor_class(device)
    root = parse(factory_text(device, username, password), vendor.style)
    if vendor.order:

        def rank(node: Node) -> int:
            found = (i for i, p in enumerate(vendor.order) if re.match(p, node.text))
            return next(found, len(vendor.order))

        root.children.sort(key=rank)
    return root
