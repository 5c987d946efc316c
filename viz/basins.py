"""The basin-of-attraction map: a grid of start points coloured by where each run ended.

Three views of one :class:`landscapes.basins.BasinMap`: the minimum reached (categorical colours,
with a legend), the steps each run needed to settle, and the final loss.  Diverged starts and starts
that reached no minimum always have their own colours.  Neighbouring basins never share a colour:
minima get colours by a greedy colouring of the basins' adjacency, so Rastrigin's 81 dips stay
distinguishable with a dozen colour-blind-safe colours.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.contour import add_path, surface_grid
from viz.palette import OKABE_ITO

DIVERGED_COLOUR = "#000000"
NO_MINIMUM_COLOUR = "#C8C8C8"
# Okabe-Ito without black (divergence) and with its yellow (on a heatmap, not on grey), then Paul Tol's
# muted scheme: both colour-blind safe
BASIN_COLOURS = tuple(c for c in OKABE_ITO if c not in ("#000000", "#882255")) + ("#F0E442",) + (
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#DDCC77",
    "#117733",
    "#AA4499",
)
LEGEND_MAX = 12  # up to this many minima are listed one by one in the legend (fewer than the colours)
CLICK_GRID = 64  # points per axis of the invisible layer that makes the map clickable
MODES = ("minimum", "steps", "loss")


def basin_colours(label: np.ndarray, n_minima: int) -> list[str]:
    """A colour per minimum: all different when the palette suffices, else touching basins differ."""
    if n_minima <= len(BASIN_COLOURS):
        return list(BASIN_COLOURS[:n_minima])
    neighbours: list[set[int]] = [set() for _ in range(n_minima)]
    for a, b in ((label[:, :-1], label[:, 1:]), (label[:-1, :], label[1:, :])):
        pairs = np.unique(np.stack([a.ravel(), b.ravel()], axis=1), axis=0)
        for i, j in pairs.tolist():
            if i != j and i >= 0 and j >= 0:
                neighbours[i].add(j)
                neighbours[j].add(i)
    colours: list[int] = []
    for i in range(n_minima):
        taken = {colours[j] for j in neighbours[i] if j < i}
        colours.append(next(c for c in range(len(BASIN_COLOURS) + n_minima) if c not in taken))
    return [BASIN_COLOURS[c % len(BASIN_COLOURS)] for c in colours]


def _discrete_scale(colours: list[str]) -> list[list]:
    """A colourscale giving integer code i (0 … n-1, with zmin=-0.5, zmax=n-0.5) the colour colours[i]."""
    n = len(colours)
    scale = []
    for i, c in enumerate(colours):
        scale += [[i / n, c], [(i + 1) / n, c]]
    return scale


def _fmt_point(p) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def basin_figure(
    bmap,
    surface,
    mode: str = "minimum",
    texts: dict | None = None,
    path=None,
    path_label: str = "",
    path_diverged_at: int = -1,
    show_contours: bool = True,
    height: int = 700,
) -> go.Figure:
    """The map of ``bmap`` in ``mode`` ("minimum", "steps" or "loss") with minima, legend and contours.

    ``texts`` supplies the user-facing words (``minimum``, ``found``, ``none``, ``diverged``,
    ``more``, ``steps``, ``loss``, ``start``, ``step``, ``ends``); English defaults.  ``path`` (n, 2) draws one
    run's path on top (the clicked start).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    words = {
        "minimum": "minimum",
        "found": "local minimum found",
        "none": "no minimum reached",
        "diverged": "diverged",
        "more": "{n} minima (see the table)",
        "steps": "steps to settle",
        "loss": "log₁₀(final f − min f)",
        "start": "start",
        "step": "step",
        "ends": "basin",
        **(texts or {}),
    }
    label = bmap.label
    n_min = len(bmap.minima)
    colours = basin_colours(label, n_min)
    total = label.size
    counts = bmap.counts()
    x, y = bmap.x, bmap.y
    fig = go.Figure()

    def share(k: int) -> str:
        return f"{100 * counts.get(k, 0) / total:.1f}%"

    if mode == "minimum":
        # code 0 = diverged, 1 = no minimum, 2 + i = minimum i
        codes = label.astype(np.int32) + 2
        scale = _discrete_scale([DIVERGED_COLOUR, NO_MINIMUM_COLOUR, *colours])
        fig.add_trace(
            go.Heatmap(
                x=x,
                y=y,
                z=codes - 1,
                zmin=-1.5,
                zmax=n_min + 0.5,
                colorscale=scale,
                showscale=False,
                hovertemplate=f"{words['start']} (%{{x:.3g}}, %{{y:.3g}})<br>{words['ends']} %{{z}}"
                "<extra></extra>",
                name="basins",
            )
        )
    else:
        special = np.where(label < 0, label.astype(float) + 2, np.nan)  # 0 diverged, 1 none
        fig.add_trace(
            go.Heatmap(
                x=x,
                y=y,
                z=special,
                zmin=-0.5,
                zmax=1.5,
                showscale=False,
                hoverinfo="skip",
                colorscale=_discrete_scale([DIVERGED_COLOUR, NO_MINIMUM_COLOUR]),
                name="special",
            )
        )
        if mode == "steps":
            if bmap.steps_needed is None:
                raise ValueError("this basin map was computed without steps_every: no step counts to show")
            values = np.where(bmap.steps_needed >= 0, bmap.steps_needed.astype(float), np.nan)
            title, scale, fmt = words["steps"], "Viridis", "%{z:.0f}"
        else:
            finite = bmap.final_loss[np.isfinite(bmap.final_loss) & (label != -2)]
            floor = min([m.value for m in bmap.minima] + ([finite.min()] if finite.size else [0.0]))
            span = (finite.max() - floor) if finite.size else 1.0
            with np.errstate(all="ignore"):
                values = np.log10(np.maximum(bmap.final_loss - floor, 0) + max(span, 1e-12) * 1e-9)
            values = np.where(label == -2, np.nan, values)
            title, scale, fmt = words["loss"], "Cividis", "%{z:.2f}"
        fig.add_trace(
            go.Heatmap(
                x=x,
                y=y,
                z=values,
                colorscale=scale,
                name="value",
                colorbar=dict(title=dict(text=title, side="right"), thickness=12),
                hovertemplate=f"{words['start']} (%{{x:.3g}}, %{{y:.3g}})<br>{title}: {fmt}<extra></extra>",
            )
        )

    if show_contours:
        cx, cy, cz = surface_grid(surface, ((x[0], x[-1]), (y[0], y[-1])), 120)
        finite = cz[np.isfinite(cz)]
        if finite.size:
            cz = np.clip(cz, None, np.percentile(finite, 90))
            fig.add_trace(
                go.Contour(
                    x=cx,
                    y=cy,
                    z=cz,
                    ncontours=18,
                    showscale=False,
                    hoverinfo="skip",
                    name="contours",
                    showlegend=False,
                    contours=dict(coloring="none"),
                    line=dict(width=0.7, color="rgba(255,255,255,0.55)"),
                )
            )

    # the legend: one entry per minimum when there are few (each colour then means one minimum), else one
    # summary entry; then "none" and "diverged" with their shares
    listed = n_min <= LEGEND_MAX and mode == "minimum"  # the other views do not colour by minimum
    for i, m in enumerate(bmap.minima if listed else ()):
        kind = words["minimum"] if m.known else words["found"]
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(symbol="square", size=13, color=colours[i]),
                name=f"{i + 1}: {kind} {_fmt_point(m.point)} f={m.value:.3g} · {share(i)}",
            )
        )
    if mode == "minimum" and not listed:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(size=1, color="white"),
                name=words["more"].format(n=n_min),
            )
        )
    for key, colour, code in (("none", NO_MINIMUM_COLOUR, -1), ("diverged", DIVERGED_COLOUR, -2)):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{words[key]} · {share(code)}",  # named, not numbered: the numbers are the minima
                marker=dict(symbol="square", size=13, color=colour, line=dict(width=1, color="#666")),
            )
        )

    if n_min:
        points = np.array([m.point for m in bmap.minima])
        known = np.array([m.known for m in bmap.minima])
        fig.add_trace(
            go.Scatter(
                x=points[:, 0],
                y=points[:, 1],
                mode="markers+text" if n_min <= LEGEND_MAX else "markers",
                text=[str(i + 1) for i in range(n_min)],
                textposition="top right",
                textfont=dict(color="#111", size=13),
                marker=dict(
                    symbol=np.where(known, "star", "circle").tolist(),
                    size=np.where(known, 15, 7).tolist(),
                    color="white",
                    line=dict(width=1.5, color="#111"),
                ),
                customdata=np.array([[m.value] for m in bmap.minima]),
                showlegend=False,
                name="minima",
                hovertemplate=f"{words['minimum']} (%{{x:.4g}}, %{{y:.4g}})"
                "<br>f=%{customdata[0]:.4g}<extra></extra>",
            )
        )

    # an invisible, clickable layer of start points (heatmaps and contours do not report clicks)
    step_x = max(1, len(x) // CLICK_GRID)
    step_y = max(1, len(y) // CLICK_GRID)
    gx, gy = np.meshgrid(x[::step_x], y[::step_y])
    fig.add_trace(
        go.Scatter(
            x=gx.ravel(),
            y=gy.ravel(),
            mode="markers",
            marker=dict(size=9, color="rgba(0,0,0,0)"),
            showlegend=False,
            name="starts",
            hoverinfo="none",
        )
    )

    if path is not None and len(path):
        add_path(fig, np.asarray(path), path_label or words["start"], "#FFFFFF", diverged_at=path_diverged_at,
                 step_label=words["step"], start_label=words["start"])
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        clickmode="event+select",
        dragmode="pan",
        xaxis=dict(range=[x[0], x[-1]], title="x", constrain="domain"),
        yaxis=dict(range=[y[0], y[-1]], title="y", scaleanchor="x", scaleratio=1, constrain="domain"),
        legend=dict(orientation="h", x=0, y=-0.12, yanchor="top", bgcolor="rgba(255,255,255,0.8)"),
        plot_bgcolor="white",
    )
    return fig
