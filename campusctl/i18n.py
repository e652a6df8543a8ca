"""Message catalogs: every text a person reads goes through :func:`_`.

The language comes from the environment in the order gettext uses
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``): ``LANG=zh_CN.UTF-8``
gives Simplified Chinese, ``C.UTF-8`` or ``en_US.UTF-8`` gives English. Message
ids are English, so a missing catalog degrades to English, never to an error.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "campusctl"
LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def translation() -> gettext.NullTranslations:
    """Return the catalog for the environment's language (cached per process)."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the environment's language."""
    return translation().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog and return it unchanged, to be translated later.

    ``N_`` is the name gettext's extraction tools look for. Log messages use
    it: the command line's log formatter translates them, and log files keep
    the English text.
    """
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    return translation().ngettext(singular, plural, count)


def language() -> str:
    """Return ``zh_CN`` when the active catalog is Chinese, else ``en``."""
    info = translation().info()
    lang = info.get("language", "en")
    return "zh_CN" if lang.startswith("zh") else "en"


def reset() -> None:
    """Forget the cached catalog, so a changed environment takes effect (tests)."""
    translation.cache_clear()
