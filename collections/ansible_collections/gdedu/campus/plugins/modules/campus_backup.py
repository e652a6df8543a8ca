#!/usr/bin/python
# Copyright: campusctl developers
# Apache License 2.0
"""Ansible module: back up a device's running config and report drift."""

from __future__ import annotations

DOCUMENTATION = r"""
module: campus_backup
short_description: Back up a campus device's running configuration and report drift
description:
  - Saves the running configuration in campusctl's state folder (kept across clean-ups)
    and compares it with the intended configuration rendered by C(campusctl render).
  - Changes nothing on the device, so it always reports C(changed=false).
version_added: 0.1.0
author: campusctl developers
extends_documentation_fragment:
  - gdedu.campus.device
"""

EXAMPLES = r"""
- name: Back up the device and report drift
  gdedu.campus.campus_backup:
    device: "{{ inventory_hostname }}"
"""

RETURN = r"""
backup:
  description: Path of the backup file.
  returned: success
  type: str
drift:
  description: Commands that would bring the device back to its intended config, secrets masked.
  returned: success
  type: list
  elements: str
drifted:
  description: True when the running config differs from the intended config.
  returned: success
  type: bool
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.gdedu.campus.plugins.module_utils.device import (
    DEVICE_ARGUMENT_SPEC,
    campusctl_function,
)


def main():
    """Run the module."""
    module = AnsibleModule(
        argument_spec=dict(DEVICE_ARGUMENT_SPEC),
        supports_check_mode=True,
    )
    run_backup = campusctl_function(module, "run_backup")
    result = run_backup(
        device=module.params["device"],
        inventory=module.params["inventory"],
        configs=module.params["configs"],
    )
    if result.pop("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
