"""Links between the devices of a school: from port descriptions and from LLDP.

Descriptions are what people typed years ago, so every link read from them
is checked from both ends. When the two ends disagree, the link is kept with
a TODO on the end in doubt and the disagreement is reported; LLDP, when
discovery has it, is the cabling as it is and wins over descriptions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from campusctl.discover.facts import DeviceFacts, InterfaceFacts
from campusctl.discover.rules import Rules
from campusctl.discover.todo import todo
from campusctl.i18n import N_, _
from campusctl.inventory.model import DeviceRole
from campusctl.netkit.errors import InterfaceNameError
from campusctl.netkit.interfaces import canonical_interface

log = logging.getLogger(__name__)

# A lookahead, so that overlapping candidates are all tried: in
# "to-core-XGE0/0/6" both "to-core-XGE0/0/6" and "XGE0/0/6" are candidates.
_RE_PORT_TOKEN = re.compile(r"(?=(?<![A-Za-z])([A-Za-z][A-Za-z-]*\s?\d+(?:/\d+){0,3}))")
_LINKABLE = ("physical", "lag")


@dataclass(frozen=True, slots=True)
class End:
    """One end of a link; ``port`` may be a TODO marker."""

    device: str
    port: str
    lag: str | None = None
    doubt: tuple[str, ...] = ()
    """When ``port`` is a TODO: the port whose description names the peer."""


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link and how it was found."""

    a: End
    b: End
    source: str
    """``description`` or ``lldp``."""

    def key(self) -> tuple[str, str, str, str]:
        """Sort key, the same whichever end was read first."""
        return (self.a.device, self.a.port, self.b.device, self.b.port)


@dataclass(frozen=True, slots=True)
class _Claim:
    device: str
    interface: InterfaceFacts
    peer: str
    peer_port: str | None


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text).lower()


def _named_peer(
    text: str, own: str, devices: Sequence[DeviceFacts], roles: dict[str, DeviceRole], rules: Rules
) -> str | None:
    """Return the device a description names: by host name, else by a unique role word."""
    flat = _normalise(text)
    by_name = [d.hostname for d in devices if d.hostname != own and _normalise(d.hostname) in flat]
    if by_name:
        return max(by_name, key=len)
    named_role = rules.role_of(text)
    if named_role is None:
        return None
    holders = [name for name, role in roles.items() if role is named_role and name != own]
    return holders[0] if len(holders) == 1 else None


def _named_port(text: str, peer: DeviceFacts) -> str | None:
    """Return the first interface of ``peer`` that ``text`` names, in any spelling."""
    for token in _RE_PORT_TOKEN.findall(text):
        try:
            name = canonical_interface(token, peer.platform)
        except InterfaceNameError:
            continue
        if name in peer.interfaces:
            return name
    return None


def _claims(
    devices: Sequence[DeviceFacts], roles: dict[str, DeviceRole], rules: Rules
) -> list[_Claim]:
    by_name = {d.hostname: d for d in devices}
    claims: list[_Claim] = []
    for device in devices:
        for interface in device.interfaces.values():
            if interface.role not in _LINKABLE or not interface.description:
                continue
            peer = _named_peer(interface.description, device.hostname, devices, roles, rules)
            if peer is None:
                continue
            port = _named_port(interface.description, by_name[peer])
            claims.append(_Claim(device.hostname, interface, peer, port))
    return claims


def _members_paired(
    a: DeviceFacts, a_lag: str, b: DeviceFacts, b_lag: str
) -> list[tuple[End, End]] | None:
    a_members, b_members = a.members(a_lag), b.members(b_lag)
    if not a_members or len(a_members) != len(b_members):
        return None
    return [
        (End(a.hostname, x.name, a_lag), End(b.hostname, y.name, b_lag))
        for x, y in zip(a_members, b_members, strict=True)
    ]


