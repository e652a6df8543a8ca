"""The CLI engine class of each platform."""

from __future__ import annotations

import importlib

from campusctl.lab.devices import LabDevice
from campusctl.lab.vendors.base import Vendor


def vendor_class(device: LabDevice) -> type[Vendor]:
    """Return the vendor class emulating ``device``; raise KeyError for an unknown platform."""
    try:
        module_name, class_name = _CLASSES[device.platform]
    except KeyError:
        known = ", ".join(sorted(_CLASSES))
        raise KeyError(
            f"device {device.name}: platform {device.platform!r} is not emulated; "
            f"emulated platforms: {known}"
        ) from None
    module = importlib.import_module(module_name)
    found: type[Vendor] = getattr(module, class_name)
    return found


_CLASSES = {
    "huawei_vrp": ("campusctl.lab.vendors.huawei", "Huawei"),
    "h3c_comware": ("campusctl.lab.vendors.comware", "Comware"),
    "cisco_ios": ("campusctl.lab.vendors.cisco", "CiscoIos"),
    "ruijie_rgos": ("campusctl.lab.vendors.cisco", "Ruijie"),
}
