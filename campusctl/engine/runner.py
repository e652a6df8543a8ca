"""Plan and apply over a selection of devices: the library behind ``campusctl plan/apply``."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from campusctl.diff import DiffMode
from campusctl.engine.access import DeviceAccess, device_access
from campusctl.engine.audit import AuditLog
from campusctl.engine.backup import BackupStore, config_hash
from campusctl.engine.errors import IntendedConfigMissing, IntendedConfigStale
from campusctl.engine.lock import SchoolLocks
from campusctl.engine.planfile import DevicePlan, Plan
from campusctl.engine.redact import redact
from campusctl.engine.rollout import RolloutPolicy, roll_out
from campusctl.engine.transaction import (
    CONFIRM_SECONDS,
    DeviceResult,
    Transaction,
    _running,
    remediation_for,
)
from campusctl.engine.workers import WorkerPool, default_workers
from campusctl.i18n import N_, _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.model import DeviceRole
from campusctl.inventory.overlay import load_overlay
from campusctl.inventory.selection import select_devices
from campusctl.state import state_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """A device to plan or change, with how to reach it and its intended config."""

    access: DeviceAccess
    intended: str


def read_intended(configs: Path, device: str) -> str:
    """Return the rendered intended config of ``device`` from the render output folder."""
    path = configs / f"{device}.cfg"
    if not path.is_file():
        raise IntendedConfigMissing(
            _("no intended config for {device} in {folder}; run `campusctl render` first").format(
                device=device, folder=configs
            )
        )
    return path.read_text(encoding="utf-8")


def targets(inventory: Inventory, pattern: str | None, configs: Path) -> list[Target]:
    """Return the selected devices campusctl configures directly (access points excluded)."""
    from campusctl.engine.redact import register_secrets
    from campusctl.render.pipeline import expected_header, global_inputs
    from campusctl.secrets import SecretStore

    overlay = load_overlay(inventory.root)
    state = state_dir(inventory.root)
    register_secrets(SecretStore(inventory.root).known_values())
    shared = global_inputs(inventory.root)
    found = []
    access_points = 0
    for school, device in select_devices(inventory, pattern):
        if device.role is DeviceRole.AP:
            access_points += 1
            continue
        intended = read_intended(configs, device.name)
        if school.source is not None:
            expected = expected_header(shared, school.source, device.name)
            _check_current(intended, expected, device.name)
        access = device_access(inventory, school, device, overlay, state)
        found.append(Target(access, intended))
    if not found and access_points:
        log.warning(
            N_(
                "no switch, gateway or wireless controller matches %s (%d access points "
                "matched; they are configured through their controllers)"
            ),
            pattern,
            access_points,
        )
    elif not found:
        log.warning(N_("no switch, gateway or wireless controller matches %s"), pattern or "*")
    return found


_HEADER_RE = re.compile(r"^[!#] (inputs sha256 [0-9a-f]{64})$", re.MULTILINE)


def _check_current(intended: str, expected: str, device: str) -> None:
    """Refuse a rendered config whose inputs (inventory, templates, secrets) changed since.

    A config without the render header was written by hand and is taken as it is.
    """
    found = _HEADER_RE.search(intended[:1000])
    if found is not None and found.group(1) != expected:
        raise IntendedConfigStale(
            _(
                "the intended config of {device} was rendered from an older inventory, "
                "templates or secrets; run `campusctl render` again"
            ).format(device=device)
        )


def _plan_one(target: Target, mode: DiffMode) -> DevicePlan:
    access = target.access
    try:
        running = _running(access)
        remediation = remediation_for(access, running, target.intended, mode)
    except Exception as err:  # an unreachable device gets a plan entry with the error
        log.error(N_("%s: cannot plan: %s"), access.name, redact(str(err)))
        return DevicePlan(
            access.name, access.school, access.platform, "", "", "", [], [], error=str(err)
        )
    return DevicePlan(
        device=access.name,
        school=access.school,
        platform=access.platform,
        running_hash=config_hash(running),
        intended_hash=config_hash(target.intended),
        commands_hash=config_hash("\n".join(remediation.all_commands)),
        commands=list(remediation.commands),
        management_commands=list(remediation.management_commands),
    )


def _plan_failed(target: Target, reason: str) -> DevicePlan:
    access = target.access
    return DevicePlan(access.name, access.school, access.platform, "", "", "", [], [], error=reason)


def _plan_skipped(target: Target, reason: str) -> DevicePlan:
    return _plan_failed(target, _("not planned: {reason}").format(reason=reason))


def make_plan(
    found: list[Target],
    mode: DiffMode,
    concurrency: int = 32,
    on_plan: Callable[[DevicePlan], None] | None = None,
    workers: int | None = 1,
) -> Plan:
    """Read every device's running config and compute its remediation; change nothing.

    ``workers`` processes share ``concurrency`` (None: one more than the CPUs, 1: threads of this
    process). ``on_plan`` gets each device's plan as it finishes.
    """
    count = workers or default_workers()
    with WorkerPool(min(count, max(1, len(found))), concurrency) as pool:
        plans = pool.run(
            functools.partial(_plan_one, mode=mode),
            found,
            failed=_plan_failed,
            skipped=_plan_skipped,
            on_result=on_plan,
        )
    return Plan(mode=mode.value, devices=plans)


def apply(
    inventory: Inventory,
    found: list[Target],
    *,
    mode: DiffMode,
    policy: RolloutPolicy,
    plan: Plan | None = None,
    confirm_seconds: int = CONFIRM_SECONDS,
    on_result: Callable[[DeviceResult], None] | None = None,
) -> list[DeviceResult]:
    """Apply the intended configs to ``found`` under per-school locks, batch by batch."""
    state = state_dir(inventory.root)
    backups = BackupStore(state)
    audit = AuditLog(state)
    planned = plan.by_device() if plan else {}
    run = plan.run if plan else Plan(mode=mode.value, devices=[]).run
    if plan is not None:
        found = [t for t in found if t.access.name in planned]
    transactions = [
        Transaction(
            t.access,
            t.intended,
            mode=mode,
            backups=backups,
            audit=audit,
            run=run,
            plan=planned.get(t.access.name),
            confirm_seconds=confirm_seconds,
        )
        for t in found
    ]
    with SchoolLocks(state, [t.access.school for t in found]):
        return roll_out(transactions, policy, on_result)
