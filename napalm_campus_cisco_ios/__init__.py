"""NAPALM driver ``campus_cisco_ios``.

``napalm.get_network_driver("campus_cisco_ios")`` imports this package.

Only the driver class is imported into this namespace, because NAPALM takes
the first NetworkDriver subclass it finds in the module.
"""

from campusctl.drivers.cisco_ios import CampusCiscoIOSDriver

__all__ = ["CampusCiscoIOSDriver"]
