"""hier_config drivers for the four campus platforms.

hier_config 3.7 ships a thin Huawei VRP driver, a Comware 5 driver that only
sets the ``undo`` prefix, an IOS driver, and nothing for Ruijie RGOS. The
drivers below add what a campus switch diff needs: the vendor's separator
and banner lines, negation forms that take no argument, lines that replace
each other (idempotent commands), and ordering (VLANs before the ports that
use them, undoing a port's VLAN before changing its link type, removing
VLANs after the ports stop using them).
"""

from __future__ import annotations

import functools
import re

from hier_config.child import HConfigChild
from hier_config.models import (
    IdempotentCommandsRule,
    MatchRule,
    NegationSubRule,
    OrderingRule,
    PerLineSubRule,
)
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules
from hier_config.platforms.huawei_vrp.driver import HConfigDriverHuaweiVrp
from hier_config.root import HConfig

from campusctl.diff.load import load_config
from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.banner import free_delimiter, parse_banner, split_banner_start
from campusctl.netkit.errors import BannerInvalid
from campusctl.platforms import PlatformId

# Banners are folded into one line while hier_config reads the config,
# because its loader takes one command per line and collapses whitespace.
# Private-use characters, which never occur in device configs, stand for the
# line breaks and spaces of the banner body; the delimiter is dropped so a
# banner compares equal whatever delimiter the device prints (IOS shows ^C).
BANNER_NEWLINE = "\ue000"
_BANNER_MARK = "\ue001"
_BANNER_SPACE = "\ue002"

# Weights: lower goes first. hier_config's default is 0.
WEIGHT_VLAN_CREATE = -100
WEIGHT_VLAN_MEMBERSHIP_UNDO = -20
WEIGHT_LINK_TYPE = -10
WEIGHT_VLAN_DELETE = 100


def _m(*prefixes: str) -> tuple[MatchRule, ...]:
    return tuple(MatchRule(startswith=prefix) for prefix in prefixes)


def _re(*patterns: str) -> tuple[MatchRule, ...]:
    return tuple(MatchRule(re_search=pattern) for pattern in patterns)


def _idempotent(*paths: tuple[str, ...]) -> list[IdempotentCommandsRule]:
    return [IdempotentCommandsRule(match_rules=_m(*path)) for path in paths]


def _join_banners(config_text: str, starts: str) -> str:
    """Fold each banner block into one marked line (see BANNER_NEWLINE)."""
    lines = config_text.splitlines()
    out: list[str] = []
    index = 0
    start_re = re.compile(starts)
    while index < len(lines):
        line = lines[index]
        parts = split_banner_start(line) if start_re.match(line) else None
        if parts is None:
            out.append(line)
            index += 1
            continue
        try:
            body, after = parse_banner(lines, index)
        except BannerInvalid:
            out.append(line)
            index += 1
            continue
        encoded = [text.replace(" ", _BANNER_SPACE) for text in body.split("\n")]
        out.append(_BANNER_MARK + BANNER_NEWLINE.join([parts[0], *encoded]))
        index = after
    return "\n".join(out)


def _unmark_banners(config: HConfig) -> None:
    for child in config.children:
        if child.text.startswith(_BANNER_MARK):
            child.text = child.text.removeprefix(_BANNER_MARK)


def restore_banner_lines(text: str) -> str:
    """Write a folded banner back as command, delimiter, body lines and delimiter."""
    if BANNER_NEWLINE not in text:
        return text
    indent = text[: len(text) - len(text.lstrip(" "))]
    command, *body = text.lstrip(" ").split(BANNER_NEWLINE)
    lines = [line.replace(_BANNER_SPACE, " ") for line in body]
    delimiter = free_delimiter("\n".join(lines))
    if delimiter is None:
        raise BannerInvalid(
            _("The banner text uses every usable delimiter; remove one of them from the text.")
        )
    return "\n".join([f"{indent}{command} {delimiter}", *lines, delimiter])


_VRP_HEADER_START = r"^header (?:login|shell) information \S"
_COMWARE_HEADER_START = r"^header (?:incoming|legal|login|motd|shell) \S"
_CISCO_BANNER_START = r"^banner (?:exec|incoming|login|motd|prompt-timeout|slip-ppp) \S"


