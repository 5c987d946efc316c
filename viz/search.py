"""The best value found so far against the number of trials, one line per search strategy.

Every word arrives as an argument (the page passes catalogue strings), so the builder knows no
language.  Trials that failed before a strategy's first success leave its line empty there: a
diverged run has no value to draw.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go


def best_so_far_figure(series: list[dict], *, x_label: str, y_label: str, y_log: bool,
                       marker_at: float | None = None, marker_label: str = "", floor: float = 1e-16,
                       height: int = 320) -> go.Figure:
    """Step lines of each strategy's running best.

    ``series`` holds per strategy ``{"name": str, "colour": str, "symbol": str, "best": (M,)}``, the
    best objective after trials 1…M (∞ until a trial succeeds), and optionally ``"width"`` (pixels): a
    wide line drawn before a narrow one stays visible where the two coincide.  ``marker_at`` draws a dotted vertical
    line (where TPE's model starts).  On a log axis values below ``floor`` are drawn at the floor.
    """
    fig = go.Figure()
    longest = 1
    for s in series:
        best = np.asarray(s["best"], dtype=float)
        longest = max(longest, len(best))
        shown = np.where(np.isfinite(best), np.maximum(best, floor) if y_log else best, np.nan)
        fig.add_trace(go.Scatter(
            x=np.arange(1, len(best) + 1), y=shown, mode="lines+markers", name=s["name"],
            line=dict(color=s["colour"], width=s.get("width", 2.5), shape="hv"),
            marker=dict(symbol=s["symbol"], size=4 + s.get("width", 2.5), color=s["colour"]),
            hovertemplate=f"{s['name']}<br>{x_label} %{{x}}<br>{y_label} = %{{y:.4g}}<extra></extra>",
        ))
    if marker_at is not None:
        fig.add_vline(x=marker_at, line=dict(color="grey", dash="dot", width=1.5), annotation_text=marker_label,
                      annotation_position="top right", annotation_font_size=11)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                      xaxis=dict(title=x_label, range=[0.5, longest + 0.5]),
                      yaxis=dict(title=y_label, type="log" if y_log else "linear", exponentformat="power"))
    return fig