def links_from_descriptions(
    devices: Sequence[DeviceFacts], roles: dict[str, DeviceRole], rules: Rules
) -> tuple[list[FoundLink], list[str]]:
    """Return the links port descriptions show and the disagreements found.

    A link needs a description on at least one end naming the other device.
    Two LAGs that name each other are linked member by member in port order,
    which is reported as a note because only LLDP can confirm the pairing.
    """
    by_name = {d.hostname: d for d in devices}
    claims = _claims(devices, roles, rules)
    links: list[FoundLink] = []
    notes: list[str] = []
    used: set[tuple[str, str]] = set()

    # LAG-to-LAG first: their members' own descriptions are then redundant.
    for claim in claims:
        if claim.interface.role != "lag" or (claim.device, claim.interface.name) in used:
            continue
        peer = by_name[claim.peer]
        peer_lag = claim.peer_port
        if peer_lag is None or peer.interfaces[peer_lag].role != "lag":
            back = [
                c
                for c in claims
                if c.device == claim.peer and c.peer == claim.device and c.interface.role == "lag"
            ]
            peer_lag = back[0].interface.name if len(back) == 1 else None
        if peer_lag is None:
            continue
        pairs = _members_paired(by_name[claim.device], claim.interface.name, peer, peer_lag)
        if pairs is None:
            notes.append(
                _(
                    "{device} {lag} and {peer} {peer_lag} name each other but have different "
                    "member counts; their member links are left out"
                ).format(
                    device=claim.device,
                    lag=claim.interface.name,
                    peer=claim.peer,
                    peer_lag=peer_lag,
                )
            )
            continue
        notes.append(
            _(
                "members of {device} {lag} and {peer} {peer_lag} were paired in port order; "
                "run discover to confirm the pairing by LLDP"
            ).format(
                device=claim.device, lag=claim.interface.name, peer=claim.peer, peer_lag=peer_lag
            )
        )
        for a_end, b_end in pairs:
            links.append(FoundLink(a_end, b_end, "description"))
        used.add((claim.device, claim.interface.name))
        used.add((claim.peer, peer_lag))
        used.update(
            (claim.device, m.name) for m in by_name[claim.device].members(claim.interface.name)
        )
        used.update((claim.peer, m.name) for m in peer.members(peer_lag))

    for claim in claims:
        here = (claim.device, claim.interface.name)
        if here in used or (claim.interface.lag and (claim.device, claim.interface.lag) in used):
            continue
        back = [
            c
            for c in claims
            if c.device == claim.peer
            and c.peer == claim.device
            and (c.peer, c.interface.name) not in used
            and (c.device, c.interface.name) not in used
            and (c.peer_port in (None, claim.interface.name))
            and (claim.peer_port in (None, c.interface.name))
        ]
        if claim.peer_port is not None and (claim.peer, claim.peer_port) in used:
            back = []
        if len(back) == 1:
            other = back[0]
            links.append(
                FoundLink(
                    End(claim.device, claim.interface.name, claim.interface.lag),
                    End(other.device, other.interface.name, other.interface.lag),
                    "description",
                )
            )
            used.update({here, (other.device, other.interface.name)})
            continue
        disagreeing = [
            c
            for c in claims
            if c.device == claim.peer
            and c.peer == claim.device
            and (c.device, c.interface.name) not in used
        ]
        if disagreeing:
            other = disagreeing[0]
            notes.append(
                _(
                    "descriptions disagree: {device} {port} names {peer}{peer_port}, but "
                    "{peer} {other_port} names {device} {claimed}; check the cable"
                ).format(
                    device=claim.device,
                    port=claim.interface.name,
                    peer=claim.peer,
                    peer_port=f" {claim.peer_port}" if claim.peer_port else "",
                    other_port=other.interface.name,
                    claimed=other.peer_port or "",
                )
            )
            candidates = sorted(
                {claim.interface.name, *([other.peer_port] if other.peer_port else [])}
            )
            links.append(
                FoundLink(
                    End(
                        claim.device,
                        todo(
                            _(
                                "one of {ports}; the port descriptions disagree, check the cable"
                            ).format(ports=", ".join(candidates))
                        ),
                        doubt=(claim.interface.name,),
                    ),
                    End(other.device, other.interface.name, other.interface.lag),
                    "description",
                )
            )
            used.update({here, (other.device, other.interface.name)})
            continue
        peer_port = claim.peer_port or todo(
            _("the port of {peer} this link reaches; only {device} {port} describes it").format(
                peer=claim.peer, device=claim.device, port=claim.interface.name
            )
        )
        links.append(
            FoundLink(
                End(claim.device, claim.interface.name, claim.interface.lag),
                End(claim.peer, peer_port, None),
                "description",
            )
        )
        used.add(here)
        if claim.peer_port:
            used.add((claim.peer, claim.peer_port))
    return _ordered(links), notes


