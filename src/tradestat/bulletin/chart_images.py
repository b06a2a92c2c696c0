"""Charts to pictures, offline: Vega-Lite → SVG (inline in HTML and PDF) and PNG (for Markdown).

vl-convert runs Vega in-process, so no browser and no network are needed; external data URLs
are refused (``allowed_base_urls=[]``) because a bulletin's charts carry their data inline.
Chinese labels need a CJK font that vl-convert knows about, otherwise they come out as empty
boxes; the font directory is found through fontconfig and registered once per process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache, lru_cache
from pathlib import Path

import vl_convert

from tradestat.bulletin.charts import FONT_FAMILY
from tradestat.bulletin.document import Chart
from tradestat.bulletin.render_errors import RenderError

#: Where Debian's fonts-noto-cjk puts the font, used when fontconfig cannot be asked.
DEBIAN_NOTO_CJK = Path("/usr/share/fonts/opentype/noto")

PNG_SCALE = 2.0      # Markdown PNGs at twice the SVG size stay sharp on high-density screens


@cache
def cjk_font_directory() -> Path:
    """The directory holding the CJK font, registered with vl-convert on first use.

    Raises ``RenderError`` when no CJK font is installed: rendering Chinese labels without one
    gives boxes instead of characters, which must not pass as a chart.
    """
    directory = _fontconfig_directory() or (DEBIAN_NOTO_CJK if DEBIAN_NOTO_CJK.is_dir() else None)
    if directory is None:
        raise RenderError(f"no {FONT_FAMILY} font found for chart labels",
                          hint="install it with `make system` (Debian package fonts-noto-cjk)")
    vl_convert.register_font_directory(str(directory))
    return directory


def _fontconfig_directory() -> Path | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    found = subprocess.run([fc_match, "-f", "%{family}\t%{file}", FONT_FAMILY],
                           capture_output=True, text=True, check=False).stdout
    family, _, file = found.partition("\t")
    if FONT_FAMILY not in family.split(",") or not file:
        return None  # fontconfig substituted another family: the CJK font is not installed
    return Path(file).parent


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG document (text as <text> in the house font)."""
    return _svg(_key(chart))


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG image at ``PNG_SCALE``."""
    return _png(_key(chart))


def _key(chart: Chart) -> str:
    """Specs are dicts (unhashable); their canonical JSON is the cache key and the input."""
    return json.dumps(chart.spec, sort_keys=True, ensure_ascii=False, default=_reject)


def _reject(value: object) -> object:
    raise RenderError(f"chart spec holds a {type(value).__name__} ({value!r}), not JSON",
                      hint="chart builders convert values to float before they reach a spec")


@lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    cjk_font_directory()
    return vl_convert.vegalite_to_svg(spec_json, allowed_base_urls=[])


@lru_cache(maxsize=64)
def _png(spec_json: str) -> bytes:
    cjk_font_directory()
    return vl_convert.vegalite_to_png(spec_json, scale=PNG_SCALE, allowed_base_urls=[])
