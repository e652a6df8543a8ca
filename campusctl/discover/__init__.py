"""Bring existing schools under management: import saved configs and discover by LLDP.

Both paths read each device into the same :class:`~campusctl.discover.facts.DeviceFacts`
and build the school file from them with :func:`~campusctl.discover.build.build_school`,
so an import and a discovery of the same network give the same inventory.
"""
