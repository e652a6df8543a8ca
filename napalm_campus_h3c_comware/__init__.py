"""NAPALM driver ``campus_h3c_comware``.

``napalm.get_network_driver("campus_h3c_comware")`` imports this package.

Only the driver class is imported into this namespace, because NAPALM takes
the first NetworkDriver subclass it finds in the module.
"""

from campusctl.drivers.h3c_comware import CampusH3cComwareDriver

__all__ = ["CampusH3cComwareDriver"]
