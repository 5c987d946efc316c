"""The page kit: what every page uses to declare its controls, keep its state and share its view.

A page reads like a description of itself::

    page = Page("noise")                       # title, intro and a place for notices
    with page.controls():                      # every page's controls live in the sidebar
        steps = page.integer("steps", 100, 1, 1000, step=10)
        sigma = page.number("sigma", 2.0, 0.0, 1000.0, step=0.5)
        axis = page.choice("xaxis", "steps", ("steps", "epochs"), widget="radio")
    ...                                        # library calls and charts
    page.finish()                              # notices, then the link

Each control's key is ``<page>.<name>`` (``noise.steps``), the same in the session and in the URL;
its label is the catalogue's ``<page>.<name>`` and its tooltip ``<page>.<name>_help`` when that
exists (filled with ``{low}``, ``{high}``, ``{default}``), in the current language.  A page whose
texts live elsewhere in the catalogue says where: ``Page("gradient_check", texts="learn.gc")`` takes
its title, intro and labels from ``learn.gc.*`` and keeps its keys ``gradient_check.*``.

What the kit promises, beyond Streamlit's own widgets:

- **A link restores the view.**  Every control is in the query string when it differs from its
  default.  A malformed or out-of-range value falls back to its default *with a notice naming it*
  (Streamlit's own ``bind="query-params"`` drops such values silently), and the keys are the ones
  links have always used, so old links keep working.
- **State survives.**  Leaving a page and coming back through the menu restores its settings (the
  kit keeps each page's values in the session, because Streamlit forgets the widgets of a page
  that is not shown).  The browser's Back and Forward restore the view the URL describes: a rerun
  whose URL differs from the one the page last published is a history step, and the page is seeded
  from the URL again.
- **One order.**  Title, intro, notices (shown above the page's content), then the URL written
  once at the end.

Controls a page draws itself (a chart's selection, a widget the kit has no method for) use
:meth:`Page.bind`, which gives the same URL, notice and persistence behaviour for any key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import streamlit as st

from paramspec import ParamSpec
from refusal import Refusal
from ui.i18n import safe_markdown, t
from ui.reasons import reason as reason_text
from ui.strings import CATALOGUE
from urlvalues import (
    Parser,
    control_limits,
    fmt,
    log_grid,
    parse_bool,
    parse_choice,
    parse_float,
    parse_for_control,
    parse_int,
)

# query keys that belong to the whole app, not to a page
GLOBAL_KEYS = ("lang",)
MAX_QUERY_VALUE = 2000  # characters; longer values are refused before parsing
_SAVED = "_kit.saved"  # page -> {key: value}: each page's settings, kept across page switches
_PUBLISHED = "_kit.published"  # page -> the query (page keys only) it last wrote to the URL
_LAST_PAGE = "_kit.last_page"
_NOTICES = "_url_notices"


def text_or_none(key: str, **fields) -> str | None:
    """The catalogue text for ``key`` (fields filled), or None when the catalogue has no such key."""
    return t(key, **fields) if key in CATALOGUE else None


class Page:
    """One run of one page: its controls, their state, their link.  See the module docstring."""

    def __init__(self, name: str, *, header: bool = True, texts: str | None = None) -> None:
        self.name = name
        self.prefix = f"{name}."
        # where the catalogue keeps this page's texts, when not under its name (the learn pages' are
        # under ``learn.gc``, ``learn.init``, ``learn.train`` while their keys stay ``gradient_check.*`` ...)
        self.texts = texts or name
        self.entries: dict[str, tuple[Any, Callable[[Any], str]]] = {}
        self.mode = self._arrival_mode()
        if self.mode == "history":
            # Back or Forward on this page: seed every control again from the URL.  (Arriving from
            # another page needs no such step: Streamlit has already dropped this page's widgets, and
            # a value some code set for this page on purpose is kept.)
            for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(self.prefix)]:
                del st.session_state[key]
        st.session_state[_LAST_PAGE] = name
        if header:
            with st.container(key="page-header"):  # CSS class st-key-page-header (hidden when presenting)
                st.header(t(f"{self.texts}.title"), anchor=False)
                intro = text_or_none(f"{self.texts}.intro")
                if intro:
                    st.caption(intro)
        self.notices = st.container()

    # ------------------------------------------------------------------------------ state and URL

    def _page_query(self) -> dict[str, str]:
        return {k: v for k, v in st.query_params.items() if k.startswith(self.prefix)}

    def _arrival_mode(self) -> str:
        """How to seed controls this run: "url" (from the link: a first visit, a shared link, Back from
        another page), "saved" (from the session's copy: back through the menu), "history" (from the
        link again: Back or Forward on this page) or "live" (the widgets own their values)."""
        query = self._page_query()
        published = st.session_state.get(_PUBLISHED, {}).get(self.name)
        if st.session_state.get(_LAST_PAGE) != self.name:
            saved = st.session_state.get(_SAVED, {}).get(self.name)
            return "saved" if saved is not None and not query else "url"
        if published is not None and query != published:
            # A control changed in this rerun (its value differs from the one last kept) means the
            # rerun was asked for before the last link reached the browser (a quick second click or
            # key press), not a history step: the user's change wins.
            kept = st.session_state.get(_SAVED, {}).get(self.name, {})
            if any(k in st.session_state and fmt(st.session_state[k]) != fmt(v) for k, v in kept.items()):
                return "live"
            return "history"  # the browser's Back or Forward (or an edited link) on the same page
        return "live"

    def read(self, key: str, default: Any, parse: Parser, shown: Callable[[Any], str] | None = None) -> Any:
        """The URL's value for ``key`` parsed, or ``default`` (with a notice) when it is missing or bad.
        ``shown`` says the default in the notice as the page shows it (a choice's label), else as a link writes it."""
        raw = st.query_params.get(key)
        if raw is None:
            return default
        try:
            if len(raw) > MAX_QUERY_VALUE:
                raise Refusal("too_long", f"{len(raw)} characters is too long", length=len(raw))
            return parse(raw)
        except (ValueError, TypeError, OverflowError) as err:
            self.notice(key, raw, err, None if default is None else (shown or fmt)(default))
            return default

    def notice(self, key: str, value: str, reason: str | BaseException, default: str | None) -> None:
        """Say that the link's ``value`` for ``key`` was not used, why (an exception is said in the page's
        language, ``ui.reasons``), and what is used instead, if anything (also for a page with a codec of
        its own)."""
        why = reason_text(reason) if isinstance(reason, BaseException) else str(reason)[:200]
        if default is None:  # nothing instead (no clicked point, no chosen cell)
            text = t("common.url_bad_value_none", key=key, value=value[:80], reason=why)
        else:
            text = t("common.url_bad_value", key=key, value=value[:80], reason=why, default=default)
        st.session_state.setdefault(_NOTICES, []).append(text)

    def bind(self, key: str, default: Any, parse: Parser, formatter: Callable[[Any], str] = fmt,
             shown: Callable[[Any], str] | None = None) -> Any:
        """Seed ``st.session_state[key]`` (URL, saved copy or default) if it is not there; register it for
        the link; return its value.  Draw the widget with ``key=key`` right after."""
        self.entries[key] = (default, formatter)
        if key not in st.session_state:
            saved = st.session_state.get(_SAVED, {}).get(self.name, {})
            if self.mode == "saved" and key in saved:
                st.session_state[key] = saved[key]
            else:
                st.session_state[key] = self.read(key, default, parse, shown)
        return st.session_state[key]

    def restore(self, key: str, default: Any, parse: Parser, formatter: Callable[[Any], str] = fmt) -> Any:
        """The name the older pages use for :meth:`bind`."""
        return self.bind(key, default, parse, formatter)

    def track(self, key: str, default: Any, formatter: Callable[[Any], str] = fmt) -> None:
        """Publish ``st.session_state[key]`` without seeding it (a value the page sets itself)."""
        self.entries[key] = (default, formatter)

    def set(self, key: str, value: Any) -> None:
        """Set a control's value from code (a button, a preset); takes effect in this run if called
        before the control is drawn, else from a callback."""
        st.session_state[key] = value

    def finish(self) -> None:
        """Show the notices collected while reading the URL, keep this page's values, publish the link."""
        self.show_notices()
        values = {key: st.session_state.get(key, default) for key, (default, _) in self.entries.items()}
        st.session_state.setdefault(_SAVED, {})[self.name] = values
        wanted = {k: st.query_params[k] for k in GLOBAL_KEYS if k in st.query_params}
        for key, (default, formatter) in self.entries.items():
            text = formatter(values[key])
            if text != formatter(default):
                wanted[key] = text
        if dict(st.query_params) != wanted:
            st.query_params.from_dict(wanted)
        st.session_state.setdefault(_PUBLISHED, {})[self.name] = {
            k: v for k, v in wanted.items() if k.startswith(self.prefix)
        }

    def publish(self) -> None:
        """The name the older pages use for :meth:`finish`."""
        self.finish()

    def stop(self) -> None:
        """Finish the page here (after an error message): the link still holds what the user set."""
        self.finish()
        st.stop()

    def show_notices(self) -> None:
        notices = st.session_state.pop(_NOTICES, [])
        if notices:
            with self.notices:
                for notice in notices:
                    st.warning(safe_markdown(notice), icon="🔗")

    # ------------------------------------------------------------------------------ layout

    @contextmanager
    def controls(self):
        """Where a page's controls go: the sidebar, which scrolls by itself, so moving a control never
        moves the chart."""
        with st.sidebar:
            yield

    # ------------------------------------------------------------------------------ controls

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def text_key(self, name: str) -> str:
        """The catalogue key of control ``name``'s label (``<texts>.<name>``)."""
        return f"{self.texts}.{name}"

    def _texts(self, name: str, label: str | None, help: str | None, **fields) -> tuple[str, str | None]:
        key = self.text_key(name)
        return (label if label is not None else t(key)), (
            help if help is not None else text_or_none(f"{key}_help", **fields)
        )

    def integer(self, name: str, default: int, low: int, high: int, *, step: int = 1, widget: str = "number",
            label: str | None = None, help: str | None = None, disabled: bool = False) -> int:
        """A whole number in [low, high]: a number box (``widget="number"``) or a slider."""
        key = self.key(name)
        self.bind(key, default, parse_int(low, high))
        text, tip = self._texts(name, label, help, low=low, high=high, max=high, min=low, default=default)
        if widget == "slider":
            return int(st.slider(text, low, high, step=step, key=key, help=tip, disabled=disabled))
        return int(st.number_input(text, min_value=low, max_value=high, step=step, key=key, help=tip,
                                   disabled=disabled))

    def number(self, name: str, default: float, low: float, high: float, *, step: float | None = None,
              widget: str = "number", format: str = "%g", label: str | None = None, help: str | None = None,
              disabled: bool = False) -> float:
        """A number in [low, high]: a number box or a slider."""
        key = self.key(name)
        self.bind(key, float(default), parse_float(low, high))
        text, tip = self._texts(name, label, help, low=low, high=high, max=high, min=low, default=default)
        if widget == "slider":
            return float(st.slider(text, float(low), float(high), step=step, key=key, help=tip, format=format,
                                   disabled=disabled))
        return float(st.number_input(text, min_value=float(low), max_value=float(high), step=step, key=key,
                                     format=format, help=tip, disabled=disabled))

    def choice(self, name: str, default: Any, options: Sequence, *, widget: str = "select",
               format_func: Callable[[Any], str] | None = None, label: str | None = None,
               help: str | None = None, disabled: bool = False, on_change: Callable | None = None) -> Any:
        """One of ``options``: a select box, radio buttons (``"radio"``), a segmented control
        (``"segmented"``) or a select slider (``"slider"``).  Options are listed as their ``str``."""
        key = self.key(name)
        # links write an option as fmt does ("1" for 1.0); str() spellings are read too
        by_text = {**{str(o): o for o in options}, **{fmt(o): o for o in options}}
        # option texts looked up now, in this run's language (AppTest formats a choice again outside the run)
        show = format_func or {o: text_or_none(f"{self.text_key(name)}.{o}") or str(o) for o in options}.get
        self.bind(key, default, lambda text: by_text[parse_choice(by_text)(text)], shown=show)
        text, tip = self._texts(name, label, help)
        kw = dict(key=key, help=tip, disabled=disabled, on_change=on_change, format_func=show)
        if widget == "radio":
            return st.radio(text, list(options), horizontal=True, **kw)
        if widget == "segmented":
            # required: a click on the selected segment keeps it (else the value would become None)
            return st.segmented_control(text, list(options), selection_mode="single", required=True, **kw)
        if widget == "slider":
            return st.select_slider(text, list(options), **kw)
        return st.selectbox(text, list(options), **kw)

    def multichoice(self, name: str, default: Sequence, options: Sequence, *, max_selections: int | None = None,
                    format_func: Callable[[Any], str] | None = None, label: str | None = None,
                    help: str | None = None) -> list:
        """Several of ``options`` (a multiselect); in the URL as a comma-separated list."""
        key = self.key(name)
        by_text = {**{str(o): o for o in options}, **{fmt(o): o for o in options}}

        def parse(text: str) -> list:
            parts = [p.strip() for p in text.split(",") if p.strip()]
            unknown = [p for p in parts if p not in by_text]
            if unknown:
                raise Refusal("not_choice", f"{unknown[0]!r} is not one of {', '.join(list(by_text)[:12])}",
                              value=unknown[0])
            if max_selections is not None and len(parts) > max_selections:
                raise Refusal("at_most_values", f"at most {max_selections} values", max=max_selections)
            return list(dict.fromkeys(by_text[p] for p in parts))

        self.bind(key, list(default), parse, shown=lambda values: ", ".join(map(format_func or str, values)))
        text, tip = self._texts(name, label, help, max=max_selections)
        # the placeholder an empty box shows (Streamlit's own is English)
        return st.multiselect(text, list(options), key=key, max_selections=max_selections, help=tip,
                              format_func=format_func or str, placeholder=t("common.choose_options"))

    def toggle(self, name: str, default: bool = False, *, label: str | None = None, help: str | None = None,
               disabled: bool = False) -> bool:
        key = self.key(name)
        self.bind(key, bool(default), parse_bool)
        text, tip = self._texts(name, label, help)
        return bool(st.toggle(text, key=key, help=tip, disabled=disabled))

    def text(self, name: str, default: str, *, max_chars: int = 500, label: str | None = None,
             help: str | None = None) -> str:
        """Free text (a formula, a list): the page validates it and shows its own message."""
        key = self.key(name)
        self.bind(key, default, str)
        text, tip = self._texts(name, label, help)
        return st.text_input(text, key=key, help=tip, max_chars=max_chars)

    def start(self, surface, *, label_x: str = "x₀", label_y: str = "y₀", help: str | None = None) -> tuple[
            float, float]:
        """The start point (``<page>.x0``, ``<page>.y0``), within the surface's view.

        It moves to the surface's own start when the surface changes (a new surface, new parameters or
        a new formula), and a button puts it back there.  Returns (x, y).
        """
        (x_low, x_high), (y_low, y_high) = surface.bounds
        home = (float(surface.start[0]), float(surface.start[1]))
        kx, ky, seen = self.key("x0"), self.key("y0"), f"_{self.prefix}start_for"
        identity = (surface.title, tuple(map(tuple, surface.bounds)), home)
        if st.session_state.get(seen) not in (None, identity):  # another surface: start where it starts
            st.session_state[kx], st.session_state[ky] = home
        st.session_state[seen] = identity
        for key, low, high in ((kx, x_low, x_high), (ky, y_low, y_high)):
            if key in st.session_state and isinstance(st.session_state[key], (int, float)):
                st.session_state[key] = float(min(max(st.session_state[key], low), high))
        step = float(10 ** np.floor(np.log10(max(x_high - x_low, y_high - y_low)) - 2))
        st.markdown(f"**{t('common.start')}**")
        left, right = st.columns(2)
        with left:
            x = self.number("x0", home[0], float(x_low), float(x_high), step=step, label=label_x, help=help)
        with right:
            y = self.number("y0", home[1], float(y_low), float(y_high), step=step, label=label_y, help=help)

        def reset() -> None:
            st.session_state[kx], st.session_state[ky] = home

        st.button(t("common.start_reset"), key=f"_{self.prefix}start_reset", on_click=reset, type="tertiary",
                  icon=":material/restart_alt:")
        return x, y

    def spec(self, spec: ParamSpec, key: str, *, label: str, help: str | None = None, default: Any = None,
             disabled: bool = False) -> Any:
        """The control a :class:`ParamSpec` asks for (see :func:`spec_control`), bound under ``key``."""
        return spec_control(self, spec, key, label=label, help=help, default=default, disabled=disabled)


# ---------------------------------------------------------------------------------- spec controls


def spec_control(page: Page, spec: ParamSpec, key: str, *, label: str, help: str | None = None,
                 default: Any = None, disabled: bool = False, draw: bool = True,
                 format_func: Callable[[Any], str] | None = None) -> Any:
    """Draw the control for ``spec`` under ``key`` (seeded from the URL) and return its valid value.

    A log-scale float gets a 1-2-5 slider for feel and a number box for an exact value, always showing
    the same value (with 0 as its first stop when 0 is the default: clipping off); a [0, 1) rate a
    slider; a switch a checkbox; a choice a select box; an integer a number box.  With ``draw=False``
    the value is read and validated without drawing (a closed panel).
    ``format_func`` shows a choice's options (``ui.spec_text.option_formatter``).
    """
    default = spec.default if default is None else default
    page.bind(key, default, parse_for_control(spec))
    if not draw:
        return spec.validate(st.session_state[key])
    if spec.kind == "bool":
        return st.checkbox(label, key=key, help=help, disabled=disabled)
    if spec.kind == "choice":
        return st.selectbox(label, spec.choices, key=key, help=help, disabled=disabled,
                            format_func=format_func or str)
    if spec.kind == "int":
        low, high = control_limits(spec)
        return int(st.number_input(label, min_value=None if low is None else int(low),
                                   max_value=None if high is None else int(high), step=1, key=key,
                                   help=help, disabled=disabled))
    if spec.log or spec.ui_log:
        return _log_control(spec, key, label, help, disabled)
    low, high = control_limits(spec)
    if low is not None and high is not None:
        top = high if not (spec.high_open and spec.high == high) else high - 1e-3
        step = 1e-3 if top - low <= 1.0 + 1e-9 else (top - low) / 1000
        st.session_state[key] = float(min(max(st.session_state[key], low), top))
        return float(st.slider(label, min_value=float(low), max_value=float(top), step=float(step), key=key,
                               help=help, format="%.3f", disabled=disabled))
    return float(st.number_input(label, key=key, min_value=low, max_value=high, format="%g", help=help,
                                 disabled=disabled))


def _log_control(spec: ParamSpec, key: str, label: str, help: str | None, disabled: bool) -> float:
    """A 1-2-5 log slider plus a number box for the exact value.  The slider's stops include the box's
    value, so both always show the same number (typing 0.3 puts the slider on 0.3, not on 0.2)."""
    low, high = control_limits(spec)
    slider_key = f"{key}~slider"
    value = st.session_state[key]

    def from_slider():
        st.session_state[key] = float(st.session_state[slider_key])

    # a spec whose default is 0, the bottom of its range (clipping: 0 is off), has 0 as its first stop
    zero = spec.low == 0 and not spec.low_open and spec.default == 0

    def shown(v) -> bool:
        return v is not None and np.isfinite(v) and (v > 0 or (zero and v == 0))

    def from_number():
        typed = st.session_state[key]
        if shown(typed):
            st.session_state[slider_key] = float(typed)

    stops = ([0.0] if zero else []) + log_grid(low or 1e-8, high or 1e3)
    if shown(value):
        stops = sorted({*stops, float(value)})
        st.session_state[slider_key] = float(value)
    elif slider_key not in st.session_state:
        st.session_state[slider_key] = stops[0]
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        st.select_slider(label, options=stops, key=slider_key, on_change=from_slider, help=help,
                         format_func=lambda v: f"{v:g}", disabled=disabled)
    with right:
        min_value = spec.low if spec.low is not None and not spec.low_open else None
        value = st.number_input(f"{label} =", key=key, min_value=min_value, max_value=spec.high, format="%g",
                                step=None, on_change=from_number, label_visibility="collapsed",
                                disabled=disabled)
    if value is None or not np.isfinite(value) or (spec.low_open and value <= spec.low):
        st.error(t("common.value_out_of_range", name=label, range=spec.range_text(), value=f"{value!r}"))
        return spec.default
    return float(value)


# ---------------------------------------------------------------------------------- chart clicks


def clicked_point(event: Any, traces: Iterable[int] | None = None) -> tuple[float, float] | None:
    """The (x, y) of the last point clicked in a Plotly chart's selection event, or None.

    ``traces`` limits it to those trace numbers (a click layer); the event is what
    ``st.plotly_chart(on_select="rerun")`` stores under the chart's key, or a test's stand-in.
    """
    points = ((event or {}).get("selection") or {}).get("points") or []
    if traces is not None:
        allowed = set(traces)
        points = [p for p in points if p.get("curve_number", p.get("curveNumber")) in allowed]
    if not points:
        return None
    point = points[-1]
    try:
        x, y = float(point["x"]), float(point["y"])
    except (KeyError, TypeError, ValueError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None
