"""Plotly figures of the learn pages: data in, ``go.Figure`` out.

Every builder takes ``text``, a mapping of the words it draws (axis titles, legend names, band
labels) overriding the English defaults in :data:`TEXT`; the pages pass their translations, so the
figures stay free of Streamlit and of the string catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from learn.gradcheck import THRESHOLDS, GradCheckSweep
from learn.initialization import ActivationHistograms, GradientHistograms
from viz.palette import colour

TEXT = {
    # gradient check
    "h": "step size h",
    "rel_error": "relative error ‖gₐ − gₙ‖ / max(‖gₐ‖, ‖gₙ‖)",
    "abs_error": "absolute error ‖gₐ − gₙ‖ (∇f = 0 here)",
    "forward": "forward",
    "centered": "centered",
    "band_wrong": "> 1e-2: probably wrong",
    "band_uneasy": "1e-2…1e-4: uncomfortable",
    "band_kinks": "1e-4…1e-7: OK only with kinks",
    "band_good": "< 1e-7: good",
    "slope1": "slope 1: O(h)",
    "slope2": "slope 2: O(h²)",
    "exact_zero": "0 (plotted at 1e-17)",
    # initialization
    "layer": "{i}-layer",
    "layer_std": "std {std}",
    "layer_outside": "{share} off the axis",
    "activation_value": "activation",
    "count": "count",
    "layer_axis": "layer",
    "activation_std": "std of the activations",
    "std_zero": "std 0 in every layer",
    # training
    "epoch": "epoch",
    "loss": "loss",
    "accuracy": "accuracy",
    "train": "train",
    "val": "validation",
    "update_ratio": "‖ΔW‖ / ‖W‖ (mean over the epoch)",
    "learning_rate": "learning rate (the epoch's last update)",
    "hidden_layer": "dense{i}",  # the network's own layer names (learn.mlp), in the legend
    "output_layer": "out",
    "target_ratio": "≈1e-3 (cs231n)",
    "class": "class {k}",
    "train_points": "training points",
    "val_points": "validation points",
    "p_class1": "P(class 1)",
    "confusion_true": "true digit",
    "confusion_pred": "predicted digit",
}

def _layer_name(layer: str, tx: dict) -> str:
    """A dense layer's name (``dense2``, ``out``: learn.mlp's) in the figure's words."""
    if layer == "out":
        return tx["output_layer"]
    number = layer.removeprefix("dense")
    return tx["hidden_layer"].format(i=number) if number.isdigit() else layer


BAND_COLOURS = ("rgba(213,94,0,0.13)", "rgba(230,159,0,0.13)", "rgba(240,228,66,0.16)",
                "rgba(0,158,115,0.10)")
SCHEME_COLOURS = {"forward": "#D55E00", "centered": "#0072B2"}
PRECISION_DASH = {"float64": "solid", "float32": "dot"}
LAYER_DASH = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# Classes must not wear the optimizers' colours: on Train the loss chart's blue and vermillion are the
# first two optimizers (viz.palette), so a class in blue would read as "Adam's points".  Classes take
# a dark grey and Paul Tol's olive, sand, rose and indigo (none of them among the optimizers' colours,
# viz.palette, whose eighth is Tol's wine), and a marker shape of their own, so they are told apart
# without colour too.
CLASS_COLOURS = ("#3B3B3B", "#999933", "#DDCC77", "#CC6677", "#332288", "#88CCEE", "#44AA99", "#AA4499",
                 "#117733", "#661100")
CLASS_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "triangle-down", "pentagon", "hexagon", "star",
                 "cross", "hourglass")
ZERO_FLOOR = 1e-17  # where an error of exactly 0 is drawn on a log axis


def _text(text: Mapping[str, str] | None) -> dict[str, str]:
    return {**TEXT, **(text or {})}


# --- gradient check -------------------------------------------------------------------------------

