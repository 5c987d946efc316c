"""The Compare page's main figure: the map with every path, the loss and the learning rate, in step.

One Plotly figure with three panels — the contour map (left), loss against step (top right) and the
learning rate each update used (bottom right) — so one slider and one play button move a marker
along every path on all three at once.  The map carries an invisible grid of points so a click
anywhere on it reports a position (Plotly reports clicks on scatter points, not on a contour).
The map may be drawn to scale (a unit of x as long as one of y); a diverged run's ✕ gets a note
placed where it covers no other note, mark or (as far as it can) path: the placement works in
pixels, from the map's size measured in a 1280 px window (:data:`MAP_PX`).

The contour map is a pre-rendered picture (:mod:`viz.raster`), and the figure is assembled as a plain
spec dict (:mod:`viz.spec`): redrawing a contour and validating 150 frames through
``go.Figure`` each cost more than the whole rest of a redraw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from viz.animation import add_animation
from viz.loss import left_view_at, loss_scale, loss_title, loss_traces
from viz.lr import effective_traces, lr_axis, lr_traces
from viz.paths import PathData, shown_path
from viz.raster import contour_image
from viz.spec import FigureSpec, typed

TEXT = {  # English defaults; the page passes the current language's strings
    "step": "step",
    "ax": "average of the points (ā)",  # named after the path (Optimizer.paths)
    "loss": "loss f",
    "loss_gap": "f − f* (log)",
    "lr": "learning rate",
    "play": "Play",
    "pause": "Pause",
    "minimum": "minimum",
    "start": "start",
    "stationary": "saddle / maximum",
    "gradient": "−∇f (direction)",
    "update": "update",
    "ball": "Nesterov: ball θ (○); the marker is the look-ahead point θ + μv, where ∇f is taken",
    "diverged": "diverged at step {step}",
    "left_view": "left the view at step {step}",
    "left_mark": "left the view",
    "loss_symlog": "loss f (symmetric log scale)",
    "map": "x",
    "click": "click to start here",
    "handover": "hand-over at step {step}",
    "effective_x": "effective rate, x",
    "effective_y": "effective rate, y",
    # what each stationary point is (surfaces' ``stationary`` kinds), in the hover
    "saddle": "saddle",
    "degenerate saddle": "degenerate saddle",
    "local maximum": "local maximum",
}
CLICK_GRID = 36  # points per axis of the invisible click layer
MARKED_STEPS = 60  # paths this short get a dot per step (a dot per step of a long run costs redraw time)
CLICK_TRACE = 0  # its index in ``data`` (when the figure is clickable)


def click_layer(bounds, text: Mapping[str, str], n: int = CLICK_GRID) -> dict:
    """An invisible grid of points over the map: a click on the map lands on the nearest one."""
    (x0, x1), (y0, y1) = bounds
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return {
        "type": "scatter",
        "mode": "markers",
        "x": typed(xx.ravel(), np.float32),
        "y": typed(yy.ravel(), np.float32),
        "marker": {"size": 10, "opacity": 0, "color": "#000"},
        "name": text["click"],
        "showlegend": False,
        "hovertemplate": f"({'%{x:.3g}'}, {'%{y:.3g}'})<br>{text['click']}<extra></extra>",
        "xaxis": "x",
        "yaxis": "y",
        "unselected": {"marker": {"opacity": 0}},
        "selected": {"marker": {"opacity": 0}},
    }


def _keep_style(trace: dict) -> dict:
    """Selecting a clicked point must not dim the paths (Plotly fades unselected points by default)."""
    trace["unselected"] = {"marker": {"opacity": 1}}
    return trace


def legend_rows(data: list[dict], width: float = 900.0) -> int:
    """About how many lines the horizontal legend takes, so the top margin keeps it clear of the modebar."""
    names = [
        t["name"] for t in data if t.get("showlegend", True) and t.get("name") and t.get("xaxis", "x") == "x"
    ]
    names = [n for n in names if n != TEXT["click"]]
    total = sum(44 + 6.5 * len(n) for n in names) + 140  # + the −∇f arrow added with the animation
    return max(1, int(np.ceil(total / width)))


MAP_PX = (406.0, 455.0)  # the map's plot area in pixels in a 1280 px window (figure height 660), measured
LEGEND_PUSH = 22  # px: how much more room than the top margin the legend takes (Plotly pushes the plot down)
NOTE_CLEARANCE = 6  # px kept free around each note (the sizes here are estimates)
MIN_PLOT = 300  # px: the loss and learning-rate panels need this much height between them
NOTE_FONT = 13
NOTE_GAP = 14  # px: crosses closer than this share one note


@dataclass(frozen=True)
class Note:
    """A diverged run's ✕ on the map: where, in which colour, and what its note says."""

    point: tuple[float, float]
    colour: str
    text: str


