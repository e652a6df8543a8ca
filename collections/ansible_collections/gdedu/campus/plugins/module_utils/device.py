# Copyright: campusctl developers
# Apache License 2.0
"""The argument spec and the campusctl import shared by the gdedu.campus device modules."""

from __future__ import annotations

import importlib

# Matches the options of the gdedu.campus.device documentation fragment.
DEVICE_ARGUMENT_SPEC = {
    "device": {"type": "str", "required": True},
    "inventory": {"type": "path", "default": "inventory"},
    "configs": {"type": "path", "default": "build/configs"},
}


def campusctl_function(module, name):
    """Return ``campusctl.ansible_modules.<name>``, or fail the task when campusctl is missing."""
    try:
        return getattr(importlib.import_module("campusctl.ansible_modules"), name)
    except ImportError as err:
        module.fail_json(
            msg=f"campusctl is not importable: {err}; run Ansible from campusctl's venv"
        )
        raise  # fail_json exits; this keeps the function from returning None