def gradcheck_figure(sweeps: Sequence[GradCheckSweep], text: Mapping[str, str] | None = None,
                     show_slopes: bool = True, height: int = 520) -> go.Figure:
    """The judged error against h (log-log), forward and centered, one line style per precision.

    The judged error is the relative one, or the absolute one where the gradient vanishes
    (:meth:`GradCheckSweep.judged`; the axis title says which).  The notes' thresholds are shaded
    bands; dotted guide lines of slope 1 and 2 show the truncation orders.  Errors of exactly 0 are
    drawn at :data:`ZERO_FLOOR`; errors that are not finite are gaps.
    """
    tx = _text(text)
    fig = go.Figure()
    top, bottom = 10.0, ZERO_FLOOR / 3
    edges = [top, *THRESHOLDS, bottom]
    labels = [tx["band_wrong"], tx["band_uneasy"], tx["band_kinks"], tx["band_good"]]
    for (hi, lo), fill, label in zip(zip(edges[:-1], edges[1:]), BAND_COLOURS, labels):
        fig.add_hrect(y0=lo, y1=hi, fillcolor=fill, line_width=0, layer="below")
        # labels outside the plot, right of their band, so they never sit on a curve
        mid = 0.5 * (np.log10(min(hi, 1.0)) + np.log10(max(lo, 1e-16)))
        fig.add_annotation(x=1.01, xref="paper", y=mid, yref="y", text=label, showarrow=False,
                           xanchor="left", yanchor="middle", font=dict(size=11, color="#444"), align="left")
    for t in THRESHOLDS:
        fig.add_hline(y=t, line=dict(color="rgba(80,80,80,0.5)", width=1, dash="dash"))
    for sw in sweeps:
        for scheme in ("forward", "centered"):
            err = sw.judged(scheme)
            # exact zeros sit on the floor; errors that are not finite (f(x±h) overflowed) are gaps
            shown = np.where(err > 0, err, np.where(err == 0, ZERO_FLOOR, np.nan))
            fig.add_trace(go.Scatter(
                x=sw.h, y=shown, mode="lines+markers", name=f"{tx[scheme]} · {sw.precision}",
                line=dict(color=SCHEME_COLOURS[scheme], width=2.2,
                          dash=PRECISION_DASH.get(sw.precision, "solid")),
                marker=dict(size=5, symbol="circle" if sw.precision == "float64" else "diamond"),
                customdata=np.where(err > 0, err, np.where(err == 0, 0.0, np.nan)),
                hovertemplate="h=%{x:.1e}<br>%{customdata:.2e}<extra>" + f"{tx[scheme]} {sw.precision}</extra>",
            ))
    if show_slopes and sweeps:
        h = np.array([1e-1, 1e-4])
        # a ruler, not a fit: from (0.1, 1e-3) down to the right, below where smooth curves start
        fig.add_trace(go.Scatter(x=h, y=1e-3 * (h / h[0]), mode="lines", name=tx["slope1"],
                                 line=dict(color="#777", width=1.4, dash="dot"), hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=h, y=1e-3 * (h / h[0]) ** 2, mode="lines", name=tx["slope2"],
                                 line=dict(color="#333", width=1.4, dash="dot"), hoverinfo="skip"))
    fig.update_layout(
        height=height, margin=dict(l=10, r=175, t=20, b=10),
        xaxis=dict(type="log", title=tx["h"], exponentformat="power", dtick=1, tickangle=0),
        yaxis=dict(type="log", title=tx["abs_error"] if sweeps and all(sw.vanishing for sw in sweeps)
                   else tx["rel_error"], range=[np.log10(bottom), np.log10(top)],
                   exponentformat="power", dtick=2),
        legend=dict(orientation="h", yanchor="top", y=-0.14, x=0),
    )
    return fig


# --- initialization -------------------------------------------------------------------------------

def scale_text(value: float) -> str:
    """A std as people write it: 3 significant digits, whole numbers with separators from 1000 (17,674)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _layer_title(res: ActivationHistograms | GradientHistograms, j: int, tx: Mapping[str, str], number) -> str:
    """"2-layer", the layer's std, and the share of its values the axis leaves out (when any)."""
    lines = [tx["layer"].format(i=j + 1), tx["layer_std"].format(std=number(float(res.std[j])))]
    if res.outside[j] >= 0.005:
        lines[1] += " · " + tx["layer_outside"].format(share=f"{res.outside[j]:.0%}")
    return "<br>".join(lines)


