"""A rotated shared key shows as an in-place change; a hash or device cipher does not."""

from __future__ import annotations

import pytest

from campusctl.diff.remediation import plan_remediation

VRP_RUNNING = (
    "#\naaa\n local-user netadmin password irreversible-cipher $1a$OLDHASH$\n"
    " local-user netadmin privilege level 15\n#\nhwtacacs-server template t\n"
    " hwtacacs-server shared-key cipher {key}\n#\nreturn\n"
)
VRP_INTENDED = VRP_RUNNING.replace("OLDHASH", "NEWHASH").replace("{key}", "Rotated-Key-1")


def test_vrp_rotated_key_replaced_in_place() -> None:
    commands = plan_remediation(
        VRP_RUNNING.format(key="Old-Key-1"), VRP_INTENDED, "huawei_vrp"
    ).all_commands
    assert commands == (
        "hwtacacs-server template t",
        "  hwtacacs-server shared-key cipher Rotated-Key-1",
        "  quit",
    )


def test_vrp_device_cipher_is_compared_by_structure() -> None:
    running = VRP_RUNNING.format(key="%^%#abcdefgh%^%#").replace("OLDHASH", "NEWHASH")
    assert plan_remediation(running, VRP_INTENDED, "huawei_vrp").all_commands == ()


@pytest.mark.parametrize(
    ("running", "intended", "expected"),
    [
        # A device may salt a password hash anew, so hashes compare by structure.
        (
            "username a privilege 15 secret 9 $9$old\n",
            "username a privilege 15 secret 9 $9$new\n",
            (),
        ),
        (
            "radius server r\n key Old-Key-1\n",
            "radius server r\n key Rotated-Key-1\n",
            ("radius server r", "  key Rotated-Key-1", "  exit"),
        ),
        ("radius server r\n key 7 0822455D0A16\n", "radius server r\n key Rotated-Key-1\n", ()),
    ],
)
def test_ios_rotation(running: str, intended: str, expected: tuple[str, ...]) -> None:
    assert plan_remediation(running, intended, "cisco_ios").all_commands == expected


def test_rgos_portal_key_rotation() -> None:
    running = "web-auth portal key Old-Portal-1\nweb-auth template eportalv2\n ip 198.18.255.31\n"
    intended = running.replace("Old-Portal-1", "Rotated-Portal-1")
    commands = plan_remediation(running, intended, "ruijie_rgos").all_commands
    assert "web-auth portal key Rotated-Portal-1" in commands
    assert not any("Old-Portal-1" in line for line in commands)


def test_rgos_portal_key_masked_in_text() -> None:
    from campusctl.diff.normalise import SECRET_PLACEHOLDER, mask_secrets
    from campusctl.platforms import PlatformId

    masked = mask_secrets("web-auth portal key 7 Old-Portal-1", PlatformId.RUIJIE_RGOS)
    assert masked == "web-auth portal key " + SECRET_PLACEHOLDER
