"""Steps that fit hier_config's remediation tree to what each platform accepts.

The delta from running to intended (:mod:`campusctl.diff.delta`) names every
line that differs, and these steps run on it before the commands are
ordered. Hardware ports are cleared instead of deleted, and protected and
device-owned sections keep their lines. A negation inside a removed object
goes, trunk VLAN lines move around a change of link type, and masked
secrets get their real values back.
"""

from __future__ import annotations

import functools
import re

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.drivers import WEIGHT_LINK_TYPE, WEIGHT_VLAN_MEMBERSHIP_UNDO
from campusctl.diff.nodes import lines_below
from campusctl.diff.normalise import SECRET_PLACEHOLDER, SecretMap, secret_tokens
from campusctl.diff.protected import DEVICE_OWNED, PROTECTED
from campusctl.diff.tree import all_lines, clone_into, has_path
from campusctl.netkit.errors import InterfaceNameError
from campusctl.netkit.interfaces import InterfaceRole, interface_role
from campusctl.platforms import PlatformId

_VLAN1_SVI = re.compile(r"^interface (?:Vlanif|Vlan-interface|Vlan|VLAN ?)1$")
_ADDRESS_LINE = re.compile(r"^ip(?:v6)? address \S")


def default_physical_interfaces(
    remediation: HConfig, running: HConfig, platform_id: PlatformId
) -> None:
    """Turn ``undo interface <physical port>`` into negations of the port's lines.

    A physical port, the out-of-band management port (``MEth0/0/1``,
    ``M-GigabitEthernet0/0/0``, ``Mgmt 0``) included, cannot be deleted, and
    every platform rejects the attempt. Clearing what is configured on it is
    what an intended config without the port means. A sub-interface
    (``GigabitEthernet0/0/1.100``) is logical and is deleted as a whole.
    The VLAN 1 interface stays too; a replace keeps only the negations of
    its addresses (see ``drop_protected_negations``).
    """
    prefix = remediation.driver.negation_prefix
    for child in tuple(remediation.children):
        if not child.text.startswith(f"{prefix}interface "):
            continue
        name = child.text.removeprefix(f"{prefix}interface ")
        vlan1 = _VLAN1_SVI.match(f"interface {name}") is not None
        if not vlan1 and not _is_hardware_port(name, platform_id):
            continue
        source = running.get_child(equals=f"interface {name}")
        child.delete()
        lines = [] if source is None else list(source.children)
        if not lines:
            continue
        # NOTE: the VLAN 1 addresses go after the new management VLAN
        # interface is configured. Moving management to a new VLAN on the
        # same subnet therefore fails on VRP5, Comware and RGOS, which reject
        # the overlapping address. The new VLAN needs its own subnet.
        section = remediation.add_child(f"interface {name}")
        for line in lines:
            section.add_deep_copy_of(line).negate()


_SUBINTERFACE = re.compile(r"\d\.\d+$")


def _is_hardware_port(name: str, platform_id: PlatformId) -> bool:
    """Return whether ``name`` is a port of the hardware, which no command can delete."""
    try:
        role = interface_role(name, platform_id)
    except InterfaceNameError:
        return False
    if role not in (InterfaceRole.PHYSICAL, InterfaceRole.MANAGEMENT):
        return False
    return _SUBINTERFACE.search(name) is None


_TO_TRUNK_RE = re.compile(r"port link-type (?:trunk|hybrid)")


def order_trunk_after_link_type(remediation: HConfig) -> None:
    """Order trunk-VLAN lines around a change of link type.

    Going to trunk, the port only accepts trunk commands after the change.
    Leaving trunk, VRP and Comware want the trunk VLANs back at their default
    first, so those lines go before the change.
    """
    prefix = remediation.driver.negation_prefix
    for iface in remediation.get_children(startswith="interface "):
        texts = [c.text for c in iface.children]
        to_trunk = any(_TO_TRUNK_RE.fullmatch(t) for t in texts)
        leaving_trunk = any(
            t in (f"{prefix}port link-type", "port link-type access") for t in texts
        )
        for child in iface.children:
            if not child.text.removeprefix(prefix).startswith("port trunk "):
                continue
            if to_trunk and child.text.startswith(prefix):
                child.order_weight = WEIGHT_LINK_TYPE + 1
            elif leaving_trunk:
                child.order_weight = WEIGHT_VLAN_MEMBERSHIP_UNDO


