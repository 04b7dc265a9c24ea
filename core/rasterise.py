"""SVG to PNG on the server, with CairoSVG over the system's libcairo.

Either may be missing (a server without libcairo2, an installation without
the package): the registry then still runs, and only PNG files are refused.
``available()`` says whether they can be made; ``png()`` raises
``PngUnavailable`` when they cannot.

CairoSVG draws text with cairo's plain text calls: one font per run of text,
no shaping. Latin, Cyrillic and Vietnamese text comes out right; scripts
whose letters combine (Thai, Khmer) do not, so the callers draw such text in
the SVG file only.
"""

import logging

logger = logging.getLogger(__name__)

try:
    import cairosvg
except (ImportError, OSError):  # OSError: the package without libcairo
    cairosvg = None
    logger.warning("No PNG engine: CairoSVG or libcairo2 is missing.", exc_info=True)


# The registry's languages whose scripts combine letters (Thai, Khmer): a PNG
# asked for in one of them is drawn in English.
UNSHAPED_LANGUAGES = ("th", "km")


class PngUnavailable(Exception):
    """No PNG engine on this server (CairoSVG or libcairo missing)."""


def _engine():
    return cairosvg


def available():
    return _engine() is not None


def png(svg, *, scale=2):
    """The PNG of ``svg`` (text), ``scale`` pixels per SVG unit."""
    engine = _engine()
    if engine is None:
        raise PngUnavailable
    return engine.svg2png(bytestring=svg.encode(), scale=scale, unsafe=False)
