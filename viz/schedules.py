"""Line charts for the landscape pages: schedule multipliers, loss and learning-rate curves with bands.

``line_figure`` is the one builder: a list of series (label, y, colour, optional low/high band,
dash, a divergence step) over a shared x axis.  The schedules page plots every schedule's multiplier
with it, and the loss and learning rate of two runs; the noise page plots mean losses with their
seed bands, and the final loss against the learning rate per batch size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.palette import OKABE_ITO

DASHES = ("solid", "dash", "dot", "dashdot")


@dataclass(frozen=True)
class Series:
    """One line: ``y`` over the shared x (or its own ``x``), with an optional band ``low``…``high``."""

    label: str
    y: np.ndarray
    colour: str
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    dash: str = "solid"
    x: np.ndarray | None = None
    markers: bool = False
    width: float = 2.0


def series_style(index: int) -> tuple[str, str]:
    """Colour and dash of the index-th of many lines: the 7 Okabe-Ito colours that show on white, then
    dashed repeats (the palette's eighth, wine in place of yellow, is left out: the lines keep the
    styles they always had)."""
    visible = OKABE_ITO[:7]
    return visible[index % len(visible)], DASHES[(index // len(visible)) % len(DASHES)]


def _fill(colour: str, alpha: float = 0.18) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def line_figure(
    x,
    series: list[Series],
    x_title: str,
    y_title: str,
    title: str = "",
    log_x: bool = False,
    log_y: bool = False,
    height: int = 340,
    hover_format: str = ".4g",
) -> go.Figure:
    """Lines (with optional shaded bands) over ``x``; non-positive values are dropped on a log axis."""
    fig = go.Figure()
    for s in series:
        xs = np.asarray(s.x if s.x is not None else x, dtype=float)
        ys = np.asarray(s.y, dtype=float)
        if log_y:
            ys = np.where(ys > 0, ys, np.nan)
        if s.low is not None and s.high is not None:
            low = np.asarray(s.low, dtype=float)
            high = np.asarray(s.high, dtype=float)
            if log_y:
                low = np.where(low > 0, low, np.nan)
                high = np.where(high > 0, high, np.nan)
            keep = np.isfinite(low) & np.isfinite(high)
            fig.add_trace(
                go.Scatter(
                    x=np.concatenate([xs[keep], xs[keep][::-1]]),
                    y=np.concatenate([high[keep], low[keep][::-1]]),
                    fill="toself",
                    fillcolor=_fill(s.colour),
                    line=dict(width=0),
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=s.label,
                    name=f"{s.label} band",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers" if s.markers else "lines",
                name=s.label,
                legendgroup=s.label,
                line=dict(color=s.colour, width=s.width, dash=s.dash),
                marker=dict(size=6, color=s.colour),
                hovertemplate=f"{s.label}<br>{x_title} %{{x:{hover_format}}}"
                f"<br>{y_title} %{{y:{hover_format}}}<extra></extra>",
            )
        )
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 30, b=10),
        title=dict(text=title, x=0, font=dict(size=15)) if title else None,
        xaxis=dict(title=x_title, type="log" if log_x else "linear", exponentformat="power"),
        yaxis=dict(title=y_title, type="log" if log_y else "linear", exponentformat="power"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        hovermode="closest",
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    return fig


def schedule_figure(
    steps: np.ndarray,
    curves: list[tuple[str, np.ndarray]],
    x_title: str = "step t",
    y_title: str = "multiplier m(t) = ηₜ/η",
    log_y: bool = False,
    height: int = 420,
) -> go.Figure:
    """Every schedule's multiplier over the same horizon, each in its own colour/dash."""
    series = []
    for i, (label, values) in enumerate(curves):
        colour, dash = series_style(i)
        series.append(Series(label, np.asarray(values, dtype=float), colour, dash=dash))
    return line_figure(steps, series, x_title, y_title, log_y=log_y, height=height)


def schedule_panels(
    steps: np.ndarray,
    curves: list[tuple[str, np.ndarray]],
    columns: int = 3,
    x_title: str = "step t",
    log_y: bool = False,
    panel_height: int = 170,
) -> go.Figure:
    """The curves of :func:`schedule_figure`, one small panel each (shared axes): easier to tell apart."""
    rows = max(1, -(-len(curves) // columns))
    fig = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes=True,
        shared_yaxes=True,
        subplot_titles=[label for label, _ in curves],
        vertical_spacing=0.5 / rows,
        horizontal_spacing=0.04,
    )
    for i, (label, values) in enumerate(curves):
        colour, _ = series_style(i)
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=np.asarray(values, dtype=float),
                mode="lines",
                name=label,
                line=dict(color=colour, width=2),
                showlegend=False,
                hovertemplate=f"{label}<br>t=%{{x}}<br>m=%{{y:.4g}}<extra></extra>",
            ),
            row=i // columns + 1,
            col=i % columns + 1,
        )
    fig.update_layout(
        height=60 + rows * panel_height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white"
    )
    fig.update_annotations(font=dict(size=12))
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    fig.update_yaxes(
        showgrid=True,
        gridcolor="#eee",
        zeroline=False,
        type="log" if log_y else "linear",
        exponentformat="power",
    )
    for col in range(1, columns + 1):
        fig.update_xaxes(title_text=x_title, row=rows, col=col)
    return fig
