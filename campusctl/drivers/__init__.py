"""Device drivers: the SSH session every driver shares, and helpers of the
NAPALM drivers registered as ``campus_huawei_vrp``, ``campus_h3c_comware``,
``campus_ruijie_rgos`` and ``campus_cisco_ios``.
"""
