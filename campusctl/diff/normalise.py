"""Lines a device hides, masks or rewrites, per platform.

Three kinds of line would otherwise show as a change on every run:

* defaults: the device leaves a line out of its running configuration
  when it equals the default (IOS ``logging on``, ``logging facility
  local7``; an interface that is not shut down). An intended default line
  counts as present unless the running section holds a line that sets the
  same thing differently.
* hidden lines: the device never prints them (IOS SNMPv3 users). They are
  left out of the comparison on both sides; the first apply pushes them with
  the rest of the intended configuration.
* secrets: the device masks a community (``******``) or stores a password
  hash with its own salt. Such lines are compared by structure: the secret
  token becomes a placeholder on both sides, and the intended line is put
  back into any remediation that still needs it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.tree import all_lines
from campusctl.platforms import PlatformId

SECRET_PLACEHOLDER = "<secret>"


@dataclass(frozen=True, slots=True)
class DefaultLine:
    """A line the device does not display when it holds.

    ``parents`` are regexes for the sections above the line (empty at top
    level); ``conflicts`` matches running lines that set the same thing.
    """

    parents: tuple[str, ...]
    line: str
    conflicts: str


def _d(parents: tuple[str, ...], line: str, conflicts: str) -> DefaultLine:
    return DefaultLine(parents, line, conflicts)


def _off(negation: str, *services: str) -> tuple[DefaultLine, ...]:
    """Return rules for services that are off unless the device shows them enabled.

    The device prints such a service only while it runs (``telnet server
    enable``), so an intended ``undo``/``no`` line counts as present unless
    the running configuration shows the service.

    NOTE: this assumes each service is printed while it runs. A software
    version that ran one of them by default without printing it would keep it
    running, and the plan would not show it.
    """
    return tuple(
        _d((), f"{negation} {service}", "^" + re.escape(service) + "$") for service in services
    )


_ETHERNET = r"^interface \S*Ethernet ?\d"

DEFAULTS: dict[PlatformId, tuple[DefaultLine, ...]] = {
    PlatformId.CISCO_IOS: (
        _d((), "logging on", r"^no logging on$"),
        _d((), "logging facility local7", r"^logging facility "),
        _d((), "logging trap informational", r"^(?:no )?logging trap\b"),
        _d((), "aaa session-id common", r"^aaa session-id "),
        _d((r"^interface ",), "no shutdown", r"^shutdown$"),
        _d((_ETHERNET,), "switchport", r"^no switchport$"),
        # IOS hides a line's default session timeout and login method list.
        _d((r"^line ",), "exec-timeout 10 0", r"^exec-timeout "),
        _d((r"^line ",), "login authentication default", r"^login authentication "),
        _d(
            (r"^interface ",),
            "switchport trunk allowed vlan all",
            r"^switchport trunk allowed vlan ",
        ),
        # A Catalyst 9800 WLAN starts as WPA2 with 802.1X and prints only what differs.
        _d((r"^wlan ",), "security wpa", r"^no security wpa$"),
        _d((r"^wlan ",), "security wpa wpa2", r"^no security wpa wpa2$"),
        _d((r"^wlan ",), "security wpa akm dot1x", r"^no security wpa akm dot1x$"),
        _d((r"^wlan ",), "security wpa wpa2 ciphers aes", r"^no security wpa wpa2 ciphers aes$"),
        # A WLAN or policy profile that is not shut down shows no shutdown line.
        _d((r"^wlan ",), "no shutdown", r"^shutdown$"),
        _d((r"^wireless profile policy ",), "no shutdown", r"^shutdown$"),
    ),
    PlatformId.RUIJIE_RGOS: (
        *_off("no", "ftp-server enable"),
        _d((r"^interface ",), "no shutdown", r"^shutdown$"),
        _d((_ETHERNET,), "switchport mode access", r"^switchport mode "),
        _d((_ETHERNET,), "switchport access vlan 1", r"^switchport access vlan "),
        _d(
            (r"^interface ",),
            "switchport trunk allowed vlan all",
            r"^switchport trunk allowed vlan ",
        ),
    ),
    PlatformId.HUAWEI_VRP: (
        *_off(
            "undo",
            "telnet server enable",
            "telnet ipv6 server enable",
            "ssh server compatible-ssh1x enable",
            "http server enable",
            "http secure-server enable",
            "ftp server enable",
            "ftp ipv6 server enable",
        ),
        _d((r"^interface ",), "undo shutdown", r"^shutdown$"),
        _d((), "stp enable", r"^(?:undo )?stp enable$"),
    ),
    PlatformId.H3C_COMWARE: (
        *_off(
            "undo", "telnet server enable", "ip http enable", "ip https enable", "ftp server enable"
        ),
        _d((r"^interface ",), "undo shutdown", r"^shutdown$"),
        _d((_ETHERNET,), "port link-type access", r"^port link-type "),
        _d((_ETHERNET,), "port access vlan 1", r"^port access vlan "),
    ),
}

# Lines the device never shows in its running configuration.
HIDDEN: dict[PlatformId, tuple[str, ...]] = {
    PlatformId.CISCO_IOS: (r"^snmp-server user ",),
    PlatformId.RUIJIE_RGOS: (),
    PlatformId.HUAWEI_VRP: (),
    PlatformId.H3C_COMWARE: (),
}

# Secret tokens: group 1 is kept, group 2 is the secret. Applied repeatedly,
# so a line with two secrets (SNMPv3 auth and priv keys) loses both.
# The encryption-type digit before a secret (``password 7 ...``) is what the
# device chose to store, not structure, so it is masked with the secret.
_CISCO_SECRETS = (
    r"^(username \S+ (?:privilege \d+ )?(?:secret|password) )(?:\d+ )?(\S+)",
    r"^(enable (?:secret|password) )(?:(?:level \d+ )?\d+ )?(\S+)",
    r"^(snmp-server community )(?:\d+ )?(\S+)",
    (
        r"^(snmp-server user \S+ \S+ v3 .*?\b(?:auth (?:md5|sha\S*)|priv \S+(?: \d+)?) )"
        r"(?!<secret>)(\S+)"
    ),
    r"^(key )(?:\d+ )?(\S+)$",
    r"^((?:radius|tacacs)-server .*\bkey )(?:\d+ )?(\S+)",
    r"^(web-auth portal key )(?:\d+ )?(\S+)",
)
_VRP_SECRETS = (
    r"^(.*\b(?:cipher|irreversible-cipher|hash) )(?!<secret>)(\S+)",
    r"^(snmp-agent community (?:read|write) (?:cipher )?)(?!<secret>)(\S+)",
    r"^(.*\bshared-key (?:cipher )?)(?!<secret>)(\S+)",
)
SECRETS: dict[PlatformId, tuple[re.Pattern[str], ...]] = {
    PlatformId.CISCO_IOS: tuple(re.compile(p) for p in _CISCO_SECRETS),
    PlatformId.RUIJIE_RGOS: tuple(re.compile(p) for p in _CISCO_SECRETS),
    PlatformId.HUAWEI_VRP: tuple(re.compile(p) for p in _VRP_SECRETS),
    PlatformId.H3C_COMWARE: tuple(re.compile(p) for p in _VRP_SECRETS),
}


# Every secret pattern needs one of these words; lines without any skip the regexes.
_SECRET_WORDS = re.compile(r"cipher|hash|secret|password|community|key|priv|auth")


def mask_secrets(text: str, platform: PlatformId) -> str:
    """Return ``text`` with each secret token replaced by the placeholder."""
    if _SECRET_WORDS.search(text) is None:
        return text
    for pattern in SECRETS[platform]:
        for _ in range(4):
            masked = pattern.sub(lambda m: m[1] + SECRET_PLACEHOLDER, text, count=1)
            if masked == text:
                break
            text = masked
    return text


def secret_tokens(text: str, platform: PlatformId) -> list[str]:
    """Return the secret tokens of ``text`` in the order :func:`mask_secrets` masks them."""
    tokens: list[str] = []
    for pattern in SECRETS[platform]:
        for _ in range(4):
            match = pattern.search(text)
            if match is None:
                break
            tokens.append(match[2])
            text = text[: match.start(2)] + SECRET_PLACEHOLDER + text[match.end(2) :]
    return tokens


# NOTE: lines that differ only in their secret (two SNMP communities with the
# same access) mask to the same text, so the comparison keeps only one of them.
SecretMap = dict[tuple[str, ...], str]


def mask_tree(tree: HConfig, platform: PlatformId) -> SecretMap:
    """Mask every secret in ``tree`` in place; return masked path -> original text."""
    originals: SecretMap = {}
    for child in all_lines(tree):
        masked = mask_secrets(child.text, platform)
        if masked != child.text:
            original = child.text
            child.text = masked
            originals[tuple(child.path())] = original
    return originals


def drop_hidden(tree: HConfig, platform: PlatformId) -> None:
    """Remove lines the device never displays (in place)."""
    hidden = _any_hidden(platform)
    if hidden is None:
        return
    for child in all_lines(tree):
        if hidden.search(child.text):
            child.delete()


@functools.cache
def _any_hidden(platform: PlatformId) -> re.Pattern[str] | None:
    """Return one pattern that matches a line when any hidden-line pattern of ``platform`` does."""
    patterns = HIDDEN[platform]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Return ``pattern`` compiled, once: the default rules' patterns are few and serve every port."""
    return re.compile(pattern)


