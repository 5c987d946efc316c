r"""The first layer's weights drawn as pictures (note 001: “if you work with images, visualize the first
layer's features”).

A unit :math:`j` of the first dense layer computes :math:`a_j = \sum_p x_p W_{pj}` over the 64 pixels
:math:`p` of an 8×8 digit, so column :math:`W_{:,j}` reshaped to 8×8 is the picture the unit responds
to most: positive weights where it wants ink, negative where it wants none.  Each picture is scaled
by its own largest :math:`|W_{pj}|` (as cs231n draws filters), so a unit with small weights still
shows its pattern; the hover gives the true weight.

Pure NumPy and Plotly: the page passes its words in ``text``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

#: the digits are 8×8 images
SIDE = 8
#: the most units drawn per run: the first 64 (a hidden layer of up to 512 would be a wall of noise)
MAX_UNITS = 64
#: pictures side by side per row of the figure: one run's W and W − W₀, large enough to see the pixels
PANELS_PER_ROW = 2
TEXT = {"unit": "unit {j}", "weight": "weight"}


def first_layer_weights(params: Mapping[str, np.ndarray], dense_names: Sequence[str]) -> np.ndarray:
    """The ``(64, units)`` weight matrix of the first dense layer (the output layer when there is no
    hidden layer: then each picture is a class's template)."""
    W = np.asarray(params[f"{dense_names[0]}.W"])
    if W.shape[0] != SIDE * SIDE:
        raise ValueError(f"the first layer must take {SIDE * SIDE} pixels (got {W.shape[0]} inputs)")
    return W


def mosaic(W: np.ndarray, max_units: int = MAX_UNITS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tile the first ``max_units`` columns of ``W`` (64 × units) as 8×8 pictures on a near-square grid.

    Returns ``(z, weight, unit)``, arrays of the mosaic's shape: ``z`` the picture values in [−1, 1]
    (each tile divided by its largest |w|; a tile of zeros stays 0), ``weight`` the true weights and
    ``unit`` the unit's index; one NaN row and column separate the tiles (and fill the unused ones).
    """
    W = np.asarray(W, dtype=float)
    n = min(W.shape[1], int(max_units))
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    shape = (rows * (SIDE + 1) - 1, cols * (SIDE + 1) - 1)
    z, weight, unit = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    for j in range(n):
        tile = W[:, j].reshape(SIDE, SIDE)
        top, left = (j // cols) * (SIDE + 1), (j % cols) * (SIDE + 1)
        peak = float(np.max(np.abs(tile)))
        z[top:top + SIDE, left:left + SIDE] = tile / peak if peak > 0 else 0.0
        weight[top:top + SIDE, left:left + SIDE] = tile
        unit[top:top + SIDE, left:left + SIDE] = j + 1
    return z, weight, unit


def moved(W: np.ndarray, W0: np.ndarray) -> float:
    """How far training moved the weights from their initial values: ‖W − W₀‖ / ‖W₀‖ (inf if W₀ = 0)."""
    start = float(np.linalg.norm(W0))
    change = float(np.linalg.norm(np.asarray(W) - np.asarray(W0)))
    return change / start if start > 0 else (math.inf if change > 0 else 0.0)


def unchanged_units(W: np.ndarray, W0: np.ndarray) -> int:
    """How many units (columns) training left exactly as drawn: their gradient was 0 on every batch (a ReLU
    unit that was never active on any training input, with no L2 decay pulling its weights)."""
    return int(np.sum(np.all(np.asarray(W) == np.asarray(W0), axis=0)))


def first_layer_figure(panels: Sequence[Mapping], text: Mapping[str, str] | None = None,
                       max_units: int = MAX_UNITS, height_per_row: int = 470) -> go.Figure:
    """One mosaic per run (``panels``: ``{"label", "W"}``), blue positive, red negative, white 0.

    The colour scale is the same for every tile (−1…1 of the tile's own largest |w|); the y axis is
    reversed so each picture stands as the digit does.
    """
    tx = {**TEXT, **(text or {})}
    n = max(len(panels), 1)
    cols = min(n, PANELS_PER_ROW)
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[p["label"] for p in panels] or [""],
                        horizontal_spacing=0.03, vertical_spacing=0.08)
    for i, p in enumerate(panels):
        z, weight, unit = mosaic(p["W"], max_units)
        r, c = divmod(i, cols)
        fig.add_trace(go.Heatmap(
            z=z, zmin=-1, zmax=1, colorscale="RdBu", showscale=False, xgap=0, ygap=0,
            customdata=np.dstack([unit, weight]),
            hovertemplate=tx["unit"].replace("{j}", "%{customdata[0]:.0f}") + "<br>" + tx["weight"]
            + " %{customdata[1]:.3g}<extra></extra>",
        ), row=r + 1, col=c + 1)
        fig.update_xaxes(visible=False, row=r + 1, col=c + 1, constrain="domain")
        # both axes shrink to the square mosaic: the grey background then shows only between the tiles
        fig.update_yaxes(visible=False, autorange="reversed", scaleanchor=f"x{i + 1 if i else ''}", scaleratio=1,
                         constrain="domain", row=r + 1, col=c + 1)
    fig.update_layout(height=rows * height_per_row + 40, margin=dict(l=10, r=10, t=40, b=10),
                      plot_bgcolor="#e6e6e6")
    return fig
