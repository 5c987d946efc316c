"""The surface chooser every page uses: catalogue surfaces with their parameters, or a custom f(x, y).

``pick_surface(url, prefix)`` draws the controls and returns a :class:`SurfaceChoice` (plain,
hashable values, fit for ``st.cache_data`` keys) or ``None`` after showing a friendly error;
``build_surface(choice)`` turns a choice into a :class:`surfaces.Surface`.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import surfaces
from ui.i18n import t
from ui.reasons import reason
from ui.spec_text import surface_title
from ui.state import UrlState, parse_choice
from ui.widgets import spec_widget

CUSTOM = "custom"
DEFAULT_EXPRESSION = "sin(x)*cos(y) + 0.1*(x**2 + y**2)"


@dataclass(frozen=True)
class SurfaceChoice:
    """Which surface, as plain values: a catalogue name with its parameters, or an expression."""

    name: str
    params: tuple = ()  # ((name, value), ...) for catalogue surfaces
    expression: str = ""


def build_surface(choice: SurfaceChoice) -> surfaces.Surface:
    """The Surface a choice describes (custom expressions are parsed safely and cached)."""
    if choice.name == CUSTOM:
        return surfaces.from_expression(choice.expression)
    return surfaces.get(choice.name, **dict(choice.params))


def pick_surface(url: UrlState, prefix: str, default: str = "book_quadratic",
                 allow_custom: bool = True) -> SurfaceChoice | None:
    """Draw the surface selector (and its parameters) and return the user's choice, validated.

    Draws into the current Streamlit container: call it inside ``with st.sidebar:`` or a column.
    """
    where = st
    options = surfaces.names() + ([CUSTOM] if allow_custom else [])
    key = f"{prefix}.surface"
    url.restore(key, default, parse_choice(options))

    # the titles looked up now, in this run's language (AppTest formats a choice again outside the run)
    titles = {name: t("common.custom_surface") if name == CUSTOM else surface_title(name) for name in options}
    name = where.selectbox(t("common.surface"), options, key=key, format_func=titles.get)
    if name == CUSTOM:
        expr_key = f"{prefix}.expr"
        url.restore(expr_key, DEFAULT_EXPRESSION, str)
        text = where.text_input(t("common.expression"), key=expr_key, help=t("common.expression_help"),
                                max_chars=500)
        try:
            surfaces.from_expression(text)
        except ValueError as err:
            where.error(t("common.expression_error", reason=reason(err)))
            return None
        return SurfaceChoice(CUSTOM, (), text)
    params = []
    for spec in surfaces.entry(name).params.values():
        value = spec_widget(spec, f"{prefix}.{name}.{spec.name}", url, owner=f"surface:{name}")
        params.append((spec.name, value))
    try:
        surfaces.get(name, **dict(params))
    except ValueError as err:
        where.error(t("common.invalid_input", reason=reason(err)))
        return None
    return SurfaceChoice(name, tuple(params))
