"""Config grammar of Huawei VRP campus switches and ACs, one line per command form.

Sources: Huawei S-series (V200R019/V200R022) and CloudEngine (V200R021)
command references. Only the forms a campus configuration uses are listed;
any other command gets the device's "Unrecognized command" error.
"""

from __future__ import annotations

SYSTEM = [
    "sysname | <word>",
    "clock timezone | <word> {add|minus} <text>",
    "vlan batch | <text> +",
    "vlan <vlan> => vlan",
    "interface <if> => interface",
    "aaa => aaa",
    "user-interface vty <int> <int> => ui",
    "user-interface {console|con} <int> => ui",
    "user-interface maximum-vty | <int>",
    "acl [number] <2000-2999> => acl-basic",
    "acl [number] <3000-3999> => acl-adv",
    "acl name <word> [{basic|advance}] => acl-adv",
    "acl ipv6 [number] <2000-2999> => acl6-basic",
    "acl ipv6 [number] <3000-3999> => acl6-adv",
    "stelnet server enable",
    "ftp server enable",
    "ftp ipv6 server enable",
    "ssh server compatible-ssh1x enable",
    "ssh server authentication-retries | <int>",
    "nd snooping enable",
    "scp server enable",
    "scp ipv4 server enable",
    "stelnet ipv4 server enable",
    "stelnet ipv6 server enable",
    "ssh user <word> authentication-type | {password|rsa|all|dsa|ecc}",
    "ssh user <word> service-type | {stelnet|all|sftp|snetconf}",
    "ssh server acl | <2000-3999>",
    "ssh ipv6 server acl | <2000-3999>",
    "ssh server cipher | <text>",
    "ssh server hmac | <text>",
    "ssh server key-exchange | <text>",
    "ssh server port | <int>",
    "ssh server-source all-interface",
    "ssh server-source -i | <if>",
    "ssh authentication-type default password",
    "telnet server enable",
    "telnet ipv6 server enable",
    "telnet server-source all-interface",
    "http server enable",
    "http secure-server enable",
    "http server permit interface | <if>",
    "ipv6",
    "dhcp enable",
    "dhcp snooping enable [ipv4|ipv6]",
    "dhcp server group <word> => dhcp-group",
    "lldp enable",
    "stp enable",
    "stp mode | {stp|rstp|mstp}",
    "stp bpdu-protection",
    "stp root | {primary|secondary}",
    "stp priority | <int>",
    "stp edged-port default",
    "ntp-service enable",
    "ntp-service disable",
    "ntp-service ipv6 disable",
    "ntp-service unicast-server <ipv4> | [source-interface <if>] [preference]",
    "ntp-service unicast-server ipv6 <ipv6> | [source-interface <if>] [preference]",
    "ntp-service ipv6 unicast-server <ipv6> | [source-interface <if>] [preference]",
    "ntp-service source-interface | <if>",
    "info-center enable",
    "info-center loghost <ipv4> | [<text>]",
    "info-center loghost ipv6 <ipv6> | [<text>]",
    "info-center loghost source | <if>",
    "info-center source <word> channel <word> | <text>",
    "info-center timestamp {debugging|log|trap} | <text>",
    "snmp-agent",
    "snmp-agent sys-info version | <text>",
    "snmp-agent sys-info location | <text>",
    "snmp-agent sys-info contact | <text>",
    "snmp-agent mib-view included <word> | <word>",
    "snmp-agent group v3 <word> | {privacy|authentication|noauthentication} [<text>]",
    "snmp-agent usm-user v3 <word> group | <word>",
    "snmp-agent usm-user v3 <word> authentication-mode | <text>",
    "snmp-agent usm-user v3 <word> privacy-mode | <text>",
    "snmp-agent usm-user v3 <word> acl | <int>",
    "snmp-agent usm-user v3 <word> | <text>",
    "snmp-agent target-host <text>",
    "snmp-agent trap enable",
    "snmp-agent trap source | <if>",
    "snmp-agent protocol source-interface | <if>",
    "snmp-agent acl | <int>",
    "radius-server template <word> => radius",
    "hwtacacs enable",
    "hwtacacs-server template <word> => hwtacacs",
    "arp anti-attack <text>",
    "arp speed-limit source-ip | <text>",
    "header {login|shell} information | <text>",
    "ip route-static <ipv4> <mask> <text>",
    "ipv6 route-static <ipv6> <int> <text>",
    "storm-control <text>",
    "port-group <word> => port-group",
    "authentication-profile name <word> => authen-profile",
    "dot1x-access-profile name <word> => dot1x-profile",
    "dot1x enable",
    "wlan => wlan",
    "mac-access-profile name <word> => mac-profile",
    "url-template name <word> => url-template",
    "web-auth-server <word> => web-auth-server",
    "portal-access-profile name <word> => portal-profile",
    "capwap source interface | <if>",
    "capwap source ipv6 interface | <if>",
    "ip pool <word> => ip-pool",
    "set save-configuration | <text>",
    "lldp management-address | <ipv4>",
]

