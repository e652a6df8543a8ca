"""A representative digital-campus configuration per platform, as config-mode lines.

The lines cover what a campus renderer pushes: management services on IPv4
and IPv6, AAA with hashed local users, RADIUS and TACACS, VLANs, trunk and
access ports, a link aggregation, SVIs with IPv4 and IPv6, DHCP snooping, ARP
and IP source checks, MAC limits, STP edge and BPDU protection, storm control,
IPv4 and IPv6 ACLs, NTP, syslog, SNMPv3, LLDP, a banner, VTY lines with an ACL,
idle timeout and login lockout, and (for controllers) WLAN, SSID, AP group and
security profiles. Tests check that each emulated platform accepts every line
without an error; the benchmark loads them as the devices' configurations.
Addresses are from 198.18.0.0/15 and 2001:db8::/32; the management ACLs also
permit 127.0.0.0/8 because lab clients connect from loopback (a production
ACL lists the automation hosts there instead).
"""

from __future__ import annotations

from campusctl.lab.devices import LabDevice


def _huawei(device: LabDevice) -> list[str]:
    ports = device.interfaces
    lines = [
        "system-view",
        f"sysname {device.name}",
        "clock timezone UTC+8 add 08:00:00",
        "vlan batch 10 20 30 100",
        "vlan 10",
        "name teaching",
        "quit",
        "vlan 20",
        "name office",
        "quit",
        "vlan 30",
        "name student-wifi",
        "quit",
        "ipv6",
        "dhcp enable",
        "dhcp snooping enable ipv4",
        "lldp enable",
        "stp mode rstp",
        "stp bpdu-protection",
        "radius-server template CAMPUS",
        "radius-server authentication 198.18.255.10 1812",
        "radius-server accounting 198.18.255.10 1813",
        "radius-server shared-key cipher %^%#Lab0Shared0Key%^%#",
        "quit",
        "hwtacacs enable",
        "hwtacacs-server template CAMPUS",
        "hwtacacs-server authentication 198.18.255.11",
        "hwtacacs-server authorization 198.18.255.11",
        "hwtacacs-server shared-key cipher %^%#Lab0Tacacs0Key%^%#",
        "quit",
        "acl number 2000",
        "rule 1 permit source 127.0.0.0 0.255.255.255",
        "rule 5 permit source 198.18.0.0 0.1.255.255",
        "rule 10 deny",
        "quit",
        "acl number 3001",
        "rule 5 deny udp destination-port eq 67",
        "rule 10 permit ip",
        "quit",
        "acl ipv6 number 2000",
        "rule 5 permit source 2001:DB8::/32",
        "quit",
        "aaa",
        "authentication-scheme ADMIN",
        "authentication-mode hwtacacs local",
        "quit",
        "domain campus",
        "authentication-scheme ADMIN",
        "hwtacacs-server CAMPUS",
        "radius-server CAMPUS",
        "quit",
        "local-user netadmin password irreversible-cipher $1a$Lab0HashOnly$",
        "local-user netadmin privilege level 15",
        "local-user netadmin service-type ssh",
        "local-aaa-user wrong-password retry-interval 5 retry-time 5 block-time 15",
        "quit",
        "interface Vlanif10",
        "ip address 198.18.10.1 255.255.255.0",
        "ipv6 enable",
        "ipv6 address 2001:DB8:10::1/64",
        "dhcp select relay",
        "dhcp relay server-ip 198.18.255.20",
        "quit",
        "interface Eth-Trunk1",
        "description uplink-lag",
        "port link-type trunk",
        "port trunk allow-pass vlan 10 20 30 100",
        "mode lacp",
        "dhcp snooping trusted",
        "quit",
    ]
    for port in ports[:-2]:
        lines += [
            f"interface {port}",
            "description classroom-terminal",
            "port link-type access",
            "port default vlan 10",
            "stp edged-port enable",
            "dhcp snooping enable",
            "ip source check user-bind enable",
            "arp anti-attack check user-bind enable",
            "mac-limit maximum 4",
            "storm-control broadcast min-rate 100 max-rate 200",
            "storm-control action block",
            "quit",
        ]
    for port in ports[-2:]:
        lines += [f"interface {port}", "description uplink", "eth-trunk 1", "quit"]
    lines += [
        "ntp-service unicast-server 198.18.255.1",
        "ntp-service unicast-server ipv6 2001:DB8:FF::1",
        "info-center loghost 198.18.255.2",
        "info-center loghost ipv6 2001:DB8:FF::2",
        "snmp-agent",
        "snmp-agent sys-info version v3",
        "snmp-agent mib-view included CAMPUS iso",
        "snmp-agent group v3 NMS privacy read-view CAMPUS acl 2000",
        "snmp-agent usm-user v3 nms group NMS",
        "snmp-agent usm-user v3 nms authentication-mode sha2-256 cipher %^%#Lab0Auth%^%#",
        "snmp-agent usm-user v3 nms privacy-mode aes128 cipher %^%#Lab0Priv%^%#",
        "stelnet server enable",
        "stelnet ipv6 server enable",
        "ssh server acl 2000",
        "ssh ipv6 server acl 2000",
        "ssh user netadmin authentication-type password",
        "ssh user netadmin service-type stelnet",
        "http secure-server enable",
        'header login information "Authorised staff only. Managed by campusctl."',
        "user-interface vty 0 4",
        "authentication-mode aaa",
        "protocol inbound ssh",
        "acl 2000 inbound",
        "acl ipv6 2000 inbound",
        "idle-timeout 10 0",
        "quit",
    ]
    if device.role == "wlc":
        lines += [
            "capwap source interface Vlanif100",
            "wlan",
            "security-profile name CAMPUS-SEC",
            "security wpa2 dot1x aes",
            "quit",
            "ssid-profile name CAMPUS-SSID",
            "ssid Campus-Teaching",
            "quit",
            "vap-profile name CAMPUS-VAP",
            "forward-mode tunnel",
            "service-vlan vlan-id 30",
            "ssid-profile CAMPUS-SSID",
            "security-profile CAMPUS-SEC",
            "quit",
            "regulatory-domain-profile name CN",
            "country-code CN",
            "quit",
            "ap-group name TEACHING",
            "regulatory-domain-profile CN",
            "vap-profile CAMPUS-VAP wlan 1 radio all",
            "quit",
            "quit",
        ]
    return [*lines, "return"]


