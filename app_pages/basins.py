"""Basins of attraction: start one optimizer from every point of a grid and colour where each run ends.

The sidebar holds every control (surface, optimizer, steps, grid, colouring, tolerance); the main area
the map, and beside it the table of basins.  A click on the map draws the path that starts there; the
clicked start goes in the link as ``basins.probe``.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np
import pandas as pd
import streamlit as st

import optimizers
from landscapes.basins import DIVERGED, NO_MINIMUM, basins_within
from landscapes.budget import Outcome
from refusal import Refusal
from ui import work
from ui.i18n import t
from ui.kit import Page, clicked_point
from ui.reasons import reason
from ui.surface_picker import build_surface, pick_surface
from ui.widgets import optimizer_widget
from urlvalues import number
from viz.basins import basin_figure

RESOLUTIONS = (32, 64, 96, 128, 192, 256)
STEPS_EVERY = (1, 2, 5, 10, 20)
MAX_STEPS = 2000
# CPU seconds of a rerun for the map (ui.work.LIMIT in all; the clicked start's single run is the rest)
MAP_SECONDS = 3.5
MODES = ("minimum", "steps", "loss")
MAP = "basins.map"  # the chart's selection: a click on the map
PROBE = "basins.probe"  # the clicked start, in the link
LAST_CLICK = "_basins.last_click"


def parse_point(text: str) -> tuple[float, float]:
    """A start written in a link, ``x,y``."""
    parts = text.split(",")
    if len(parts) != 2:
        raise Refusal("not_point", f"{text!r} is not a point x,y", value=text)
    x, y = (number(p) for p in parts)
    if not (np.isfinite(x) and np.isfinite(y)):
        raise Refusal("not_finite_point", f"{text!r} is not a finite point", value=text)
    return (x, y)


def point_text(point: tuple[float, float] | None) -> str:
    return "" if point is None else f"{point[0]:.6g},{point[1]:.6g}"


@st.cache_data(show_spinner=False, max_entries=12)
def compute_map(
    choice,
    opt_name: str,
    hp: tuple,
    resolution: int,
    steps: int,
    tol: float,
    steps_every: int | None,
    discover: bool,
    limit: float,
    _progress=None,
) -> Outcome:
    """The map within ``limit`` CPU seconds: whole, the rows that fit (spread over the view), or None."""
    return basins_within(
        build_surface(choice),
        optimizers.get(opt_name, **dict(hp)),
        resolution,
        steps,
        tol=tol,
        steps_every=steps_every,
        discover=discover,
        limit=limit,
        progress=_progress,
    )


@st.cache_data(show_spinner=False, max_entries=32)
def compute_path(choice, opt_name: str, hp: tuple, start: tuple, steps: int):
    traj = optimizers.run(build_surface(choice), optimizers.get(opt_name, **dict(hp)), start, steps)
    return traj.xy[:, 0], int(traj.diverged_at[0])


def take_click(state: MutableMapping) -> None:
    """A new click on the map (not the last one seen again) makes its point the start whose path is drawn."""
    point = clicked_point(state.get(MAP))
    if point is not None and point != state.get(LAST_CLICK):
        state[PROBE] = point
    state[LAST_CLICK] = point


def summary_table(bmap) -> pd.DataFrame:
    """One row per basin (★ a known minimum, ● one found by the runs), then "none" and "diverged"."""
    counts = bmap.counts()
    total = bmap.label.size
    basin, where, share = t("basins.col.basin"), t("basins.col.where"), t("basins.col.share")
    rows = []
    for i, m in enumerate(bmap.minima):
        mark = "★" if m.known else "●"
        row = {
            basin: str(i + 1),
            where: f"{mark} ({m.point[0]:.4g}, {m.point[1]:.4g})",
            "f": f"{m.value:.4g}",
            share: f"{100 * counts[i] / total:.1f}%",
        }
        if bmap.steps_needed is not None:
            steps = bmap.steps_needed[bmap.label == i]
            row[t("basins.col.median_steps")] = f"{np.median(steps):.0f}" if steps.size else "—"
        rows.append(row)
    for code, key in ((NO_MINIMUM, "basins.none"), (DIVERGED, "basins.diverged")):
        # named in the basin column (their codes -1 and -2 are no basin numbers a reader could look up)
        row = {column: "" for column in rows[0]} if rows else {}
        row.update({basin: t(key), where: "", share: f"{100 * counts[code] / total:.1f}%"})
        rows.append(row)
    return pd.DataFrame(rows)


def show_map(c: dict, probe: tuple[float, float] | None) -> None:
    try:
        outcome = work.run(
            lambda progress: compute_map(c["choice"], c["opt_name"], c["hp"], c["resolution"], c["steps"],
                                         c["tol"], c["every"], c["discover"], MAP_SECONDS, _progress=progress),
            unit=t("basins.unit"),
            lower=t("basins.lower"),
        )
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
        return
    bmap = outcome.value
    if bmap is None:  # refused: ui.work said what to lower
        return
    path, path_div = (
        (None, -1) if probe is None else compute_path(c["choice"], c["opt_name"], c["hp"], tuple(probe), c["steps"])
    )
    texts = {
        "minimum": t("basins.minimum"),
        "found": t("basins.found"),
        "none": t("basins.none"),
        "diverged": t("basins.diverged"),
        "more": t("basins.more"),
        "steps": t("basins.mode.steps"),
        "loss": t("basins.loss_axis"),
        "start": t("basins.start"),
        "step": t("basins.step"),
        "ends": t("basins.ends"),
    }
    fig = basin_figure(bmap, c["surface"], c["mode"], texts=texts, path=path, path_label=t("basins.path_label"),
                       path_diverged_at=path_div)
    chart, side = st.columns([1.45, 1], gap="medium")
    with chart:
        st.plotly_chart(fig, key=MAP, on_select="rerun", selection_mode="points", config={"scrollZoom": False})
    with side:
        if probe is None:
            st.info(t("basins.click_hint"))
        else:
            end = path[-1]
            st.info(t("basins.path_caption", x=f"{probe[0]:.3g}", y=f"{probe[1]:.3g}", ex=f"{end[0]:.4g}",
                      ey=f"{end[1]:.4g}", steps=len(path) - 1))
            st.button(t("basins.clear_path"), key="basins.clear", on_click=page.set, args=(PROBE, None),
                      icon=":material/close:")
        st.dataframe(summary_table(bmap), hide_index=True, width="stretch")
        notes = t("basins.marks") + " " + t("basins.tol_note", tol=f"{bmap.tol:.3g}")
        if bmap.steps_needed is not None:
            notes += " " + t("basins.steps_note", tol=f"{bmap.tol:.3g}", k=bmap.steps_every)
        st.caption(notes)


# ------------------------------------------------------------------------------------------ page

page = Page("basins")
take_click(st.session_state)
probe = page.bind(PROBE, None, parse_point, formatter=point_text)

with page.controls():
    choice = pick_surface(page, "basins", default="himmelblau")
    opt_name, hp = optimizer_widget(page, "basins", t("basins.optimizer"), t("basins.lr"), t("basins.more_hp"),
                                    batch=True)
    steps = page.integer("steps", 300, 1, MAX_STEPS, step=50)
    resolution = page.choice("resolution", 128, RESOLUTIONS, widget="slider")
    mode_labels = {m: t(f"basins.mode.{m}") for m in MODES}  # looked up now: AppTest formats outside the run
    mode = page.choice("mode", "minimum", MODES, widget="radio", format_func=mode_labels.get)
    every = page.choice("every", 5, STEPS_EVERY, widget="slider", disabled=mode != "steps")
    tol_pct = page.number("tol", 1.0, 0.01, 20.0, step=0.25)
    discover = page.toggle("discover", True)

if choice is None:
    page.stop()
try:
    surface = build_surface(choice)
    optimizers.get(opt_name, **hp)
except ValueError as err:
    st.error(t("common.invalid_input", reason=reason(err)))
    page.stop()
(x0, x1), (y0, y1) = surface.bounds
show_map(dict(choice=choice, surface=surface, opt_name=opt_name, hp=tuple(sorted(hp.items())), steps=steps,
              resolution=int(resolution), mode=mode, every=int(every) if mode == "steps" else None,
              tol=tol_pct / 100 * max(x1 - x0, y1 - y0), discover=bool(discover)), probe)
page.finish()
