"""Objects a controller's config line names, which must exist before the line is accepted.

Wireless controllers check names as they are typed. A Comware ISP domain
rejects a RADIUS scheme that is not configured: the H3C and 3Com AAA guides
say to configure the scheme to be referenced first. A Huawei VAP profile
rejects a profile that does not exist, and an AP rejects a missing AP group.
The lab rejects them too, so a plan that pushes a user before the object it
names fails in the lab as it fails on the device.

Each rule names the view the line is typed in, the line (``name`` group),
and where the object sits in the configuration, as regexes from the top
level down with ``{name}`` for the name.

NOTE: the rejection texts are modelled on each vendor's error style; the
exact wording of each device's message is not taken from a reference.
Cisco and Ruijie accept method lists and server groups that do not exist
yet, so only their WLAN-to-profile bindings are checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campusctl.lab.configtree import Node
from campusctl.platforms import PlatformId


@dataclass(frozen=True, slots=True)
class Needs:
    """A line in ``view`` that names an object at ``where``."""

    view: str
    line: re.Pattern[str]
    where: tuple[str, ...]
    message: str

    def missing(self, words: list[str], root: Node) -> str | None:
        """Return the device's rejection when the named object is missing, else None."""
        match = self.line.match(" ".join(words))
        if match is None:
            return None
        name = match["name"]
        if _find(root, [p.format(name=re.escape(name)) for p in self.where]):
            return None
        return self.message.format(name=name)


def _find(node: Node, path: list[str]) -> bool:
    if not path:
        return True
    pattern = re.compile(path[0])
    return any(pattern.match(child.text) and _find(child, path[1:]) for child in node.children)


def _n(view: str, line: str, where: tuple[str, ...], message: str) -> Needs:
    return Needs(view, re.compile(line), where, message)


_NAME = r"(?P<name>\S+)"

_COMWARE_SCHEME = "The specified {kind} scheme {{name}} does not exist."
_VRP_PROFILE = "Error: The profile {name} does not exist."