def _dedent_blocks(config_text: str) -> str:
    """Shift each ``#``-separated block so its first line starts at column 0.

    VRP and Comware print global commands with one leading space
    (`` sysname X``), which hier_config would read as children of the line
    before them, such as a port section with no commands of its own.
    """
    out: list[str] = []
    shift: int | None = None
    for line in config_text.splitlines():
        if line.strip() == "#":
            shift = None
            out.append(line)
            continue
        if not line.strip():
            out.append(line)
            continue
        if shift is None:
            shift = len(line) - len(line.lstrip(" "))
        indent = len(line) - len(line.lstrip(" "))
        out.append(line[min(shift, indent) :])
    return "\n".join(out)


def _undo_like_idempotent(*paths: tuple[str, ...]) -> list[IdempotentCommandsRule]:
    """Return the idempotent commands VRP and Comware share, plus ``paths``."""
    return [
        *_idempotent(
            ("sysname ",),
            ("clock timezone ",),
            ("stp mode ",),
            ("interface ", "description "),
            ("interface ", "port link-type "),
            *paths,
            ("vlan ", "name "),
            ("vlan ", "description "),
        ),
        IdempotentCommandsRule(match_rules=(*_m("interface "), *_re(r"^(ip address) \S+ \S+$"))),
        *_SECRET_REPLACEMENTS,
    ]


# A new password or key replaces the old one in place. Without these rules a
# rotation would delete the whole user (``undo local-user X``) or server first.
_SECRET_REPLACEMENTS = (
    IdempotentCommandsRule(match_rules=(*_m("aaa"), *_re(r"^(local-user \S+ password) "))),
    IdempotentCommandsRule(match_rules=(*_m("local-user "), *_re(r"^(password) "))),
    IdempotentCommandsRule(
        match_rules=(*_m("hwtacacs-server template "), *_re(r"^(hwtacacs-server shared-key) "))
    ),
    IdempotentCommandsRule(
        match_rules=(*_m("radius-server template "), *_re(r"^(radius-server shared-key) "))
    ),
    IdempotentCommandsRule(match_rules=(*_m("radius scheme "), *_re(r"^(key \S+) "))),
    IdempotentCommandsRule(match_rules=(*_m("hwtacacs scheme "), *_re(r"^(key \S+) "))),
    IdempotentCommandsRule(
        match_rules=_re(r"^(snmp-agent usm-user v3 \S+ (?:authentication|privacy)-mode) ")
    ),
)


def _undo_like_negations(access_vlan: str) -> list[NegationSubRule]:
    """Return the ``undo`` forms VRP and Comware share; ``access_vlan`` sets an access port's VLAN."""
    return [
        NegationSubRule(
            match_rules=_m("interface ", f"{access_vlan} "),
            search=rf"^undo {access_vlan} \d+$",
            replace=f"undo {access_vlan}",
        ),
        NegationSubRule(
            match_rules=_m("interface ", "port link-type "),
            search=r"^undo port link-type \S+$",
            replace="undo port link-type",
        ),
        NegationSubRule(
            match_rules=_m("sysname "), search=r"^undo sysname .*", replace="undo sysname"
        ),
        NegationSubRule(
            match_rules=_m("clock timezone "),
            search=r"^undo clock timezone .*",
            replace="undo clock timezone",
        ),
        NegationSubRule(
            match_rules=_m("stp mode "),
            search=r"^undo stp mode .*",
            replace="undo stp mode",
        ),
        NegationSubRule(
            match_rules=_m("info-center loghost "),
            search=r"^undo info-center loghost ((?:ipv6 )?\S+).*",
            replace=r"undo info-center loghost \1",
        ),
        # An ACL rule is removed by its number. The devices reject
        # ``undo rule 5 permit ...``, and ``undo rule 5 source`` drops only an attribute.
        NegationSubRule(
            match_rules=_m("acl ", "rule "),
            search=r"^undo rule (\d+) .*",
            replace=r"undo rule \1",
        ),
        NegationSubRule(
            match_rules=_m("ntp-service unicast-server "),
            search=r"^undo ntp-service unicast-server ((?:ipv6 )?\S+).*",
            replace=r"undo ntp-service unicast-server \1",
        ),
    ]


def _undo_like_ordering(membership_undo: str) -> list[OrderingRule]:
    """Return the VLAN and link-type ordering VRP and Comware share.

    ``membership_undo`` matches the commands that take a port out of its VLANs.
    """
    return [
        OrderingRule(match_rules=_m("undo vlan "), weight=WEIGHT_VLAN_DELETE),
        OrderingRule(
            match_rules=(*_m("interface "), *_re(membership_undo)),
            weight=WEIGHT_VLAN_MEMBERSHIP_UNDO,
        ),
        OrderingRule(match_rules=_m("interface ", "port link-type "), weight=WEIGHT_LINK_TYPE),
        OrderingRule(match_rules=_m("interface ", "undo port link-type"), weight=WEIGHT_LINK_TYPE),
    ]