def _comware(device: LabDevice) -> list[str]:
    ports = device.interfaces
    lines = [
        "system-view",
        f"sysname {device.name}",
        "clock timezone UTC+8 add 08:00:00",
        "clock protocol ntp",
        "vlan 10",
        "name teaching",
        "quit",
        "vlan 20",
        "name office",
        "quit",
        "vlan 30",
        "name student-wifi",
        "quit",
        "dhcp enable",
        "dhcp snooping enable",
        "lldp global enable",
        "stp global enable",
        "stp mode rstp",
        "stp bpdu-protection",
        "password-control enable",
        "password-control login-attempt 5 exceed lock-time 15",
        "radius scheme CAMPUS",
        "primary authentication 198.18.255.10",
        "primary accounting 198.18.255.10",
        "key authentication cipher $c$3$Lab0Shared0Key",
        "quit",
        "hwtacacs scheme CAMPUS",
        "primary authentication 198.18.255.11",
        "primary authorization 198.18.255.11",
        "key authentication cipher $c$3$Lab0Tacacs0Key",
        "quit",
        "domain campus",
        "authentication login hwtacacs-scheme CAMPUS local",
        "authorization login hwtacacs-scheme CAMPUS local",
        "quit",
        "acl basic 2000",
        "rule 1 permit source 127.0.0.0 0.255.255.255",
        "rule 5 permit source 198.18.0.0 0.1.255.255",
        "rule 10 deny",
        "quit",
        "acl ipv6 basic 2000",
        "rule 5 permit source 2001:DB8::/32",
        "quit",
        "interface Vlan-interface10",
        "ip address 198.18.10.1 255.255.255.0",
        "ipv6 address 2001:DB8:10::1/64",
        "dhcp select relay",
        "dhcp relay server-address 198.18.255.20",
        "quit",
        "interface Bridge-Aggregation1",
        "description uplink-lag",
        "port link-type trunk",
        "port trunk permit vlan 10 20 30 100",
        "link-aggregation mode dynamic",
        "quit",
    ]
    for port in ports[:-2]:
        lines += [
            f"interface {port}",
            "description classroom-terminal",
            "port access vlan 10",
            "stp edged-port",
            "ip verify source ip-address mac-address",
            "mac-address max-mac-count 4",
            "broadcast-suppression pps 200",
            "quit",
        ]
    for port in ports[-2:]:
        lines += [
            f"interface {port}",
            "description uplink",
            "port link-type trunk",
            "port trunk permit vlan 10 20 30 100",
            "dhcp snooping trust",
            "port link-aggregation group 1",
            "quit",
        ]
    lines += [
        "ntp-service enable",
        "ntp-service unicast-server 198.18.255.1",
        "ntp-service ipv6 unicast-server 2001:DB8:FF::1",
        "info-center loghost 198.18.255.2",
        "info-center loghost ipv6 2001:DB8:FF::2",
        "snmp-agent",
        "snmp-agent sys-info version v3",
        "snmp-agent mib-view included CAMPUS iso",
        "snmp-agent group v3 NMS privacy read-view CAMPUS acl 2000",
        "snmp-agent usm-user v3 nms NMS simple authentication-mode sha Lab0Auth privacy-mode "
        "aes128 Lab0Priv",
        "ssh server enable",
        "ssh server acl 2000",
        "ssh server ipv6 acl 2000",
        "ip https enable",
        "local-user netadmin class manage",
        "password hash $h$6$Lab0HashOnly",
        "service-type ssh",
        "authorization-attribute user-role network-admin",
        "quit",
        "line vty 0 63",
        "authentication-mode scheme",
        "protocol inbound ssh",
        "acl 2000 inbound",
        "acl ipv6 2000 inbound",
        "idle-timeout 10 0",
        "quit",
    ]
    if device.role == "wlc":
        lines += [
            "wlan service-template CAMPUS",
            "ssid Campus-Teaching",
            "vlan 30",
            "akm mode dot1x",
            "cipher-suite ccmp",
            "security-ie rsn",
            "client-security authentication-mode dot1x",
            "dot1x domain campus",
            "service-template enable",
            "quit",
            "wlan ap-group TEACHING",
            "description teaching-building",
            "quit",
        ]
    return [*lines, "return"]


