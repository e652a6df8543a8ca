"""Device drivers: the SSH session every driver shares, and helpers of the
NAPALM drivers registered as ``campus_huawei_vrp``, ``campus_h3c_comware``,
``campus_ruijie_rgos`` and ``campus_cisco_ios``.
"""

from campusctl.drivers.bundled import defer_bundled_drivers

# Every driver module imports NAPALM, so its bundled community drivers are deferred first.
defer_bundled_drivers()