def init_histograms_figure(results: Sequence[ActivationHistograms | GradientHistograms],
                           row_titles: Sequence[str] | None = None,
                           text: Mapping[str, str] | None = None, y_max: float | None = None,
                           height_per_row: int = 230, number=scale_text) -> go.Figure:
    """The book's figure: one histogram per layer (columns), one row per configuration.

    The same layout draws the gradients (:class:`GradientHistograms`, note 001) under the activations,
    layer under layer.

    Each layer's title carries its std and the share of values outside the histogram's range, so a
    spread that grows (std 1 with ReLU: 5.8 → 17,700) shows although the bars stay on the book's
    axis.  ``number`` formats the std.  ``y_max`` fixes the count axis (the book uses 7000 for ReLU so
    the spike at 0 does not flatten everything else); None lets each row scale to its tallest bar.
    """
    tx = _text(text)
    rows = len(results)
    cols = max(r.n_layers for r in results) if results else 1
    titles = [_layer_title(res, j, tx, number) if j < res.n_layers else ""
              for res in results for j in range(cols)]
    titles = titles or [tx["layer"].format(i=1)]
    fig = make_subplots(rows=max(rows, 1), cols=cols, shared_yaxes=True, horizontal_spacing=0.035,
                        vertical_spacing=0.14 if rows > 1 else 0.1, subplot_titles=titles)
    for r, res in enumerate(results):
        centres = 0.5 * (res.edges[:-1] + res.edges[1:])
        width = float(res.edges[1] - res.edges[0])
        for j in range(res.n_layers):
            fig.add_trace(go.Bar(
                x=centres, y=res.counts[j], width=width, marker=dict(color=colour(r), line=dict(width=0)),
                showlegend=False, name=tx["layer"].format(i=j + 1),
                hovertemplate="%{x:.3f}: %{y}<extra>" + tx["layer"].format(i=j + 1) + "</extra>",
            ), row=r + 1, col=j + 1)
            fig.update_xaxes(range=[float(res.edges[0]), float(res.edges[-1])], row=r + 1, col=j + 1,
                             tickvals=[float(res.edges[0]), float(res.edges[-1])])
        top = y_max if y_max is not None else float(res.counts.max()) * 1.05 or 1.0
        fig.update_yaxes(range=[0, top], row=r + 1)
        fig.update_yaxes(title_text=(row_titles[r] if row_titles else tx["count"]), row=r + 1, col=1)
    fig.update_annotations(font_size=12)  # the two-line layer titles
    fig.update_layout(height=max(rows, 1) * height_per_row + 60, margin=dict(l=10, r=10, t=40, b=10),
                      bargap=0)
    return fig


def layer_std_figure(results: Sequence[ActivationHistograms | GradientHistograms], names: Sequence[str],
                     text: Mapping[str, str] | None = None, height: int = 260,
                     y_title: str | None = None) -> go.Figure:
    """The standard deviation of each layer's activations (log scale), one line per configuration.

    A falling line is the signal dying out with depth (std 0.01), a rising one exploding (std 1
    with ReLU), a flat one the spread kept (Xavier, He, batch norm).  A std of exactly 0 (all
    zeros) cannot sit on a log axis: that line is left out and its legend entry says so.  Given
    gradients, it draws their std per layer; ``y_title`` then names the quantity.
    """
    tx = _text(text)
    fig = go.Figure()
    for i, (res, name) in enumerate(zip(results, names)):
        layers = np.arange(1, res.n_layers + 1)
        std = np.where(res.std > 0, res.std, np.nan)
        label = name if np.any(res.std > 0) else f"{name} ({tx['std_zero']})"
        fig.add_trace(go.Scatter(x=layers, y=std, mode="lines+markers", name=label,
                                 line=dict(color=colour(i), width=2), marker=dict(size=7)))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=10),
                      xaxis=dict(title=tx["layer_axis"], dtick=1),
                      yaxis=dict(title=y_title or tx["activation_std"], type="log", exponentformat="power"),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


# --- training -------------------------------------------------------------------------------------

def training_curves_figure(histories: Sequence[Mapping], text: Mapping[str, str] | None = None,
                           height: int = 380, x_scale: float = 1.0, x_title: str | None = None) -> go.Figure:
    """Loss (left) and accuracy (right) per epoch; training solid, validation dashed, a colour per run.

    ``histories`` are :meth:`learn.training.History.as_dict` dicts.  The gap between the solid and
    dashed line of a colour is the overfitting.  ``x_scale`` (with its ``x_title``) puts another unit
    on the x-axis: the updates per epoch ⌈N/B⌉ gives updates (iterations) instead of epochs.
    """
    tx = dict(_text(text))
    if x_title is not None:
        tx["epoch"] = x_title
    fig = make_subplots(rows=1, cols=2, subplot_titles=[tx["loss"], tx["accuracy"]], horizontal_spacing=0.08)
    for i, h in enumerate(histories):
        c = colour(i)
        # arrays, not lists: plotly checks a list element by element (0.2 s a redraw at 1000 epochs)
        epochs = np.asarray(h["epoch"]) * x_scale
        pairs = (("train_loss", "val_loss"), ("train_acc", "val_acc"))
        for col, (train_key, val_key) in enumerate(pairs, start=1):
            for key, dash, part in ((train_key, "solid", tx["train"]), (val_key, "dash", tx["val"])):
                name = f"{h['label']} · {part}"
                fig.add_trace(go.Scatter(
                    x=epochs, y=np.asarray(h[key], dtype=float), mode="lines", name=name,
                    legendgroup=h["label"],
                    line=dict(color=c, width=2, dash=dash), showlegend=col == 1,
                    hovertemplate=name + "<br>" + tx["epoch"] + " %{x}: %{y:.4f}<extra></extra>",
                ), row=1, col=col)
    fig.update_xaxes(title_text=tx["epoch"])
    fig.update_yaxes(type="log", exponentformat="power", dtick=1, row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.18, x=0))
    return fig


