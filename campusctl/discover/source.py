"""Read a saved configuration: decode its bytes and tell its platform from the text.

Bureau backups come from TFTP servers and USB sticks: Huawei and Cisco files
are usually UTF-8, older H3C and Ruijie firmware writes GBK. A file that is
not valid UTF-8 is read as GBK (GB 18030, its superset, so no byte is lost),
and the charset is kept because the device needs it for later writes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from campusctl.discover.errors import ImportConfigError
from campusctl.i18n import _
from campusctl.inventory.model import Charset
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

# Each marker is a line only that platform writes in its configuration.
# Order matters: Ruijie and Cisco share most syntax, so the RGOS version line
# and Ruijie's spaced interface names are checked before the IOS markers.
_MARKERS: tuple[tuple[PlatformId, re.Pattern[str]], ...] = (
    (PlatformId.HUAWEI_VRP, re.compile(r"^!Software Version V\d{3}R\d{3}", re.M)),
    (
        PlatformId.HUAWEI_VRP,
        re.compile(r"^\s*(?:vlan batch |interface Vlanif\d|user-interface )", re.M),
    ),
    (PlatformId.H3C_COMWARE, re.compile(r"^\s*version \d\.\d+\.\d+, (?:ESS |Release )", re.M)),
    (
        PlatformId.H3C_COMWARE,
        re.compile(r"^\s*interface (?:Vlan-interface|Bridge-Aggregation)\d", re.M),
    ),
    (PlatformId.RUIJIE_RGOS, re.compile(r"^version \S*RGOS", re.M)),
    (
        PlatformId.RUIJIE_RGOS,
        re.compile(r"^interface (?:GigabitEthernet|TenGigabitEthernet|AggregatePort) \d", re.M),
    ),
    (PlatformId.CISCO_IOS, re.compile(r"^version \d+\.\d+\s*$", re.M)),
    (
        PlatformId.CISCO_IOS,
        re.compile(r"^interface (?:GigabitEthernet|TenGigabitEthernet)\d+/\d+", re.M),
    ),
)


@dataclass(frozen=True, slots=True)
class SavedConfig:
    """A configuration as read from a backup file or a device."""

    origin: str
    """The file path or the device address it came from, for messages."""
    text: str
    platform: PlatformId
    charset: Charset


def decode(data: bytes, origin: str) -> tuple[str, Charset]:
    """Return the text of ``data`` and the charset it was written in.

    :raise ImportConfigError: when the bytes are neither UTF-8 nor GBK.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), Charset.UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), Charset.GBK
    except UnicodeDecodeError as err:
        raise ImportConfigError(
            _(
                "{origin}: byte {offset} is neither UTF-8 nor GBK; "
                "check that the file is a plain-text configuration backup"
            ).format(origin=origin, offset=err.start)
        ) from err


def detect_platform(text: str, origin: str) -> PlatformId:
    """Return the platform whose configuration ``text`` is.

    :raise ImportConfigError: when no platform's markers are found.
    """
    for platform_id, marker in _MARKERS:
        if marker.search(text):
            log.debug("%s: detected %s by %r", origin, platform_id.value, marker.pattern)
            return platform_id
    raise ImportConfigError(
        _(
            "{origin}: the platform cannot be told from the text (no Huawei, H3C, Ruijie "
            "or Cisco configuration lines found); pass a full running-configuration backup"
        ).format(origin=origin)
    )


def normalise_text(text: str) -> str:
    """Return ``text`` with Windows line ends and trailing blanks removed."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))


def read_saved_config(path: Path) -> SavedConfig:
    """Read, decode and identify one saved configuration file.

    :raise ImportConfigError: when the file cannot be read, decoded or identified.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportConfigError(
            _("{path}: cannot read the file ({reason})").format(path=path, reason=err.strerror)
        ) from err
    text, charset = decode(data, str(path))
    text = normalise_text(text)
    return SavedConfig(str(path), text, detect_platform(text, str(path)), charset)
