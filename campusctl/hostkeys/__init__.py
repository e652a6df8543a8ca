"""SSH host keys of the managed devices: fingerprints, the pinned keys and re-pinning.

campusctl connects only to a device whose host key is pinned: in the lab
overlay for lab devices, in ``<state>/known_hosts`` for production devices.
When a switch is replaced or its key is regenerated, the operator checks the
new key on the console and re-pins it with ``campusctl hostkey pin``.
"""