# Lines that open a view on VRP and Comware. A pushed section without
# children still leaves the session in that view, so it ends with ``quit``.
# Without it, the next line would run in the wrong view.
_VRP_VIEW_OPENER = re.compile(
    r"^(?:interface \S|vlan \d+$|aaa$|wlan$|user-interface (?:con|vty|console)\b|"
    r"line (?:vty|aux|con|class)\b|acl (?:number |name |ipv6 |basic |advanced |\d)|"
    r"local-user \S+(?: class \S+)?$|domain \S+$|"
    r"radius-server template \S+$|radius scheme \S+$|"
    r"hwtacacs-server template \S+$|hwtacacs scheme \S+$|"
    r"(?:mac|dot1x|portal)-access-profile name \S+$|authentication-profile name \S+$|"
    r"url-template name \S+$|web-auth-server \S+$|ip pool \S+$|port-group \S+$|"
    r"(?:ssid|vap|security|regulatory-domain|traffic|rrm|wids)-profile name \S+$|"
    r"ap-group name \S+$|ap-id \d+\b|"
    r"(?:authentication|authorization|accounting)-scheme \S+$)"
)


def _same_exit(_config: HConfigChild, result: str | None) -> str | None:
    """Return hier_config's exit of a line unchanged (see ``campusctl.diff.match.sectional_exit``)."""
    return result


def _vrp_exit(config: HConfigChild, result: str | None) -> str | None:
    if result == "exit":
        return "quit"
    if result is not None or not _VRP_VIEW_OPENER.match(config.text):
        return result
    # A view opened from the system view (or from wlan or aaa) and left empty still needs its quit.
    if config.depth() == 1 or getattr(config.parent, "text", "") in ("wlan", "aaa"):
        return "quit"
    return result


class CampusHuaweiVrpDriver(HConfigDriverHuaweiVrp):
    """Huawei VRP 5 and VRP 8 campus switches.

    ``display current-configuration`` separates sections with ``#`` and ends
    with ``return``; a port's VLAN must be undone before its link type
    changes (VRP rejects ``port link-type trunk`` while ``port default vlan``
    is set).
    """

    adjust_exit = staticmethod(_vrp_exit)

    def sectional_exit(self, config: HConfigChild) -> str | None:
        return _vrp_exit(config, super().sectional_exit(config))

    @staticmethod
    def config_preprocessor(config_text: str) -> str:
        return _join_banners(_dedent_blocks(config_text), _VRP_HEADER_START)

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverHuaweiVrp._instantiate_rules()
        rules.post_load_callbacks.append(_unmark_banners)
        rules.per_line_sub.append(PerLineSubRule(search=r"^return$", replace=""))
        rules.idempotent_commands.extend(
            _undo_like_idempotent(
                ("info-center timestamp log ",),
                ("interface ", "port default vlan "),
                ("interface ", "stp edged-port"),
                ("interface ", "mac-limit maximum "),
                ("user-interface ", "idle-timeout "),
                ("user-interface ", "authentication-mode "),
                ("user-interface ", "protocol inbound "),
                ("user-interface ", "acl "),
                ("user-interface ", "user privilege level "),
            )
        )
        rules.idempotent_commands.append(
            IdempotentCommandsRule(match_rules=_re(r"^(header \S+ information)"))
        )
        rules.negation_sub.extend(_undo_like_negations("port default vlan"))
        rules.negation_sub.extend(
            [
                NegationSubRule(
                    match_rules=_m("header "),
                    search=r"^undo header (login|shell) information.*",
                    replace=r"undo header \1 information",
                ),
                NegationSubRule(
                    match_rules=_m("aaa", "local-user "),
                    search=r"^undo local-user (\S+) password .*",
                    replace=r"undo local-user \1",
                ),
                NegationSubRule(
                    match_rules=_m("aaa", "local-user "),
                    search=r"^undo local-user (\S+) privilege level \d+$",
                    replace=r"undo local-user \1 privilege level",
                ),
            ]
        )
        rules.ordering.extend(
            [
                OrderingRule(match_rules=_m("vlan batch "), weight=WEIGHT_VLAN_CREATE),
                OrderingRule(match_rules=_re(r"^vlan \d+$"), weight=WEIGHT_VLAN_CREATE),
                *_undo_like_ordering(r"^undo port (default vlan|trunk allow-pass vlan|hybrid)"),
            ]
        )
        return rules