def add_defaults(running: HConfig, intended: HConfig, platform: PlatformId) -> None:
    """Add to ``running`` each default line that ``intended`` contains and the device hides."""
    rules = DEFAULTS[platform]
    if not rules:
        return
    lines = {rule.line for rule in rules}
    by_text: dict[str, list[HConfigChild]] = {}
    for child in all_lines(intended):
        if child.text in lines:
            by_text.setdefault(child.text, []).append(child)
    for rule in rules:
        for int_child in by_text.get(rule.line, ()):
            parents = [p.text for p in int_child.lineage()][:-1]
            if len(parents) != len(rule.parents):
                continue
            if not all(
                _regex(pat).search(text) for pat, text in zip(rule.parents, parents, strict=True)
            ):
                continue
            section = _find_path(running, parents)
            if section is None:
                continue
            conflicts = _regex(rule.conflicts)
            if any(conflicts.search(c.text) for c in section.children):
                continue
            section.add_child(rule.line, return_if_present=True)


@functools.cache
def _top_level_conflicts(platform: PlatformId) -> re.Pattern[str] | None:
    patterns = [rule.conflicts for rule in DEFAULTS[platform] if not rule.parents]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


_TRUNK_ALLOWED = re.compile(r"^(?:undo )?port trunk (?:allow-pass|permit) vlan ")
_CISCO_ALLOWED = "switchport trunk allowed vlan "


