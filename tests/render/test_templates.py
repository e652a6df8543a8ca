"""Expected snippets per feature and platform, written from each vendor's command reference.

Sources (each test names the one it follows):
- Huawei S1720/S2700/S5700/S6720 V200R011C10 Command Reference (support.huawei.com, EDOC1000178165)
  and the Huawei switch command reference page of local-aaa-user wrong-password.
- H3C S6812 Command Reference (password-control), H3C S5130 V2 Layer 3 IP Services
  Command Reference R3507 (DHCPv6 snooping), H3C Comware 7 Layer 2 LAN Switching
  Command Reference (port trunk permit vlan).
- Cisco Catalyst 9200/9300 IOS-XE Command References (security, interface, system management).
- Ruijie RG-S29 / RG-S2900G-E RGOS Configuration Guide (switchport trunk allowed vlan).
"""

from __future__ import annotations

import json

import pytest

from campusctl.render.engine import Header, Renderer
from campusctl.render.environment import render
from campusctl.render.export import intent_data
from campusctl.render.model import DeviceIntent

from .conftest import FIXED_INPUTS

DEVICES = {
    "huawei_vrp": "YCSY-A1-ACC-01",
    "h3c_comware": "HYXX-A1-ACC-01",
    "cisco_ios": "PYZJ-A1-ACC-01",
    "ruijie_rgos": "SPJD-CORE-01",
}


def _block(config: str, start: str) -> str:
    """Return the lines of the section that starts with ``start`` (its indented children)."""
    lines = config.splitlines()
    index = lines.index(start)
    block = [lines[index]]
    for line in lines[index + 1 :]:
        if not line.startswith(" "):
            break
        block.append(line)
    return "\n".join(block) + "\n"


def test_huawei_access_port(configs: dict[str, str]) -> None:
    # Huawei V200R011C10: port link-type, port default vlan, stp edged-port enable,
    # port-security max-mac-num, dhcp snooping (ip source check user-bind enable).
    block = _block(configs["YCSY-A1-ACC-01"], "interface GigabitEthernet0/0/1")
    assert " port link-type access\n port default vlan 20\n stp edged-port enable\n" in block
    assert " port-security enable\n port-security max-mac-num 3\n" in block
    assert " ip source check user-bind enable\n arp anti-attack check user-bind enable\n" in block


def test_huawei_trunk_and_trust(configs: dict[str, str]) -> None:
    # Huawei V200R011C10: port trunk allow-pass vlan { vlan-id1 [ to vlan-id2 ] }&<1-10>;
    # dhcp snooping trusted (interface view).
    block = _block(configs["YCSY-A1-ACC-01"], "interface Eth-Trunk1")
    assert (
        " port link-type trunk\n undo port trunk allow-pass vlan 1\n"
        " port trunk allow-pass vlan 10 20 70 80 90\n dhcp snooping trusted\n"
    ) in block
    member = _block(configs["YCSY-A1-ACC-01"], "interface XGigabitEthernet0/0/1")
    assert " eth-trunk 1\n" in member


def test_huawei_management_plane(configs: dict[str, str]) -> None:
    # Huawei V200R011C10: undo telnet [ ipv6 ] server enable, stelnet server enable,
    # ssh server acl / ssh ipv6 server acl, user-interface vty protocol inbound ssh.
    config = configs["YCSY-A1-ACC-01"]
    for line in (
        "stelnet server enable",
        "undo telnet server enable",
        "undo telnet ipv6 server enable",
        "undo ftp server enable",
        "undo ftp ipv6 server enable",
        "undo http server enable",
        "ssh server acl 2000",
        "ssh ipv6 server acl 2000",
    ):
        assert f"\n{line}\n" in config
    vty = _block(config, "user-interface vty 0 4")
    assert " acl 2000 inbound\n acl ipv6 2000 inbound\n" in vty
    assert " protocol inbound ssh\n idle-timeout 10 0\n" in vty


def test_huawei_dual_stack_gateway(configs: dict[str, str]) -> None:
    # Huawei V200R011C10: ipv6 enable / ipv6 address in VLANIF view, dhcp select relay,
    # dhcp relay server-ip, traffic-filter inbound acl.
    block = _block(configs["YCSY-CORE-01"], "interface Vlanif20")
    assert " ip address 198.18.18.1 255.255.255.128\n" in block
    assert " ipv6 enable\n ipv6 address 2001:db8:4406:114::1/64\n" in block
    assert " dhcp select relay\n dhcp relay server-ip 198.18.20.138\n" in block
    assert " traffic-filter inbound acl 3000\n traffic-filter inbound ipv6 acl 3000\n" in block


def test_h3c_login_lockout(configs: dict[str, str]) -> None:
    # H3C S6812 Command Reference: password-control login-attempt login-times
    # [ exceed { lock | lock-time time | unlock } ], lock-time 1 to 360 minutes.
    config = configs["HYXX-A1-ACC-01"]
    assert "\npassword-control enable\n" in config
    assert "\npassword-control login-attempt 5 exceed lock-time 10\n" in config