class CampusH3cComwareDriver(HConfigDriverBase):
    """H3C Comware 5 and Comware 7 campus switches.

    Sections end with ``quit``; ``#`` lines separate sections and the first
    line carries the software version.
    """

    @property
    def negation_prefix(self) -> str:
        return "undo "

    def swap_negation(self, child: HConfigChild) -> HConfigChild:
        if child.text.startswith(self.negation_prefix):
            child.text = child.text.removeprefix(self.negation_prefix)
            return child
        text = child.text
        if text.startswith("description "):
            text = "description"
        child.text = f"{self.negation_prefix}{text}"
        return child

    adjust_exit = staticmethod(_vrp_exit)

    def sectional_exit(self, config: HConfigChild) -> str | None:
        return _vrp_exit(config, super().sectional_exit(config))

    @staticmethod
    def config_preprocessor(config_text: str) -> str:
        return _join_banners(_dedent_blocks(config_text), _COMWARE_HEADER_START)

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return HConfigDriverRules(
            post_load_callbacks=[_unmark_banners],
            per_line_sub=[
                PerLineSubRule(search=r"^\s*#.*", replace=""),
                PerLineSubRule(search=r"^ ?version \d.*", replace=""),
                PerLineSubRule(search=r"^return$", replace=""),
            ],
            idempotent_commands=[
                *_undo_like_idempotent(
                    ("interface ", "port access vlan "),
                    ("interface ", "port link-mode "),
                    ("interface ", "mac-address max-mac-count "),
                    ("line ", "idle-timeout "),
                    ("line ", "authentication-mode "),
                    ("line ", "protocol inbound "),
                    ("line ", "user-role "),
                ),
                IdempotentCommandsRule(match_rules=_re(r"^(header [a-z]+)")),
            ],
            negation_sub=[
                *_undo_like_negations("port access vlan"),
                NegationSubRule(
                    match_rules=_m("header "),
                    search=r"^undo header ([a-z]+).*",
                    replace=r"undo header \1",
                ),
            ],
            ordering=[
                OrderingRule(match_rules=_re(r"^vlan \d"), weight=WEIGHT_VLAN_CREATE),
                *_undo_like_ordering(r"^undo port (access vlan|trunk permit vlan|hybrid)"),
            ],
        )


def _cisco_like_negations() -> list[NegationSubRule]:
    return [
        NegationSubRule(
            match_rules=_m("interface ", "switchport access vlan "),
            search=r"^no switchport access vlan \d+$",
            replace="no switchport access vlan",
        ),
        NegationSubRule(
            match_rules=_m("interface ", "switchport mode "),
            search=r"^no switchport mode \S+$",
            replace="no switchport mode",
        ),
        NegationSubRule(
            match_rules=_m("interface ", "switchport trunk allowed vlan "),
            search=r"^no switchport trunk allowed vlan .*",
            replace="no switchport trunk allowed vlan",
        ),
        NegationSubRule(
            match_rules=_m("interface ", "description "),
            search=r"^no description .*",
            replace="no description",
        ),
        NegationSubRule(
            match_rules=_m("hostname "), search=r"^no hostname .*", replace="no hostname"
        ),
        NegationSubRule(
            match_rules=_m("banner "), search=r"^no banner ([a-z\-]+).*", replace=r"no banner \1"
        ),
        NegationSubRule(
            match_rules=_m("snmp-server community "),
            search=r"^no snmp-server community (\S+).*",
            replace=r"no snmp-server community \1",
        ),
        NegationSubRule(
            match_rules=_m("username "), search=r"^no username (\S+) .*", replace=r"no username \1"
        ),
        NegationSubRule(
            match_rules=_m("clock timezone "),
            search=r"^no clock timezone .*",
            replace="no clock timezone",
        ),
        NegationSubRule(
            match_rules=_m("spanning-tree mode "),
            search=r"^no spanning-tree mode .*",
            replace="no spanning-tree mode",
        ),
    ]


