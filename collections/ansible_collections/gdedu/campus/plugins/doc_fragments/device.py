# Copyright: campusctl developers
# Apache License 2.0
"""The options every gdedu.campus module that works on one device takes."""

from __future__ import annotations


class ModuleDocFragment:
    """Documentation of the device, inventory and configs options."""

    DOCUMENTATION = r"""
options:
  device:
    description: The device name, usually C({{ inventory_hostname }}).
    type: str
    required: true
  inventory:
    description: campusctl's inventory folder.
    type: path
    default: inventory
  configs:
    description: Folder of rendered intended configs.
    type: path
    default: build/configs
"""
