"""Open a driver session to a device: the one place that maps access details to a driver."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from campusctl.engine.access import DeviceAccess
from campusctl.errors import DeviceError
from campusctl.i18n import _

log = logging.getLogger(__name__)


@functools.cache
def _driver_class(name: str) -> Any:
    """Return NAPALM's driver class ``name``, looked up once per run instead of once per session."""
    # Imported here: it takes about a quarter of a second, and most commands never need it.
    from campusctl.drivers.bundled import import_napalm

    napalm = import_napalm()

    return napalm.get_network_driver(name)


def driver_for(access: DeviceAccess) -> Any:
    """Return an unopened NAPALM driver for the device (campusctl's own driver of its platform)."""
    try:
        driver_class = _driver_class(access.napalm_driver)
    except Exception as err:  # napalm raises its own ModuleImportError and ValueError here
        raise DeviceError(
            _("no driver {driver} for {device}: {error}").format(
                driver=access.napalm_driver, device=access.name, error=err
            ),
            device=access.name,
        ) from err
    optional_args: dict[str, Any] = {
        "port": access.port,
        "encoding": access.charset,
        "conn_timeout": access.connect_timeout,
        "save_timeout": access.save_timeout,
        "role": access.role,
        "device_name": access.name,
    }
    if access.secret:
        optional_args["secret"] = access.secret
    if access.management_vlan is not None:
        optional_args["management_vlan"] = access.management_vlan
    if access.host_key:
        optional_args["host_key"] = access.host_key
    if access.known_hosts is not None:
        optional_args["known_hosts"] = str(access.known_hosts)
    return driver_class(
        hostname=access.host,
        username=access.username,
        password=access.password,
        timeout=access.command_timeout,
        optional_args=optional_args,
    )


@contextmanager
def session(access: DeviceAccess) -> Iterator[Any]:
    """Open a driver session for the duration of a ``with`` block; always close it."""
    driver = driver_for(access)
    log.debug("%s: opening a session to %s:%d", access.name, access.host, access.port)
    driver.open()
    try:
        yield driver
    finally:
        try:
            driver.close()
        except Exception as err:  # a dropped session cannot be closed cleanly
            log.debug("%s: closing the session failed: %s", access.name, err)
