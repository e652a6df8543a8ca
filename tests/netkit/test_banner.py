"""Banner blocks with a free delimiter."""

from __future__ import annotations

import pytest

from campusctl.netkit.banner import BannerKind, parse_banner, render_banner
from campusctl.netkit.errors import BannerInvalid

TEXT = "Authorised staff only. Managed by automation."


def test_cisco_banner_block() -> None:
    banner = render_banner(TEXT, "cisco_ios")
    assert banner.lines == ("banner motd ^", TEXT, "^")


@pytest.mark.parametrize(
    ("platform", "kind", "command"),
    [
        ("huawei", BannerKind.LOGIN, "header login information"),
        ("huawei", BannerKind.MOTD, "header shell information"),
        ("hp_comware", BannerKind.MOTD, "header motd"),
        ("ruijie_os", BannerKind.LOGIN, "banner login"),
    ],
)
def test_banner_command_per_platform(platform: str, kind: BannerKind, command: str) -> None:
    assert render_banner(TEXT, platform, kind).lines[0] == f"{command} ^"


def test_delimiter_skips_characters_in_text() -> None:
    banner = render_banner("Press ^C to abort. 100% managed.", "cisco_ios")
    assert banner.delimiter not in "Press ^C to abort. 100% managed."
    assert banner.lines[0] == f"banner motd {banner.delimiter}"
    assert banner.lines[-1] == banner.delimiter


def test_multiline_body_ends_before_delimiter() -> None:
    banner = render_banner("line one\nline two\n", "cisco_ios")
    assert banner.lines == ("banner motd ^", "line one", "line two", "^")


def test_no_free_delimiter_raises() -> None:
    with pytest.raises(BannerInvalid):
        render_banner("^%@~$&|*+= all used", "cisco_ios")


@pytest.mark.parametrize("text", ["", "\n\n", "bell\x07"])
def test_invalid_text_raises(text: str) -> None:
    with pytest.raises(BannerInvalid):
        render_banner(text, "huawei")


def test_parse_banner_round_trip() -> None:
    lines = ["hostname SW", *render_banner("one\ntwo", "cisco_ios").lines, "end"]
    body, after = parse_banner(lines, 1)
    assert body == "one\ntwo"
    assert lines[after] == "end"


def test_parse_banner_body_glued_to_delimiter() -> None:
    lines = ["banner motd ^", f"{TEXT}^", "line vty 0 4"]
    body, after = parse_banner(lines, 0)
    assert body == TEXT
    assert after == 2


def test_parse_banner_ios_etx_spelling() -> None:
    body, after = parse_banner(["banner motd ^CHello^C", "!"], 0)
    assert body == "Hello"
    assert after == 1


def test_parse_banner_unterminated_raises() -> None:
    with pytest.raises(BannerInvalid):
        parse_banner(["banner motd ^", "text"], 0)
