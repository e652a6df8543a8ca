"""The state folder: run state that must survive ``make clean`` and build/ wipes.

Backups, the audit log, plans and the lab's device state live here. The
folder is ``$CAMPUSCTL_STATE`` when set, else ``state/`` beside the inventory
folder (the repository root in the usual layout).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_STATE = "CAMPUSCTL_STATE"


def state_dir(inventory_root: Path | None = None) -> Path:
    """Return the state folder (not created)."""
    configured = os.environ.get(ENV_STATE)
    if configured:
        return Path(configured)
    base = inventory_root.resolve().parent if inventory_root is not None else Path.cwd()
    return base / "state"


def lab_dir(inventory_root: Path | None = None) -> Path:
    """Return the lab's part of the state folder."""
    return state_dir(inventory_root) / "lab"