INTERFACE = [
    "description | <text>",
    "shutdown",
    "port link-type | {access|trunk|hybrid}",
    "port default vlan | <vlan>",
    "port trunk allow-pass vlan | <text> +",
    "port trunk pvid vlan | <vlan>",
    "port hybrid tagged vlan | <text> +",
    "port hybrid untagged vlan | <text> +",
    "port hybrid pvid vlan | <vlan>",
    "eth-trunk | <int>",
    "mode | {lacp|lacp-static|manual}",
    "mode manual load-balance",
    "max active-linknumber | <int>",
    "ip address | <ipv4> <mask>",
    "ip address <ipv4> <mask> sub",
    "ipv6 enable",
    "ipv6 address <ipv6pfx> [eui-64]",
    "ipv6 address auto link-local",
    "ipv6 address <ipv6> link-local",
    "ipv6 address auto global",
    "ipv6 nd ra halt",
    "ipv6 nd autoconfig {managed-address-flag|other-flag}",
    "dhcp select | {relay|global|interface}",
    "dhcp relay server-ip <ipv4>",
    "dhcp relay server-select | <word>",
    "dhcpv6 relay destination <ipv6>",
    "dhcp snooping enable",
    "dhcp snooping trusted",
    "dhcp snooping check dhcp-chaddr enable",
    "dhcp snooping check dhcp-request enable",
    "ip source check user-bind enable",
    "ip source check user-bind check-item | <text>",
    "ipv6 source check user-bind enable",
    "arp anti-attack check user-bind enable",
    "arp anti-attack check user-bind alarm enable",
    "mac-limit maximum | <int> [alarm {enable|disable}]",
    "mac-limit action | {discard|forward}",
    "port-security enable",
    "port-security max-mac-num | <int>",
    "port-security protect-action | {protect|restrict|shutdown}",
    "port-security mac-address sticky",
    "stp edged-port | {enable|disable}",
    "stp root-protection",
    "stp bpdu-filter | {enable|disable}",
    "stp loop-protection",
    "stp disable",
    "storm-control broadcast min-rate | <int> max-rate <int>",
    "storm-control multicast min-rate | <int> max-rate <int>",
    "storm-control unicast min-rate | <int> max-rate <int>",
    "storm-control action | {block|error-down}",
    "storm-control enable | <text>",
    "broadcast-suppression | <text>",
    "multicast-suppression | <text>",
    "unicast-suppression | <text>",
    "lldp admin-status | {tx|rx|txrx|disable}",
    "traffic-filter inbound acl | <text>",
    "traffic-filter inbound ipv6 acl | <text>",
    "nd snooping trusted",
    "portswitch",
    "nd raguard role | {host|router|switch}",
    "traffic-filter outbound acl | <text>",
    "negotiation auto",
    "speed | <int>",
    "duplex | {full|half}",
    "jumboframe enable | <int>",
    "port-isolate enable [group <int>]",
    "loopback-detect enable",
    "poe enable",
    "poe priority | {critical|high|low}",
    "authentication-profile | <word>",
    "trust | <text>",
    "vrrp vrid <int> virtual-ip <ipv4>",
    "vrrp vrid <int> priority | <int>",
    "mtu | <int>",
    "ospf <text>",
    "pim sm",
    "igmp enable",
]

VLAN = ["name | <text>", "description | <text>", "dhcp snooping enable"]

AAA = [
    "authentication-scheme <word> => aaa-authen",
    "authorization-scheme <word> => aaa-author",
    "accounting-scheme <word> => aaa-acct",
    "recording-scheme <word> => aaa-recording",
    "cmd recording-scheme | <word>",
    "domain <word> => aaa-domain",
    "local-user <word> password irreversible-cipher | <text>",
    "local-user <word> password cipher | <text>",
    "local-user <word> privilege level | <0-15>",
    "local-user <word> service-type | <text>",
    "local-user <word> state | {active|block}",
    "local-user <word> idle-cut",
    "local-user <word> access-limit | <int>",
    "local-user wrong-password retry-interval | <int> retry-time <int> block-time <int>",
    "local-aaa-user password policy administrator => aaa-password-policy",
    "local-aaa-user wrong-password retry-interval | <int> retry-time <int> block-time <int>",
    "administrator user-lock retry-time | <text>",
]

