"""State checks: interfaces, VLANs, addresses, LLDP cabling, uplinks and drift of a running device."""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv6Interface, ip_address, ip_interface

from campusctl.i18n import _
from campusctl.inventory.locate import locate
from campusctl.inventory.model import PortProfile
from campusctl.platforms import PlatformId, platform
from campusctl.standard.ifnames import interface_key
from campusctl.standard.registry import check
from campusctl.standard.results import Evidence, Finding, Source, Status
from campusctl.standard.state.drift import config_drift
from campusctl.standard.state.model import StateContext

# Ports whose link must be up: a switch or a server is always cabled to them.
_MUST_BE_UP = {PortProfile.UPLINK, PortProfile.DOWNLINK, PortProfile.SERVER}


def _not_read(ctx: StateContext, getter: str) -> list[Finding]:
    error = ctx.state.errors.get(getter, _("not read"))
    return [ctx.finding(Status.FAIL, _("{getter} returned no data: {error}").format(getter=getter, error=error), [ctx.getter(getter, error)])]


def _inventory_at(ctx: StateContext, loc: tuple[int | str, ...], text: str) -> Evidence:
    source = ctx.school.source
    if source is None:
        return Evidence(text=text)
    return Evidence(text=text, file=source, line=locate(source, loc, "").line)


@check("state.interfaces", Source.STATE)
def interfaces(ctx: StateContext) -> list[Finding]:
    """Check that every inventory port exists, is enabled, is up where it must be, and is described."""
    table = ctx.state.interfaces
    if table is None:
        return _not_read(ctx, "get_interfaces")
    keyed = ctx.keyed(dict(table))
    cabled = {interface_key(end.port, ctx.device.platform) for link in ctx.school.links for end in (link.a, link.b) if end.device == ctx.device.name}
    findings: list[Finding] = []
    for port in ctx.device.ports:
        if port.profile is PortProfile.UNUSED:
            continue
        for name in port.names():
            key = interface_key(name, ctx.device.platform)
            found = keyed.get(key)
            if found is None:
                findings.append(ctx.finding(Status.FAIL, _("{port} is not on the device").format(port=name), [ctx.getter("get_interfaces", _("no such interface"))], port=name))
                continue
            shown, data = found
            if not data["is_enabled"]:
                findings.append(ctx.finding(Status.FAIL, _("{port} is administratively down").format(port=name), [ctx.getter("get_interfaces", f"{shown}: is_enabled=False")], port=name))
            elif not data["is_up"] and (port.profile in _MUST_BE_UP or key in cabled):
                findings.append(ctx.finding(Status.FAIL, _("{port} is down, but the inventory cables it").format(port=name), [ctx.getter("get_interfaces", f"{shown}: is_up=False")], port=name))
            if port.description is not None and data["description"].strip() != port.description:
                findings.append(
                    ctx.finding(
                        Status.FAIL,
                        _("{port} is described {found!r}, the inventory says {expected!r}").format(port=name, found=data["description"], expected=port.description),
                        [ctx.getter("get_interfaces", f"{shown}: description={data['description']!r}")],
                        port=name,
                    )
                )
    return findings or [ctx.finding(Status.PASS, _("every inventory port present, enabled and described"), [ctx.getter("get_interfaces", _("{count} interface(s)").format(count=len(table)))])]


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
        return _not_read(ctx, "get_vlans")
    present = {int(v) for v in table}
    missing = sorted(_expected_vlans(ctx) - present)
    if missing:
        return [ctx.finding(Status.FAIL, _("VLAN(s) {vlans} missing on the device").format(vlans=", ".join(map(str, missing))), [ctx.getter("get_vlans", "present: " + ", ".join(map(str, sorted(present))))])]
    return [ctx.finding(Status.PASS, _("{count} planned VLAN(s) present").format(count=len(present)), [ctx.getter("get_vlans", ", ".join(map(str, sorted(present))))])]


def _svi_name(ctx: StateContext, vlan: int) -> str:
    prefix = platform(ctx.device.platform).svi_prefix
    separator = " " if ctx.device.platform is PlatformId.RUIJIE_RGOS else ""
    return f"{prefix}{separator}{vlan}"


def _expected_addresses(ctx: StateContext) -> list[tuple[str | None, IPv4Interface | IPv6Interface]]:
    """Return ``(interface or None for anywhere, address)`` the device must hold."""
    device = ctx.device
    expected: list[tuple[str | None, IPv4Interface | IPv6Interface]] = []
    for vlan in ctx.school.vlans:
        if vlan.gateway != device.name:
            continue
        for network in (vlan.ipv4, vlan.ipv6):
            if network is not None:
                expected.append((_svi_name(ctx, vlan.id), ip_interface(f"{network.network_address + 1}/{network.prefixlen}")))
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
        return _not_read(ctx, "get_interfaces_ip")
    held: dict[str, set[tuple[str, int]]] = {}
    for name, families in table.items():
        key = interface_key(name, ctx.device.platform)
        for family in ("ipv4", "ipv6"):
            for address, detail in families.get(family, {}).items():
                if ip_address(address).is_link_local:
                    continue
                held.setdefault(key, set()).add((str(ip_address(address)), int(detail["prefix_length"])))
    anywhere = set().union(*held.values()) if held else set()
    findings: list[Finding] = []
    for interface, address in _expected_addresses(ctx):
        item = (str(address.ip), address.network.prefixlen)
        pool = held.get(interface_key(interface, ctx.device.platform), set()) if interface else anywhere
        if item not in pool:
            where = interface or _("any interface")
            seen = ", ".join(f"{a}/{p}" for a, p in sorted(pool)) or "-"
            findings.append(ctx.finding(Status.FAIL, _("{address} missing on {where}").format(address=address, where=where), [ctx.getter("get_interfaces_ip", f"{where}: {seen}")], port=interface))
    return findings or [ctx.finding(Status.PASS, _("planned IPv4 and IPv6 addresses present"), [ctx.getter("get_interfaces_ip", _("{count} interface(s)").format(count=len(table)))])]


