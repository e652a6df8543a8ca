"""Promises of the classroom_terminal role, checked on every lab terminal."""

from __future__ import annotations

import json

import testinfra

SOFTWARE = (
    "chromium",
    "libreoffice-writer",
    "libreoffice-calc",
    "libreoffice-impress",
    "mpv",
    "fonts-noto-cjk",
    "fcitx5",
    "fcitx5-chinese-addons",
    "lightdm",
    "openbox",
    "i3lock",
)


def test_classroom_software_installed(terminal: testinfra.host.Host) -> None:
    for name in SOFTWARE:
        assert terminal.package(name).is_installed, name


def test_teacher_account(terminal: testinfra.host.Host) -> None:
    teacher = terminal.user("teacher1")
    assert teacher.exists
    assert "teachers" in teacher.groups
    assert teacher.shell == "/bin/bash"


def test_student_account_locked(terminal: testinfra.host.Host) -> None:
    student = terminal.user("student")
    assert student.exists
    assert "students" in student.groups
    assert student.password.startswith("!")


def test_display_account_autologin(terminal: testinfra.host.Host) -> None:
    assert terminal.user("classroom").exists
    config = terminal.file("/etc/lightdm/lightdm.conf.d/50-classroom-kiosk.conf")
    assert config.mode == 0o644
    assert "autologin-user=classroom" in config.content_string
    assert "autologin-session=classroom-kiosk" in config.content_string
    assert terminal.file("/usr/share/xsessions/classroom-kiosk.desktop").exists
    script = terminal.file("/usr/local/bin/classroom-kiosk-session")
    assert script.mode == 0o755
    assert "chromium --kiosk" in script.content_string


def test_display_manager_enabled_but_skipped(terminal: testinfra.host.Host) -> None:
    assert terminal.service("lightdm").is_enabled
    dropin = terminal.file("/etc/systemd/system/lightdm.service.d/container.conf")
    assert "ConditionVirtualization=!container" in dropin.content_string


def test_locale_and_timezone(terminal: testinfra.host.Host) -> None:
    assert "LANG=zh_CN.UTF-8" in terminal.file("/etc/default/locale").content_string
    assert "zh_CN.utf8" in terminal.check_output("locale -a").split()
    assert terminal.check_output("timedatectl show -p Timezone --value") == "Asia/Shanghai"


def test_input_method_selected(terminal: testinfra.host.Host) -> None:
    environment = terminal.file("/etc/environment.d/90-classroom-input-method.conf")
    assert "XMODIFIERS=@im=fcitx" in environment.content_string


def test_screen_lock_after_idle(terminal: testinfra.host.Host) -> None:
    autostart = terminal.file("/etc/xdg/autostart/classroom-screen-lock.desktop")
    assert autostart.mode == 0o644
    assert "xset s 600 600" in autostart.content_string
    assert "xss-lock -- i3lock" in autostart.content_string


def test_usb_storage_blocked(terminal: testinfra.host.Host) -> None:
    policy = terminal.file("/etc/modprobe.d/classroom-usb-storage.conf").content_string
    assert "install usb-storage /bin/false" in policy
    assert "blacklist uas" in policy


def test_poweroff_timer_active(terminal: testinfra.host.Host) -> None:
    timer = terminal.service("classroom-poweroff.timer")
    assert timer.is_enabled
    assert timer.is_running
    unit = terminal.file("/etc/systemd/system/classroom-poweroff.timer").content_string
    assert "OnCalendar=*-*-* " in unit


def test_browser_policy_protects_minors(terminal: testinfra.host.Host) -> None:
    policy_file = terminal.file("/etc/chromium/policies/managed/classroom-terminal.json")
    assert policy_file.mode == 0o644
    policy = json.loads(policy_file.content_string)
    assert policy["SafeSitesFilterBehavior"] == 1
    assert policy["IncognitoModeAvailability"] == 1
    assert policy["ForceGoogleSafeSearch"] is True
    assert policy["ProxyMode"] in ("direct", "fixed_servers")
