"""Config grammar of H3C Comware 7 switches and WX controllers, one line per form.

Sources: H3C S5130/S6520X and WX3500 Comware 7 command references. Forms
not listed get Comware's "Unrecognized command" error.
"""

from __future__ import annotations

SYSTEM = [
    "sysname | <word>",
    "clock timezone | <word> {add|minus} <text>",
    "clock protocol | {ntp|none}",
    "vlan <vlan> => vlan",
    "interface <if> => interface",
    "line vty <int> <int> => line",
    "line class vty => line",
    "line aux <int> => line-aux",
    "ftp server enable",
    "local-user <word> [class {manage|network}] => luser",
    "acl basic <2000-2999> => acl-basic",
    "acl number <2000-2999> => acl-basic",
    "acl advanced <3000-3999> => acl-adv",
    "acl ipv6 basic <2000-2999> => acl6-basic",
    "acl ipv6 advanced <3000-3999> => acl-adv",
    "ssh server enable",
    "scp server enable",
    "ssh server acl | <2000-3999>",
    "ssh server ipv6 acl | [ipv6] <2000-3999>",
    "ssh user <word> service-type | <text>",
    "ssh server authentication-retries | <int>",
    "telnet server enable",
    "ip http enable",
    "ip https enable",
    "dhcp enable",
    "dhcp snooping enable",
    "ipv6 dhcp snooping enable",
    "lldp global enable",
    "stp global enable",
    "stp mode | {stp|rstp|mstp|pvst}",
    "stp bpdu-protection",
    "stp instance <int> root | {primary|secondary}",
    "ntp-service enable",
    "ntp-service unicast-server <ipv4> | [<text>]",
    "ntp-service ipv6 unicast-server <ipv6> | [<text>]",
    "ntp-service source | <if>",
    "info-center enable",
    "info-center loghost <ipv4> | [<text>]",
    "info-center loghost ipv6 <ipv6> | [<text>]",
    "info-center loghost source | <if>",
    "info-center timestamp loghost | <text>",
    "snmp-agent",
    "snmp-agent sys-info contact | <text>",
    "snmp-agent sys-info location | <text>",
    "snmp-agent sys-info version | <text>",
    "snmp-agent group v3 <word> | <text>",
    "snmp-agent usm-user v3 <word> <word> | <text>",
    "snmp-agent mib-view included <word> | <word>",
    "snmp-agent target-host <text>",
    "snmp-agent trap enable [<text>]",
    "snmp-agent trap source | <if>",
    "radius scheme <word> => radius",
    "hwtacacs scheme <word> => hwtacacs",
    "domain [name] <word> => isp",
    "domain default enable | <word>",
    "password-control enable",
    "password-control login-attempt | <int> exceed {lock|lock-time|unlock} [<int>]",
    "password-control length | <int>",
    "password-control composition <text>",
    "ip route-static <text>",
    "ipv6 route-static <text>",
    "arp detection enable",
    "ip source binding <text>",
    "port-security enable",
    "mac-address max-mac-count | <int>",
    "wlan service-template <word> => wlan-st",
    "wlan ap-group <word> => wlan-apg",
    "wlan ap <word> [model <text>] => wlan-ap",
    "wlan global-configuration => wlan-global",
    "wlan band-navigation enable",
    "wlan auto-ap enable",
    "portal web-server <word> => portal-ws",
    "wips => wips",
    "irf mac-address persistent timer",
    "archive configuration location <word> filename-prefix | <word>",
    "archive configuration interval | <int>",
]

