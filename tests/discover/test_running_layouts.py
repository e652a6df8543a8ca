"""The running-state checks read configurations in the layout the devices print.

VRP indents the global lines of its trailing blocks by one space
(`` ip route-static``, `` snmp-agent``), and Comware indents every top-level
line; both separate blocks with ``#``. Hand-built backups have that layout.
"""

from __future__ import annotations

from campusctl.discover.source import read_saved_config
from campusctl.platforms import PlatformId
from campusctl.standard.config.parse import parse_config
from campusctl.standard.state.drift import config_drift

from .conftest import SCHOOL

VRP_TAIL = (
    "#\nsysname CORE\n#\ninterface XGigabitEthernet0/0/24\n shutdown\n#\n"
    " ip route-static 0.0.0.0 0.0.0.0 198.19.13.1\n"
    " info-center loghost 198.18.255.11\n"
    " ntp-service unicast-server 198.18.255.1\n"
    "#\n snmp-agent\n snmp-agent sys-info version v3\n#\n"
    "user-interface vty 0 4\n authentication-mode aaa\n#\nreturn\n"
)


def test_vrp_trailing_global_lines_are_top_level() -> None:
    tree = parse_config("CORE", PlatformId.HUAWEI_VRP, VRP_TAIL).tree
    top = [child.text for child in tree.children]
    assert "ntp-service unicast-server 198.18.255.1" in top
    assert "snmp-agent" in top
    assert "info-center loghost 198.18.255.11" in top
    port = tree.get_child(equals="interface XGigabitEthernet0/0/24")
    assert port is not None
    assert [c.text for c in port.children] == ["shutdown"]


def test_vrp_drift_against_unindented_intent_is_empty() -> None:
    # The renderer writes the same global lines without the leading space.
    intended = VRP_TAIL
    for word in ("ip route-static", "info-center", "ntp-service", "snmp-agent"):
        intended = intended.replace(f"\n {word}", f"\n{word}")
    assert intended != VRP_TAIL
    assert not config_drift(PlatformId.HUAWEI_VRP, VRP_TAIL, intended)


def test_comware_backup_drift_reads_without_error() -> None:
    text = read_saved_config(SCHOOL / "jxl-1f-h3c.cfg").text
    assert " sysname sqxx_jxl_1F" in text
    assert not config_drift(PlatformId.H3C_COMWARE, text, text)
    changed = text.replace(" telnet server enable\n", "")
    drift = config_drift(PlatformId.H3C_COMWARE, text, changed)
    assert drift.unexpected == ("telnet server enable",)
    assert drift.missing == ()