def _cisco_like_idempotent() -> list[IdempotentCommandsRule]:
    return [
        *_idempotent(
            ("hostname ",),
            ("clock timezone ",),
            ("spanning-tree mode ",),
            ("logging trap ",),
            ("interface ", "description "),
            ("interface ", "switchport mode "),
            ("interface ", "switchport access vlan "),
            ("interface ", "switchport trunk allowed vlan "),
            ("interface ", "switchport port-security maximum "),
            ("line ", "exec-timeout "),
            ("line ", "transport input "),
            ("line ", "access-class "),
            ("line ", "login "),
            ("vlan ", "name "),
            ("web-auth portal key ",),
        ),
        IdempotentCommandsRule(match_rules=_re(r"^(banner [a-z\-]+)")),
        # A new secret replaces the old one in place, as for VRP and Comware.
        IdempotentCommandsRule(
            match_rules=_re(r"^(username \S+) (?:privilege \d+ )?(?:secret|password) ")
        ),
        IdempotentCommandsRule(match_rules=(*_m("radius server "), *_re(r"^(key) "))),
        IdempotentCommandsRule(match_rules=(*_m("tacacs server "), *_re(r"^(key) "))),
        IdempotentCommandsRule(match_rules=(*_m("interface "), *_re(r"^(ip address) \S+ \S+$"))),
    ]


def _cisco_like_ordering() -> list[OrderingRule]:
    return [
        OrderingRule(match_rules=_re(r"^vlan \d"), weight=WEIGHT_VLAN_CREATE),
        OrderingRule(match_rules=_m("no vlan "), weight=WEIGHT_VLAN_DELETE),
        OrderingRule(
            match_rules=_m("interface ", "no switchport access vlan"),
            weight=WEIGHT_VLAN_MEMBERSHIP_UNDO,
        ),
        OrderingRule(match_rules=_m("interface ", "switchport mode "), weight=WEIGHT_LINK_TYPE),
    ]


class CampusCiscoIosDriver(HConfigDriverCiscoIOS):
    """Cisco IOS and IOS-XE campus switches (Catalyst)."""

    adjust_exit = staticmethod(_same_exit)

    @staticmethod
    def config_preprocessor(config_text: str) -> str:
        return _join_banners(config_text, _CISCO_BANNER_START)

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverCiscoIOS._instantiate_rules()
        rules.post_load_callbacks.append(_unmark_banners)
        rules.idempotent_commands.extend(_cisco_like_idempotent())
        rules.negation_sub.extend(_cisco_like_negations())
        rules.ordering.extend(_cisco_like_ordering())
        return rules


class CampusRuijieRgosDriver(HConfigDriverBase):
    """Ruijie RGOS 10/11 campus switches: Cisco-like syntax, spaced interface names."""

    adjust_exit = staticmethod(_same_exit)

    @staticmethod
    def config_preprocessor(config_text: str) -> str:
        return _join_banners(config_text, _CISCO_BANNER_START)

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return HConfigDriverRules(
            post_load_callbacks=[_unmark_banners],
            per_line_sub=[
                PerLineSubRule(search=r"^Building configuration.*", replace=""),
                PerLineSubRule(search=r"^Current configuration.*", replace=""),
                PerLineSubRule(search=r"^version .*", replace=""),
                PerLineSubRule(search=r"^end$", replace=""),
                PerLineSubRule(search=r"^\s*!.*", replace=""),
            ],
            idempotent_commands=_cisco_like_idempotent(),
            negation_sub=_cisco_like_negations(),
            ordering=_cisco_like_ordering(),
            sectional_exiting=[],
        )


_DRIVERS: dict[PlatformId, type[HConfigDriverBase]] = {
    PlatformId.HUAWEI_VRP: CampusHuaweiVrpDriver,
    PlatformId.H3C_COMWARE: CampusH3cComwareDriver,
    PlatformId.RUIJIE_RGOS: CampusRuijieRgosDriver,
    PlatformId.CISCO_IOS: CampusCiscoIosDriver,
}


@functools.cache
def _shared_driver(platform: PlatformId) -> HConfigDriverBase:
    return _DRIVERS[platform]()


def hconfig_driver(platform: str | PlatformId) -> HConfigDriverBase:
    """Return the hier_config driver for ``platform``.

    Building a driver validates a few hundred rule models, so each platform's
    driver is built once and shared. Nothing changes a driver after it is built.
    """
    return _shared_driver(resolve_platform(platform))


def parse_config(text: str, platform: str | PlatformId) -> HConfig:
    """Parse a running or intended configuration into a hier_config tree."""
    return load_config(hconfig_driver(platform), text)