def links_from_lldp(devices: Sequence[DeviceFacts]) -> tuple[list[FoundLink], list[str]]:
    """Return the links LLDP shows, checked from both ends, and the disagreements.

    Neighbours outside the crawled devices (phones, APs, other schools) are
    not links of the school's inventory and are skipped.
    """
    by_name = {d.hostname: d for d in devices}
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for facts in devices:
        for neighbour in facts.neighbours:
            remote_facts = by_name.get(neighbour.remote_name)
            if remote_facts is None:
                continue
            try:
                local_name = canonical_interface(neighbour.local_port, facts.platform)
                remote_name = canonical_interface(neighbour.remote_port, remote_facts.platform)
            except InterfaceNameError:
                log.warning(
                    N_("%s: LLDP port names %r/%r unknown; skipped"),
                    facts.hostname,
                    neighbour.local_port,
                    neighbour.remote_port,
                )
                continue
            seen[(facts.hostname, local_name)] = (remote_facts.hostname, remote_name)
    links: list[FoundLink] = []
    notes: list[str] = []
    done: set[tuple[str, str]] = set()
    for (name, local), (peer, remote) in sorted(seen.items()):
        device = name
        if (device, local) in done:
            continue
        back = seen.get((peer, remote))
        if back is not None and back != (device, local):
            notes.append(
                _(
                    "LLDP disagrees: {device} {port} sees {peer} {peer_port}, but {peer} "
                    "{peer_port} sees {other} {other_port}"
                ).format(
                    device=device,
                    port=local,
                    peer=peer,
                    peer_port=remote,
                    other=back[0],
                    other_port=back[1],
                )
            )
        elif back is None and by_name[peer].neighbours:
            notes.append(
                _(
                    "LLDP on {peer} {peer_port} does not see {device} {port}; "
                    "the link is taken from {device} alone"
                ).format(device=device, port=local, peer=peer, peer_port=remote)
            )
        a_lag = by_name[device].interfaces.get(local)
        b_lag = by_name[peer].interfaces.get(remote)
        links.append(
            FoundLink(
                End(device, local, a_lag.lag if a_lag else None),
                End(peer, remote, b_lag.lag if b_lag else None),
                "lldp",
            )
        )
        done.update({(device, local), (peer, remote)})
    return _ordered(links), notes


def compare_with_descriptions(
    lldp: Iterable[FoundLink], described: Iterable[FoundLink]
) -> list[str]:
    """Return a note for each described link that LLDP does not confirm."""
    real = set()
    for link in lldp:
        real.add((link.a.device, link.a.port, link.b.device, link.b.port))
        real.add((link.b.device, link.b.port, link.a.device, link.a.port))
    notes = []
    for link in described:
        if (link.a.device, link.a.port, link.b.device, link.b.port) not in real:
            notes.append(
                _(
                    "the descriptions show {a} {a_port} to {b} {b_port}, which LLDP does not see; "
                    "the inventory follows LLDP"
                ).format(a=link.a.device, a_port=link.a.port, b=link.b.device, b_port=link.b.port)
            )
    return notes


def _ordered(links: list[FoundLink]) -> list[FoundLink]:
    flipped = [
        FoundLink(link.b, link.a, link.source)
        if (link.b.device, link.b.port) < (link.a.device, link.a.port)
        else link
        for link in links
    ]
    return sorted(flipped, key=FoundLink.key)
