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
