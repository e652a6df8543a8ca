"""Pick the CJK font that every diagram names explicitly.

Graphviz has no per-glyph font fallback in its label layout: a label drawn
with a Latin-only font shows Chinese as empty boxes ("tofu") in PNG and PDF
while the SVG still looks right in a browser. So the font is chosen here, once,
from what fontconfig reports for ``:lang=zh``, and a missing font is an error.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess

from campusctl.diagram.errors import FontMissing
from campusctl.i18n import N_, _

log = logging.getLogger(__name__)

ENV_FONT = "CAMPUSCTL_CJK_FONT"
"""Environment variable naming the font family to use instead of the preferred list."""

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
"""Simplified-Chinese sans-serif families, best first (Debian: fonts-noto-cjk first)."""

_INSTALL_HINT = "apt-get install fonts-noto-cjk fontconfig"


def cjk_families() -> list[str]:
    """Return the font families that fontconfig lists for ``:lang=zh``, sorted.

    :raise FontMissing: when ``fc-list`` is not installed or fails.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontMissing(
            _("fc-list was not found, so no CJK font can be checked; install it: {hint}").format(
                hint=_INSTALL_HINT
            )
        )
    try:
        output = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        raise FontMissing(
            _("fc-list failed while looking for a CJK font: {error}").format(error=err)
        ) from err
    families: set[str] = set()
    for line in output.splitlines():
        # One line per font file: "Noto Sans CJK SC,Noto Sans CJK SC Regular".
        families.update(name.strip() for name in line.split(",") if name.strip())
    return sorted(families)


def cjk_font() -> str:
    """Return the font family for diagram labels.

    ``$CAMPUSCTL_CJK_FONT`` wins when it names an installed CJK family; else the
    first installed family of :data:`PREFERRED_FAMILIES`; else any family that
    fontconfig lists for Chinese.

    :raise FontMissing: when fontconfig lists no font with Chinese glyphs, or
        the configured family is not one of them.
    """
    families = cjk_families()
    if not families:
        raise FontMissing(
            _(
                "no font with Chinese glyphs is installed (`fc-list :lang=zh` is empty), "
                "so diagram labels would be drawn as empty boxes; install one: {hint}"
            ).format(hint=_INSTALL_HINT)
        )
    configured = os.environ.get(ENV_FONT, "").strip()
    if configured:
        if configured not in families:
            raise FontMissing(
                _(
                    "{variable}={font} is not an installed font with Chinese glyphs; "
                    "choose one of: {families}"
                ).format(variable=ENV_FONT, font=configured, families=", ".join(families))
            )
        return configured
    for family in PREFERRED_FAMILIES:
        if family in families:
            return family
    log.warning(N_("none of the preferred CJK fonts is installed; using %s"), families[0])
    return families[0]
