"""Push order of controller objects: each object before the lines that name it.

The lab's controllers reject a line that names a RADIUS scheme, profile, AP
group or WLAN they do not have, as the devices do. These tests check both
the rejection and the plans that avoid it.
"""

from __future__ import annotations

import pytest

from campusctl.diff.dependencies import dependency_order
from campusctl.diff.drivers import parse_config
from campusctl.diff.remediation import plan_remediation
from campusctl.lab.console import new_runtime, run_lines
from campusctl.lab.inventory import lab_devices
from campusctl.netkit.replies import classify_reply
from campusctl.platforms import PlatformId
from tests.wireless.conftest import SAMPLE

COMWARE_WLAN_AAA = """#
radius scheme campus-wlan
 primary authentication 198.18.255.21 1812
#
domain campus-wlan
 authentication lan-access radius-scheme campus-wlan
 accounting lan-access radius-scheme campus-wlan
#
return
"""


def _index(commands: tuple[str, ...], text: str) -> int:
    return [c.strip() for c in commands].index(text)


def test_comware_scheme_before_domain() -> None:
    plan = plan_remediation("#\nreturn\n", COMWARE_WLAN_AAA, PlatformId.H3C_COMWARE)
    commands = plan.all_commands
    assert _index(commands, "radius scheme campus-wlan") < _index(commands, "domain campus-wlan")
    # The wireless users' domain is the scheme's only user, so the scheme is not management.
    assert "radius scheme campus-wlan" in plan.commands


def test_comware_login_scheme_stays_late() -> None:
    intended = COMWARE_WLAN_AAA.replace(
        "#\nreturn",
        "#\ndomain system\n authentication login radius-scheme campus-wlan local\n#\nreturn",
    )
    plan = plan_remediation("#\nreturn\n", intended, PlatformId.H3C_COMWARE)
    assert "radius scheme campus-wlan" in plan.management_commands
    late = plan.management_commands
    assert _index(late, "radius scheme campus-wlan") < _index(late, "domain campus-wlan")
    assert "domain campus-wlan" not in plan.commands


def test_comware_scheme_removal_after_domain() -> None:
    running = COMWARE_WLAN_AAA.replace("campus-wlan\n primary", "old\n primary").replace(
        "radius-scheme campus-wlan", "radius-scheme old"
    )
    plan = plan_remediation(running, COMWARE_WLAN_AAA, PlatformId.H3C_COMWARE)
    commands = [c.strip() for c in plan.all_commands]
    assert commands.index("radius scheme campus-wlan") < commands.index("domain campus-wlan")
    assert commands.index("domain campus-wlan") < commands.index("undo radius scheme old")


def test_huawei_ap_group_before_ap() -> None:
    intended = (
        "#\nwlan\n ap-id 1 ap-mac 0000-5e00-5301\n  ap-name AP-1\n  ap-group A\n"
        " ap-group name A\n  regulatory-domain-profile campus\n"
        " regulatory-domain-profile name campus\n  country-code CN\n#\nreturn\n"
    )
    plan = plan_remediation("#\nreturn\n", intended, PlatformId.HUAWEI_VRP)
    commands = [c.strip() for c in plan.all_commands]
    assert commands.index("regulatory-domain-profile name campus") < commands.index(
        "ap-group name A"
    )
    assert commands.index("ap-group name A") < commands.index("ap-id 1 ap-mac 0000-5e00-5301")


@pytest.mark.parametrize(
    ("platform", "text", "first", "second"),
    [
        (
            PlatformId.CISCO_IOS,
            "wireless tag policy campus-A\n wlan campus-staff policy campus-staff\n"
            "wireless profile policy campus-staff\n vlan 30\nvlan 30\n"
            "wlan campus-staff 1 GDEDU-Staff\n security dot1x authentication-list campus-wlan\n"
            "aaa authentication dot1x campus-wlan group campus-wlan\n",
            ["vlan 30", "wlan campus-staff 1 GDEDU-Staff", "wireless profile policy campus-staff"],
            "wireless tag policy campus-A",
        ),
        (
            PlatformId.RUIJIE_RGOS,
            "ap-group A\n interface-mapping 1 30 ap-wlan-id 1 radio all\n"
            "wlansec 1\n security rsn enable\nwlan-config 1 campus-staff GDEDU-Staff\nvlan 30\n",
            ["vlan 30", "wlan-config 1 campus-staff GDEDU-Staff"],
            "ap-group A",
        ),
    ],
)
def test_objects_before_bindings(
    platform: PlatformId, text: str, first: list[str], second: str
) -> None:
    tree = parse_config(text, platform)
    order = [n.text for n in dependency_order(list(tree.children), platform)]
    for name in first:
        assert order.index(name) < order.index(second), order


def _comware_controller() -> object:
    device = next(d for d in lab_devices(SAMPLE) if d.platform == "h3c_comware" and d.role == "wlc")
    return new_runtime(device)


def test_lab_rejects_missing_scheme() -> None:
    runtime = _comware_controller()
    output = run_lines(
        runtime,  # type: ignore[arg-type]
        ["", "system-view", "domain campus-wlan", " authentication lan-access radius-scheme nope"],
    )
    fault = classify_reply(output, PlatformId.H3C_COMWARE)
    assert fault is not None
    assert "RADIUS scheme nope does not exist" in fault.line


def test_lab_accepts_existing_scheme() -> None:
    runtime = _comware_controller()
    plan = plan_remediation("#\nreturn\n", COMWARE_WLAN_AAA, PlatformId.H3C_COMWARE)
    output = run_lines(runtime, ["", "system-view", *plan.all_commands])  # type: ignore[arg-type]
    assert classify_reply(output, PlatformId.H3C_COMWARE) is None
    lines = [n.text for n in runtime.running.children]  # type: ignore[attr-defined]
    assert "domain campus-wlan" in lines


def test_lab_rejects_missing_service_template() -> None:
    runtime = _comware_controller()
    output = run_lines(
        runtime,  # type: ignore[arg-type]
        ["", "system-view", "wlan ap AP-1 model WA6320", "radio 1", "service-template ghost"],
    )
    fault = classify_reply(output, PlatformId.H3C_COMWARE)
    assert fault is not None
    assert "ghost" in fault.line


def test_ios_tacacs_group_names_tacacs_server() -> None:
    from campusctl.lab.configtree import parse
    from campusctl.lab.vendors.references import missing_object
    from campusctl.lab.vendors.registry import vendor_class

    device = next(d for d in lab_devices(SAMPLE) if d.platform == "cisco_ios")
    style = vendor_class(device).style
    root = parse("tacacs server CAMPUS-1\n address ipv4 198.18.255.25\n!\nend\n", style)
    words = ["server", "name", "CAMPUS-1"]
    assert missing_object(PlatformId.CISCO_IOS, "aaa-group", words, root, False) is None
    empty = parse("hostname X\n!\nend\n", style)
    assert missing_object(PlatformId.CISCO_IOS, "aaa-group", words, empty, False)
