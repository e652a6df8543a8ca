"""Individual diff rules: defaults, secrets, ordering, protected sections, VLAN lists."""

from __future__ import annotations

import pytest

from campusctl.diff import plan_remediation

# Lines IOS leaves out of "show running-config" because they are defaults,
# and an SNMP community the device masks.
NAP09_INTENDED = """\
logging on
logging facility local7
logging trap informational
snmp-server community EXAMPLE-RO RO
end
"""
NAP09_RUNNING = """\
Building configuration...
!
snmp-server community ****** RO
end
"""


def test_ios_hidden_defaults_and_masked_community() -> None:
    first = plan_remediation(NAP09_RUNNING, NAP09_INTENDED, "cisco_ios")
    assert first.empty
    # The same intended lines against a device that really differs.
    changed = plan_remediation(
        "logging trap warnings\nlogging facility local6\n", NAP09_INTENDED, "cisco_ios"
    )
    assert "logging trap informational" in changed.all_commands
    assert "logging facility local7" in changed.all_commands
    assert "snmp-server community EXAMPLE-RO RO" in changed.all_commands


def test_new_secret_line_keeps_intended_value() -> None:
    intended = "username teacher privilege 1 secret 9 $9$salt$hash\n"
    plan = plan_remediation("hostname SW\n", intended + "hostname SW\n", "cisco_ios")
    assert "username teacher privilege 1 secret 9 $9$salt$hash" in plan.all_commands
    assert not any("<secret>" in line for line in plan.all_commands)


def test_removed_community_negated_by_name() -> None:
    running = "hostname SW\nsnmp-server community OLD RO\n"
    plan = plan_remediation(running, "hostname SW\n", "cisco_ios")
    assert plan.all_commands == ("no snmp-server community OLD",)


def test_vrp_access_to_trunk_ordering() -> None:
    running = "interface GigabitEthernet0/0/1\n port link-type access\n port default vlan 10\n"
    intended = (
        "interface GigabitEthernet0/0/1\n"
        " port link-type trunk\n"
        " undo port trunk allow-pass vlan 1\n"
        " port trunk allow-pass vlan 10\n"
    )
    plan = plan_remediation(running, intended, "huawei")
    assert plan.all_commands == (
        "interface GigabitEthernet0/0/1",
        "  undo port default vlan",
        "  port link-type trunk",
        "  undo port trunk allow-pass vlan 1",
        "  port trunk allow-pass vlan 10",
        "  quit",
    )


def test_vrp_trunk_to_access_ordering() -> None:
    running = (
        "interface GigabitEthernet0/0/1\n port link-type trunk\n port trunk allow-pass vlan 10 20\n"
    )
    intended = "interface GigabitEthernet0/0/1\n port link-type access\n port default vlan 10\n"
    plan = plan_remediation(running, intended, "huawei")
    assert plan.all_commands == (
        "interface GigabitEthernet0/0/1",
        "  undo port trunk allow-pass vlan 10 20",
        "  port link-type access",
        "  port default vlan 10",
        "  quit",
    )


def test_vlans_created_before_ports_deleted_after() -> None:
    running = "vlan batch 10 40\n#\ninterface GigabitEthernet0/0/1\n port default vlan 40\n"
    intended = "vlan batch 10 50\n#\ninterface GigabitEthernet0/0/1\n port default vlan 50\n"
    plan = plan_remediation(running, intended, "huawei")
    assert plan.all_commands == (
        "vlan batch 50",
        "interface GigabitEthernet0/0/1",
        "  port default vlan 50",
        "  quit",
        "undo vlan batch 40",
    )


def test_vrp_reflowed_vlan_batch_is_equal() -> None:
    running = "vlan batch 10 to 12 20\n"
    intended = "vlan batch 10 11 12\nvlan batch 20\n"
    assert plan_remediation(running, intended, "huawei").empty