AAA_RECORDING = ["recording-mode hwtacacs | <word>"]

AAA_SCHEME = [
    "authentication-mode | <text>",
    "authorization-mode | <text>",
    "accounting-mode | <text>",
    "accounting start-fail | <word>",
    "accounting realtime | <int>",
    "authentication-type radius chap access-type admin",
]

AAA_DOMAIN = [
    "authentication-scheme | <word>",
    "authorization-scheme | <word>",
    "accounting-scheme | <word>",
    "radius-server | <word>",
    "hwtacacs-server | <word>",
]

AAA_PASSWORD_POLICY = [
    "password history record number | <int>",
    "password expire | <int>",
    "password alert before-expire | <int>",
    "password alert original",
]

USER_INTERFACE = [
    "authentication-mode | {aaa|password|none}",
    "user privilege level | <0-15>",
    "protocol inbound | {ssh|telnet|all}",
    "acl | <2000-3999> {inbound|outbound}",
    "acl ipv6 | <2000-3999> {inbound|outbound}",
    "idle-timeout | <int> [<int>]",
    "screen-length | <int>",
    "history-command max-size | <int>",
    "set authentication password | <text>",
    "shell",
]

ACL_BASIC = [
    "rule <int> | {permit|deny} [source {<ipv4> <wildcard>|any}] [logging]",
    "description | <text>",
    "step | <int>",
]

ACL_ADVANCED = [
    "rule <int> | {permit|deny} <text>",
    "description | <text>",
    "step | <int>",
]

ACL6_BASIC = [
    "rule <int> | {permit|deny} [source {<ipv6pfx>|any}] [logging]",
    "description | <text>",
]

RADIUS = [
    "radius-server authentication <ip> <int> | [<text>]",
    "radius-server accounting <ip> <int> | [<text>]",
    "radius-server shared-key cipher | <text>",
    "radius-server retransmit | <int> [timeout <int>]",
    "radius-server timeout | <int>",
    "radius-server algorithm | {loading-share|master-backup}",
    "radius-server source interface | <if>",
    "radius-attribute <text>",
]

HWTACACS = [
    "hwtacacs-server authentication <ip> | [<text>]",
    "hwtacacs-server authorization <ip> | [<text>]",
    "hwtacacs-server accounting <ip> | [<text>]",
    "hwtacacs-server shared-key cipher | <text>",
    "hwtacacs-server source-ip | <ip>",
    "hwtacacs-server timeout | <int>",
]

DHCP_GROUP = ["dhcp-server <ipv4> | [<int>]", "gateway | <ipv4>"]

IP_POOL = [
    "gateway-list | <ipv4>",
    "network | <ipv4> mask <mask>",
    "excluded-ip-address <ipv4> [<ipv4>]",
    "dns-list | <text>",
    "lease day | <int> [<text>]",
    "option <int> | <text>",
]

PORT_GROUP = [*INTERFACE, "group-member <text>"]

AUTHEN_PROFILE = [
    "dot1x-access-profile | <word>",
    "mac-access-profile | <word>",
    "authentication-scheme | <word>",
    "radius-server | <word>",
    "access-domain | <word> [force]",
    "accounting-scheme | <word>",
    "portal-access-profile | <word>",
]

MAC_PROFILE: list[str] = []

URL_TEMPLATE = ["url | <text>"]

WEB_AUTH_SERVER = ["server-ip | <ip>", "url-template | <word>", "port | <int>"]

PORTAL_PROFILE = ["web-auth-server <word> | {direct|layer3}"]

DOT1X_PROFILE = ["dot1x authentication-method | <word>", "dot1x timer <text>"]

WLAN = [
    "security-profile name <word> => wlan-sec",
    "ssid-profile name <word> => wlan-ssid",
    "vap-profile name <word> => wlan-vap",
    "ap-group name <word> => wlan-ap-group",
    "regulatory-domain-profile name <word> => wlan-regulate-domain",
    "ap auth-mode | {mac-auth|sn-auth|no-auth}",
    "ap-id <int> [type-id <int>] [ap-mac <mac>] [ap-sn <word>] => wlan-ap",
    "traffic-profile name <word> => wlan-traffic",
    "rrm-profile name <word> => wlan-rrm",
    "wids-profile name <word> => wlan-wids",
]

WLAN_SECURITY = [
    "security | <text>",
    "wpa3 transition | <text>",
    "pmf | <text>",
]

WLAN_SSID = [
    "ssid | <text>",
    "ssid-hide enable",
    "max-sta-number | <int>",
    "reach-max-sta hide-ssid disable",
]

