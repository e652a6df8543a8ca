# Copyright: campusctl developers
# Apache License 2.0
"""Ansible inventory plugin over campusctl's inventory."""

from __future__ import annotations

DOCUMENTATION = r"""
name: campus
short_description: Guangdong school networks from campusctl's inventory
description:
  - Reads campusctl's inventory (province.yml and one file per school) and,
    when the embedded lab runs, its overlay of lab addresses and ports.
  - Groups are C(city_<code>) > C(district_<code>) > C(school_<code>), plus
    C(type_<type>), C(tier_<tier>), C(role_<role>), C(platform_<platform>),
    C(network) (switches and controllers) and C(linux) (terminals, servers).
  - Host variables carry platform, OS, address, charset and timeouts, never
    credentials (those come from Ansible Vault or environment variables).
options:
  plugin:
    description: The name of this plugin.
    required: true
    choices: [gdedu.campus.campus]
  inventory_path:
    description: The inventory folder; relative paths start at this file's folder.
    type: str
    default: .
  lab_overlay:
    description:
      - C(auto) applies the lab overlay when a lab is running, C(always) requires one,
        C(never) ignores it.
    type: str
    choices: [auto, always, never]
    default: auto
"""

EXAMPLES = r"""
# inventory/campus.yml
plugin: gdedu.campus.campus
inventory_path: .
lab_overlay: auto
"""

import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

try:
    from campusctl.ansible_inventory import build
    from campusctl.errors import CampusError
    from campusctl.inventory import load_inventory
    from campusctl.inventory.overlay import load_overlay

    HAS_CAMPUSCTL = True
except ImportError:  # pragma: no cover - reported in parse()
    HAS_CAMPUSCTL = False


class InventoryModule(BaseInventoryPlugin):
    """Build Ansible groups and hosts from campusctl's inventory."""

    NAME = "gdedu.campus.campus"

    def verify_file(self, path):
        """Accept only files named campus.yml or campus.yaml."""
        return super().verify_file(path) and os.path.basename(path) in ("campus.yml", "campus.yaml")

    def parse(self, inventory, loader, path, cache=True):
        """Load campusctl's inventory and add its groups and hosts."""
        super().parse(inventory, loader, path, cache)
        if not HAS_CAMPUSCTL:
            raise AnsibleParserError(
                "campusctl is not importable by this Python; run Ansible from campusctl's venv (make setup)"
            )
        self._read_config_data(path)
        root = self.get_option("inventory_path")
        if not os.path.isabs(root):
            root = os.path.join(os.path.dirname(os.path.abspath(path)), root)
        mode = self.get_option("lab_overlay")
        try:
            campus = load_inventory(root)
            overlay = None if mode == "never" else load_overlay(campus.root)
        except CampusError as err:
            raise AnsibleParserError(str(err)) from err
        if mode == "always" and overlay is None:
            raise AnsibleParserError("no lab is running; start it with `campusctl lab up`")
        built = build(campus, overlay)
        for parent, groups in sorted(built.children.items()):
            self.inventory.add_group(parent)
            for group in groups:
                self.inventory.add_group(group)
                self.inventory.add_child(parent, group)
        for group, hosts in sorted(built.groups.items()):
            self.inventory.add_group(group)
            for host in hosts:
                self.inventory.add_host(host, group=group)
        for host, variables in built.hostvars.items():
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
