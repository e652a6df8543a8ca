"""SCP and SFTP to a device's flash, as IOS and VRP offer them once enabled.

The server maps ``flash:/name`` (and a bare ``name``) into the device's flash
folder in the lab state folder, chrooted there. Transfers are refused unless
the running configuration enables the SCP server (``ip scp server enable`` on
IOS and RGOS, ``scp server enable`` on VRP and Comware), as on the devices.
"""

from __future__ import annotations

import logging
import re

import asyncssh

from campusctl.lab.runtime import DeviceRuntime

log = logging.getLogger(__name__)

_ENABLED_RE = re.compile(r"^(ip )?scp (ipv4 )?server enable$")


def scp_enabled(runtime: DeviceRuntime) -> bool:
    """Return whether the running configuration enables the SCP server."""
    return any(_ENABLED_RE.match(node.text) for node in runtime.running.children)


class FlashServer(asyncssh.SFTPServer):
    """An SFTP/SCP server rooted at one device's flash folder."""

    def __init__(self, chan: asyncssh.SSHServerChannel[bytes], runtime: DeviceRuntime) -> None:
        flash = runtime.flash()
        if flash is None or not scp_enabled(runtime):
            log.info(
                "device %s: file transfer rejected because the SCP server is not enabled",
                runtime.name,
            )
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "SCP server is not enabled"
            )
        super().__init__(chan, chroot=str(flash).encode())

    def map_path(self, path: bytes) -> bytes:
        """Strip the ``flash:`` file system prefix before the chroot mapping."""
        for prefix in (b"flash:", b"bootflash:"):
            if path.startswith(prefix):
                path = path[len(prefix) :] or b"/"
        return super().map_path(path)
