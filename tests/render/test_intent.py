"""The intent model computed from the sample inventory, and the errors of bad input."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Interface, IPv4Network, IPv6Interface, IPv6Network

import pytest

from campusctl.inventory import Inventory
from campusctl.netkit.errors import BannerInvalid
from campusctl.render.errors import IntentError
from campusctl.render.intent import banner_intent, device_intent, renamed
from campusctl.render.model import DeviceIntent, PortMode


def test_access_port_protections(intents: dict[str, DeviceIntent]) -> None:
    port = intents["HYXX-A1-ACC-01"].interface("GigabitEthernet1/0/1")
    assert port is not None
    assert port.mode is PortMode.ACCESS
    assert port.access_vlan == 20
    assert port.edge
    assert port.mac_limit == 3
    assert port.storm_percent == 5
    assert port.source_guard
    assert port.ra_guard
    assert not port.dhcp_trusted


def test_uplink_trunk_is_trusted_without_vlan_1(intents: dict[str, DeviceIntent]) -> None:
    uplink = intents["HYXX-A1-ACC-01"].interface("Ten-GigabitEthernet1/0/49")
    assert uplink is not None
    assert uplink.mode is PortMode.TRUNK
    assert uplink.allowed is not None
    assert uplink.allowed.ids == {10, 20, 70, 80}
    assert 1 not in uplink.allowed
    assert uplink.dhcp_trusted
    assert not uplink.edge


def test_only_uplinks_trusted(intents: dict[str, DeviceIntent]) -> None:
    for intent in intents.values():
        for port in intent.interfaces:
            if port.dhcp_trusted:
                assert port.profile == "uplink", (intent.name, port.name)


def test_unlisted_ports_shut(intents: dict[str, DeviceIntent]) -> None:
    port = intents["HYXX-A1-ACC-01"].interface("GigabitEthernet1/0/48")
    assert port is not None
    assert port.mode is PortMode.DISABLED


def test_server_ports_without_dhcp_have_no_source_guard(intents: dict[str, DeviceIntent]) -> None:
    # The servers VLAN is statically addressed, so there are no bindings to check against.
    port = intents["HYXX-B1-ACC-01"].interface("GigabitEthernet1/0/15")
    assert port is not None
    assert port.access_vlan == 100
    assert port.edge
    assert not port.source_guard
    assert port.mac_limit is None


def test_lag_members_from_cabling(intents: dict[str, DeviceIntent]) -> None:
    core = intents["YCSY-CORE-01"]
    lag = core.interface("Eth-Trunk2")
    assert lag is not None
    assert lag.is_lag
    assert lag.members == ("XGigabitEthernet0/0/2", "XGigabitEthernet1/0/2")
    member = core.interface("XGigabitEthernet1/0/2")
    assert member is not None
    assert member.mode is PortMode.LAG_MEMBER
    assert member.lag_id == 2
    names = [i.name for i in core.interfaces]
    assert names.index("Eth-Trunk2") < names.index("XGigabitEthernet0/0/2")


def test_gateway_svis_dual_stack(intents: dict[str, DeviceIntent]) -> None:
    core = intents["HYXX-CORE-01"]
    svis = {s.vlan: s for s in core.svis}
    assert svis[20].ipv4 == IPv4Interface("198.18.25.1/25")
    assert svis[20].ipv6 == [IPv6Interface("2001:db8:4406:214::1/64")]
    assert svis[20].send_ra
    # The management SVI carries the gateway address and the device's own address.
    assert svis[10].ipv4 == IPv4Interface("198.18.25.129/26")
    assert svis[10].ipv4_secondary == IPv4Interface("198.18.25.130/26")
    assert not svis[10].send_ra
    assert all(s.ipv4 is not None and s.ipv6 for s in core.svis)


def test_zone_acls_protect_important_zones(intents: dict[str, DeviceIntent]) -> None:
    core = intents["HYXX-CORE-01"]
    acls = {a.name: a for a in core.acls}
    student = acls["ZONE-STUDENT-WIFI-V4"]
    denied = {r.destination for r in student.rules if r.action == "deny"}
    assert denied == {
        IPv4Network("198.18.25.128/26"),  # management
        IPv4Network("198.18.26.128/27"),  # surveillance
        IPv4Network("198.18.26.160/28"),  # campus card
        IPv4Network("198.18.26.176/28"),  # servers
    }
    assert student.rules[-1].action == "permit"
    office = {r.destination for r in acls["ZONE-OFFICE-V4"].rules if r.action == "deny"}
    assert IPv4Network("198.18.26.176/28") not in office
    guest = acls["ZONE-GUEST-V4"].rules
    assert guest[0].destination == IPv4Network("198.18.24.0/22")
    assert "ZONE-GUEST-V6" in acls


def test_routed_uplink_and_default_routes(intents: dict[str, DeviceIntent]) -> None:
    core = intents["YCSY-CORE-01"]
    egress = core.interface("XGigabitEthernet0/0/11")
    assert egress is not None
    assert egress.mode is PortMode.ROUTED
    assert egress.ipv4 == IPv4Interface("198.19.6.2/30")
    hops = {str(r.next_hop) for r in core.routes}
    assert hops == {"198.19.6.1", "198.19.6.5", "2001:db8:4406:ffff::1", "2001:db8:4406:ffff::5"}
    access = intents["YCSY-A1-ACC-01"]
    assert not access.routing
    assert {str(r.next_hop) for r in access.routes} == {"198.18.19.129", "2001:db8:4406:10a::1"}


def test_aps_get_no_config(intents: dict[str, DeviceIntent]) -> None:
    assert not any("-AP-" in name for name in intents)
    assert "HYXX-WLC-01" in intents


def test_management_acls_have_ipv6_twin(intents: dict[str, DeviceIntent]) -> None:
    for intent in intents.values():
        assert intent.mgmt_acl_v4.rules[-1].action == "deny"
        assert intent.mgmt_acl_v6.rules[-1].action == "deny"
        assert len(intent.mgmt_acl_v6.rules) >= 2


def test_vlan_1_on_a_port_is_rejected(sample: Inventory) -> None:
    school = sample.schools["2440106002"]
    device = school.device("HYXX-A1-ACC-01")
    assert device is not None
    port = device.ports[1].model_copy(update={"vlan": 1})
    bad = device.model_copy(update={"ports": [device.ports[0], port]})
    with pytest.raises(IntentError, match="VLAN 1") as info:
        device_intent(sample, school, bad)
    assert "HYXX-A1-ACC-01" in str(info.value)


def test_uplink_without_address_is_rejected(sample: Inventory) -> None:
    school = sample.schools["2440106002"]
    school = school.model_copy(update={"uplinks": []})
    device = school.device("HYXX-CORE-01")
    assert device is not None
    with pytest.raises(IntentError, match="Ten-GigabitEthernet1/0/6"):
        device_intent(sample, school, device)


def test_banner_delimiter_is_free() -> None:
    assert banner_intent("Authorised staff only.", "cisco_ios").delimiter == "^"
    assert banner_intent("Use ^C to quit", "cisco_ios").delimiter == "%"


def test_banner_blank_line_is_a_space() -> None:
    banner = banner_intent("Authorised staff only.\n\nManaged by campusctl.\n", "huawei_vrp")
    assert banner.lines == ["Authorised staff only.", " ", "Managed by campusctl."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("^%@~$&|*+=", "delimiter"),
        ("  \n", "empty"),
        ("Bell\x07", "control characters"),
    ],
)
def test_banner_rejected(text: str, reason: str) -> None:
    with pytest.raises(BannerInvalid, match=reason):
        banner_intent(text, "h3c_comware")


def test_banner_error_names_device(sample: Inventory) -> None:
    school = sample.schools["2440106002"]
    settings = school.settings.model_copy(update={"banner": "^%@~$&|*+="})
    school = school.model_copy(update={"settings": settings})
    device = school.device("HYXX-A1-ACC-01")
    assert device is not None
    with pytest.raises(IntentError, match=r"HYXX-A1-ACC-01: .*delimiter"):
        device_intent(sample, school, device)


def test_svi_ipv6_is_global_slash_64(intents: dict[str, DeviceIntent]) -> None:
    # Every VLAN gets a /64 of the school's global block; link-local addresses
    # (fe80::/10) are never configured and no user VLAN is ULA-only (fc00::/7).
    for intent in intents.values():
        for svi in intent.svis:
            assert svi.ipv6, (intent.name, svi.vlan)
            for address in svi.ipv6:
                assert address.network.prefixlen == 64, (intent.name, svi.vlan)
                assert not address.ip.is_link_local, (intent.name, svi.vlan)
                assert not address.ip.is_private or address.ip in IPv6Network("2001:db8::/32")


def test_renamed_copies_every_field(intents: dict[str, DeviceIntent]) -> None:
    # The positional copy must follow the dataclass's field order exactly.
    checked = 0
    for intent in intents.values():
        for interface in intent.interfaces:
            assert renamed(interface, "Port9/9/9") == replace(interface, name="Port9/9/9")
            checked += 1
    assert checked > 100