def learning_rate_figure(histories: Sequence[Mapping], text: Mapping[str, str] | None = None,
                         height: int = 300, x_scale: float = 1.0, x_title: str | None = None) -> go.Figure:
    """The learning rate per epoch (log scale), a colour per run, as :class:`learn.training.History` recorded it.

    A schedule's decay, or ReduceLROnPlateau's cuts (a step down after each epoch whose validation loss
    ended a stall), show as the curve's steps.  Epoch 0 (no update yet) has no rate.
    """
    tx = dict(_text(text))
    if x_title is not None:
        tx["epoch"] = x_title
    fig = go.Figure()
    for i, h in enumerate(histories):
        epochs = np.asarray(h["epoch"][1:]) * x_scale
        fig.add_trace(go.Scatter(
            x=epochs, y=np.asarray(h["lr"][1:], dtype=float), mode="lines", name=h["label"],
            line=dict(color=colour(i), width=2, shape="vh"),  # epoch e's rate spans (e − 1, e]
            hovertemplate=h["label"] + "<br>" + tx["epoch"] + " %{x}: %{y:.3g}<extra></extra>"))
    fig.update_xaxes(title_text=tx["epoch"])
    fig.update_yaxes(title_text=tx["learning_rate"], type="log", exponentformat="power")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.25, x=0))
    return fig


def update_ratio_figure(histories: Sequence[Mapping], text: Mapping[str, str] | None = None,
                        height: int = 340) -> go.Figure:
    """‖ΔW‖/‖W‖ per dense layer per epoch (log scale): a colour per run, a dash style per layer.

    The band 1e-4…1e-2 around the notes' target 1e-3 is shaded.
    """
    tx = _text(text)
    fig = go.Figure()
    fig.add_hrect(y0=1e-4, y1=1e-2, fillcolor="rgba(0,158,115,0.08)", line_width=0, layer="below")
    fig.add_hline(y=1e-3, line=dict(color="#009E73", width=1.5, dash="dash"))
    fig.add_annotation(x=0, xref="paper", y=-3, yref="y", text=tx["target_ratio"], showarrow=False,
                       xanchor="left", yanchor="bottom", font=dict(size=11, color="#009E73"))
    for i, h in enumerate(histories):
        ratios = np.array(h["update_ratio"], dtype=float)
        if ratios.ndim != 2 or ratios.shape[0] < 2:
            continue
        for j, layer in enumerate(h["layer_names"]):
            y = ratios[1:, j]
            name = f"{h['label']} · {_layer_name(layer, tx)}"
            fig.add_trace(go.Scatter(
                x=np.asarray(h["epoch"][1:]), y=np.where(y > 0, y, np.nan), mode="lines", name=name,
                legendgroup=h["label"],
                line=dict(color=colour(i), width=1.8, dash=LAYER_DASH[j % len(LAYER_DASH)]),
                hovertemplate=name + "<br>" + tx["epoch"] + " %{x}: %{y:.2e}<extra></extra>",
            ))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=10),
                      xaxis=dict(title=tx["epoch"]),
                      yaxis=dict(type="log", title=tx["update_ratio"], exponentformat="power", dtick=1),
                      legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


