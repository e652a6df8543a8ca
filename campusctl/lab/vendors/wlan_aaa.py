"""The RADIUS servers that a lab controller's running config names for one SSID.

The chain from SSID to server differs per vendor:

* Comware: service template (``ssid``, ``dot1x domain D``) -> ISP domain D
  (``authentication lan-access radius-scheme R``) -> RADIUS scheme R
  (``primary authentication IP PORT key simple K``).
* Huawei: SSID profile -> VAP profile -> authentication profile (802.1X
  access profile, ``radius-server T`` or its access domain's) -> RADIUS
  server template T (``radius-server authentication IP PORT``, shared key).
* Cisco 9800: WLAN (``security dot1x authentication-list L``) -> ``aaa
  authentication dot1x L group G`` -> server group G -> ``radius server``.
* Ruijie: ``wlan-config N`` -> ``wlansec N`` (``dot1x authentication L``)
  -> ``aaa authentication dot1x L group radius`` -> ``radius-server host``.

The lab stores secrets as typed, so the key in the running config is the
shared secret itself.
"""

from __future__ import annotations

import re
from ipaddress import ip_address

from campusctl.i18n import _
from campusctl.lab.configtree import Node
from campusctl.lab.radius import RadiusError, RadiusServer
from campusctl.platforms import PlatformId


def _sections(root: Node, pattern: str) -> list[tuple[re.Match[str], Node]]:
    regex = re.compile(pattern)
    return [(m, child) for child in root.children if (m := regex.match(child.text))]


def _named(root: Node | None, pattern: str, name: str) -> Node | None:
    """Return the section of ``root`` whose ``pattern`` captures ``name`` as its first group."""
    if root is None:
        return None
    return next((s for m, s in _sections(root, pattern) if m[1] == name), None)


def _line(section: Node, pattern: str) -> re.Match[str] | None:
    regex = re.compile(pattern)
    for child in section.children:
        match = regex.match(child.text)
        if match is not None:
            return match
    return None


def _missing(device: str, item: str) -> RadiusError:
    return RadiusError(
        _("{device}: {item} is missing from the running configuration.").format(
            device=device, item=item
        )
    )


def _not_dot1x(device: str, ssid: str) -> RadiusError:
    return RadiusError(
        _("{device}: SSID {ssid} does not use 802.1X; associate to an 802.1X SSID.").format(
            device=device, ssid=ssid
        )
    )


def _comware(root: Node, ssid: str, device: str) -> list[RadiusServer]:
    template = next(
        (
            s
            for _m, s in _sections(root, r"^wlan service-template ")
            if _line(s, rf"^ssid {re.escape(ssid)}$")
        ),
        None,
    )
    if template is None:
        raise _missing(device, f"SSID {ssid}")
    if _line(template, r"^akm mode dot1x$") is None:
        raise _not_dot1x(device, ssid)
    domain_line = _line(template, r"^dot1x domain (\S+)$")
    domain_name = domain_line[1] if domain_line else "system"
    domain = _named(root, r"^domain (?:name )?(\S+)$", domain_name)
    if domain is None:
        raise _missing(device, f"domain {domain_name}")
    scheme_line = _line(domain, r"^authentication (?:lan-access|default) radius-scheme (\S+)")
    if scheme_line is None:
        raise _missing(device, f"domain {domain_name} authentication lan-access radius-scheme")
    scheme = _named(root, r"^radius scheme (\S+)$", scheme_line[1])
    if scheme is None:
        raise _missing(device, f"radius scheme {scheme_line[1]}")
    shared = _line(scheme, r"^key authentication (?:simple|cipher) (\S+)$")
    servers = []
    for child in scheme.children:
        match = re.match(
            r"^(?:primary|secondary) authentication (\S+)(?: (\d+))?(?: key (?:simple|cipher) (\S+))?",
            child.text,
        )
        if match is None:
            continue
        secret = match[3] or (shared[1] if shared else None)
        if secret is None:
            raise _missing(device, f"radius scheme {scheme_line[1]} key authentication")
        servers.append(RadiusServer(ip_address(match[1]), int(match[2] or 1812), secret))
    return servers