def _cisco(device: LabDevice) -> list[str]:
    ports = device.interfaces
    ruijie = device.platform == "ruijie_rgos"
    svi = "VLAN 10" if ruijie else "Vlan10"
    lag = "AggregatePort 1" if ruijie else "Port-channel1"
    lines = [
        "configure terminal",
        f"hostname {device.name}",
        "service password-encryption",
        "vlan 10",
        "name teaching",
        "exit",
        "vlan 20",
        "name office",
        "exit",
        "vlan 30",
        "name student-wifi",
        "exit",
        "ip dhcp snooping",
        "ip dhcp snooping vlan 10,20,30",
        "spanning-tree mode rapid-pvst",
        "spanning-tree portfast bpduguard default",
        "aaa new-model",
        "aaa authentication login default group tacacs+ local",
        "aaa authorization exec default group tacacs+ local",
        "username netadmin privilege 15 secret 9 $9$Lab0HashOnly",
        "login block-for 900 attempts 5 within 120",
        "ip access-list standard MGMT",
        "permit 127.0.0.0 0.255.255.255",
        "permit 198.18.0.0 0.1.255.255",
        "deny any",
        "exit",
        "ipv6 access-list MGMT6",
        "permit ipv6 2001:DB8::/32 any",
        "exit",
        f"interface {svi}",
        "ip address 198.18.10.1 255.255.255.0",
        "ipv6 address 2001:DB8:10::1/64",
        "ip helper-address 198.18.255.20",
        "exit",
        f"interface {lag}",
        "description uplink-lag",
        "switchport mode trunk",
        "switchport trunk allowed vlan 10,20,30,100",
        "exit",
    ]
    for port in ports[:-2]:
        lines += [
            f"interface {port}",
            "description classroom-terminal",
            "switchport mode access",
            "switchport access vlan 10",
            "spanning-tree portfast",
            "switchport port-security",
            "switchport port-security maximum 4",
            "ip verify source",
            "storm-control broadcast level 1.00",
            "exit",
        ]
    group = "port-group 1 mode active" if ruijie else "channel-group 1 mode active"
    for port in ports[-2:]:
        lines += [
            f"interface {port}",
            "description uplink",
            "switchport mode trunk",
            "ip dhcp snooping trust",
            group,
            "exit",
        ]
    lines += [
        "ntp server 198.18.255.1",
        "logging host 198.18.255.2",
        "snmp-server view CAMPUS iso included",
        "snmp-server group NMS v3 priv read CAMPUS access MGMT",
        "snmp-server location Guangdong",
        "banner motd ^",
        "Authorised staff only. Managed by campusctl.",
        "^",
        "line vty 0 4",
        "login local",
        "transport input ssh",
        "access-class MGMT in",
        "ipv6 access-class MGMT6 in",
        "exec-timeout 10 0",
        "exit",
    ]
    if ruijie:
        lines += [
            "enable service ssh-server",
            "radius-server host 198.18.255.10",
            "tacacs-server host 198.18.255.11",
            "lldp enable",
        ]
        if device.role == "wlc":
            lines += [
                "wlan-config 1 Campus-Teaching",
                "tunnel local",
                "exit",
                "wlan-sec 1",
                "security rsn enable",
                "security rsn ciphers aes enable",
                "security rsn akm 802.1x enable",
                "exit",
                "ap-group TEACHING",
                "interface-mapping 1 30",
                "exit",
            ]
    else:
        lines += [
            "ip ssh version 2",
            "ip http secure-server",
            "lldp run",
            "radius server CAMPUS",
            "address ipv4 198.18.255.10 auth-port 1812 acct-port 1813",
            "key 7 Lab0Shared0Key",
            "exit",
            "tacacs server CAMPUS",
            "address ipv4 198.18.255.11",
            "key 7 Lab0Tacacs0Key",
            "exit",
        ]
        if device.role == "wlc":
            lines += [
                "wlan Campus-Teaching 1 Campus-Teaching",
                "security dot1x authentication-list default",
                "no shutdown",
                "exit",
                "wireless profile policy TEACHING",
                "vlan 30",
                "no shutdown",
                "exit",
                "wireless tag policy TEACHING",
                "wlan Campus-Teaching policy TEACHING",
                "exit",
            ]
    return [*lines, "end"]


def campus_config(device: LabDevice) -> list[str]:
    """Return the config-mode lines of a full campus configuration for ``device``."""
    if device.platform == "huawei_vrp":
        return _huawei(device)
    if device.platform == "h3c_comware":
        return _comware(device)
    return _cisco(device)
