"""Recovery of a lost change ends the revert timer that the lost run armed, on lab devices.

A worker process that dies after arming a timer and before confirming it is
played here by a driver session that arms the timer and closes without
confirming. The parent's recovery then runs as it does after a dead worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from campusctl.diff import DiffMode
from campusctl.engine.access import DeviceAccess
from campusctl.engine.audit import AuditLog
from campusctl.engine.backup import BackupStore
from campusctl.engine.session import session
from campusctl.engine.transaction import Outcome, Transaction, _read_running
from campusctl.lab.vendors.cisco import CiscoIos
from campusctl.lab.vendors.huawei import Huawei
from campusctl.lab.vendors.reboot import ScheduledReboot
from tests.lab.conftest import PASSWORD, USERNAME, RunningLab

# Device: platform, a port to describe, the command that cancels its timer.
DEVICES = {
    "THSY-ACC-01": ("huawei_vrp", "GigabitEthernet0/0/7", "undo schedule reboot"),
    "THSY-CORE-08": ("huawei_vrp", "10GE1/0/7", "abort trial"),
    "THSY-AGG-01": ("h3c_comware", "GigabitEthernet1/0/7", "undo scheduler reboot"),
    "THSY-ACC-02": ("cisco_ios", "GigabitEthernet1/0/7", "configure confirm"),
    "THSY-ACC-03": ("ruijie_rgos", "GigabitEthernet 0/7", "reload cancel"),
}
# The query that shows a pending timer, and its reply when none is pending
# (VRP8 has no such query).
NO_TIMER_REPLIES = {
    "THSY-ACC-01": ("display schedule reboot", ""),
    "THSY-AGG-01": ("display scheduler reboot", ""),
    "THSY-ACC-02": ("show archive config rollback timer", "%No Rollback Confirmed Change pending"),
    "THSY-ACC-03": ("show reload", "No reload is scheduled."),
}
REVERT_SECONDS = 600
LOST = "worker process exited with code 3"


def access_of(lab: RunningLab, name: str) -> DeviceAccess:
    platform, _port, _cancel = DEVICES[name]
    spec = lab.device(name)
    return DeviceAccess(
        name=name,
        school="THSY",
        platform=platform,
        napalm_driver=f"campus_{platform}",
        host=spec.address,
        port=spec.port,
        username=USERNAME,
        password=PASSWORD,
        secret=PASSWORD if platform in ("cisco_ios", "ruijie_rgos") else None,
        host_key=lab.server.public_key(name),
    )


def pending_timer(name: str) -> bool:
    """Return whether the lab device has any revert timer running."""
    return name in ScheduledReboot._timers or name in Huawei._trials or name in CiscoIos._rollbacks


def lose_change(lab: RunningLab, name: str, state: Path, *, arm: bool) -> Transaction:
    """Start a change as a worker does and stop it before the confirmation; return it.

    With ``arm`` the change is pushed under its revert timer, which stays
    armed; without it the change is committed and saved with no timer.
    """
    access = access_of(lab, name)
    transaction = Transaction(
        access,
        "",
        mode=DiffMode.MERGE,
        backups=BackupStore(state),
        audit=AuditLog(state),
        run="lost-run",
    )
    _platform, port, _cancel = DEVICES[name]
    with session(access) as driver:
        before = _read_running(driver)
        transaction.backups.save(name, before)
        transaction._record(Outcome.STARTED, ["description lost-change"], None)
        transaction.backups.start_change(name)
        driver.load_merge_candidate(config=f"interface {port}\n description lost-change\n")
        driver.set_rollback_point(before)
        if arm:
            driver.commit_config(revert_in=REVERT_SECONDS)
        else:
            driver.commit_config()
    return transaction


def running_text(lab: RunningLab, name: str) -> str:
    return "\n".join(lab.server.runtimes[name].running.lines())


@pytest.fixture
def state(tmp_path: Path, lab: RunningLab) -> Iterator[Path]:
    yield tmp_path
    lab.clear()
    # A test that failed may leave a timer: end it so that it cannot fire in a later test.
    for name in DEVICES:
        if pending_timer(name):
            with session(access_of(lab, name)) as driver:
                driver.end_stray_revert()


@pytest.mark.parametrize("name", DEVICES)
def test_recovery_cancels_armed_timer(lab: RunningLab, state: Path, name: str) -> None:
    transaction = lose_change(lab, name, state, arm=True)
    assert pending_timer(name), "the lost change armed no timer"
    assert "description lost-change" in running_text(lab, name)

    result = transaction.recover(LOST)

    assert result.outcome is Outcome.ROLLED_BACK, result.error
    assert not pending_timer(name)
    assert "description lost-change" not in running_text(lab, name)


@pytest.mark.parametrize("name", DEVICES)
def test_recovery_without_timer_succeeds(lab: RunningLab, state: Path, name: str) -> None:
    transaction = lose_change(lab, name, state, arm=False)
    assert not pending_timer(name)

    result = transaction.recover(LOST)

    assert result.outcome is Outcome.ROLLED_BACK, result.error
    assert "description lost-change" not in running_text(lab, name)
    if name in NO_TIMER_REPLIES:
        query, expected = NO_TIMER_REPLIES[name]
        with session(access_of(lab, name)) as driver:
            reply = driver.cli([query])[query]
        assert reply.strip() == expected


@pytest.mark.parametrize("name", DEVICES)
def test_refused_cancel_fails_recovery(lab: RunningLab, state: Path, name: str) -> None:
    _platform, _port, cancel = DEVICES[name]
    transaction = lose_change(lab, name, state, arm=True)
    lab.fault(name, "reject-command", cancel)

    result = transaction.recover(LOST)

    assert result.outcome is Outcome.ROLLBACK_FAILED
    assert result.error is not None
    assert "revert timer" in result.error
    assert cancel in result.error
    records = [r for r in AuditLog(state).records() if r["device"] == name]
    assert records[-1]["result"] == "rollback_failed"


@pytest.mark.parametrize("name", DEVICES)
def test_next_change_ends_abandoned_timer(lab: RunningLab, state: Path, name: str) -> None:
    # A second Ctrl-C abandoned the change with its timer armed. The device's next
    # change has nothing to push, yet it ends the timer before reporting success.
    lost = lose_change(lab, name, state, arm=True)
    lost.abandon()
    assert pending_timer(name)
    assert lost.backups.change_unfinished(name)

    following = Transaction(
        access_of(lab, name),
        "",
        mode=DiffMode.MERGE,
        backups=BackupStore(state),
        audit=AuditLog(state),
        run="next-run",
    )
    result = following.run()

    assert result.outcome is Outcome.UNCHANGED, result.error
    assert not pending_timer(name)
    assert not following.backups.change_unfinished(name)