def decision_boundary_figure(panels: Sequence[Mapping], X_train: np.ndarray, y_train: np.ndarray,
                             X_val: np.ndarray, y_val: np.ndarray, n_classes: int,
                             text: Mapping[str, str] | None = None, height: int = 420) -> go.Figure:
    """One panel per run: the predicted class over the plane, with the data on top.

    Each panel is ``{"label", "xs", "ys", "probs"}`` (``probs`` of shape (ny, nx, C)).  With two
    classes the background is P(class 1) from class 0's pale grey to class 1's pale olive; with more it is
    the most likely class, paler where the network is less sure.  Each class has a colour and a
    marker shape none of the optimizers use (:data:`CLASS_COLOURS`, :data:`CLASS_SYMBOLS`): training
    points filled, validation points open.
    """
    tx = _text(text)
    n = max(len(panels), 1)
    fig = make_subplots(rows=1, cols=n, subplot_titles=[p["label"] for p in panels] or [""],
                        horizontal_spacing=0.04, shared_yaxes=True)
    binary = n_classes == 2
    for i, p in enumerate(panels):
        probs = np.asarray(p["probs"])
        if binary:
            fig.add_trace(go.Heatmap(
                x=p["xs"], y=p["ys"], z=probs[..., 1], zmin=0, zmax=1, showscale=i == n - 1,
                colorscale=[[0, _mix_with_white(CLASS_COLOURS[0], 0.75)], [0.5, "#f7f7f7"],
                            [1, _mix_with_white(CLASS_COLOURS[1], 0.6)]],
                colorbar=dict(title=dict(text=tx["p_class1"], side="right"), thickness=12),
                hovertemplate="x=%{x:.2f} y=%{y:.2f}<br>P=%{z:.3f}<extra></extra>",
            ), row=1, col=i + 1)
        else:
            cls = probs.argmax(axis=-1)
            conf = probs.max(axis=-1)
            # class index + confidence in one number: integer part the class, fraction the certainty
            z = cls + np.clip((conf - 1.0 / n_classes) / (1 - 1.0 / n_classes), 0, 0.999)
            fig.add_trace(go.Heatmap(
                x=p["xs"], y=p["ys"], z=z, zmin=0, zmax=n_classes, showscale=False,
                colorscale=_class_colourscale(n_classes), customdata=cls,
                hovertemplate="x=%{x:.2f} y=%{y:.2f}<br>class %{customdata}<extra></extra>",
            ), row=1, col=i + 1)
        for X, y, filled, part in ((X_train, y_train, True, tx["train_points"]),
                                   (X_val, y_val, False, tx["val_points"])):
            for k in range(n_classes):
                mask = y == k
                symbol = CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]
                colour_k = CLASS_COLOURS[k % len(CLASS_COLOURS)]
                if filled:  # training points: the class's shape, filled, outlined so pale colours show
                    marker = dict(color=colour_k, symbol=symbol, size=6, line=dict(width=0.6, color="#333333"))
                else:  # validation points: the same shape, open
                    marker = dict(color=colour_k, symbol=f"{symbol}-open", size=7, line=dict(width=1.6))
                fig.add_trace(go.Scatter(
                    x=X[mask, 0], y=X[mask, 1], mode="markers", marker=marker, hoverinfo="skip",
                    name=f"{tx['class'].format(k=k)} · {part}", legendgroup=f"{k}{filled}", showlegend=i == 0,
                ), row=1, col=i + 1)
        fig.update_xaxes(range=[float(p["xs"][0]), float(p["xs"][-1])], constrain="domain", row=1, col=i + 1)
        fig.update_yaxes(range=[float(p["ys"][0]), float(p["ys"][-1])], row=1, col=i + 1)
        if i == 0:
            fig.update_yaxes(scaleanchor="x", scaleratio=1, row=1, col=1)
        else:
            fig.update_xaxes(scaleanchor="x", scaleratio=1, row=1, col=i + 1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.14, x=0))
    return fig


def _class_colourscale(n_classes: int) -> list:
    """A stepped scale: within [k, k+1) class k's colour from pale (unsure) to full (sure)."""
    scale = []
    for k in range(n_classes):
        full = CLASS_COLOURS[k % len(CLASS_COLOURS)]
        pale = _mix_with_white(full, 0.8)
        mid = _mix_with_white(full, 0.55)
        scale += [[k / n_classes, pale], [(k + 0.999) / n_classes, mid]]
    return scale


def _mix_with_white(hex_colour: str, amount: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return f"rgb({mix[0]},{mix[1]},{mix[2]})"


def confusion_figure(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int, title: str = "",
                     text: Mapping[str, str] | None = None, height: int = 380) -> go.Figure:
    """Counts of (true, predicted) class pairs on the validation set: the diagonal is right."""
    tx = _text(text)
    m = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(m, (np.asarray(y_true), np.asarray(y_pred)), 1)
    fig = go.Figure(go.Heatmap(
        z=m, x=list(range(n_classes)), y=list(range(n_classes)), colorscale="Blues", showscale=False,
        text=m, texttemplate="%{text}", hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
    ))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30 if title else 10, b=10),
                      title=title or None,
                      xaxis=dict(title=tx["confusion_pred"], dtick=1),
                      yaxis=dict(title=tx["confusion_true"], dtick=1, autorange="reversed", scaleanchor="x"))
    return fig