def test_h3c_access_and_trunk(configs: dict[str, str]) -> None:
    # H3C Comware 7 Layer 2 command reference: port access vlan, port trunk permit vlan,
    # stp edged-port; S5130 security reference: dhcp snooping trust, ipv6 dhcp snooping trust.
    config = configs["HYXX-A1-ACC-01"]
    port = _block(config, "interface GigabitEthernet1/0/1")
    assert " port access vlan 20\n stp edged-port\n" in port
    assert " ip verify source ip-address mac-address\n ipv6 nd raguard role host\n" in port
    trunk = _block(config, "interface Ten-GigabitEthernet1/0/49")
    assert (
        " port link-type trunk\n undo port trunk permit vlan 1\n"
        " port trunk permit vlan 10 20 70 80\n"
    ) in trunk
    assert " dhcp snooping trust\n ipv6 dhcp snooping trust\n arp detection trust\n" in trunk


def test_h3c_snmpv3_only(configs: dict[str, str]) -> None:
    config = configs["HYXX-CORE-01"]
    assert "\nsnmp-agent sys-info version v3\n" in config
    assert "community" not in config
    assert "privacy-mode aes128" in config


def test_cisco_access_port(configs: dict[str, str]) -> None:
    # Cisco IOS-XE Catalyst 9200 command reference: switchport port-security maximum,
    # spanning-tree bpduguard enable, storm-control broadcast level, ip verify source,
    # ipv6 nd raguard attach-policy, ipv6 dhcp guard attach-policy.
    block = _block(configs["PYZJ-A1-ACC-01"], "interface GigabitEthernet1/0/1")
    assert " switchport mode access\n switchport access vlan 20\n" in block
    assert " spanning-tree portfast\n spanning-tree bpduguard enable\n" in block
    assert " switchport port-security maximum 3\n switchport port-security\n" in block
    assert " storm-control broadcast level 5.00\n" in block
    assert " ipv6 nd raguard attach-policy CAMPUS-HOST\n" in block


def test_cisco_candidate_ends_with_end(configs: dict[str, str]) -> None:
    for name, config in configs.items():
        if name.startswith("PYZJ-") and "-S" not in name:
            assert config.endswith("\nend\n"), name


def test_cisco_vty_and_ssh(configs: dict[str, str]) -> None:
    # Cisco IOS-XE security command reference: ip ssh version 2, transport input ssh,
    # access-class / ipv6 access-class on vty lines, login block-for.
    config = configs["PYZJ-CORE-01"]
    assert "\nip ssh version 2\n" in config
    assert "\nno ip http server\nno ip http secure-server\n" in config
    assert "\nlogin block-for 600 attempts 5 within 120\n" in config
    vty = _block(config, "line vty 0 15")
    assert " access-class MGMT-V4 in\n ipv6 access-class MGMT-V6 in\n" in vty
    assert " transport input ssh\n" in vty


def test_ruijie_trunk_only_list(configs: dict[str, str]) -> None:
    # Ruijie RGOS configuration guide: switchport trunk allowed vlan { all | [ add | remove |
    # except | only ] vlan-list }.
    block = _block(configs["SQZX-A1-ACC-01"], "interface TenGigabitEthernet 0/25")
    assert " switchport mode trunk\n switchport trunk allowed vlan only 10,20,70\n" in block
    assert " ip dhcp snooping trust\n" in block


def test_ruijie_services_off(configs: dict[str, str]) -> None:
    config = configs["SPJD-CORE-01"]
    assert "\nenable service ssh-server\nip ssh version 2\n" in config
    assert "\nno enable service telnet-server\nno enable service web-server\n" in config


@pytest.mark.parametrize("platform", sorted(DEVICES))
def test_ntp_syslog_to_provincial_collectors(
    platform: str, configs: dict[str, str], intents: dict[str, DeviceIntent]
) -> None:
    config = configs[DEVICES[platform]]
    intent = intents[DEVICES[platform]]
    for address in [*intent.ntp, *intent.syslog]:
        assert str(address) in config
    assert "UTC+8" in config


@pytest.mark.parametrize("platform", sorted(DEVICES))
def test_banner_is_one_block(platform: str, configs: dict[str, str]) -> None:
    lines = configs[DEVICES[platform]].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("banner motd", "header ")))
    delimiter = lines[start].split()[-1]
    assert delimiter == "^"
    assert lines[start + 2] == delimiter
    assert delimiter not in lines[start + 1]


@pytest.mark.parametrize("platform", sorted(DEVICES))
def test_lldp_and_no_vlan_1(platform: str, configs: dict[str, str]) -> None:
    config = configs[DEVICES[platform]]
    assert "lldp" in config
    assert "\nvlan 1\n" not in config
    assert "access vlan 1\n" not in config
    assert "default vlan 1\n" not in config


def test_plain_data_renders_same_bytes(
    intents: dict[str, DeviceIntent], configs: dict[str, str], renderer: Renderer
) -> None:
    # The templates must not depend on Python objects, so Ansible can render them from JSON.
    for name, intent in intents.items():
        data = json.loads(json.dumps(intent_data(intent)))
        header = Header(title="x", inputs=FIXED_INPUTS)
        context = {"d": data, "header": header}
        text = render(renderer.env, f"{intent.platform}/main.j2", context, name)
        expected = configs[name].split("\n", 1)[1]
        assert text.split("\n", 1)[1] == expected, name


def test_huawei_login_lockout(configs: dict[str, str]) -> None:
    # Huawei command reference, local-aaa-user wrong-password (AAA view): retry-interval and
    # block-time in minutes (5-65535), retry-time in attempts (3-65535).
    block = _block(configs["YCSY-A1-ACC-01"], "aaa")
    assert " local-aaa-user wrong-password retry-interval 10 retry-time 5 block-time 10\n" in block
