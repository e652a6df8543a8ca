"""Generate a synthetic Guangdong province: 21 cities, about 20,000 schools.

The type mix follows the 2023 Guangdong education statistics (about 10,700
primary schools of which about a fifth are central primaries, 4,600 teaching
points, 3,900 junior, 1,100 senior, 400 vocational schools and 160
universities). Rendered-device counts per type sit inside the sizing ranges
of the digital-campus requirements (one managed switch at a teaching point,
up to a few hundred switches at a university), chosen so the province has
about 180,000 rendered devices. Files are written as YAML text directly,
which is far faster than dumping models at this size.

IPv4 blocks come from 10.0.0.0/8, 172.16.0.0/12 and 100.64.0.0/10 because
the documentation range 198.18.0.0/15 holds too few /22 blocks for 20,000
schools; the synthetic files are for offline rendering only. IPv6 blocks are
/56s of 2001:db8::/32.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path

CITY_CODES = (
    "440100", "440200", "440300", "440400", "440500", "440600", "440700",
    "440800", "440900", "441200", "441300", "441400", "441500", "441600",
    "441700", "441800", "441900", "442000", "445100", "445200", "445300",
)  # fmt: skip
DISTRICTS_PER_CITY = 6
PLATFORMS = ("huawei_vrp", "h3c_comware", "ruijie_rgos", "cisco_ios")


@dataclass(frozen=True, slots=True)
class SchoolShape:
    """How many schools of a type there are and which devices each one has."""

    type: str
    count: int
    aggregation: int
    access: int
    wlc: int
    mlps_level: int


SCHOOL_MIX = (
    SchoolShape("teaching_point", 4600, 0, 0, 0, 2),
    SchoolShape("primary", 8560, 0, 2, 0, 2),
    SchoolShape("central_primary", 2140, 0, 5, 1, 2),
    SchoolShape("junior", 3900, 0, 8, 1, 2),
    SchoolShape("senior", 1100, 2, 30, 1, 3),
    SchoolShape("vocational", 400, 4, 50, 2, 3),
    SchoolShape("university", 160, 10, 200, 2, 3),
)


@dataclass(frozen=True, slots=True)
class Hardware:
    """The models and port names the generator uses on one platform."""

    os: str
    version: str
    core: str
    core_ports: str
    core_member_ports: str
    """Port names of the core model on any stack member (``{member}``, ``{port}``)."""
    core_port_count: int
    """Downlink-capable ports per core-model member."""
    core_first_member: int
    """Number of the first stack member in port names (0 on Huawei S-series)."""
    core_uplink: str
    access: str
    access_port: str
    access_ports: int
    access_uplink: str
    wlc: str
    wlc_uplink: str
    charset: str


HARDWARE = {
    "huawei_vrp": Hardware(
        "VRP5", "V200R021C10", "S6730-H24X6C", "XGigabitEthernet0/0/{}",
        "XGigabitEthernet{member}/0/{port}", 24, 0, "100GE0/0/1",
        "S5735-L48P4X-A1", "GigabitEthernet0/0/{}", 48, "XGigabitEthernet0/0/1",
        "AC6508", "XGigabitEthernet0/0/0", "utf-8",
    ),
    "h3c_comware": Hardware(
        "Comware7", "7.1.070 Release 6348P01", "S6520X-26XC-UI", "Ten-GigabitEthernet1/0/{}",
        "Ten-GigabitEthernet{member}/0/{port}", 24, 1,
        "HundredGigE1/0/25", "S5130S-52S-PWR-EI", "GigabitEthernet1/0/{}", 48,
        "Ten-GigabitEthernet1/0/49", "WX3510X", "Ten-GigabitEthernet1/0/9", "utf-8",
    ),
    "ruijie_rgos": Hardware(
        "RGOS", "11.4(1)B70P2", "RG-S5750-24SFP-8GT4XS-H", "GigabitEthernet 0/{}",
        "GigabitEthernet 0/{port}", 32, 0,
        "TenGigabitEthernet 0/33", "RG-S2910-24GT4XS-UP-H", "GigabitEthernet 0/{}", 24,
        "TenGigabitEthernet 0/25", "RG-WS6008", "TenGigabitEthernet 0/9", "gbk",
    ),
    "cisco_ios": Hardware(
        "IOS-XE", "17.9.4", "C9500-16X", "TenGigabitEthernet1/0/{}",
        "TenGigabitEthernet{member}/0/{port}", 16, 1, "TenGigabitEthernet1/0/16",
        "C9200L-48P-4X", "GigabitEthernet1/0/{}", 48, "TenGigabitEthernet1/1/1",
        "C9800-L-C-K9", "TenGigabitEthernet0/1/0", "utf-8",
    ),
}  # fmt: skip

# (id, name, zone, offset of the subnet inside the school's /22, prefix length, dhcp)
VLAN_PLAN = (
    (10, "MGMT", "management", 0, 24, "none"),
    (20, "TEACHING", "teaching", 256, 25, "relay"),
    (30, "OFFICE", "office", 384, 26, "relay"),
    (40, "LAB", "lab", 448, 26, "relay"),
    (50, "STUDENT-WIFI", "student_wifi", 512, 24, "relay"),
    (60, "GUEST", "guest", 768, 26, "relay"),
    (70, "CCTV", "surveillance", 832, 26, "relay"),
    (80, "CAMPUS-CARD", "campus_card", 896, 27, "relay"),
    (90, "IOT", "iot", 928, 27, "relay"),
    (100, "SERVERS", "servers", 960, 27, "none"),
)
UPLINK_OFFSET = 1020  # a /30 at the end of the /22, outside every VLAN
ACCESS_VLANS = (10, 20, 30, 40, 70, 80, 90)
IPV4_POOLS = (
    IPv4Network("10.0.0.0/8"),
    IPv4Network("172.16.0.0/12"),
    IPv4Network("100.64.0.0/10"),
)


def _blocks() -> Iterator[IPv4Network]:
    for pool in IPV4_POOLS:
        yield from pool.subnets(new_prefix=22)


def _province_text(districts: list[tuple[str, str]]) -> str:
    lines = [
        "# Synthetic province generated by campusctl.synth for benchmarks.",
        'province: {code: "44", name: 广东省, name_en: Guangdong}',
        "services:",
        '  ntp: [198.18.255.1, 198.18.255.2, "2001:db8:ffff::123"]',
        '  syslog: [198.18.255.11, "2001:db8:ffff::514"]',
        "  dns: [198.18.255.53]",
        "  radius: [{address: 198.18.255.21, secret: radius_shared_secret}]",
        "  tacacs: [{address: 198.18.255.49, auth_port: 49, acct_port: 49, secret: tacacs_shared_secret}]",
        "defaults:",
        "  aaa_mode: local",
        "  local_users: [{name: netadmin, role: admin, secret: device_admin_hash}]",
        "  snmp_users: [{name: campus-nms, auth_secret: snmp_auth_key, priv_secret: snmp_priv_key}]",
        '  management_acl: [198.18.250.0/24, "2001:db8:fffa::/48"]',
        "cities:",
    ]
    current = ""
    for city, district in districts:
        if city != current:
            lines.append(f'  - code: "{city}"')
            lines.append(f"    name: 市{city}")
            lines.append("    districts:")
            current = city
        mode = "tacacs" if district.endswith(("01", "02")) else "radius"
        lines.append(
            f'      - {{code: "{district}", name: 区{district}, defaults: {{aaa_mode: {mode}}}}}'
        )
    return "\n".join(lines) + "\n"


def _school_text(
    code: str, district: str, shape: SchoolShape, platform: str, v4: IPv4Network, v6: IPv6Network
) -> str:
    hw = HARDWARE[platform]
    base = int(v4.network_address)
    prefix = f"S{code}"
    out = [
        f"code: '{code}'",
        f"name: 学校{code}",
        f"type: {shape.type}",
        f"mlps_level: {shape.mlps_level}",
        f"district: '{district}'",
        f"prefixes: {{ipv4: {v4}, ipv6: '{v6}'}}",
        "vlans:",
    ]
    v6_base = int(v6.network_address)
    for vlan_id, name, zone, offset, length, dhcp in VLAN_PLAN:
        net = IPv4Network((base + offset, length))
        net6 = IPv6Network((v6_base + (vlan_id << 64), 64))
        out.append(
            f"- {{id: {vlan_id}, name: {name}, zone: {zone}, ipv4: {net}, ipv6: '{net6}', "
            f"gateway: {prefix}-CORE, dhcp: {dhcp}}}"
        )
    mgmt6 = v6_base + (10 << 64)
    uplink = IPv4Network((base + UPLINK_OFFSET, 30))
    host_index = [1]

    def mgmt() -> str:
        host_index[0] += 1
        index = host_index[0]
        return (
            f"management: {{vlan: 10, ipv4: {IPv4Network((base, 24))[index]}/24, "
            f"ipv6: '{IPv6Network((mgmt6, 64))[index]}/64'}}"
        )

    def device(name: str, role: str, model: str, members: int = 1) -> list[str]:
        lines = [
            f"- name: {name}",
            f"  role: {role}",
            f"  platform: {platform}",
            f"  os: {hw.os}",
            f"  os_version: '{hw.version}'",
            f"  model: {model}",
            f"  {mgmt()}",
            f"  charset: {hw.charset}",
        ]
        if members > 1:
            lines.append(f"  stack_members: {members}")
        return [*lines, "  ports:"]

    access_vlans = "[" + ", ".join(str(v) for v in ACCESS_VLANS) + "]"
    devices: list[str] = []
    links: list[str] = []
    out.append(
        f"uplinks: [{{provider: 中国电信, committed_mbps: 100, device: {prefix}-CORE, "
        f"port: {_uplink_port(shape, hw)}, ipv4: {uplink[2]}/30}}]"
    )
    if shape.access == 0:
        # A teaching point: one switch is gateway and access switch at once.
        devices += device(f"{prefix}-CORE", "core", hw.access)
        devices += _edge_ports(hw)
        devices.append(f"  - {{name: {hw.access_uplink}, profile: uplink}}")
    else:
        devices += device(f"{prefix}-CORE", "core", hw.core)
        parents: list[str] = []
        core_port = 1
        for n in range(1, shape.aggregation + 1):
            name = f"{prefix}-AGG-{n:02d}"
            parents.append(name)
            port = hw.core_ports.format(core_port)
            core_port += 1
            devices.append(f"  - {{name: {port}, profile: downlink, vlans: {access_vlans}}}")
            links.append(
                f"- {{a: {{device: {prefix}-CORE, port: {port}}}, b: {{device: {name}, port: {hw.core_uplink}}}}}"
            )
        for _wlc in range(shape.wlc):
            port = hw.core_ports.format(core_port)
            core_port += 1
            devices.append(f"  - {{name: {port}, profile: downlink, vlans: [10, 50, 60]}}")
        access_parent: dict[str, list[int]] = {}
        for n in range(1, shape.access + 1):
            parent = parents[(n - 1) % len(parents)] if parents else f"{prefix}-CORE"
            access_parent.setdefault(parent, []).append(n)
        if not parents:
            for n in access_parent.get(f"{prefix}-CORE", []):
                port = hw.core_ports.format(core_port)
                core_port += 1
                devices.append(f"  - {{name: {port}, profile: downlink, vlans: {access_vlans}}}")
                links.append(
                    f"- {{a: {{device: {prefix}-CORE, port: {port}}}, b: {{device: {prefix}-ACC-{n:03d}, port: {hw.access_uplink}}}}}"
                )
        devices.append(
            f"  - {{name: {hw.core_uplink if not parents else hw.core_ports.format(24 if platform != 'cisco_ios' else 16)}, profile: uplink}}"
        )
        for parent in parents:
            served = access_parent.get(parent, [])
            # The last port of each member stays free (it is the uplink on a
            # C9500-16X); an aggregation switch with more access switches than
            # one member can take becomes a stack, as a C9500 pair in StackWise
            # Virtual would be.
            per_member = hw.core_port_count - 1
            members = max(1, -(-len(served) // per_member))
            devices += device(parent, "aggregation", hw.core, members)
            devices.append(
                f"  - {{name: {hw.core_uplink}, profile: uplink, vlans: {access_vlans}}}"
            )
            for slot, n in enumerate(served):
                port = hw.core_member_ports.format(
                    member=hw.core_first_member + slot // per_member, port=1 + slot % per_member
                )
                devices.append(f"  - {{name: {port}, profile: downlink, vlans: {access_vlans}}}")
                links.append(
                    f"- {{a: {{device: {parent}, port: {port}}}, b: {{device: {prefix}-ACC-{n:03d}, port: {hw.access_uplink}}}}}"
                )
        for n in range(1, shape.wlc + 1):
            devices += device(f"{prefix}-WLC-{n}", "wlc", hw.wlc)
            devices.append(f"  - {{name: {hw.wlc_uplink}, profile: uplink, vlans: [10, 50, 60]}}")
        for n in range(1, shape.access + 1):
            devices += device(f"{prefix}-ACC-{n:03d}", "access", hw.access)
            devices.append(
                f"  - {{name: {hw.access_uplink}, profile: uplink, vlans: {access_vlans}}}"
            )
            devices += _edge_ports(hw)
    out.append("devices:")
    out += devices
    if links:
        out.append("links:")
        out += links
    return "\n".join(out) + "\n"


def _uplink_port(shape: SchoolShape, hw: Hardware) -> str:
    if shape.access == 0:
        return hw.access_uplink
    if shape.aggregation:
        return hw.core_ports.format(16 if hw.core == "C9500-16X" else 24)
    return hw.core_uplink


def _edge_ports(hw: Hardware) -> list[str]:
    quarter = hw.access_ports // 4
    port = hw.access_port
    return [
        f"  - {{name: {port.format(1)}-{2 * quarter}, profile: terminal, vlan: 20}}",
        f"  - {{name: {port.format(2 * quarter + 1)}-{3 * quarter - 2}, profile: ap, vlan: 10}}",
        f"  - {{name: {port.format(3 * quarter - 1)}-{3 * quarter}, profile: camera, vlan: 70}}",
        f"  - {{name: {port.format(3 * quarter + 1)}, profile: printer, vlan: 30}}",
    ]


def generate_province(target: Path, catalog: Path, scale: float = 1.0) -> int:
    """Write a synthetic province into ``target`` and return the number of schools.

    :param catalog: the folder of hardware catalogue files to copy (the sample's).
    :param scale: fraction of the full province to generate (1.0 gives about 20,000 schools).
    """
    districts = [
        (c, f"{c[:4]}{n:02d}") for c in CITY_CODES for n in range(1, DISTRICTS_PER_CITY + 1)
    ]
    target.mkdir(parents=True, exist_ok=True)
    (target / "province.yml").write_text(_province_text(districts), encoding="utf-8")
    shutil.copytree(catalog, target / "catalog", dirs_exist_ok=True)
    blocks = _blocks()
    v6_pool = IPv6Network("2001:db8::/32").subnets(new_prefix=56)
    next(v6_pool)
    counters: dict[str, int] = {}
    total = 0
    index = 0
    for shape in SCHOOL_MIX:
        for _n in range(max(1, round(shape.count * scale))):
            city, district = districts[index % len(districts)]
            platform = PLATFORMS[(index // len(districts)) % len(PLATFORMS)]
            index += 1
            counters[district] = counters.get(district, 0) + 1
            code = f"2{district}{counters[district]:03d}"
            folder = target / "schools" / city / district
            folder.mkdir(parents=True, exist_ok=True)
            text = _school_text(code, district, shape, platform, next(blocks), next(v6_pool))
            (folder / f"{code}.yml").write_text(text, encoding="utf-8")
            total += 1
    return total
