"""NAPALM driver ``campus_huawei_vrp``.

``napalm.get_network_driver("campus_huawei_vrp")`` imports this package.

Only the driver class is imported into this namespace, because NAPALM takes
the first NetworkDriver subclass it finds in the module.
"""

from campusctl.drivers.huawei_vrp import CampusHuaweiVRPDriver

__all__ = ["CampusHuaweiVRPDriver"]