def _huawei(root: Node, ssid: str, device: str) -> list[RadiusServer]:
    wlan = next((s for _m, s in _sections(root, r"^wlan$")), None)
    if wlan is None:
        raise _missing(device, "wlan")
    ssid_profiles = {
        m[1]
        for m, s in _sections(wlan, r"^ssid-profile name (\S+)$")
        if _line(s, rf"^ssid {re.escape(ssid)}$")
    }
    vap = next(
        (
            s
            for _m, s in _sections(wlan, r"^vap-profile name ")
            if (p := _line(s, r"^ssid-profile (\S+)$")) and p[1] in ssid_profiles
        ),
        None,
    )
    if vap is None:
        raise _missing(device, f"VAP profile of SSID {ssid}")
    authen_line = _line(vap, r"^authentication-profile (\S+)$")
    if authen_line is None:
        raise _not_dot1x(device, ssid)
    authen = _named(root, r"^authentication-profile name (\S+)$", authen_line[1])
    if authen is None:
        raise _missing(device, f"authentication-profile {authen_line[1]}")
    if _line(authen, r"^dot1x-access-profile ") is None:
        raise _not_dot1x(device, ssid)
    template_line = _line(authen, r"^radius-server (\S+)$")
    if template_line is None:
        domain_line = _line(authen, r"^access-domain (\S+)")
        aaa = next((s for _m, s in _sections(root, r"^aaa$")), None)
        domain = None
        if aaa is not None and domain_line is not None:
            domain = _named(aaa, r"^domain (\S+)$", domain_line[1])
        template_line = _line(domain, r"^radius-server (\S+)$") if domain is not None else None
    if template_line is None:
        raise _missing(device, f"RADIUS server template of authentication-profile {authen_line[1]}")
    template = _named(root, r"^radius-server template (\S+)$", template_line[1])
    if template is None:
        raise _missing(device, f"radius-server template {template_line[1]}")
    shared = _line(template, r"^radius-server shared-key cipher (\S+)$")
    if shared is None:
        raise _missing(device, f"radius-server template {template_line[1]} shared-key")
    return [
        RadiusServer(ip_address(m[1]), int(m[2] or 1812), shared[1])
        for child in template.children
        if (m := re.match(r"^radius-server authentication (\S+)(?: (\d+))?", child.text))
    ]


def _cisco(root: Node, ssid: str, device: str) -> list[RadiusServer]:
    wlan = _named(root, r"^wlan \S+ \d+ (.+)$", ssid)
    if wlan is None:
        raise _missing(device, f"wlan for SSID {ssid}")
    list_line = _line(wlan, r"^security dot1x authentication-list (\S+)$")
    if list_line is None:
        raise _not_dot1x(device, ssid)
    method = next(
        (
            m
            for m, _s in _sections(root, r"^aaa authentication dot1x (\S+) group (\S+)")
            if m[1] == list_line[1]
        ),
        None,
    )
    if method is None:
        raise _missing(device, f"aaa authentication dot1x {list_line[1]}")
    group = _named(root, r"^aaa group server radius (\S+)$", method[2])
    if group is None:
        raise _missing(device, f"aaa group server radius {method[2]}")
    servers = []
    for child in group.children:
        name = re.match(r"^server name (\S+)$", child.text)
        if name is None:
            continue
        server = _named(root, r"^radius server (\S+)$", name[1])
        if server is None:
            raise _missing(device, f"radius server {name[1]}")
        address = _line(server, r"^address ipv[46] (\S+)(?: auth-port (\d+))?")
        key = _line(server, r"^key (?:\d+ )?(\S+)$")
        if address is None or key is None:
            raise _missing(device, f"radius server {name[1]} address or key")
        servers.append(RadiusServer(ip_address(address[1]), int(address[2] or 1812), key[1]))
    return servers


def _ruijie(root: Node, ssid: str, device: str) -> list[RadiusServer]:
    wlan = next(
        (m for m, _s in _sections(root, r"^wlan-config (\d+) \S+ (.+)$") if m[2] == ssid), None
    )
    if wlan is None:
        raise _missing(device, f"wlan-config for SSID {ssid}")
    security = _named(root, r"^wlansec (\d+)$", wlan[1])
    list_line = _line(security, r"^dot1x authentication (\S+)$") if security is not None else None
    if list_line is None:
        raise _not_dot1x(device, ssid)
    method = next(
        (
            m
            for m, _s in _sections(root, r"^aaa authentication dot1x (\S+) group (\S+)")
            if m[1] == list_line[1]
        ),
        None,
    )
    if method is None:
        raise _missing(device, f"aaa authentication dot1x {list_line[1]}")
    if method[2] != "radius":
        raise RadiusError(
            _("{device}: the lab follows 'group radius' only, not server group {group}.").format(
                device=device, group=method[2]
            )
        )
    return [
        RadiusServer(ip_address(m[1]), int(m[2] or 1812), m[3])
        for m, _s in _sections(
            root,
            r"^radius-server host (\S+)(?: auth-port (\d+))?(?: acct-port \d+)? key (?:\d+ )?(\S+)$",
        )
    ]


_RESOLVERS = {
    PlatformId.H3C_COMWARE: _comware,
    PlatformId.HUAWEI_VRP: _huawei,
    PlatformId.CISCO_IOS: _cisco,
    PlatformId.RUIJIE_RGOS: _ruijie,
}


def radius_servers(platform: PlatformId, root: Node, ssid: str, device: str) -> list[RadiusServer]:
    """Return the RADIUS servers that authenticate 802.1X users of ``ssid``, in order.

    :raise RadiusError: naming what the running configuration lacks.
    """
    servers = _RESOLVERS[platform](root, ssid, device)
    if not servers:
        raise _missing(device, f"RADIUS server for SSID {ssid}")
    return servers
