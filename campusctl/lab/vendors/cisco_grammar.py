"""Config grammar of Cisco IOS/IOS-XE and Ruijie RGOS, one line per command form.

Sources: Cisco Catalyst 9200/2960-X IOS-XE 17 and Ruijie S2910/S5750 RGOS 11
configuration guides. RGOS is close to IOS; its own forms are in the RGOS
tables. Forms not listed get ``% Invalid input detected``.
"""

from __future__ import annotations

GLOBAL = [
    "hostname | <word>",
    "clock timezone | <word> <text>",
    "vlan <vlan> => vlan",
    "interface <if> => interface",
    "line vty <int> [<int>] => line",
    "line console <int> => line",
    "username <word> | [privilege <0-15>] {secret|password} <text>",
    "enable secret | <text>",
    "service password-encryption",
    "aaa new-model",
    "aaa authentication login <word> | <text>",
    "aaa authorization exec <word> | <text>",
    "aaa accounting exec <word> | <text>",
    "aaa group server radius <word> => aaa-group",
    "aaa group server tacacs+ <word> => aaa-group",
    "radius server <word> => radius",
    "tacacs server <word> => tacacs",
    "ip domain name | <word>",
    "ip domain-name | <word>",
    "ip domain lookup",
    "ip domain-lookup",
    "ip ssh version | <int>",
    "ip ssh time-out | <int>",
    "ip ssh authentication-retries | <int>",
    "ip ssh source-interface | <if>",
    "ip http server",
    "ip http secure-server",
    "ip access-list standard <word> => acl-std",
    "ip access-list extended <word> => acl-ext",
    "ipv6 access-list <word> => acl6",
    "access-list <1-99> {permit|deny} <text>",
    "ip dhcp snooping",
    "ip dhcp snooping vlan | <text>",
    "ip arp inspection vlan | <text>",
    "ipv6 unicast-routing",
    "ip routing",
    "lldp run",
    "spanning-tree mode | {pvst|rapid-pvst|mst}",
    "spanning-tree portfast default",
    "spanning-tree extend system-id",
    "ip default-gateway | <ipv4>",
    "ip dhcp snooping information option",
    "ipv6 dhcp guard policy <word> => dhcp-guard",
    "ipv6 nd raguard policy <word> => ra-guard",
    "spanning-tree portfast bpduguard default",
    "spanning-tree portfast edge default",
    "spanning-tree portfast edge bpduguard default",
    "ntp server <ip> | [<text>]",
    "ntp server ipv6 <ipv6> | [<text>]",
    "ntp source | <if>",
    "logging host <ip> | [<text>]",
    "logging host ipv6 <ipv6> | [<text>]",
    "logging source-interface | <if>",
    "logging trap | <word>",
    "snmp-server view <word> <word> | <word>",
    "snmp-server group <word> v3 | <text>",
    "snmp-server user <word> <word> v3 | <text>",
    "snmp-server host <ip> | <text>",
    "snmp-server location | <text>",
    "snmp-server contact | <text>",
    "snmp-server enable traps [<text>]",
    "login block-for | <int> attempts <int> within <int>",
    "login on-failure log",
    "login on-success log",
    "ip route <ipv4> <mask> <text>",
    "ipv6 route <ipv6pfx> <text>",
    "archive => archive",
    "file prompt quiet",
    "ip scp server enable",
    "service timestamps <text>",
    "wlan <word> <int> <text> => wlan",
    "wireless profile policy <word> => wireless-policy",
    "wireless tag policy <word> => wireless-tag",
    "errdisable recovery cause | <word>",
]

INTERFACE = [
    "ipv6 nd ra suppress [all]",
    "ipv6 dhcp guard attach-policy | <word>",
    "ipv6 nd raguard attach-policy | <word>",
    "description | <text>",
    "shutdown",
    "switchport",
    "switchport mode | {access|trunk}",
    "switchport access vlan | <vlan>",
    "switchport trunk allowed vlan | <text>",
    "switchport trunk native vlan | <vlan>",
    "switchport nonegotiate",
    "switchport port-security",
    "switchport port-security maximum | <int>",
    "switchport port-security violation | {protect|restrict|shutdown}",
    "channel-group | <int> mode {active|passive|on}",
    "ip address | <ipv4> <mask>",
    "ip address <ipv4> <mask> secondary",
    "ipv6 address <ipv6pfx> [eui-64]",
    "ipv6 enable",
    "ip helper-address <ipv4>",
    "ipv6 dhcp relay destination <ipv6>",
    "ip dhcp snooping trust",
    "ip dhcp snooping limit rate | <int>",
    "ip verify source [port-security]",
    "ip arp inspection trust",
    "spanning-tree portfast [edge] [trunk]",
    "spanning-tree bpduguard | {enable|disable}",
    "spanning-tree guard | {root|loop|none}",
    "storm-control {broadcast|multicast|unicast} level | <text>",
    "storm-control action | {shutdown|trap}",
    "lldp transmit",
    "lldp receive",
    "ip access-group <word> | {in|out}",
    "ipv6 traffic-filter <word> | {in|out}",
    "speed | <word>",
    "duplex | {full|half|auto}",
    "mtu | <int>",
    "power inline | <word>",
]

VLAN = ["name | <text>"]

LINE = [
    "login local",
    "login authentication | <word>",
    "transport input | <text>",
    "transport output | <text>",
    "access-class <word> | in",
    "ipv6 access-class <word> | in",
    "exec-timeout | <int> [<int>]",
    "privilege level | <0-15>",
    "length | <int>",
    "logging synchronous",
    "password | <text>",
]

ACL_STANDARD = [
    "[<int>] {permit|deny} {any|host <ipv4>|<ipv4> [<wildcard>]} [log]",
    "remark <text>",
]