def _same_host(reported: str, expected: str) -> bool:
    return reported.split(".")[0].strip().lower() == expected.lower()


@check("state.lldp", Source.STATE)
def lldp(ctx: StateContext) -> list[Finding]:
    """Compare LLDP neighbours with the inventory's cabling; a miscabled port names both ends."""
    table = ctx.state.lldp_neighbors
    if table is None:
        return _not_read(ctx, "get_lldp_neighbors")
    keyed = ctx.keyed(dict(table))
    devices = {d.name: d for d in ctx.school.devices}
    findings: list[Finding] = []
    checked = 0
    for index, link in enumerate(ctx.school.links):
        for near, far in ((link.a, link.b), (link.b, link.a)):
            if near.device != ctx.device.name:
                continue
            peer = devices.get(far.device)
            peer_platform = peer.platform if peer else None
            checked += 1
            cabling = _inventory_at(ctx, ("links", index), f"{near.device} {near.port} – {far.device} {far.port}")
            found = keyed.get(interface_key(near.port, ctx.device.platform))
            neighbours = found[1] if found else []
            if any(_same_host(n["hostname"], far.device) and interface_key(n["port"], peer_platform) == interface_key(far.port, peer_platform) for n in neighbours):
                continue
            seen = "; ".join(f"{n['hostname']} {n['port']}" for n in neighbours) or _("no neighbour")
            findings.append(
                ctx.finding(
                    Status.FAIL,
                    _("{device} {port}: cabled to {peer} {peer_port} in the inventory, LLDP sees {seen}").format(device=near.device, port=near.port, peer=far.device, peer_port=far.port, seen=seen),
                    [cabling, ctx.getter("get_lldp_neighbors", f"{found[0] if found else near.port}: {seen}")],
                    port=near.port,
                )
            )
    if not checked:
        return [ctx.finding(Status.NOT_APPLICABLE, _("no cabling of this device in the inventory"), [])]
    return findings or [ctx.finding(Status.PASS, _("{count} cabled port(s) match LLDP").format(count=checked), [ctx.getter("get_lldp_neighbors", _("{count} neighbour(s)").format(count=len(table)))])]


@check("state.uplink_up", Source.STATE)
def uplink_up(ctx: StateContext) -> list[Finding]:
    """Check that the school's broadband uplink ports on this device are up."""
    uplinks = [u for u in ctx.school.uplinks if u.device == ctx.device.name and u.port]
    if not uplinks:
        return [ctx.finding(Status.NOT_APPLICABLE, _("the school's uplinks end on another device"), [])]
    table = ctx.state.interfaces
    if table is None:
        return _not_read(ctx, "get_interfaces")
    keyed = ctx.keyed(dict(table))
    findings: list[Finding] = []
    for uplink in uplinks:
        found = keyed.get(interface_key(str(uplink.port), ctx.device.platform))
        if found is None or not found[1]["is_up"]:
            text = f"{uplink.port}: " + ("missing" if found is None else "is_up=False")
            findings.append(ctx.finding(Status.FAIL, _("uplink {port} ({provider}) is down").format(port=uplink.port, provider=uplink.provider), [ctx.getter("get_interfaces", text)], port=str(uplink.port)))
    return findings or [ctx.finding(Status.PASS, _("{count} uplink(s) up").format(count=len(uplinks)), [])]


@check("state.config_drift", Source.STATE)
def drift(ctx: StateContext) -> list[Finding]:
    """Report lines the running config lacks or has beyond the intended (rendered) config."""
    running, intended = ctx.state.running_config, ctx.state.intended_config
    if intended is None:
        return [ctx.finding(Status.NOT_APPLICABLE, _("no intended configuration to compare with"), [])]
    if running is None:
        return _not_read(ctx, "get_config")
    result = config_drift(ctx.device.platform, running, intended)
    if not result:
        return [ctx.finding(Status.PASS, _("running configuration matches the intended one"), [ctx.getter("get_config", "running")])]
    evidence = [ctx.getter("get_config", f"missing: {line}") for line in result.missing[:20]]
    evidence += [ctx.getter("get_config", f"unexpected: {line}") for line in result.unexpected[:20]]
    return [
        ctx.finding(
            Status.FAIL,
            _("running configuration drifted: {missing} line(s) missing, {unexpected} unexpected").format(missing=len(result.missing), unexpected=len(result.unexpected)),
            evidence,
        )
    ]
