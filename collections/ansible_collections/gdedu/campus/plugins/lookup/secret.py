# Copyright: campusctl developers
# Apache License 2.0
"""Ansible lookup of a secret by the name campusctl's inventory gives it."""

from __future__ import annotations

DOCUMENTATION = r"""
name: secret
short_description: A secret's value by its inventory name, from campusctl's secret store
description:
  - Returns the value of each named secret, looked up the way campusctl's
    renderer does, first match wins - the environment variable
    C(CAMPUSCTL_SECRET_<NAME>), the Ansible Vault file
    C(<inventory>/group_vars/all/vault.yml) (key C(<name>) or C(vault_<name>)),
    then the lab secrets file (C(CAMPUSCTL_LAB_SECRETS) or the one C(campusctl lab up) writes).
  - Switch and controller templates, the inventory and the school server's
    FreeRADIUS clients thus read one secret under one name.
options:
  _terms:
    description: Secret names, as the inventory writes them (for example C(radius_shared_secret)).
    required: true
  inventory:
    description:
      - campusctl's inventory folder (for the vault file and the lab secrets).
      - Defaults to C(CAMPUSCTL_INVENTORY), else the C(inventory) folder beside the playbooks folder.
    type: path
"""

EXAMPLES = r"""
- name: Write the FreeRADIUS clients
  ansible.builtin.template:
    src: clients.conf.j2
    dest: /etc/freeradius/3.0/clients.conf
    mode: "0640"
  vars:
    radius_secret: "{{ lookup('gdedu.campus.secret', 'radius_shared_secret') }}"
  no_log: true
"""

RETURN = r"""
_raw:
  description: One value per name.
  type: list
  elements: str
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

try:
    from campusctl.errors import CampusError
    from campusctl.secrets import SecretStore

    HAS_CAMPUSCTL = True
except ImportError:  # pragma: no cover - reported in run()
    HAS_CAMPUSCTL = False

INVENTORY_ENV = "CAMPUSCTL_INVENTORY"


class LookupModule(LookupBase):
    """Resolve secret names through campusctl's SecretStore."""

    def run(self, terms, variables=None, **kwargs):
        """Return the value of every named secret; fail naming the secret, never a value."""
        if not HAS_CAMPUSCTL:
            raise AnsibleLookupError(
                "campusctl is not importable by this Python; run Ansible from campusctl's venv (make setup)"
            )
        self.set_options(var_options=variables, direct=kwargs)
        root = self.get_option("inventory") or os.environ.get(INVENTORY_ENV)
        if not root and variables and variables.get("playbook_dir"):
            candidate = os.path.join(os.path.dirname(variables["playbook_dir"]), "inventory")
            root = candidate if os.path.isdir(candidate) else None
        store = SecretStore(_path(root))
        values = []
        for name in terms:
            try:
                values.append(store.get(str(name)))
            except CampusError as err:
                raise AnsibleLookupError(str(err)) from None
        return values


def _path(root):
    from pathlib import Path

    return Path(root) if root else None
