"""Decoding backups and telling their platform."""

from __future__ import annotations

import pytest

from campusctl.discover.errors import ImportConfigError
from campusctl.discover.source import decode, detect_platform, read_saved_config
from campusctl.inventory.model import Charset
from campusctl.platforms import PlatformId

from .conftest import SCHOOL


@pytest.mark.parametrize(
    ("name", "platform", "charset"),
    [
        ("core-huawei.cfg", PlatformId.HUAWEI_VRP, Charset.UTF8),
        ("jxl-1f-h3c.cfg", PlatformId.H3C_COMWARE, Charset.GBK),
        ("syl-ruijie.cfg", PlatformId.RUIJIE_RGOS, Charset.GBK),
        ("bgl-cisco.cfg", PlatformId.CISCO_IOS, Charset.UTF8),
    ],
)
def test_read_saved_config_detects_platform_and_charset(
    name: str, platform: PlatformId, charset: Charset
) -> None:
    saved = read_saved_config(SCHOOL / name)
    assert saved.platform is platform
    assert saved.charset is charset


def test_gbk_file_decodes_chinese_descriptions() -> None:
    saved = read_saved_config(SCHOOL / "jxl-1f-h3c.cfg")
    assert "description 教学楼1楼102" in saved.text


def test_decode_strips_bom_and_keeps_utf8() -> None:
    text, charset = decode("\ufeffsysname 核心".encode(), "x")
    assert (text, charset) == ("sysname 核心", Charset.UTF8)


def test_decode_rejects_binary() -> None:
    with pytest.raises(ImportConfigError, match="neither UTF-8 nor GBK"):
        decode(b"\x80\xff\xff\xfe\x00\x81", "flash.bin")


def test_unknown_text_is_refused_not_guessed() -> None:
    with pytest.raises(ImportConfigError, match="cannot be told"):
        detect_platform("hello\nworld\n", "notes.txt")


def test_ruijie_is_not_mistaken_for_cisco() -> None:
    text = "hostname X\n!\ninterface GigabitEthernet 0/1\n switchport access vlan 20\n"
    assert detect_platform(text, "x") is PlatformId.RUIJIE_RGOS