WLAN_VAP = [
    "forward-mode | {direct-forward|tunnel}",
    "service-vlan vlan-id | <vlan>",
    "service-vlan vlan-pool | <word>",
    "ssid-profile | <word>",
    "security-profile | <word>",
    "authentication-profile | <word>",
    "traffic-profile | <word>",
    "user-isolate | <text>",
    "learn-client-address dhcp-strict",
    "ip source check user-bind enable",
    "arp anti-attack check user-bind enable",
    "anti-attack <text>",
    "band-steer disable",
]

WLAN_AP_GROUP = [
    "regulatory-domain-profile | <word>",
    "wids-profile | <word>",
    "vap-profile <word> wlan <int> | radio {0|1|2|all}",
    "radio <int> => wlan-radio",
]

WLAN_RADIO = [
    "channel | <text>",
    "eirp | <int>",
    "frequency | <text>",
    "rrm-profile | <word>",
    "wids device detect enable",
    "wids attack detect enable | <text>",
    "wids contain enable",
]

WLAN_WIDS = ["contain-mode | <text>"]

WLAN_REGULATE = ["country-code | <word>", "dca-channel <text>"]

WLAN_AP = ["ap-name | <word>", "ap-group | <word>", "ap-location | <text>"]

WLAN_TRAFFIC = ["user-isolate | {l2|all}", "rate-limit client {up|down} | <int>"]

WLAN_RRM = [
    "calibrate auto-channel-select | {enable|disable}",
    "calibrate auto-txpower-select | {enable|disable}",
]

TABLES: dict[str, list[str]] = {
    "system": SYSTEM,
    "interface": INTERFACE,
    "vlan": VLAN,
    "aaa": AAA,
    "aaa-authen": AAA_SCHEME,
    "aaa-author": AAA_SCHEME,
    "aaa-acct": AAA_SCHEME,
    "aaa-recording": AAA_RECORDING,
    "aaa-domain": AAA_DOMAIN,
    "aaa-password-policy": AAA_PASSWORD_POLICY,
    "ui": USER_INTERFACE,
    "acl-basic": ACL_BASIC,
    "acl-adv": ACL_ADVANCED,
    "acl6-basic": ACL6_BASIC,
    "acl6-adv": ACL_ADVANCED,
    "radius": RADIUS,
    "hwtacacs": HWTACACS,
    "dhcp-group": DHCP_GROUP,
    "ip-pool": IP_POOL,
    "port-group": PORT_GROUP,
    "authen-profile": AUTHEN_PROFILE,
    "dot1x-profile": DOT1X_PROFILE,
    "wlan": WLAN,
    "wlan-sec": WLAN_SECURITY,
    "wlan-ssid": WLAN_SSID,
    "wlan-vap": WLAN_VAP,
    "wlan-ap-group": WLAN_AP_GROUP,
    "wlan-radio": WLAN_RADIO,
    "wlan-regulate-domain": WLAN_REGULATE,
    "wlan-ap": WLAN_AP,
    "wlan-traffic": WLAN_TRAFFIC,
    "wlan-rrm": WLAN_RRM,
    "wlan-wids": WLAN_WIDS,
    "mac-profile": MAC_PROFILE,
    "url-template": URL_TEMPLATE,
    "web-auth-server": WEB_AUTH_SERVER,
    "portal-profile": PORTAL_PROFILE,
}

EXEC = [
    "schedule reboot delay <word>",
    "undo schedule reboot",
    "display schedule reboot",
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
    "display interface description",
    "display ip interface",
    "display ip interface brief",
    "display ipv6 interface",
    "display ipv6 interface brief",
    "display vlan",
    "display vlan <vlan>",
    "display lldp neighbor brief",
    "display lldp neighbor",
    "display lldp neighbor interface <if>",
    "display mac-address",
    "display arp",
    "display arp all",
    "display esn",
    "display device",
    "display clock",
    "display users",
    "display fan",
    "display power",
    "display temperature all",
    "display cpu-usage",
    "display memory-usage",
    "display configuration candidate",
    "display configuration commit list [verbose]",
    "display configuration changes",
    "dir [<word>]",
    "screen-length <int> temporary",
    "system-view",
    "save [<word>]",
    "quit",
    "return",
    "delete [/unreserved] [/quiet] <word>",
    "reset saved-configuration",
    "startup saved-configuration <word>",
    "rollback configuration to file <word>",
    "rollback configuration to commit-id <word>",
    "rollback configuration last <int>",
    "commit [comment <text>]",
    "commit trial [<60-65535>]",
    "abort trial",
    "clear configuration this",
]
