"""Switch the message catalog while the report is rendered in one language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from campusctl import i18n
from campusctl.errors import ReportError
from campusctl.i18n import _

LANGUAGES = ("zh_CN", "en")
"""Report languages; the first is the default."""


class CatalogMissing(ReportError):
    """Raised when the Chinese report is asked for but the zh_CN catalog is not compiled."""

    code = "E7500"


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Render messages in ``language`` (``zh_CN`` or ``en``) inside the block.

    Sets ``LANGUAGE``, which gettext reads before ``LC_ALL`` and ``LANG``, and
    restores it afterwards. Not thread-safe: render one language at a time.

    :raise CatalogMissing: for ``zh_CN`` when its compiled catalog (.mo) is missing.
    """
    if language not in LANGUAGES:
        raise ReportError(
            _("unknown report language {language}; choose one of: {choices}").format(
                language=language, choices=", ".join(LANGUAGES)
            )
        )
    previous = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = language
    i18n.reset()
    try:
        if i18n.language() != language:
            raise CatalogMissing(
                _(
                    "the {language} message catalog is not compiled, so the report would "
                    "be in English; run `make catalogs`"
                ).format(language=language)
            )
        yield
    finally:
        if previous is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous
        i18n.reset()
