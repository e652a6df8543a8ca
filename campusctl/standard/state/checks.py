"""State checks: interfaces, VLANs, addresses, LLDP cabling, uplinks and drift of a running device."""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv6Interface, ip_address, ip_interface

from campusctl.i18n import _
from campusctl.inventory.model import PortProfile
from campusctl.platforms import PlatformId, platform
from campusctl.standard.config.parse import ConfigUnreadable
from campusctl.standard.ifnames import interface_key
from campusctl.standard.registry import check
from campusctl.standard.results import Finding, Source, Status
from campusctl.standard.state.drift import config_drift
from campusctl.standard.state.model import StateContext

# Ports whose link must be up: a switch or a server is always cabled to them.
_MUST_BE_UP = {PortProfile.UPLINK, PortProfile.DOWNLINK, PortProfile.SERVER}


@check("state.interfaces", Source.STATE)
def interfaces(ctx: StateContext) -> list[Finding]:
    """Check that every inventory port exists, is enabled, is up where it must be, and is described."""
    table = ctx.state.interfaces
    if table is None:
        return ctx.not_read("get_interfaces")
    keyed = ctx.keyed(dict(table))
    cabled = {
        interface_key(end.port, ctx.device.platform)
        for link in ctx.school.links
        for end in (link.a, link.b)
        if end.device == ctx.device.name
    }
    findings: list[Finding] = []
    for port in ctx.device.ports:
        if port.profile is PortProfile.UNUSED:
            continue
        for name in port.names():
            key = interface_key(name, ctx.device.platform)
            found = keyed.get(key)
            if found is None:
                findings.append(
                    ctx.finding(
                        Status.FAIL,
                        _("{port} is not on the device").format(port=name),
                        [ctx.getter("get_interfaces", _("no such interface"))],
                        port=name,
                    )
                )
                continue
            shown, data = found
            if not data["is_enabled"]:
                findings.append(
                    ctx.finding(
                        Status.FAIL,
                        _("{port} is administratively down").format(port=name),
                        [ctx.getter("get_interfaces", f"{shown}: is_enabled=False")],
                        port=name,
                    )
                )
            elif not data["is_up"] and (port.profile in _MUST_BE_UP or key in cabled):
                findings.append(
                    ctx.finding(
                        Status.FAIL,
                        _("{port} is down, but the inventory cables it").format(port=name),
                        [ctx.getter("get_interfaces", f"{shown}: is_up=False")],
                        port=name,
                    )
                )
            if port.description is not None and data["description"].strip() != port.description:
                findings.append(
                    ctx.finding(
                        Status.FAIL,
                        _("{port} is described {found!r}, the inventory says {expected!r}").format(
                            port=name, found=data["description"], expected=port.description
                        ),
                        [
                            ctx.getter(
                                "get_interfaces", f"{shown}: description={data['description']!r}"
                            )
                        ],
                        port=name,
                    )
                )
    return findings or [
        ctx.finding(
            Status.PASS,
            _("every inventory port present, enabled and described"),
            [ctx.getter("get_interfaces", _("{count} interface(s)").format(count=len(table)))],
        )
    ]


def _expected_vlans(ctx: StateContext) -> set[int]:
    device = ctx.device
    vlans = {device.management.vlan}
    for port in device.ports:
        if port.vlan is not None:
            vlans.add(port.vlan)
        vlans.update(port.vlans)
    vlans.update(v.id for v in ctx.school.vlans if v.gateway == device.name)
    return vlans


@check("state.vlans", Source.STATE)
def vlans(ctx: StateContext) -> list[Finding]:
    """Check that every VLAN the device's ports, SVIs and management use exists on it."""
    table = ctx.state.vlans
    if table is None:
        return ctx.not_read("get_vlans")
    present = {int(v) for v in table}
    missing = sorted(_expected_vlans(ctx) - present)
    if missing:
        return [
            ctx.finding(
                Status.FAIL,
                _("VLAN(s) {vlans} missing on the device").format(
                    vlans=", ".join(map(str, missing))
                ),
                [ctx.getter("get_vlans", "present: " + ", ".join(map(str, sorted(present))))],
            )
        ]
    return [
        ctx.finding(
            Status.PASS,
            _("{count} planned VLAN(s) present").format(count=len(present)),
            [ctx.getter("get_vlans", ", ".join(map(str, sorted(present))))],
        )
    ]


def _svi_name(ctx: StateContext, vlan: int) -> str:
    prefix = platform(ctx.device.platform).svi_prefix
    separator = " " if ctx.device.platform is PlatformId.RUIJIE_RGOS else ""
    return f"{prefix}{separator}{vlan}"


