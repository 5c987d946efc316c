"""Heavy work on a page: a progress bar, the CPU budget, and what to say when the budget cuts it short.

Every heavy computation (a sweep, a search, a basin map, a noise study, the initialization
experiments, training) runs through :func:`run`: the page passes a function of a progress callback
that returns a :class:`landscapes.budget.Outcome` (usually a ``st.cache_data`` function whose
``_progress`` argument is not hashed), and :func:`run` draws the bar, calls it, and then says what
happened: nothing when the work is complete; a warning naming how much was computed when the
deadline cut it short (the page shows that part); an error naming what to lower when the probe said
the work could not fit.  The inputs are never changed.

The bar is drawn from outside the cached function: its updates run in the context the page had
before the call (:func:`contextvars.copy_context`), where Streamlit does not record elements for
replay, so a cache hit replays nothing and the notice, drawn after the call, is in the reader's
language rather than in that of whoever filled the cache.

    outcome = work.run(lambda progress: compute_sweep(choice, spec, SECONDS, _progress=progress),
                       unit=t("sweep.unit"), lower=t("sweep.lower"))
    if outcome.value is None:
        return  # refused: the message is on the page
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

import streamlit as st

from landscapes.budget import Outcome
from ui.i18n import t

#: CPU seconds (of the session's own thread) one rerun may spend on heavy work; a page with two
#: computations splits it.  Widgets and figures add well under a second, so a rerun stays within
#: about 5 s of server CPU whatever the formula, optimizer and sizes in the link.
LIMIT = 4.0

Progress = Callable[..., None]


def run(compute: Callable[[Progress], Outcome], *, unit: str, lower: str, lower_refused: str | None = None,
        text: str | None = None) -> Outcome:
    """Show a progress bar while ``compute(progress)`` runs, then the notice its outcome calls for.

    ``progress(fraction, text=None)`` moves the bar (and may change its text).  ``unit`` names what
    the outcome counts ("rows of the map"); ``lower`` completes "To see everything, …" and "To
    compute it, …" (``lower_refused`` replaces it in the second).
    """
    label = text or t("common.computing")
    bar = st.progress(0.0, text=label)
    outside = contextvars.copy_context()  # the page's context: not inside the cached function

    def progress(fraction: float, text: str | None = None) -> None:
        outside.run(bar.progress, min(max(float(fraction), 0.0), 1.0), text=text or label)

    try:
        outcome = compute(progress)
    finally:
        bar.empty()
    notice(outcome, unit=unit, lower=lower, lower_refused=lower_refused)
    return outcome


def notice(outcome: Outcome, *, unit: str, lower: str, lower_refused: str | None = None) -> None:
    """The warning for a partial outcome, the error for a refused one; nothing for a complete one."""
    if outcome.refused:
        st.error(t("work.refused", estimate=_seconds(outcome.estimate), limit=_seconds(outcome.limit),
                   lower=lower_refused or lower), icon=":material/timer_off:")
    elif outcome.partial:
        st.warning(t("work.partial", done=outcome.done, total=outcome.total, unit=unit,
                     percent=f"{100 * outcome.fraction:.0f}", seconds=_seconds(outcome.seconds),
                     limit=_seconds(outcome.limit), lower=lower), icon=":material/timer:")


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"