ACL_EXTENDED = ["[<int>] {permit|deny} <text>", "remark <text>"]

ACL6 = ["[sequence <int>] {permit|deny} <text>", "remark <text>"]

# IPv6 first-hop security policies (IOS 15.2(4)E and later).
DHCP_GUARD = ["device-role | {client|server|monitor}"]

RA_GUARD = ["device-role | {host|router|monitor|switch}"]

AAA_GROUP = [
    "server name <word>",
    "ip radius source-interface | <if>",
    "ip tacacs source-interface | <if>",
]

RADIUS = [
    "address {ipv4|ipv6} | <ip> [<text>]",
    "key | <text>",
    "timeout | <int>",
    "retransmit | <int>",
]

TACACS = ["address {ipv4|ipv6} | <ip>", "key | <text>", "timeout | <int>"]

ARCHIVE = ["path | <word>", "maximum | <int>", "write-memory", "time-period | <int>"]

WLAN = [
    "security wpa psk set-key ascii | <int> <text>",
    "security wpa akm {psk|dot1x}",
    "no security wpa akm dot1x",
    "security wpa wpa2 ciphers aes",
    "security dot1x authentication-list | <word>",
    "broadcast-ssid",
    "shutdown",
]

WIRELESS_POLICY = ["vlan | <word>", "central switching", "shutdown"]

WIRELESS_TAG = ["wlan <word> policy | <word>"]

TABLES: dict[str, list[str]] = {
    "config": GLOBAL,
    "interface": INTERFACE,
    "vlan": VLAN,
    "line": LINE,
    "acl-std": ACL_STANDARD,
    "acl-ext": ACL_EXTENDED,
    "acl6": ACL6,
    "aaa-group": AAA_GROUP,
    "radius": RADIUS,
    "tacacs": TACACS,
    "archive": ARCHIVE,
    "wlan": WLAN,
    "wireless-policy": WIRELESS_POLICY,
    "wireless-tag": WIRELESS_TAG,
    "dhcp-guard": DHCP_GUARD,
    "ra-guard": RA_GUARD,
}

RGOS_GLOBAL = [
    *[line for line in GLOBAL if not line.startswith(("ip ssh version", "lldp run"))],
    "enable service ssh-server",
    "enable service telnet-server",
    "enable service web-server",
    "lldp enable",
    "ip ssh version | <int>",
    "radius-server host <ip> | [<text>]",
    "radius-server key | <text>",
    "tacacs-server host <ip> | [<text>]",
    "tacacs-server key | <text>",
    "wlan-config <int> <word> [<text>] => rgos-wlan",
    "wlan-sec <int> => rgos-wlansec",
    "ap-group <word> => rgos-apgroup",
    "service dhcp",
    "spanning-tree",
    "spanning-tree mode | {stp|rstp|mstp}",
    "logging on",
    "logging server <ip> | [<text>]",
    "logging server ipv6 <ipv6> | [<text>]",
    "aaa local authentication attempts | <int>",
    "aaa local authentication lockout-time | <int>",
    "ftp-server enable",
    "snmp-server ip access-list | <word>",
    "snmp-server ipv6 access-list | <word>",
    "ipv6 dhcp snooping",
]

RGOS_INTERFACE = [
    *INTERFACE,
    "port-group | <int> [mode {active|passive}]",
    "ip source-guard enable",
    "arp-check",
    "spanning-tree bpduguard enable",
    "ipv6 dhcp snooping trust",
    "ipv6 nd raguard",
    "ipv6 nd suppress-ra",
]

TABLES_RGOS: dict[str, list[str]] = {
    **TABLES,
    "config": RGOS_GLOBAL,
    "interface": RGOS_INTERFACE,
    "rgos-wlan": ["tunnel local", "ssid-code | <word>", "band-select enable"],
    "rgos-wlansec": [
        "security rsn enable",
        "security rsn ciphers aes enable",
        "security rsn akm psk enable",
        "security rsn akm 802.1x enable",
        "security rsn akm psk set-key ascii | <text>",
    ],
    "rgos-apgroup": ["interface-mapping <int> <vlan> | [<text>]"],
    "acl6": [*ACL6, "<int> {permit|deny} <text>"],
}

EXEC = [
    "enable [<0-15>]",
    "disable",
    "terminal length <int>",
    "terminal width <int>",
    "terminal no monitor",
    "configure terminal",
    "configure replace <word> [force] [time <int>]",
    "configure confirm",
    "show version",
    "show running-config",
    "show running-config interface <if>",
    "show startup-config",
    "show interfaces",
    "show interfaces <if>",
    "show interfaces status",
    "show interfaces description",
    "show ip interface",
    "show ip interface brief",
    "show ipv6 interface",
    "show ipv6 interface brief",
    "show vlan",
    "show vlan brief",
    "show lldp neighbors",
    "show lldp neighbors detail",
    "show lldp neighbors <if> detail",
    "show mac address-table",
    "show mac-address-table",
    "show arp",
    "show ip arp",
    "show inventory",
    "show privilege",
    "show hosts",
    "show clock",
    "show processes cpu",
    "show memory statistics",
    "show environment temperature status",
    "show archive",
    "show archive config incremental-diffs <word> [ignorecase]",
    "show archive config differences [<word>] [<word>]",
    "dir [<word>]",
    "verify /md5 <word>",
    "write [memory]",
    "copy running-config startup-config",
    "copy <word> running-config",
    "copy running-config <word>",
    "delete [/force] <word>",
    "archive config",
    "exit",
    "end",
    "do <text>",
]

RGOS_EXEC = [*EXEC, "reload in <int>", "reload cancel"]
