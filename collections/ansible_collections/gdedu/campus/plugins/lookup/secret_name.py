# Copyright: campusctl developers
# Apache License 2.0
"""Ansible lookup of the name a school's inventory gives a service's shared secret."""

from __future__ import annotations

DOCUMENTATION = r"""
name: secret_name
short_description: The name of a school's RADIUS or TACACS shared secret in campusctl's inventory
description:
  - Returns, for each service kind (C(radius) or C(tacacs)), the secret name
    of the school's first server of that kind after inheritance (province,
    city, district, school), as the switch and controller templates use it.
  - Only the name is returned, never a value; pass it to C(gdedu.campus.secret).
options:
  _terms:
    description: Service kinds, C(radius) or C(tacacs).
    required: true
  school:
    description: The school code (the host variable C(campus_school)).
    type: str
    required: true
  inventory:
    description:
      - campusctl's inventory folder.
      - Defaults to C(CAMPUSCTL_INVENTORY), else the C(inventory) folder beside the playbooks folder.
    type: path
"""

EXAMPLES = r"""
school_server_radius_secret_name: "{{ lookup('gdedu.campus.secret_name', 'radius', school=campus_school) }}"
"""

RETURN = r"""
_raw:
  description: One secret name per service kind.
  type: list
  elements: str
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

try:
    from campusctl.errors import CampusError
    from campusctl.inventory import load_inventory

    HAS_CAMPUSCTL = True
except ImportError:  # pragma: no cover - reported in run()
    HAS_CAMPUSCTL = False

INVENTORY_ENV = "CAMPUSCTL_INVENTORY"
KINDS = ("radius", "tacacs")


class LookupModule(LookupBase):
    """Read a school's shared-secret names from campusctl's inventory."""

    def run(self, terms, variables=None, **kwargs):
        """Return the secret name of the school's first server of each kind."""
        if not HAS_CAMPUSCTL:
            raise AnsibleLookupError(
                "campusctl is not importable by this Python; run Ansible from campusctl's venv (make setup)"
            )
        self.set_options(var_options=variables, direct=kwargs)
        root = self.get_option("inventory") or os.environ.get(INVENTORY_ENV)
        if not root and variables and variables.get("playbook_dir"):
            root = os.path.join(os.path.dirname(variables["playbook_dir"]), "inventory")
        if not root or not os.path.isdir(root):
            raise AnsibleLookupError(
                "campusctl's inventory folder was not found; set CAMPUSCTL_INVENTORY or the inventory option"
            )
        code = str(self.get_option("school"))
        try:
            school = load_inventory(root).schools.get(code)
        except CampusError as err:
            raise AnsibleLookupError(str(err)) from None
        if school is None:
            raise AnsibleLookupError(f"school {code} is not in the inventory at {root}")
        names = []
        for kind in terms:
            if kind not in KINDS:
                raise AnsibleLookupError(
                    f"unknown service kind {kind!r}; use one of {', '.join(KINDS)}"
                )
            servers = getattr(school.services, kind)
            if not servers:
                raise AnsibleLookupError(f"school {code} has no {kind} server in the inventory")
            names.append(servers[0].secret)
        return names