NEEDS: dict[PlatformId, tuple[Needs, ...]] = {
    PlatformId.H3C_COMWARE: (
        _n(
            "isp",
            rf"^(?:authentication|authorization|accounting) \S+ radius-scheme {_NAME}",
            (r"^radius scheme {name}$",),
            _COMWARE_SCHEME.format(kind="RADIUS"),
        ),
        _n(
            "isp",
            rf"^(?:authentication|authorization|accounting) \S+ hwtacacs-scheme {_NAME}",
            (r"^hwtacacs scheme {name}$",),
            _COMWARE_SCHEME.format(kind="HWTACACS"),
        ),
        _n(
            "wlan-st",
            rf"^portal apply web-server {_NAME}$",
            (r"^portal web-server {name}$",),
            "The specified portal Web server {name} does not exist.",
        ),
        _n(
            "wlan-radio",
            rf"^service-template {_NAME}",
            (r"^wlan service-template {name}$",),
            "The service template {name} does not exist.",
        ),
        _n(
            "wlan-apg",
            rf"^ap {_NAME}$",
            (r"^wlan ap {name}(?: |$)",),
            "The specified AP {name} does not exist.",
        ),
    ),
    PlatformId.HUAWEI_VRP: (
        _n(
            "aaa-domain",
            rf"^radius-server {_NAME}$",
            (r"^radius-server template {name}$",),
            "Error: The RADIUS server template {name} does not exist.",
        ),
        *(
            _n(
                "aaa-domain",
                rf"^{kind}-scheme {_NAME}$",
                (r"^aaa$", rf"^{kind}-scheme {{name}}$"),
                f"Error: The {kind} scheme {{name}} does not exist.",
            )
            for kind in ("authentication", "authorization", "accounting")
        ),
        *(
            _n(
                "authen-profile",
                rf"^{kind}-access-profile {_NAME}$",
                (rf"^{kind}-access-profile name {{name}}$",),
                _VRP_PROFILE,
            )
            for kind in ("dot1x", "mac", "portal")
        ),
        _n(
            "authen-profile",
            rf"^access-domain {_NAME}",
            (r"^aaa$", r"^domain {name}$"),
            "Error: The domain {name} does not exist.",
        ),
        _n(
            "authen-profile",
            rf"^radius-server {_NAME}$",
            (r"^radius-server template {name}$",),
            "Error: The RADIUS server template {name} does not exist.",
        ),
        _n(
            "web-auth-server",
            rf"^url-template {_NAME}$",
            (r"^url-template name {name}$",),
            "Error: The URL template {name} does not exist.",
        ),
        _n(
            "portal-profile",
            rf"^web-auth-server {_NAME}",
            (r"^web-auth-server {name}$",),
            "Error: The Portal server {name} does not exist.",
        ),
        *(
            _n(
                "wlan-vap",
                rf"^{kind} {_NAME}$",
                (r"^wlan$", rf"^{kind} name {{name}}$"),
                _VRP_PROFILE,
            )
            for kind in ("ssid-profile", "security-profile", "traffic-profile")
        ),
        _n(
            "wlan-vap",
            rf"^authentication-profile {_NAME}$",
            (r"^authentication-profile name {name}$",),
            _VRP_PROFILE,
        ),
        *(
            _n(
                "wlan-ap-group",
                rf"^{kind} {_NAME}$",
                (r"^wlan$", rf"^{kind} name {{name}}$"),
                _VRP_PROFILE,
            )
            for kind in ("regulatory-domain-profile", "wids-profile")
        ),
        _n(
            "wlan-ap-group",
            rf"^vap-profile {_NAME} wlan ",
            (r"^wlan$", r"^vap-profile name {name}$"),
            _VRP_PROFILE,
        ),
        _n(
            "wlan-radio",
            rf"^rrm-profile {_NAME}$",
            (r"^wlan$", r"^rrm-profile name {name}$"),
            _VRP_PROFILE,
        ),
        _n(
            "wlan-ap",
            rf"^ap-group {_NAME}$",
            (r"^wlan$", r"^ap-group name {name}$"),
            "Error: The AP group {name} does not exist.",
        ),
    ),
    PlatformId.CISCO_IOS: (
        _n(
            "aaa-group",
            rf"^server name {_NAME}$",
            # A RADIUS group names a RADIUS server, a TACACS+ group a TACACS+ one;
            # the lab accepts either kind of server for either group.
            (r"^(?:radius|tacacs) server {name}$",),
            "% Error: RADIUS server {name} is not configured.",
        ),
        _n(
            "wireless-tag",
            rf"^wlan {_NAME} policy ",
            (r"^wlan {name} \d+ ",),
            "% Error: WLAN profile {name} does not exist.",
        ),
        _n(
            "wireless-tag",
            rf"^wlan \S+ policy {_NAME}$",
            (r"^wireless profile policy {name}$",),
            "% Error: Policy profile {name} does not exist.",
        ),
    ),
    PlatformId.RUIJIE_RGOS: (
        _n(
            "config",
            r"^wlansec (?P<name>\d+)$",
            (r"^wlan-config {name} ",),
            "% Error: WLAN {name} is not configured; create it with wlan-config first.",
        ),
        _n(
            "rgos-apgroup",
            r"^interface-mapping (?P<name>\d+) ",
            (r"^wlan-config {name} ",),
            "% Error: WLAN {name} is not configured; create it with wlan-config first.",
        ),
        _n(
            "rgos-apconfig",
            rf"^ap-group {_NAME}$",
            (r"^ap-group {name}$",),
            "% Error: AP group {name} does not exist.",
        ),
    ),
}


def missing_object(
    platform: PlatformId, view: str, words: list[str], root: Node, undo: bool
) -> str | None:
    """Return the device's rejection of a line that names an object missing from ``root``."""
    if undo:
        return None
    for needs in NEEDS.get(platform, ()):
        if needs.view != view:
            continue
        message = needs.missing(words, root)
        if message is not None:
            return message
    return None