INTERFACE = [
    "description | <text>",
    "shutdown",
    "port link-mode | {bridge|route}",
    "port link-type | {access|trunk|hybrid}",
    "port access vlan | <vlan>",
    "port trunk permit vlan | <text> +",
    "port trunk pvid vlan | <vlan>",
    "port hybrid vlan <text>",
    "port link-aggregation group | <int>",
    "link-aggregation mode | {dynamic|static}",
    "ip address | <ipv4> <mask>",
    "ip address <ipv4> <mask> sub",
    "ipv6 address <ipv6pfx> [eui-64]",
    "ipv6 address auto link-local",
    "ipv6 address <ipv6> link-local",
    "ipv6 nd ra halt",
    "ipv6 nd raguard role | {host|router}",
    "dhcp select | {relay|server}",
    "dhcp relay server-address <ipv4>",
    "ipv6 dhcp select | {relay|server}",
    "ipv6 dhcp relay server-address <ipv6>",
    "dhcp snooping trust",
    "dhcp snooping binding record",
    "ipv6 dhcp snooping trust",
    "ip verify source <text>",
    "ipv6 verify source <text>",
    "arp detection trust",
    "mac-address max-mac-count | <int>",
    "port-security max-mac-count | <int>",
    "port-security port-mode | <word>",
    "stp edged-port",
    "stp root-protection",
    "stp loop-protection",
    "stp enable",
    "broadcast-suppression | <text>",
    "multicast-suppression | <text>",
    "unicast-suppression | <text>",
    "storm-constrain <text>",
    "lldp enable",
    "lldp admin-status | {tx|rx|txrx|disable}",
    "packet-filter <text>",
    "speed | <int>",
    "duplex | {full|half|auto}",
    "jumboframe enable | <int>",
    "poe enable",
    "port-isolate enable [group <int>]",
    "loopback-detection enable <text>",
    "loopback-detection action | <word>",
    "vrrp vrid <int> virtual-ip <ipv4>",
    "vrrp vrid <int> priority | <int>",
    "mtu | <int>",
    "qos trust | <word>",
]

VLAN = ["name | <text>", "description | <text>", "arp detection enable"]

LINE = [
    "authentication-mode | {scheme|password|none}",
    "user-role <word>",
    "protocol inbound | {ssh|telnet|all}",
    "acl | <2000-3999> inbound",
    "acl ipv6 | <2000-3999> inbound",
    "idle-timeout | <int> [<int>]",
    "screen-length | <int>",
    "history-command max-size | <int>",
    "set authentication password | <text>",
]

LOCAL_USER = [
    "password {hash|simple|cipher} | <text>",
    "service-type <word>",
    "service-type <text>",
    "authorization-attribute user-role <word>",
    "authorization-attribute idle-cut | <int>",
    "authorization-attribute vlan | <vlan>",
    "state | {active|block}",
]

ACL_BASIC = [
    "rule <int> | {permit|deny} [source {<ipv4> <wildcard>|any}] [logging]",
    "description | <text>",
    "step | <int>",
]

ACL_ADVANCED = ["rule <int> | {permit|deny} <text>", "description | <text>", "step | <int>"]

ACL6_BASIC = [
    "rule <int> | {permit|deny} [source {<ipv6pfx>|<ipv6> <int>|any}] [logging]",
    "description | <text>",
]

RADIUS = [
    "primary authentication <ip> | [<text>]",
    "primary accounting <ip> | [<text>]",
    "secondary authentication <ip> | [<text>]",
    "secondary accounting <ip> | [<text>]",
    "key {authentication|accounting} | <text>",
    "user-name-format | <word>",
    "nas-ip | <ip>",
    "timer response-timeout | <int>",
    "retry | <int>",
]

HWTACACS = [
    "primary {authentication|authorization|accounting} <ip> | [<text>]",
    "secondary {authentication|authorization|accounting} <ip> | [<text>]",
    "key {authentication|authorization|accounting} | <text>",
    "user-name-format | <word>",
    "nas-ip | <ip>",
]

ISP = [
    "authentication {login|lan-access|default|portal} | <text>",
    "authorization {login|lan-access|default|portal|command} | <text>",
    "accounting {login|lan-access|default|portal|command} | <text>",
    "state | {active|block}",
]

