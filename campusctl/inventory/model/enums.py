"""Closed vocabularies of the inventory."""

from __future__ import annotations

from enum import StrEnum


class SchoolType(StrEnum):
    """School types of the Guangdong statistics, from 教学点 to 高校."""

    TEACHING_POINT = "teaching_point"  # 教学点
    PRIMARY = "primary"  # 小学 (村小/完小)
    CENTRAL_PRIMARY = "central_primary"  # 中心小学
    JUNIOR = "junior"  # 初中, incl. 九年一贯制
    SENIOR = "senior"  # 高中, incl. 完全中学
    VOCATIONAL = "vocational"  # 中职
    UNIVERSITY = "university"  # 高校


class Tier(StrEnum):
    """Demonstration tier of a school under the 2013 Guangdong policy."""

    BASELINE = "baseline"
    DEMO_SCHOOL = "demo_school"  # 示范校
    SMART_CAMPUS = "smart_campus"  # 智慧校园


class DeviceRole(StrEnum):
    """The function of a network device in the campus."""

    EGRESS = "egress"
    CORE = "core"
    AGGREGATION = "aggregation"
    ACCESS = "access"
    WLC = "wlc"
    AP = "ap"


class OsFamily(StrEnum):
    """Operating-system families; each belongs to one platform."""

    VRP5 = "VRP5"
    VRP8 = "VRP8"
    COMWARE5 = "Comware5"
    COMWARE7 = "Comware7"
    IOS = "IOS"
    IOS_XE = "IOS-XE"
    RGOS = "RGOS"


class Zone(StrEnum):
    """Functional zones: every endpoint class gets its own VLAN and subnet."""

    MANAGEMENT = "management"
    TEACHING = "teaching"  # classroom multimedia / 班班通
    OFFICE = "office"
    LAB = "lab"
    STUDENT_WIFI = "student_wifi"
    GUEST = "guest"
    SURVEILLANCE = "surveillance"
    CAMPUS_CARD = "campus_card"  # 一卡通 and access control
    IOT = "iot"  # broadcast, sensors
    SERVERS = "servers"


class RoomKind(StrEnum):
    """Kinds of rooms; classrooms drive the 班班通 and coverage checks."""

    CLASSROOM = "classroom"
    LAB = "lab"
    OFFICE = "office"
    DORM = "dorm"
    LIBRARY = "library"
    HALL = "hall"
    SERVER_ROOM = "server_room"
    OTHER = "other"


class PortProfile(StrEnum):
    """What is plugged into a switch port; decides its whole configuration."""

    UPLINK = "uplink"
    DOWNLINK = "downlink"
    TERMINAL = "terminal"
    AP = "ap"
    CAMERA = "camera"
    PRINTER = "printer"
    SERVER = "server"
    UNUSED = "unused"


class HostKind(StrEnum):
    """Linux hosts managed by the Ansible roles."""

    TERMINAL = "terminal"  # 班班通 teacher terminal
    SERVER = "server"  # the school's local server


class DhcpMode(StrEnum):
    """The source of a VLAN's client addresses."""

    LOCAL = "local"
    RELAY = "relay"
    NONE = "none"


class Medium(StrEnum):
    """Cable medium of a link."""

    FIBER = "fiber"
    COPPER = "copper"


class AaaMode(StrEnum):
    """The authentication source of device administrators."""

    LOCAL = "local"
    RADIUS = "radius"
    TACACS = "tacacs"


class Charset(StrEnum):
    """Terminal character set of a device, used for reads and writes."""

    UTF8 = "utf-8"
    GBK = "gbk"