def test_vrp_long_allowed_list_split_at_ten_items() -> None:
    vlans = " ".join(str(v) for v in range(100, 160, 2))
    intended = (
        "interface XGigabitEthernet0/0/1\n port link-type trunk\n"
        f" port trunk allow-pass vlan {vlans}\n"
    )
    running = "interface XGigabitEthernet0/0/1\n port link-type trunk\n"
    plan = plan_remediation(running, intended, "huawei")
    allowed = [line for line in plan.all_commands if "allow-pass" in line]
    assert len(allowed) == 3
    for line in allowed:
        assert len(line.split(" vlan ", 1)[1].split()) <= 10


def test_cisco_long_allowed_list_in_add_chunks() -> None:
    vlans = ",".join(str(v) for v in range(100, 400, 3))
    intended = (
        f"interface Te1/1/1\n switchport mode trunk\n switchport trunk allowed vlan {vlans}\n"
    )
    plan = plan_remediation("interface Te1/1/1\n switchport mode trunk\n", intended, "cisco_ios")
    allowed = [line.strip() for line in plan.all_commands if "allowed vlan" in line]
    assert allowed[0].startswith("switchport trunk allowed vlan 100,")
    assert all(line.startswith("switchport trunk allowed vlan add ") for line in allowed[1:])
    assert all(len(line) <= 80 for line in allowed)


def test_cisco_add_lines_compare_as_set() -> None:
    running = (
        "interface Gi1/0/48\n switchport mode trunk\n"
        " switchport trunk allowed vlan 10,20,30-32\n"
        " switchport trunk allowed vlan add 40,50-51\n"
    )
    intended = (
        "interface Gi1/0/48\n switchport mode trunk\n"
        " switchport trunk allowed vlan 10,20,30,31,32,40,50,51\n"
    )
    assert plan_remediation(running, intended, "cisco_ios").empty


PROTECTED_RUNNING = {
    "huawei": (
        "stack slot 0 priority 200\n#\n"
        "user-interface con 0\n authentication-mode password\n#\n"
        "rsa peer-public-key k1\n public-key-code begin\n 3082\n public-key-code end\n"
        " peer-public-key end\n"
    ),
    "hp_comware": (
        "irf member 1 priority 32\n#\n"
        "line class console\n user-role network-admin\n#\n"
        "license activation-file install flash:/lic.ak\n"
    ),
    "cisco_ios": (
        "switch 1 provision c9300-48p\n!\n"
        "line con 0\n exec-timeout 0 0\n!\n"
        "crypto pki trustpoint TP-self-signed-1\n enrollment selfsigned\n"
    ),
    "ruijie_os": "line console 0\n exec-timeout 0 0\n",
}


@pytest.mark.parametrize("platform", sorted(PROTECTED_RUNNING))
def test_replace_never_negates_protected_sections(platform: str) -> None:
    assert plan_remediation(PROTECTED_RUNNING[platform], "", platform).empty


def test_physical_interface_is_cleared_not_deleted() -> None:
    running = "interface GigabitEthernet1/0/5\n description old\n switchport access vlan 10\n"
    plan = plan_remediation(running, "", "cisco_ios")
    assert plan.all_commands == (
        "interface GigabitEthernet1/0/5",
        "  no switchport access vlan",
        "  no description",
        "  exit",
    )


def test_logical_interface_is_deleted() -> None:
    plan = plan_remediation(
        "interface Vlan30\n ip address 198.18.30.1 255.255.255.0\n", "", "cisco_ios"
    )
    assert plan.all_commands == ("no interface Vlan30",)


def test_management_changes_go_last() -> None:
    running = "interface Vlan99\n ip address 198.18.99.2 255.255.255.0\nhostname OLD\n"
    intended = (
        "interface Vlan99\n ip address 198.18.99.3 255.255.255.0\nhostname NEW\n"
        "ip access-list standard VTY\n permit 198.18.0.0 0.0.255.255\n"
    )
    plan = plan_remediation(
        running, intended, "cisco_ios", management_vlan=99, management_acls=["VTY"]
    )
    assert plan.commands == ("hostname NEW",)
    assert plan.management_commands[0] == "interface Vlan99"
    assert "ip access-list standard VTY" in plan.management_commands


