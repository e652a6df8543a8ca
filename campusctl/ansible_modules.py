"""The library side of the gdedu.campus modules: thin wrappers with Ansible-shaped results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campusctl.engine.redact import redact_lines


def run_config(
    *, device: str, inventory: str, configs: str, mode: str, confirm_timeout: int, check: bool
) -> dict[str, Any]:
    """Plan (check mode) or apply the intended config of one device; return the module result."""
    from campusctl.diff import DiffMode
    from campusctl.engine.audit import AuditLog
    from campusctl.engine.backup import BackupStore
    from campusctl.engine.device_lock import device_locks
    from campusctl.engine.runner import targets
    from campusctl.engine.transaction import Outcome, Transaction, _running, remediation_for
    from campusctl.errors import CampusError
    from campusctl.inventory import load_inventory
    from campusctl.state import state_dir

    try:
        loaded = load_inventory(Path(inventory))
        found = targets(loaded, device, Path(configs))
    except CampusError as err:
        return {
            "failed": True,
            "changed": False,
            "msg": str(err),
            "commands": [],
            "outcome": "failed",
        }
    if not found:
        return {
            "failed": True,
            "changed": False,
            "msg": f"{device} is not a configurable device",
            "commands": [],
        }
    target = found[0]
    diff_mode = DiffMode(mode)
    if check:
        try:
            remediation = remediation_for(
                target.access, _running(target.access), target.intended, diff_mode
            )
        except Exception as err:  # reported to Ansible as a failed host
            return {
                "failed": True,
                "changed": False,
                "msg": str(err),
                "commands": [],
                "outcome": "failed",
            }
        commands = redact_lines(list(remediation.all_commands))
        return {
            "failed": False,
            "changed": not remediation.empty,
            "commands": commands,
            "outcome": "planned",
            "diff": {"prepared": "\n".join(commands)},
        }
    state = state_dir(loaded.root)
    try:
        with device_locks(state, target.access.school, target.access.name):
            result = Transaction(
                target.access,
                target.intended,
                mode=diff_mode,
                backups=BackupStore(state),
                audit=AuditLog(state),
                run="ansible",
                confirm_seconds=confirm_timeout,
            ).run()
    except CampusError as err:
        return {
            "failed": True,
            "changed": False,
            "msg": str(err),
            "commands": [],
            "outcome": "failed",
        }
    commands = redact_lines(result.commands)
    return {
        "failed": not result.ok,
        "changed": result.outcome is Outcome.APPLIED or result.outcome is Outcome.ROLLED_BACK,
        "commands": commands,
        "outcome": result.outcome.value,
        "msg": result.error or result.outcome.value,
        "diff": {"prepared": "\n".join(commands)},
    }


def run_backup(*, device: str, inventory: str, configs: str) -> dict[str, Any]:
    """Back up one device's running config and report its drift from the intended config."""
    from campusctl.diff import DiffMode
    from campusctl.engine.backup import BackupStore
    from campusctl.engine.runner import targets
    from campusctl.engine.transaction import _running, remediation_for
    from campusctl.errors import CampusError
    from campusctl.inventory import load_inventory
    from campusctl.state import state_dir

    try:
        loaded = load_inventory(Path(inventory))
        found = targets(loaded, device, Path(configs))
        target = found[0]
        running = _running(target.access)
    except (CampusError, IndexError, OSError) as err:
        return {"failed": True, "changed": False, "msg": str(err)}
    except Exception as err:  # a device error is a failed host, not a crash
        return {"failed": True, "changed": False, "msg": str(err)}
    path = BackupStore(state_dir(loaded.root)).save(target.access.name, running, reason="scheduled")
    drift = remediation_for(target.access, running, target.intended, DiffMode.REPLACE)
    return {
        "failed": False,
        "changed": False,
        "backup": str(path),
        "drift": redact_lines(list(drift.all_commands)),
        "drifted": not drift.empty,
    }
