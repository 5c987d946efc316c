"""Widgets built from :class:`paramspec.ParamSpec` data, bound to URL state.

``spec_widget(spec, key, url)`` draws the right control for a spec (a log-scale slider plus an
exact number box for learning rates and other log-scale values; a slider for rates in [0, 1); a
checkbox for switches; a select box for choices) and returns the current, valid value.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from paramspec import ParamSpec
from ui.i18n import escape_markdown
from ui.state import UrlState, parse_spec


def log_grid(low: float, high: float) -> list[float]:
    """A 1-2-5 series from ``low`` to ``high`` (the values a log slider steps through)."""
    values = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            v = float(f"{mantissa}e{exponent}")
            if low <= v * (1 + 1e-12) and v <= high * (1 + 1e-12):
                values.append(v)
    return values


def nearest(grid: list[float], value: float) -> float:
    if value <= 0:
        return grid[0]
    return min(grid, key=lambda g: abs(math.log(g) - math.log(value)))


def _limits(spec: ParamSpec) -> tuple[float | None, float | None]:
    low = spec.ui_low if spec.ui_low is not None else spec.low
    high = spec.ui_high if spec.ui_high is not None else spec.high
    return low, high


def label_for(spec: ParamSpec, label: str | None) -> str:
    return label or spec.name


def spec_widget(spec: ParamSpec, key: str, url: UrlState | None, label: str | None = None,
                default=None, disabled: bool = False):
    """Draw the control for ``spec`` under ``key`` (state seeded from the URL) and return its value."""
    default = spec.default if default is None else default
    if url is not None:
        url.restore(key, default, _parse_for_widget(spec))
    elif key not in st.session_state:
        st.session_state[key] = default
    text = label_for(spec, label)
    if spec.kind == "bool":
        return st.checkbox(text, key=key, help=spec.help, disabled=disabled)
    if spec.kind == "choice":
        return st.selectbox(text, spec.choices, key=key, help=spec.help, disabled=disabled)
    if spec.kind == "int":
        low, high = _limits(spec)
        return int(st.number_input(text, min_value=None if low is None else int(low),
                                   max_value=None if high is None else int(high), step=1, key=key,
                                   help=spec.help, disabled=disabled))
    if spec.log:
        return _log_widget(spec, key, text, disabled)
    return _linear_widget(spec, key, text, disabled)


def _parse_for_widget(spec: ParamSpec):
    """``parse_spec``, also refusing values the drawn control cannot hold (a slider or an integer box
    narrower than the valid range), so a link never gets silently clamped or crashes the widget."""
    parse = parse_spec(spec)
    if spec.kind not in ("int", "float") or spec.log:
        return parse
    low, high = _limits(spec)
    if spec.kind == "float":
        if low is None or high is None:
            return parse
        high = high if not (spec.high_open and spec.high == high) else high - 1e-3

    def parse_in_range(text: str):
        value = parse(text)
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            raise ValueError(f"{text} is outside this control's range [{lo}, {hi}]")
        return value
    return parse_in_range


def _log_widget(spec: ParamSpec, key: str, text: str, disabled: bool) -> float:
    """A 1-2-5 log slider for feel plus a number box for an exact value; the number box is the truth."""
    low, high = _limits(spec)
    grid = log_grid(low or 1e-8, high or 1e3)
    slider_key = f"{key}~slider"

    def from_slider():
        st.session_state[key] = float(st.session_state[slider_key])

    def from_number():
        st.session_state[slider_key] = nearest(grid, float(st.session_state[key]))

    if slider_key not in st.session_state:
        st.session_state[slider_key] = nearest(grid, float(st.session_state[key]))
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        st.select_slider(text, options=grid, key=slider_key, on_change=from_slider, help=spec.help,
                         format_func=lambda v: f"{v:g}", disabled=disabled)
    with right:
        min_value = spec.low if spec.low is not None and not spec.low_open else None
        value = st.number_input(f"{text} =", key=key, min_value=min_value, max_value=spec.high,
                                format="%g", step=None, on_change=from_number, label_visibility="collapsed",
                                disabled=disabled)
    if value is None or not np.isfinite(value) or (spec.low_open and value <= spec.low):
        st.error(escape_markdown(f"{spec.name} must be in {spec.range_text()} (got {value!r})"))
        return spec.default
    return float(value)


def _linear_widget(spec: ParamSpec, key: str, text: str, disabled: bool) -> float:
    low, high = _limits(spec)
    if low is not None and high is not None:
        top = high if not (spec.high_open and spec.high == high) else high - 1e-3
        step = 1e-3 if top - low <= 1.0 + 1e-9 else (top - low) / 1000
        st.session_state[key] = float(min(max(st.session_state[key], low), top))
        return float(st.slider(text, min_value=float(low), max_value=float(top), step=float(step), key=key,
                               help=spec.help, format="%.3f", disabled=disabled))
    value = st.number_input(text, key=key, min_value=low, max_value=high, format="%g", help=spec.help,
                            disabled=disabled)
    return float(value)


def optimizer_widget(url: UrlState, prefix: str, label: str, lr_label: str, more_label: str) -> tuple[str, dict]:
    """One optimizer: a selector, its learning rate, and its other hyperparameters folded away.

    Keys are ``{prefix}.optimizer`` and ``{prefix}.{name}.{hyperparameter}`` (so each optimizer keeps
    its own settings when the user switches back and forth); ``prefix`` is also the page whose demo
    learning rate each optimizer starts at (its row in optimizers/facts.py).  Returns the optimizer's
    name and its hyperparameters.
    """
    import optimizers
    from optimizers import facts
    from ui.state import parse_choice

    names = optimizers.names()
    url.restore(f"{prefix}.optimizer", "sgd", parse_choice(names))
    name = st.selectbox(label, names, key=f"{prefix}.optimizer",
                        format_func=lambda n: optimizers.optimizer_class(n).title)
    specs = optimizers.optimizer_class(name).spec_map()
    hp = {"lr": spec_widget(specs["lr"], f"{prefix}.{name}.lr", url, label=lr_label,
                            default=facts.of(name).lr(prefix))}
    with st.expander(more_label):
        for spec in specs.values():
            if spec.name != "lr":
                hp[spec.name] = spec_widget(spec, f"{prefix}.{name}.{spec.name}", url, label=spec.name)
    return name, hp
