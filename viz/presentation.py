"""The Compare figure for a projector, and pinned runs drawn as faded ghosts.

Both work on a finished figure spec (a plain dict), so the page can switch them on without
recomputing anything: :func:`for_projector` thickens paths and enlarges type for the back of a
classroom, and :func:`with_ghosts` adds the paths a teacher pinned before changing a setting, so the
class sees before and after on one map.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass

#: the projector's type size (px); Plotly's default is 12
PROJECTOR_FONT = 20
LINE_SCALE = 2.0
MARKER_SCALE = 1.5
GHOST_OPACITY = 0.35


def for_projector(spec: dict, height: int) -> dict:
    """A copy of ``spec`` with lines twice as thick, markers half as large again, and big type.

    Widths and sizes may be numbers or per-point lists; both scale.  ``height`` is the figure's
    height in pixels (the page fills the screen with it).
    """
    out = copy.deepcopy(spec)
    for trace in out.get("data", []):
        _thicken(trace)
    for frame in out.get("frames", []):
        for trace in frame.get("data", []):
            _thicken(trace)
    layout = out.setdefault("layout", {})
    layout["height"] = int(height)
    font = layout.setdefault("font", {})
    font["size"] = PROJECTOR_FONT
    for name, axis in layout.items():
        if (name.startswith("xaxis") or name.startswith("yaxis")) and isinstance(axis, dict):
            axis.setdefault("tickfont", {})["size"] = PROJECTOR_FONT - 2
            title = axis.get("title")
            if isinstance(title, dict):
                title.setdefault("font", {})["size"] = PROJECTOR_FONT
    layout.setdefault("legend", {}).setdefault("font", {})["size"] = PROJECTOR_FONT - 2
    for note in layout.get("annotations", []):
        note.setdefault("font", {})["size"] = max(note.get("font", {}).get("size", 12), PROJECTOR_FONT - 2)
    return out


def _scale(value, factor: float):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value * factor
    if isinstance(value, list):
        return [v * factor if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
    return value


def _thicken(trace: dict) -> None:
    line = trace.get("line")
    if isinstance(line, dict) and "width" in line:
        line["width"] = _scale(line["width"], LINE_SCALE)
    elif "lines" in str(trace.get("mode", "")) and trace.get("type", "scatter") == "scatter":
        trace.setdefault("line", {})["width"] = 2 * LINE_SCALE  # Plotly's default width is 2
    marker = trace.get("marker")
    if isinstance(marker, dict) and "size" in marker:
        marker["size"] = _scale(marker["size"], MARKER_SCALE)


@dataclass(frozen=True)
class PinnedPath:
    """A run kept on the map as a ghost: its label, colour and points (NaN-free, rounded)."""

    label: str
    colour: str
    x: tuple[float, ...]
    y: tuple[float, ...]


def pin(paths: Sequence, digits: int = 5) -> tuple[PinnedPath, ...]:
    """The drawable part of ``paths`` (objects with ``label``, ``colour`` and ``xy`` of shape (n, 2)).

    Non-finite points (a run that diverged) are dropped, coordinates rounded to ``digits``
    significant figures, so a pin is small enough to keep in the session.
    """
    pinned = []
    for p in paths:
        points = [(float(x), float(y)) for x, y in p.xy if math.isfinite(x) and math.isfinite(y)]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        pinned.append(PinnedPath(str(p.label), str(p.colour), tuple(_round(v, digits) for v in xs),
                                 tuple(_round(v, digits) for v in ys)))
    return tuple(pinned)


def _round(value: float, digits: int) -> float:
    rounded = float(f"{value:.{digits}g}")
    return rounded if math.isfinite(rounded) else value  # near the largest float, rounding up overflows


def with_ghosts(spec: dict, pinned: Sequence[PinnedPath], legend_title: str) -> dict:
    """A copy of ``spec`` with each pinned path drawn faded and dashed on the map (axes x, y).

    The ghosts go after every other trace, so the animation's frames (which address traces by
    index) and the map's click layer keep their numbers.  They share one legend entry,
    ``legend_title``, which hides or shows them all.
    """
    out = copy.deepcopy(spec)
    data = out.setdefault("data", [])
    for i, p in enumerate(pinned):
        data.append({
            "type": "scatter",
            "mode": "lines",
            "x": list(p.x),
            "y": list(p.y),
            "xaxis": "x",
            "yaxis": "y",
            "line": {"color": p.colour, "width": 2, "dash": "dot"},
            "opacity": GHOST_OPACITY,
            "name": legend_title,
            "legendgroup": "pinned",
            "showlegend": i == 0,
            "hovertext": _escape(p.label),
            "hoverinfo": "text+name",
        })
    return out


def _escape(text: str) -> str:
    """Plotly reads hover text as a little HTML: keep a label's <, > and & literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