def test_user_removal_sends_one_undo() -> None:
    running = (
        "aaa\n local-user old password irreversible-cipher $1a$x$\n"
        " local-user old privilege level 3\n local-user old service-type ssh\n"
    )
    plan = plan_remediation(running, "aaa\n", "huawei")
    assert plan.all_commands == ("aaa", "  undo local-user old", "  quit")


def test_banner_delimiter_does_not_matter() -> None:
    running = "banner motd ^C\nSame text.\n^C\n"
    intended = "banner motd %\nSame text.\n%\n"
    assert plan_remediation(running, intended, "cisco_ios").empty


def test_banner_change_replaces_in_one_block() -> None:
    plan = plan_remediation(
        "banner motd ^C\nOld.\n^C\n", "banner motd ^\nNew text, 100% managed.\n^\n", "cisco_ios"
    )
    assert plan.all_commands == ("banner motd ^", "New text, 100% managed.", "^")


def test_comware_global_lines_with_leading_space() -> None:
    running = "#\n sysname SW\n#\n info-center loghost 198.18.0.20\n#\nreturn\n"
    intended = "#\n sysname SW\n#\n info-center loghost 198.18.0.21\n#\nreturn\n"
    plan = plan_remediation(running, intended, "hp_comware")
    assert plan.all_commands == (
        "undo info-center loghost 198.18.0.20",
        "info-center loghost 198.18.0.21",
    )


def test_vty_acl_found_without_being_named() -> None:
    running = (
        "acl number 2000\n rule 5 permit source 198.18.0.0 0.0.255.255\n#\n"
        "user-interface vty 0 4\n acl 2000 inbound\n"
    )
    intended = (
        "acl number 2000\n rule 5 permit source 198.18.0.0 0.0.15.255\n#\n"
        "user-interface vty 0 4\n acl 2000 inbound\n"
    )
    plan = plan_remediation(running, intended, "huawei")
    assert plan.commands == ()
    assert plan.management_commands[0] == "acl number 2000"


def test_management_svi_found_from_default_gateway() -> None:
    running = (
        "interface Vlan10\n ip address 198.18.10.1 255.255.255.0\n"
        "interface Vlan99\n ip address 198.18.99.13 255.255.255.0\n"
        "ip default-gateway 198.18.99.1\n"
    )
    intended = (
        "interface Vlan10\n ip address 198.18.10.2 255.255.255.0\n"
        "interface Vlan99\n ip address 198.18.99.14 255.255.255.0\n"
        "ip default-gateway 198.18.99.1\n"
    )
    plan = plan_remediation(running, intended, "cisco_ios")
    assert plan.commands[0] == "interface Vlan10"
    assert plan.management_commands[0] == "interface Vlan99"


def test_vrp_management_svi_with_prefix_length_mask() -> None:
    running = "interface Vlanif99\n ip address 198.18.99.11 24\n#\nip route-static 0.0.0.0 0 198.18.99.1\n"
    intended = "interface Vlanif99\n ip address 198.18.99.12 24\n#\nip route-static 0.0.0.0 0 198.18.99.1\n"
    plan = plan_remediation(running, intended, "huawei")
    assert plan.commands == ()
    assert plan.management_commands[0] == "interface Vlanif99"


DEVICE_OWNED_RUNNING = {
    "cisco_ios": (
        "boot-start-marker\nboot-end-marker\n!\nspanning-tree extend system-id\n"
        "interface Vlan1\n no ip address\n shutdown\n!\nip forward-protocol nd\n"
        "control-plane\n!\nredundancy\n"
    ),
    "hp_comware": "#\ndomain system\n#\ndomain default enable system\n#\nuser-group system\n#\n",
    "huawei": "ip vpn-instance __LOCAL_OAM_VPN__\n ipv4-family\n#\n",
    "ruijie_os": "install 0 S5750-48GT4XS-E\n!\nsysmac 00d0.f822.33aa\n",
}


@pytest.mark.parametrize("platform", sorted(DEVICE_OWNED_RUNNING))
def test_replace_keeps_device_owned_lines(platform: str) -> None:
    assert plan_remediation(DEVICE_OWNED_RUNNING[platform], "", platform).empty
