"""The contour map as a picture: filled bands and isolines rendered once in NumPy, shown as a PNG.

A Plotly contour trace is recomputed by the browser (marching squares over the whole grid) every
time the figure is drawn, which on the Compare page is every control change.  The same bands and
lines drawn here cost nothing to redraw; they are cached per surface and view box.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import numpy as np
from PIL import Image

from viz.contour import contour_values, surface_grid

LIGHT = np.array([252, 252, 252], dtype=float)  # the lowest band
DARK = np.array([196, 196, 196], dtype=float)  # the highest band
LINE = np.array([120, 120, 120], dtype=float)  # isolines, blended at LINE_ALPHA
LINE_ALPHA = 0.55


def png_bytes(rgb: np.ndarray) -> bytes:
    """PNG bytes of an (h, w, 3) uint8 array, top row first (Pillow encodes it)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8), "RGB").save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def banded(values: np.ndarray, levels: int = 30) -> np.ndarray:
    """RGB bands (light = low) with darker isolines where the band changes; rows are y ascending."""
    finite = np.isfinite(values)
    lo, hi = (float(values[finite].min()), float(values[finite].max())) if finite.any() else (0.0, 1.0)
    span = (hi - lo) or 1.0
    band = np.clip(((np.where(finite, values, hi) - lo) / span * levels).astype(int), 0, levels - 1)
    shade = band[..., None] / max(levels - 1, 1)
    rgb = LIGHT + (DARK - LIGHT) * shade
    edge = np.zeros(band.shape, dtype=bool)
    edge[:, :-1] |= band[:, :-1] != band[:, 1:]
    edge[:-1, :] |= band[:-1, :] != band[1:, :]
    rgb[edge] = rgb[edge] * (1 - LINE_ALPHA) + LINE * LINE_ALPHA
    return np.clip(rgb, 0, 255).astype(np.uint8)


@lru_cache(maxsize=32)
def contour_image(surface, bounds, resolution: int = 400, levels: int = 30) -> tuple[str, str]:
    """(data URI of the PNG, title of what the shades show) for ``surface`` over ``bounds``.

    Surfaces are compared by identity (the app builds each one once), so the cache is per surface.
    """
    bounds = tuple(tuple(float(v) for v in pair) for pair in bounds)
    _, _, z = surface_grid(surface, bounds, resolution)
    values, title = contour_values(surface, z)
    rgb = banded(values, levels)[::-1]  # PNG rows go from the top (largest y) down
    return "data:image/png;base64," + base64.b64encode(png_bytes(rgb)).decode("ascii"), title