def _expected_addresses(
    ctx: StateContext,
) -> list[tuple[str | None, IPv4Interface | IPv6Interface]]:
    """Return ``(interface or None for anywhere, address)`` the device must hold."""
    device = ctx.device
    expected: list[tuple[str | None, IPv4Interface | IPv6Interface]] = []
    for vlan in ctx.school.vlans:
        if vlan.gateway != device.name:
            continue
        for network in (vlan.ipv4, vlan.ipv6):
            if network is not None:
                expected.append(
                    (
                        _svi_name(ctx, vlan.id),
                        ip_interface(f"{network.network_address + 1}/{network.prefixlen}"),
                    )
                )
    management = device.management
    expected.append((None, management.ipv4))
    if management.ipv6 is not None:
        expected.append((None, management.ipv6))
    for uplink in ctx.school.uplinks:
        if uplink.device == device.name and uplink.port:
            expected.extend((uplink.port, a) for a in (uplink.ipv4, uplink.ipv6) if a is not None)
    return expected


@check("state.addresses", Source.STATE)
def addresses(ctx: StateContext) -> list[Finding]:
    """Check the SVI gateway, management and uplink addresses with their prefix lengths.

    Link-local IPv6 addresses (fe80::/10) are never compared: every IPv6
    interface has one, and drivers report their prefix length inconsistently.
    """
    table = ctx.state.interfaces_ip
    if table is None:
        return ctx.not_read("get_interfaces_ip")
    held: dict[str, set[tuple[str, int]]] = {}
    for name, families in table.items():
        key = interface_key(name, ctx.device.platform)
        for family in ("ipv4", "ipv6"):
            for address, detail in families.get(family, {}).items():
                if ip_address(address).is_link_local:
                    continue
                held.setdefault(key, set()).add(
                    (str(ip_address(address)), int(detail["prefix_length"]))
                )
    anywhere = set().union(*held.values()) if held else set()
    findings: list[Finding] = []
    for interface, address in _expected_addresses(ctx):
        item = (str(address.ip), address.network.prefixlen)
        pool = (
            held.get(interface_key(interface, ctx.device.platform), set())
            if interface
            else anywhere
        )
        if item not in pool:
            where = interface or _("any interface")
            seen = ", ".join(f"{a}/{p}" for a, p in sorted(pool)) or "-"
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{address} missing on {where}").format(address=address, where=where),
                    [ctx.getter("get_interfaces_ip", f"{where}: {seen}")],
                    port=interface,
                )
            )
    return findings or [
        ctx.finding(
            Status.PASS,
            _("planned IPv4 and IPv6 addresses present"),
            [ctx.getter("get_interfaces_ip", _("{count} interface(s)").format(count=len(table)))],
        )
    ]


@check("state.uplink_up", Source.STATE)
def uplink_up(ctx: StateContext) -> list[Finding]:
    """Check that the school's broadband uplink ports on this device are up."""
    uplinks = [u for u in ctx.school.uplinks if u.device == ctx.device.name and u.port]
    if not uplinks:
        return [
            ctx.finding(Status.NOT_APPLICABLE, _("the school's uplinks end on another device"), [])
        ]
    table = ctx.state.interfaces
    if table is None:
        return ctx.not_read("get_interfaces")
    keyed = ctx.keyed(dict(table))
    findings: list[Finding] = []
    for uplink in uplinks:
        found = keyed.get(interface_key(str(uplink.port), ctx.device.platform))
        if found is None or not found[1]["is_up"]:
            text = f"{uplink.port}: " + ("missing" if found is None else "is_up=False")
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("uplink {port} ({provider}) is down").format(
                        port=uplink.port, provider=uplink.provider
                    ),
                    [ctx.getter("get_interfaces", text)],
                    port=str(uplink.port),
                )
            )
    return findings or [
        ctx.finding(Status.PASS, _("{count} uplink(s) up").format(count=len(uplinks)), [])
    ]


@check("state.config_drift", Source.STATE)
def drift(ctx: StateContext) -> list[Finding]:
    """Report lines the running config lacks or has beyond the intended (rendered) config."""
    running, intended = ctx.state.running_config, ctx.state.intended_config
    if intended is None:
        return [
            ctx.finding(Status.NOT_APPLICABLE, _("no intended configuration to compare with"), [])
        ]
    if running is None:
        return ctx.not_read("get_config")
    try:
        result = config_drift(ctx.device.platform, running, intended)
    except ConfigUnreadable as err:
        return [ctx.finding(Status.FAIL, str(err), [ctx.getter("get_config", str(err))])]
    if not result:
        return [
            ctx.finding(
                Status.PASS,
                _("running configuration matches the intended one"),
                [ctx.getter("get_config", "running")],
            )
        ]
    evidence = [ctx.getter("get_config", f"missing: {line}") for line in result.missing[:20]]
    evidence += [ctx.getter("get_config", f"unexpected: {line}") for line in result.unexpected[:20]]
    return [
        ctx.finding(
            Status.FAIL,
            _(
                "running configuration drifted: {missing} line(s) missing, {unexpected} unexpected"
            ).format(missing=len(result.missing), unexpected=len(result.unexpected)),
            evidence,
        )
    ]
