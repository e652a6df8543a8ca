"""NAPALM's bundled community drivers run on first use, and still resolve by name."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

_CHECKS = textwrap.dedent(
    """
    print("deferred", type(sys.modules["napalm.junos"]).__name__ == "_Deferred")
    print("jnpr.junos", "jnpr.junos" in sys.modules)
    print("campus", napalm.get_network_driver("campus_huawei_vrp").__name__)
    print("ios", napalm.get_network_driver("ios").__name__)
    print("junos", napalm.get_network_driver("junos").__name__)
    print("jnpr.junos", "jnpr.junos" in sys.modules)
    from napalm.eos import EOSDriver
    print("eos", EOSDriver.__name__)
    import napalm.nxos_ssh
    print("nxos_ssh", napalm.nxos_ssh.NXOSSSHDriver.__name__)
    print("iosxr", sorted(vars(napalm.iosxr)).count("IOSXRDriver"))
    """
)
_EXPECTED = [
    "deferred True",
    "jnpr.junos False",
    "campus CampusHuaweiVRPDriver",
    "ios IOSDriver",
    "junos JunOSDriver",
    "jnpr.junos True",
    "eos EOSDriver",
    "nxos_ssh NXOSSSHDriver",
    "iosxr 1",
]
# How each kind of campusctl process first imports NAPALM.
_FIRST_IMPORTS = {
    "import_napalm": "from campusctl.drivers.bundled import import_napalm\nimport_napalm()",
    "engine session": (
        "from campusctl.engine.session import _driver_class\n_driver_class('campus_cisco_ios')"
    ),
    "worker preload": (
        "import importlib\nfrom campusctl.engine.workers import PRELOAD\n"
        "for name in PRELOAD:\n    importlib.import_module(name)"
    ),
}


@pytest.mark.parametrize("first_import", sorted(_FIRST_IMPORTS))
def test_bundled_drivers_load_on_first_use(first_import: str) -> None:
    # A fresh interpreter: the test process may have imported NAPALM already.
    probe = f"import sys\n{_FIRST_IMPORTS[first_import]}\nimport napalm\n{_CHECKS}"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines() == _EXPECTED
