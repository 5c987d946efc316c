"""Presentation mode and pinned runs on Compare: the chart for a projector and a keyboard.

In presentation mode the sidebar, the top menu and the lesson buttons are hidden, the chart is as
tall as a 1280×800 projector allows, its paths are twice as thick and its type large
(:func:`viz.presentation.for_projector`).  The keys of :mod:`ui.keyboard` work in every mode.
*Pin* keeps the current paths as faded ghosts (:func:`viz.presentation.with_ghosts`) until *Unpin*,
so a class sees a run before and after a change.  Both live in this session only, not in the link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from ui import keyboard
from ui.i18n import t
from viz.presentation import for_projector, pin, with_ghosts

PRESENTING = "_compare.presenting"
PINNED = "_compare.pinned"
KEYS = "_compare.keys"
LESSONS_ROW = "compare-lessons"  # the key of the lesson buttons' container (CSS class st-key-…)
#: the chart's height in presentation mode: a 1280×800 projector minus the browser's bar and the row of buttons
PROJECTOR_HEIGHT = 640

# Static rules (no user text): hide the sidebar, its toggle, the top menu, the page's title and the row
# above the chart (lessons, map switches, pin: the toolbar below has its own); use the whole width.
_CSS = (
    "<style>"
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],[data-testid='stHeader'],"
    f".st-key-{LESSONS_ROW},.st-key-page-header{{display:none}}"
    "[data-testid='stMainBlockContainer']{padding:0.5rem 1rem 1rem 1rem;max-width:100%}"
    "</style>"
)


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTING))


def _set_presenting(on: bool) -> None:
    st.session_state[PRESENTING] = on


def enter_button() -> None:
    """The sidebar's way in."""
    st.button(t("present.enter"), key="_compare.present_on", on_click=_set_presenting, args=(True,),
              icon=":material/slideshow:", help=t("present.enter_help"), width="stretch")


def _pin(paths: Sequence) -> None:
    st.session_state[PINNED] = pin(paths)


def _unpin() -> None:
    st.session_state.pop(PINNED, None)


def pin_buttons(paths: Sequence) -> None:
    """Pin (and Unpin, when something is pinned); the keys are in Pin's tooltip."""
    st.button(t("present.pin"), key="_compare.pin", on_click=_pin, args=(paths,), icon=":material/push_pin:",
              type="tertiary", help=t("present.pin_help") + "\n\n" + t("present.keys"))
    if st.session_state.get(PINNED):
        st.button(t("present.unpin"), key="_compare.unpin", on_click=_unpin, type="tertiary")


def toolbar(paths: Sequence) -> None:
    """In presentation mode, above the chart: the CSS that hides the rest, leave, pin and unpin, and the keys."""
    if not presenting():
        return
    st.markdown(_CSS, unsafe_allow_html=True)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.button(t("present.leave"), key="_compare.present_off", on_click=_set_presenting, args=(False,),
                  icon=":material/close_fullscreen:", type="tertiary")
        pin_buttons(paths)
        st.caption(t("present.keys"), width="content")


def decorate(spec: dict) -> dict:
    """The figure as this session shows it: with the pinned ghosts, and for the projector."""
    pinned = st.session_state.get(PINNED)
    if pinned:
        spec = with_ghosts(spec, pinned, t("present.pinned"))
    if presenting():
        spec = for_projector(spec, PROJECTOR_HEIGHT)
    return spec


def keys(paths: Sequence, lesson_callbacks: Sequence[Callable[[], None]]) -> None:
    """Listen for the keys; digit n runs ``lesson_callbacks[n - 1]`` (the lesson button's own callback)."""

    def on_lesson() -> None:
        number = (st.session_state.get(KEYS) or {}).get("lesson")
        if isinstance(number, int) and 1 <= number <= len(lesson_callbacks):
            lesson_callbacks[number - 1]()

    keyboard.listen(KEYS, len(lesson_callbacks), presenting(), on_lesson=on_lesson,
                    on_pin=lambda: _pin(paths), on_leave=lambda: _set_presenting(False))