def never_shared(platform: PlatformId) -> Callable[[str, Iterable[str]], bool]:
    """Return a test for top-level sections that a convergence check must not set aside.

    The test takes a section's first line and the lines below it. Setting
    aside one of these sections, although both configs hold it alike, would
    change how the diff treats the rest, or the section itself:

    * a line that keeps a top-level default out (IOS ``logging trap ...``):
      set aside, it would let :func:`add_defaults` add the default it
      conflicts with;
    * a line with a secret: another running line that differs only in its
      secret masks to the same text, and in a merge the two are compared as
      one;
    * a VRP or Comware port with a trunk VLAN list but no trunk link type:
      the list normalisation resets such a list on the intended side only
      (:func:`campusctl.diff.lists.normalise_lists`);
    * a port whose VLAN list depends on the order of its lines (IOS and RGOS
      ``switchport trunk allowed vlan`` with ``add`` lines, a VRP or
      Comware ``undo`` list line): the section check compares lines in any
      order.
    """
    conflicts = _top_level_conflicts(platform)
    ports = platform in (PlatformId.HUAWEI_VRP, PlatformId.H3C_COMWARE)

    def test(first: str, below: Iterable[str]) -> bool:
        if conflicts is not None and conflicts.search(first):
            return True
        if mask_secrets(first, platform) != first:
            return True
        if not first.startswith("interface "):
            return False
        lines = list(below)
        if ports:
            listed = [line for line in lines if _TRUNK_ALLOWED.match(line)]
            return bool(listed) and (
                "port link-type trunk" not in lines
                or any(line.startswith("undo ") for line in listed)
            )
        return sum(line.startswith(_CISCO_ALLOWED) for line in lines) > 1

    return test


def section_defaults(platform: PlatformId) -> tuple[DefaultLine, ...]:
    """Return the default lines of ``platform`` that sit directly in a top-level section."""
    return tuple(rule for rule in DEFAULTS[platform] if len(rule.parents) == 1)


def _find_path(tree: HConfig, path: list[str]) -> HConfig | HConfigChild | None:
    node: HConfig | HConfigChild = tree
    for text in path:
        child = node.get_child(equals=text)
        if child is None:
            return None
        node = child
    return node


# Secrets the device stores in a form of its own: VRP and Comware ciphers, the
# reversible type 7 that IOS and RGOS write under service password-encryption,
# a masked display (``******``), and password hashes, which a device may salt anew.
_DEVICE_FORM = re.compile(r"^(?:%\^%#|%\$%\$|%@%@|%#%#|\$|\*+$)")
_HASHED = re.compile(r"\b(?:(?:secret|password) [4589]|irreversible-cipher|hash) \S+")


def _stored_as_given(original: str, platform: PlatformId) -> bool:
    """Return whether every secret of a running line is shown as it was configured."""
    if _HASHED.search(original):
        return False
    for token in secret_tokens(original, platform):
        if _DEVICE_FORM.match(token) or re.search(rf"\b7 {re.escape(token)}(?:\s|$)", original):
            return False
    return True


def compare_plain_secrets(
    running: HConfig,
    intended: HConfig,
    run_secrets: SecretMap,
    int_secrets: SecretMap,
    platform: PlatformId,
) -> None:
    """Unmask the lines on both sides whose running secret is shown as configured.

    A shared key or an SNMP key that the device prints as it was given is
    compared by value, so a rotated key shows as a change. A secret the device
    hashes, re-encrypts or masks stays masked and is compared by structure.

    NOTE: a rotated password hash, or a key the device prints encrypted (a
    VRP ``%^%#`` key, an IOS type 7 key), therefore does not show in the plan.
    To push such a rotation, remove the line on the device, then apply.
    """
    for path, original in list(run_secrets.items()):
        wanted = int_secrets.get(path)
        if wanted is None or not _stored_as_given(original, platform):
            continue
        run_node = _find_path(running, list(path))
        int_node = _find_path(intended, list(path))
        if not isinstance(run_node, HConfigChild) or not isinstance(int_node, HConfigChild):
            continue
        run_node.text = original
        int_node.text = wanted
        del run_secrets[path]
        del int_secrets[path]
