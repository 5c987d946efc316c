"""Basins of attraction: start one optimizer from every point of a grid and colour where each run ends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import optimizers
from landscapes.basins import DIVERGED, MAX_RESOLUTION, NO_MINIMUM, basins_within
from landscapes.budget import Outcome
from ui import work
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_float, parse_int
from ui.surface_picker import build_surface, pick_surface
from ui.widgets import optimizer_widget
from viz.basins import basin_figure

RESOLUTIONS = (32, 64, 96, 128, 192, 256)
STEPS_EVERY = (1, 2, 5, 10, 20)
MAX_STEPS = 2000
# CPU seconds of a rerun for the map (ui.work.LIMIT in all; the clicked start's single run is the rest)
MAP_SECONDS = 3.5
MODES = ("minimum", "steps", "loss")


def parse_point(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a point x,y")
    x, y = (float(p) for p in parts)
    if not (np.isfinite(x) and np.isfinite(y)):
        raise ValueError(f"{text!r} is not a finite point")
    return (x, y)


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


def optimizer_controls(url: UrlState) -> tuple[str, dict]:
    """The optimizer selector and its hyperparameters (learning rate first, the rest folded away)."""
    return optimizer_widget(url, "basins", t("basins.optimizer"), t("basins.lr"), t("basins.more_hp"))


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
        row = {column: "" for column in rows[0]} if rows else {}
        row.update({basin: str(code + 1), where: t(key), share: f"{100 * counts[code] / total:.1f}%"})
        rows.append(row)
    return pd.DataFrame(rows)


def controls(url: UrlState) -> dict | None:
    """The sidebar controls; returns the plain values of a valid configuration, or None after a message."""
    choice = pick_surface(url, "basins", default="himmelblau")
    opt_name, hp = optimizer_controls(url)
    url.restore("basins.steps", 300, parse_int(1, MAX_STEPS))
    steps = int(
        st.number_input(
            t("basins.steps"),
            min_value=1,
            max_value=MAX_STEPS,
            step=50,
            key="basins.steps",
            help=t("basins.steps_help", max=MAX_STEPS),
        )
    )
    url.restore("basins.resolution", 128, lambda text: int(parse_choice([str(r) for r in RESOLUTIONS])(text)))
    resolution = st.select_slider(
        t("basins.resolution"),
        RESOLUTIONS,
        key="basins.resolution",
        help=t("basins.resolution_help", max=MAX_RESOLUTION),
    )
    url.restore("basins.mode", "minimum", parse_choice(MODES))
    # labels looked up now, not inside format_func: AppTest calls format_func outside the run
    mode_labels = {m: t(f"basins.mode.{m}") for m in MODES}
    mode = st.radio(t("basins.mode"), MODES, key="basins.mode", format_func=mode_labels.get)
    url.restore("basins.every", 5, lambda text: int(parse_choice([str(k) for k in STEPS_EVERY])(text)))
    every = st.select_slider(
        t("basins.every"),
        STEPS_EVERY,
        key="basins.every",
        help=t("basins.every_help"),
        disabled=mode != "steps",
    )
    url.restore("basins.tol", 1.0, parse_float(0.01, 20.0))
    tol_pct = st.number_input(
        t("basins.tol"),
        min_value=0.01,
        max_value=20.0,
        step=0.25,
        format="%g",
        key="basins.tol",
        help=t("basins.tol_help"),
    )
    url.restore("basins.discover", True, parse_bool)
    discover = st.checkbox(t("basins.discover"), key="basins.discover", help=t("basins.discover_help"))
    url.restore(
        "basins.probe", None, parse_point, formatter=lambda p: "" if p is None else f"{p[0]:.6g},{p[1]:.6g}"
    )
    if choice is None:
        return None
    try:
        surface = build_surface(choice)
        optimizers.get(opt_name, **hp)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return None
    every_used = int(every) if mode == "steps" else None
    (x0, x1), (y0, y1) = surface.bounds
    return dict(
        choice=choice,
        surface=surface,
        opt_name=opt_name,
        hp=tuple(sorted(hp.items())),
        steps=steps,
        resolution=int(resolution),
        mode=mode,
        every=every_used,
        tol=tol_pct / 100 * max(x1 - x0, y1 - y0),
        discover=bool(discover),
    )


def probe_from_click() -> tuple[float, float] | None:
    """The start whose path is drawn: the last new click on the map, else the one from the link."""
    event = st.session_state.get("basins.map")
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else []
    if points and "x" in points[0] and "y" in points[0]:
        clicked = (float(points[0]["x"]), float(points[0]["y"]))
        if clicked != st.session_state.get("basins._clicked"):  # a new click, not the last one seen again
            st.session_state["basins._clicked"] = clicked
            st.session_state["basins.probe"] = clicked
    return st.session_state.get("basins.probe")


def show_map(c: dict) -> None:
    try:
        outcome = work.run(
            lambda progress: compute_map(
                c["choice"],
                c["opt_name"],
                c["hp"],
                c["resolution"],
                c["steps"],
                c["tol"],
                c["every"],
                c["discover"],
                MAP_SECONDS,
                _progress=progress,
            ),
            unit=t("basins.unit"),
            lower=t("basins.lower"),
        )
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return
    bmap = outcome.value
    if bmap is None:  # refused: ui.work said what to lower
        return
    probe = probe_from_click()
    path, path_div = (
        (None, -1)
        if probe is None
        else compute_path(c["choice"], c["opt_name"], c["hp"], tuple(probe), c["steps"])
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
        "ends": t("basins.ends"),
    }
    fig = basin_figure(
        bmap,
        c["surface"],
        c["mode"],
        texts=texts,
        path=path,
        path_label=t("basins.path_label"),
        path_diverged_at=path_div,
    )
    chart, side = st.columns([1.45, 1], gap="medium")
    with chart:
        st.plotly_chart(
            fig, key="basins.map", on_select="rerun", selection_mode="points", config={"scrollZoom": False}
        )
    with side:
        if probe is None:
            st.info(t("basins.click_hint"))
        else:
            end = path[-1]
            st.info(
                t(
                    "basins.path_caption",
                    x=f"{probe[0]:.3g}",
                    y=f"{probe[1]:.3g}",
                    ex=f"{end[0]:.4g}",
                    ey=f"{end[1]:.4g}",
                    steps=len(path) - 1,
                )
            )
            if st.button(t("basins.clear_path"), key="basins.clear"):
                st.session_state["basins.probe"] = None
                st.rerun()
        st.dataframe(summary_table(bmap), hide_index=True, width="stretch")
        notes = t("basins.marks") + " " + t("basins.tol_note", tol=f"{bmap.tol:.3g}")
        if bmap.steps_needed is not None:
            notes += " " + t("basins.steps_note", tol=f"{bmap.tol:.3g}", k=bmap.steps_every)
        st.caption(notes)


def main() -> None:
    url = UrlState("basins")
    st.title(t("basins.title"))
    st.caption(t("basins.intro"))
    notices = st.container()  # filled at the end, once every URL value has been read
    with st.sidebar:
        st.divider()
        c = controls(url)
    if c is not None:
        show_map(c)
    with notices:
        url.show_notices()
    url.publish()


main()
