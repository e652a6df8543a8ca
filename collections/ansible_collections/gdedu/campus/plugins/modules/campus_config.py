#!/usr/bin/python
# Copyright: campusctl developers
# Apache License 2.0
"""Ansible module: bring one device to its intended configuration through campusctl."""

from __future__ import annotations

DOCUMENTATION = r"""
module: campus_config
short_description: Converge a campus switch or controller to its intended configuration
description:
  - Reads the device's running configuration, computes the remediation toward the
    intended configuration rendered by C(campusctl render), and applies it as one
    transaction - back up, push, verify from a fresh session, save - rolling the device
    back to its backup on any failure.
  - In check mode nothing is pushed; the result says whether the device would change,
    and diff mode shows the commands.
  - Runs on the controller (C(connection: local)) with campusctl's Python.
version_added: 0.1.0
author: campusctl developers
extends_documentation_fragment:
  - gdedu.campus.device
options:
  mode:
    description: C(replace) converges the whole device; C(merge) only what the intended config mentions.
    type: str
    choices: [replace, merge]
    default: replace
  confirm_timeout:
    description: Seconds before the device reverts an unconfirmed management-path change.
    type: int
    default: 120
"""

EXAMPLES = r"""
- name: Converge the device to its intended configuration
  gdedu.campus.campus_config:
    device: "{{ inventory_hostname }}"
    mode: replace
"""

RETURN = r"""
commands:
  description: The commands pushed (or, in check mode, that would be pushed), secrets masked.
  returned: always
  type: list
  elements: str
outcome:
  description: unchanged, applied, failed, rolled_back or rollback_failed.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.gdedu.campus.plugins.module_utils.device import (
    DEVICE_ARGUMENT_SPEC,
    campusctl_function,
)


def main():
    """Run the module."""
    module = AnsibleModule(
        argument_spec={
            **DEVICE_ARGUMENT_SPEC,
            "mode": {"type": "str", "choices": ["replace", "merge"], "default": "replace"},
            "confirm_timeout": {"type": "int", "default": 120},
        },
        supports_check_mode=True,
    )
    run_config = campusctl_function(module, "run_config")
    result = run_config(
        device=module.params["device"],
        inventory=module.params["inventory"],
        configs=module.params["configs"],
        mode=module.params["mode"],
        confirm_timeout=module.params["confirm_timeout"],
        check=module.check_mode,
    )
    if result.pop("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
