"""NAPALM driver ``campus_ruijie_rgos``.

``napalm.get_network_driver("campus_ruijie_rgos")`` imports this package.

Only the driver class is imported into this namespace, because NAPALM takes
the first NetworkDriver subclass it finds in the module.
"""

from campusctl.drivers.ruijie_rgos import CampusRuijieRGOSDriver

__all__ = ["CampusRuijieRGOSDriver"]
