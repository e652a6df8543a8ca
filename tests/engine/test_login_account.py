"""The engine's own login account survives a replace unless the intended config names it."""

from __future__ import annotations

from campusctl.engine.login_account import hide_login_account

COMWARE = """#
local-user campus-lab class manage
 password hash $h$6$abc
 service-type ssh
 authorization-attribute user-role network-admin
#
local-user netadmin class manage
 service-type ssh
#
 ssh user campus-lab service-type stelnet
#
"""

VRP_AAA = """aaa
 local-user campus-lab password irreversible-cipher $1a$x$
 local-user campus-lab service-type ssh
 local-user netadmin service-type ssh
#
"""


def test_comware_section_and_children_hidden() -> None:
    visible = hide_login_account(COMWARE, "sysname X\n", "campus-lab")
    assert "campus-lab" not in visible
    assert "local-user netadmin class manage\n service-type ssh" in visible


def test_vrp_lines_under_aaa_hidden() -> None:
    visible = hide_login_account(VRP_AAA, "sysname X\n", "campus-lab")
    assert visible == "aaa\n local-user netadmin service-type ssh\n#\n"


def test_account_named_in_intended_is_kept() -> None:
    intended = "aaa\n local-user campus-lab service-type ssh\n"
    assert hide_login_account(VRP_AAA, intended, "campus-lab") == VRP_AAA


def test_similar_username_not_hidden() -> None:
    running = "username campus-lab2 privilege 15\nusername campus-lab privilege 15\n"
    assert hide_login_account(running, "", "campus-lab") == "username campus-lab2 privilege 15\n"