def drop_subsumed_negations(remediation: HConfig, intended: HConfig) -> None:
    """Drop ``undo X Y`` when ``undo X`` is in the same section.

    Removing a local user removes all its attributes; sending the attribute
    removals afterwards fails because the user no longer exists. Negations
    that the intended config itself contains (a 9800 WLAN's ``no security wpa``
    and ``no security wpa wpa2``) are lines to add, not removals, and stay.
    """
    prefix = remediation.driver.negation_prefix
    sections: list[HConfig | HConfigChild] = [remediation, *all_lines(remediation)]
    for section in sections:
        negations = [c for c in lines_below(section) if c.text.startswith(prefix)]
        if not negations:
            continue
        above = () if section is remediation else tuple(section.path())
        negations = [c for c in negations if not has_path(intended, (*above, c.text))]
        texts = {c.text for c in negations}
        for child in negations:
            words = child.text.split(" ")
            if any(" ".join(words[:end]) in texts for end in range(2, len(words))):
                child.delete()


@functools.cache
def _kept_sections(platform_id: PlatformId) -> re.Pattern[str]:
    """Return one pattern of the protected and device-owned sections of ``platform_id``."""
    return re.compile("|".join(f"(?:{p})" for p in (*PROTECTED, *DEVICE_OWNED[platform_id])))


def drop_protected_negations(
    remediation: HConfig, platform_id: PlatformId, *, running: HConfig | None = None
) -> None:
    """Remove negations of protected and device-owned sections from ``remediation``.

    Without ``running`` (a replace), such a section and its lines stay as the
    device has them, except the addresses of the VLAN 1 interface. A school
    built by hand often manages its switches in VLAN 1, and moving management
    to its own VLAN must remove the address there. With ``running`` (an exact
    rollback), the section stays and each line inside it that the target
    lacks is negated.
    """
    prefix = remediation.driver.negation_prefix
    is_kept = _kept_sections(platform_id).search
    for child in tuple(remediation.children):
        text = child.text.removeprefix(prefix)
        if is_kept(text) is None:
            continue
        if child.text.startswith(prefix):
            child.delete()
            present = running.get_child(equals=text) if running is not None else None
            if present is not None and present.children:
                section = remediation.add_child(text)
                for line in present.children:
                    section.add_child(line.text).negate()
            continue
        if running is not None:
            continue
        vlan1 = _VLAN1_SVI.match(child.text) is not None

        def dropped(line: HConfigChild, vlan1: bool = vlan1) -> bool:
            if not line.text.startswith(prefix):
                return False
            return not (vlan1 and _ADDRESS_LINE.match(line.text.removeprefix(prefix)))

        if not any(dropped(sub) for sub in all_lines(child)):
            continue
        # The section's lines may be the intended tree's own (see config_to_get_to),
        # which the plan reads afterwards, so the deletions go to a copy.
        section = _replace_by_copy(remediation, child)
        for sub in all_lines(section):
            if dropped(sub):
                sub.delete()
        if not section.children:
            # Nothing left to change inside: entering the section would be a no-op.
            section.delete()


def _replace_by_copy(tree: HConfig, child: HConfigChild) -> HConfigChild:
    """Put a copy of ``child``, a top-level line of ``tree``, in its place; return the copy."""
    lines = lines_below(tree)
    index = lines.index(child)
    clone_into(child, tree)
    copy = lines.pop()
    lines[index] = copy
    tree.children.rebuild_mapping()
    for original, copied in zip(all_lines(child), all_lines(copy), strict=True):
        copied.new_in_config = original.new_in_config
    copy.new_in_config = child.new_in_config
    return copy


def restore_secrets(
    remediation: HConfig, intended: SecretMap, running: SecretMap, platform_id: PlatformId
) -> None:
    """Put the real values back where the remediation still carries a placeholder.

    Added lines come from the intended config. Negated lines come from the
    running config: their secret is the token that identifies the object
    (``no snmp-server community OLD``).
    """
    prefix = remediation.driver.negation_prefix
    for child in all_lines(remediation):
        if SECRET_PLACEHOLDER not in child.text:
            continue
        path = tuple(child.path())
        if path in intended:
            child.text = intended[path]
            continue
        unnegated = path[-1].removeprefix(prefix)
        for masked_path, original in running.items():
            if masked_path[:-1] != path[:-1] or not masked_path[-1].startswith(unnegated):
                continue
            text = child.text
            for token in secret_tokens(original, platform_id):
                text = text.replace(SECRET_PLACEHOLDER, token, 1)
            child.text = text
            break