WLAN_SERVICE_TEMPLATE = [
    "ssid | <text>",
    "vlan | <vlan>",
    "akm mode | {psk|dot1x|private-psk}",
    "cipher-suite | {ccmp|tkip|gcmp}",
    "security-ie | {rsn|wpa|osen}",
    "preshared-key pass-phrase | <text>",
    "client forwarding-location | <text>",
    "client-security authentication-mode | <word>",
    "dot1x domain | <word>",
    "user-isolation enable",
    "service-template enable",
    "client max-count | <int>",
    "beacon ssid-hide",
    "mac-authentication domain | <word>",
    "portal enable method | <word>",
    "portal domain | <word>",
    "portal apply web-server | <word>",
    "client-rate-limit direction {inbound|outbound} | mode static cir <int>",
]

WLAN_AP_GROUP = [
    "ap <word>",
    "vlan-pool <text>",
    "description | <text>",
    "wips enable",
    "wips virtual-security-domain | <word>",
]

PORTAL_WEB_SERVER = ["url | <text>"]

WIPS = [
    "attack-detect-policy <word> => wips-adp",
    "countermeasure-policy <word> => wips-cmp",
    "virtual-security-domain <word> => wips-vsd",
]

WIPS_ATTACK_DETECT = ["flood <text>", "spoof <text>", "weak-iv-detect"]

WIPS_COUNTERMEASURE = ["countermeasure <text>"]

WIPS_DOMAIN = ["attack-detect-policy | <word>", "countermeasure-policy | <word>"]

WLAN_AP = [
    "serial-id | <word>",
    "mac-address | <mac>",
    "description | <text>",
    "radio <int> => wlan-radio",
]

WLAN_RADIO = [
    "service-template <word> | [vlan <vlan>]",
    "radio enable",
    "channel | <text>",
    "max-power | <int>",
]

WLAN_GLOBAL = ["region-code | <word>", "ap auto-persistent enable"]

TABLES: dict[str, list[str]] = {
    "system": SYSTEM,
    "interface": INTERFACE,
    "vlan": VLAN,
    "line": LINE,
    "line-aux": LINE,
    "luser": LOCAL_USER,
    "acl-basic": ACL_BASIC,
    "acl-adv": ACL_ADVANCED,
    "acl6-basic": ACL6_BASIC,
    "radius": RADIUS,
    "hwtacacs": HWTACACS,
    "isp": ISP,
    "wlan-st": WLAN_SERVICE_TEMPLATE,
    "wlan-apg": WLAN_AP_GROUP,
    "wlan-ap": WLAN_AP,
    "wlan-radio": WLAN_RADIO,
    "wlan-global": WLAN_GLOBAL,
    "portal-ws": PORTAL_WEB_SERVER,
    "wips": WIPS,
    "wips-adp": WIPS_ATTACK_DETECT,
    "wips-cmp": WIPS_COUNTERMEASURE,
    "wips-vsd": WIPS_DOMAIN,
}

EXEC = [
    "scheduler reboot delay <int>",
    "undo scheduler reboot",
    "display scheduler reboot",
    "display version",
    "display current-configuration",
    "display current-configuration configuration <word>",
    "display current-configuration interface [<if>]",
    "display saved-configuration",
    "display startup",
    "display this",
    "display interface",
    "display interface <if>",
    "display interface brief",
    "display ip interface",
    "display ip interface brief",
    "display ipv6 interface",
    "display ipv6 interface brief",
    "display vlan",
    "display vlan all",
    "display vlan brief",
    "display vlan <vlan>",
    "display lldp neighbor-information list",
    "display lldp neighbor-information verbose",
    "display lldp neighbor-information",
    "display mac-address",
    "display arp",
    "display device manuinfo",
    "display device",
    "display clock",
    "display cpu-usage summary",
    "display memory",
    "display power",
    "display fan",
    "display environment",
    "dir [<word>]",
    "screen-length disable",
    "system-view",
    "save [force] [<word>]",
    "quit",
    "return",
    "delete [/unreserved] <word>",
    "reset saved-configuration",
    "configuration replace file <word>",
    "rollback configuration to <word>",
    "archive configuration",
    "default",
    "super [<int>]",
]