def _to_px(points, bounds, size) -> np.ndarray:
    """Map pixels (from the top left) of a point (2,) or points (n, 2) of the view ``bounds``."""
    (x0, x1), (y0, y1) = bounds
    points = np.asarray(points, dtype=float)
    return np.stack([(points[..., 0] - x0) / (x1 - x0) * size[0], (y1 - points[..., 1]) / (y1 - y0) * size[1]], -1)


def _note_box(lines: list[str]) -> tuple[float, float]:
    """The width and height of a note in pixels (about 0.6 em a character; a CJK character is 1 em)."""
    width = max(sum(NOTE_FONT if ord(ch) > 0x2E80 else 0.6 * NOTE_FONT for ch in line) for line in lines)
    return width + 8, len(lines) * (NOTE_FONT + 4) + 8


def _overlap(a, b) -> float:
    """The area shared by two boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def place_notes(notes: list[Note], bounds, avoid=(), size=MAP_PX, lines=()) -> list[dict]:
    """Plotly annotations for the ✕ notes that neither overprint each other nor hide the points in
    ``avoid`` (the start, the minima) or another ✕, and cross the paths (``lines``: arrays of points)
    as little as they can.

    Crosses within NOTE_GAP pixels of each other get one note with a line per run (in its colour).
    Each note then takes, of the offsets around its ✕ (8 directions, 3 distances, those towards the
    map's centre first), the first one with the least overlap with what is already placed and with
    the least part outside the map; an arrow joins a note to its ✕.
    """
    size = (float(size[0]), float(size[1]))
    groups: list[list[Note]] = []
    for note in notes:
        here = _to_px(note.point, bounds, size)
        group = next((g for g in groups if np.hypot(*(_to_px(g[0].point, bounds, size) - here)) < NOTE_GAP), None)
        if group is None:
            groups.append([note])
        else:
            group.append(note)
    marks = [_to_px(p, bounds, size) for p in avoid] + [_to_px(n.point, bounds, size) for n in notes]
    taken = [(m[0] - 10, m[1] - 10, m[0] + 10, m[1] + 10) for m in marks]
    trail = [np.empty((0, 2))]  # points along the paths, every few pixels (a note over a path costs)
    for xy in lines if notes else ():
        xy = np.asarray(xy, dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) > 1:
            # far outside the map a point's exact place does not matter (and 1e300 px overflows)
            px = np.clip(_to_px(xy, bounds, size), -5000.0, 5000.0)
            step = np.diff(px, axis=0)
            counts = np.minimum(np.ceil(np.hypot(*step.T) / 6), 200).astype(int) + 1
            segment = np.repeat(np.arange(len(counts)), counts)
            t = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / np.maximum(
                np.repeat(counts - 1, counts), 1)
            trail.append(px[:-1][segment] + step[segment] * t[:, None])
    trail = np.concatenate(trail)
    near = (trail[:, 0] > -200) & (trail[:, 0] < size[0] + 200) & (trail[:, 1] > -200) & (trail[:, 1] < size[1] + 200)
    trail = np.unique(np.round(trail[near]), axis=0)  # one point per pixel: a dense zig-zag counts once
    centre = np.array(size) / 2
    annotations = []
    for group in groups:
        rows = list(dict.fromkeys(n.text for n in group)) if len({n.colour for n in group}) == 1 else [
            n.text for n in group]
        width, height = _note_box(rows)
        anchor = _to_px(group[0].point, bounds, size)
        inward = centre - anchor
        candidates = []
        for distance in (34.0, 60.0, 95.0):
            for angle in np.arange(8) * np.pi / 4:
                offset = np.array([np.cos(angle), np.sin(angle)])
                # a note beside its ✕ keeps clear of it by half its own size in that direction
                reach = distance + abs(offset[0]) * width / 2 + abs(offset[1]) * height / 2 - 10
                candidates.append((distance, -float(offset @ inward), offset * reach))
        candidates.sort(key=lambda c: (c[0], c[1]))
        best, best_cost = None, np.inf
        for _, _, shift in candidates:
            cx, cy = anchor + shift
            box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            clear = (box[0] - NOTE_CLEARANCE, box[1] - NOTE_CLEARANCE, box[2] + NOTE_CLEARANCE, box[3] + NOTE_CLEARANCE)
            outside = width * height - _overlap(box, (0.0, 0.0, *size))
            crossed = ((trail[:, 0] > box[0]) & (trail[:, 0] < box[2]) & (trail[:, 1] > box[1])
                       & (trail[:, 1] < box[3])).sum() if len(trail) else 0
            cost = sum(_overlap(clear, other) for other in taken) + 2 * outside + 12 * crossed
            if cost < best_cost - 1e-9:
                best, best_cost = (shift, box), cost
            if cost == 0:
                break
        shift, box = best
        taken.append(box)
        coloured = [f'<span style="color:{n.colour}">{n.text}</span>' for n in group] if len(rows) > 1 else [
            rows[0]]
        annotations.append(
            {
                "x": float(group[0].point[0]),
                "y": float(group[0].point[1]),
                "xref": "x",
                "yref": "y",
                "ax": round(float(shift[0]), 1),
                "ay": round(float(shift[1]), 1),
                "text": "<br>".join(dict.fromkeys(coloured)),
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": group[0].colour,
                "standoff": 9,
                "font": {"color": group[0].colour, "size": NOTE_FONT},
                "bgcolor": "rgba(255,255,255,0.8)",
                "borderpad": 2,
                "name": "diverged",
            }
        )
    return annotations


def path_traces(p: PathData, bounds, text: Mapping[str, str]) -> tuple[list[dict], Note | None]:
    """A run's line on the map and, when it diverged, its ✕ (the note is placed with the others)."""
    xy, cross = shown_path(p, bounds)
    steps = np.arange(len(xy))
    traces = [
        _keep_style(
            {
                "type": "scatter",
                "mode": "lines+markers" if len(xy) <= MARKED_STEPS + 1 else "lines",
                "x": typed(xy[:, 0]),
                "y": typed(xy[:, 1]),
                "name": p.label,
                "legendgroup": p.label,
                "line": {"color": p.colour, "width": 2},
                "marker": {"size": 4, "color": p.colour},
                "customdata": typed(steps),
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": f"{p.label}<br>{text['step']} %{{customdata}}<br>"
                "(%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )
    ]
    for name, points in p.extra.items():  # ASGD's averaged point: the same colour, dashed
        shown = points[: p.genuine]
        traces.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": typed(shown[:, 0]),
                    "y": typed(shown[:, 1]),
                    "name": f"{p.label}: {text[name]}",
                    "legendgroup": p.label,
                    "line": {"color": p.colour, "width": 2, "dash": "dash"},
                    "customdata": typed(np.arange(len(shown))),
                    "xaxis": "x",
                    "yaxis": "y",
                    "hovertemplate": f"{p.label}: {text[name]}<br>{text['step']} "
                    "%{customdata}<br>(%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    for k in p.hand_overs:  # where the next optimizer took over (a run frozen before then never got there)
        if k >= p.genuine or k >= len(p.xy):
            continue
        said = text["handover"].format(step=k)
        traces.append(_keep_style(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [float(p.xy[k, 0])],
                "y": [float(p.xy[k, 1])],
                "marker": {"symbol": "diamond", "size": 13, "color": p.colour,
                           "line": {"width": 1.5, "color": "white"}},
                "showlegend": False,
                "legendgroup": p.label,
                "name": said,
                "meta": "handover",
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": f"{p.label}: {said}<br>(%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            }
        ))
    if cross is None:
        return traces, None
    said = text["diverged"].format(step=p.diverged_at)
    traces.append(
        _keep_style(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [float(cross[0])],
                "y": [float(cross[1])],
                "marker": {"symbol": "x-thin-open", "size": 18, "color": p.colour, "line": {"width": 3}},
                "showlegend": False,
                "legendgroup": p.label,
                "name": said,
                "cliponaxis": False,
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": f"{p.label}: {said}<extra></extra>",
            }
        )
    )
    return traces, Note((float(cross[0]), float(cross[1])), p.colour, said)


ASPECT_LIMIT = 2.5  # a view up to this much wider (or taller) than the map's area is drawn to scale by default


def handover_lines(paths: list[PathData]) -> list[dict]:
    """A dotted vertical line in the run's colour at each hand-over step, on the loss and the
    learning-rate panels (layout shapes, so the animation leaves them alone)."""
    shapes = []
    for p in paths:
        for k in p.hand_overs:
            for x, y in (("x2", "y2"), ("x3", "y3")):
                shapes.append({"type": "line", "xref": x, "yref": f"{y} domain", "x0": k, "x1": k, "y0": 0, "y1": 1,
                               "line": {"color": p.colour, "width": 1.5, "dash": "dot"}, "name": "handover"})
    return shapes


def aspect_fits(bounds, size=MAP_PX) -> bool:
    """Whether the view can be drawn to scale by default: its width-to-height ratio is within
    ASPECT_LIMIT× of the map's area's (every built-in view is; 2:1 is the widest).  A wide view drawn
    to scale makes the figure lower (:func:`map_layout`) rather than leave the space under it empty."""
    (x0, x1), (y0, y1) = bounds
    ratio = ((x1 - x0) / (y1 - y0)) / (size[0] / size[1])
    return 1 / ASPECT_LIMIT <= ratio <= ASPECT_LIMIT


def map_layout(bounds, equal_aspect: bool, plot_height: float) -> tuple[float, tuple[float, float]]:
    """The plot area's height and the map's size in pixels (about: the width is the browser's).

    Not to scale, the map fills its area.  To scale, a unit of x and of y are as long: a view wider
    than the area gets the area's width and a lower figure (down to MIN_PLOT, which the loss and
    learning-rate panels need), a taller one the area's height and less width.
    """
    width = MAP_PX[0]
    if not equal_aspect:
        return plot_height, (width, plot_height)
    (x0, x1), (y0, y1) = bounds
    ratio = (x1 - x0) / (y1 - y0)
    if width / ratio <= plot_height:
        plot_height = max(width / ratio, MIN_PLOT)
        return plot_height, (width, width / ratio)
    return plot_height, (plot_height * ratio, plot_height)


def compare_figure(
    surface,
    paths: list[PathData],
    start,
    bounds=None,
    text: Mapping[str, str] | None = None,
    animate: bool = True,
    max_frames: int = 100,
    height: int = 660,
    clickable: bool = True,
    equal_aspect: bool = False,
) -> FigureSpec:
    """The map, loss and learning-rate panels for ``paths`` on ``surface``, with the animation.

    ``clickable`` adds the invisible click layer (first in ``data``); it is a thousand SVG points, so
    the page adds it only while the user is picking a start on the map.  ``equal_aspect`` draws the
    map to scale (a unit of x as long as a unit of y, so −∇f is perpendicular to the contours).
    """
    text = {**TEXT, **(text or {})}
    bounds = bounds or surface.bounds
    (x0, x1), (y0, y1) = bounds
    f_star = min((m.value for m in surface.minima), default=None)
    image, _ = contour_image(surface, bounds)
    data: list[dict] = [click_layer(bounds, text)] if clickable else []
    if surface.minima:
        data.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [m.point[0] for m in surface.minima],
                    "y": [m.point[1] for m in surface.minima],
                    "name": text["minimum"],
                    "xaxis": "x",
                    "yaxis": "y",
                    "marker": {
                        "symbol": "x",
                        "size": 11,
                        "color": "#222",
                        "line": {"width": 1, "color": "white"},
                    },
                    "hovertemplate": text["minimum"] + " (%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    stationary = [
        (pt, kind)
        for pt, kind in getattr(surface, "stationary", ())
        if x0 <= pt[0] <= x1 and y0 <= pt[1] <= y1
    ]
    if stationary:
        data.append(
            _keep_style(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [pt[0] for pt, _ in stationary],
                    "y": [pt[1] for pt, _ in stationary],
                    "name": text["stationary"],
                    "xaxis": "x",
                    "yaxis": "y",
                    "text": [text.get(kind, kind) for _, kind in stationary],
                    "marker": {"symbol": "diamond-open", "size": 9, "color": "#444", "line": {"width": 1.5}},
                    "hovertemplate": "%{text} (%{x:.4g}, %{y:.4g})<extra></extra>",
                }
            )
        )
    data.append(
        _keep_style(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [float(start[0])],
                "y": [float(start[1])],
                "name": text["start"],
                "marker": {"symbol": "circle-open", "size": 14, "color": "#111", "line": {"width": 2.5}},
                "xaxis": "x",
                "yaxis": "y",
                "hovertemplate": text["start"] + " (%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )
    )
    notes = []
    for p in paths:
        traces, note = path_traces(p, bounds, text)
        data.extend(traces)
        notes += [note] if note is not None else []
    scale = loss_scale(paths, f_star, bounds)
    lr_layout = lr_axis(paths)
    data.extend(_keep_style(t) for t in loss_traces(paths, f_star, text, "x2", "y2", bounds=bounds, scale=scale))
    data.extend(_keep_style(t) for t in lr_traces(paths, text, "x3", "y3", log=lr_layout["type"] == "log"))
    data.extend(_keep_style(t) for t in effective_traces(paths, text, "x3", "y3", log=lr_layout["type"] == "log"))
    if any(left_view_at(p, bounds) >= 0 for p in paths):  # what the squares on the loss chart mean
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None],
                "y": [None],
                "name": text["left_mark"],
                "marker": {"symbol": "square-open", "size": 10, "color": "#444", "line": {"width": 2}},
                "xaxis": "x",
                "yaxis": "y",
                "hoverinfo": "skip",
            }
        )
    top, bottom = 34 + 22 * legend_rows(data), (105 if animate else 10)
    plot_height, map_px = map_layout(bounds, equal_aspect, height - top - bottom - LEGEND_PUSH)
    height = int(round(plot_height + top + bottom + LEGEND_PUSH))
    marks = [tuple(start)] + [tuple(m.point) for m in surface.minima]
    lines = [shown_path(p, bounds)[0] for p in paths]

    steps = max((p.steps for p in paths), default=1) or 1
    layout = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": top, "b": bottom},
        "xaxis": {
            "domain": [0, 0.55],
            "range": [x0, x1],
            "title": {"text": "x"},
            "anchor": "y",
            **({"constrain": "domain", "constraintoward": "left"} if equal_aspect else {}),
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {
            "domain": [0, 1],
            "range": [y0, y1],
            "title": {"text": "y"},
            "anchor": "x",
            "showgrid": False,
            "zeroline": False,
            # to scale: the shorter side of the map's area shrinks, the ranges stay the view box
            **({"scaleanchor": "x", "scaleratio": 1, "constrain": "domain", "constraintoward": "top"}
               if equal_aspect else {}),
        },
        "xaxis2": {
            "domain": [0.67, 1],
            "range": [0, steps],
            "anchor": "y2",
            "matches": "x3",
            "showticklabels": False,
        },
        "yaxis2": {
            "domain": [0.54, 1],
            "anchor": "x2",
            "title": {"text": loss_title(f_star, text, scale)},
            **scale.axis,
        },
        "xaxis3": {"domain": [0.67, 1], "range": [0, steps], "anchor": "y3", "title": {"text": text["step"]}},
        "yaxis3": {"domain": [0, 0.44], "anchor": "x3", "title": {"text": text["lr"]}, **lr_layout},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": 12}},
        "annotations": place_notes(notes, bounds, marks, map_px, lines),
        "shapes": handover_lines(paths),
        "hovermode": "closest",
        "clickmode": "event+select",
        "dragmode": "pan",
        # the contour map, pre-rendered (see viz.raster): the browser only has to paint it
        "images": [
            {
                "source": image,
                "xref": "x",
                "yref": "y",
                "x": x0,
                "y": y1,
                "sizex": x1 - x0,
                "sizey": y1 - y0,
                "sizing": "stretch",
                "layer": "below",
                "xanchor": "left",
                "yanchor": "top",
            }
        ],
    }
    spec = {"data": data, "layout": layout}
    if animate and paths:
        add_animation(spec, paths, bounds, f_star, text, max_frames=max_frames, scale=scale,
                      plot_height=plot_height)
    return FigureSpec(spec)
