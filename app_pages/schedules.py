"""Learning-rate schedules: every multiplier over one horizon, and one optimizer under two of them."""

from __future__ import annotations

import numpy as np
import streamlit as st

import optimizers
from optimizers import schedules
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_float, parse_int
from ui.strings import CATALOGUE
from ui.surface_picker import build_surface, pick_surface
from ui.widgets import optimizer_widget, spec_widget
from viz.contour import add_path, contour_figure
from viz.schedules import Series, line_figure, schedule_figure, schedule_panels, series_style

MAX_HORIZON = 10000
MAX_STEPS = 2000
MAX_NOISE = 100.0
WARMUP = "warmup"  # the notes' "learning-rate warmup": a chosen schedule with a linear warmup in front
WARMUP_BASES = ("constant", "cosine", "exponential", "step", "inverse_time")
# the lecture notes' list, in their order, and the catalogue names that implement each entry
NOTES = (
    ("piecewise", ("step", "multistep")),
    ("inverse_time", ("inverse_time",)),
    ("exponential", ("exponential",)),
    ("natural_exp", ("natural_exp",)),
    ("cosine", ("cosine",)),
    ("warmup", (WARMUP,)),
    ("cyclic", ("cyclic", "cosine_restarts")),
)


def schedule_title(name: str) -> str:
    key = f"schedules.name.{name}"
    return t(key) if key in CATALOGUE else schedules.entry(name).title


def curve_names() -> list[str]:
    return [*schedules.names(), WARMUP]


def curve_title(name: str) -> str:
    return t("schedules.name.warmup") if name == WARMUP else schedule_title(name)


def curve_titles() -> dict[str, str]:
    """Every curve's title in the current language, looked up now (AppTest formats outside a run)."""
    return {name: curve_title(name) for name in curve_names()}


def parse_names(text: str) -> list[str]:
    names = [n for n in text.split(",") if n]
    allowed = curve_names()
    bad = [n for n in names if n not in allowed]
    if bad:
        raise ValueError(f"unknown schedule {bad[0]!r}")
    return names


MAX_MILESTONE = 10**9  # beyond any horizon; larger whole numbers overflow the library's int64 steps


def milestones_parser(name: str, param: str):
    def parse(text: str) -> str:
        build_schedule(name, {param: text})  # raises ValueError naming what is wrong
        return text

    return parse


def schedule_params(name: str, url: UrlState) -> dict:
    """The widgets of one schedule's parameters (its own and the warmup), restored from the URL."""
    values = {}
    for spec in [*schedules.specs(name).values(), *schedules.warmup_specs().values()]:
        key = f"schedules.p.{name}.{spec.name}"
        if spec.kind == "ints":
            default = ", ".join(str(v) for v in spec.default)
            url.restore(key, default, milestones_parser(name, spec.name))
            values[spec.name] = st.text_input(spec.name, key=key, help=spec.help, max_chars=200)
        else:
            values[spec.name] = spec_widget(spec, key, url, label=spec.name)
    return values


def latex_lines(latex: str) -> str:
    """Break a long closed form at its top-level ``\\quad`` separators so it fits a narrow column."""
    parts, depth, begin, start, i = [], 0, 0, 0, 0
    while i < len(latex):
        if latex.startswith(r"\begin", i):
            begin += 1
        elif latex.startswith(r"\end", i):
            begin -= 1
        elif latex[i] == "{":
            depth += 1
        elif latex[i] == "}":
            depth -= 1
        elif latex.startswith(r"\quad", i) and depth == 0 and begin == 0:
            parts.append(latex[start:i].strip().rstrip(","))
            start = i + len(r"\quad")
        i += 1
    parts.append(latex[start:].strip())
    parts = [p for p in parts if p]
    if len(parts) == 1:
        return parts[0]
    return r"\begin{gathered}" + r" \\ ".join(parts) + r"\end{gathered}"


def build_schedule(name: str, params: dict) -> schedules.Schedule:
    """``schedules.get``, refusing (ValueError) whole-number lists with values past MAX_MILESTONE."""
    for spec in schedules.specs(name).values():
        if spec.kind == "ints" and isinstance(params.get(spec.name), str):
            for part in params[spec.name].replace(";", ",").replace(" ", ",").strip("()[]").split(","):
                try:
                    too_big = part.strip() != "" and abs(float(part)) > MAX_MILESTONE
                except ValueError:
                    continue  # not a number: schedules.get says what is wrong
                if too_big:
                    raise ValueError(f"{spec.name} must be at most {MAX_MILESTONE:.0e} (got {part.strip()})")
    return schedules.get(name, **params)


def overview(url: UrlState) -> dict[str, schedules.Schedule]:
    """Section 1: each schedule's parameters and LaTeX, and all the multipliers in one chart."""
    st.header(t("schedules.overview"))
    st.caption(t("schedules.overview_intro"))
    top = st.columns([1, 1, 2])
    with top[0]:
        url.restore("schedules.horizon", 200, parse_int(2, MAX_HORIZON))
        horizon = int(
            st.number_input(
                t("schedules.horizon"),
                min_value=2,
                max_value=MAX_HORIZON,
                step=50,
                key="schedules.horizon",
                help=t("schedules.horizon_help", max=MAX_HORIZON),
            )
        )
    with top[1]:
        url.restore("schedules.logy", False, parse_bool)
        log_y = st.checkbox(t("schedules.log_y"), key="schedules.logy")
        url.restore("schedules.panels", False, parse_bool)
        panels = st.checkbox(t("schedules.panels"), key="schedules.panels", help=t("schedules.panels_help"))
    with top[2]:
        url.restore("schedules.shown", curve_names(), parse_names)
        shown = st.multiselect(
            t("schedules.shown"), curve_names(), key="schedules.shown", format_func=curve_titles().get
        )

    built: dict[str, schedules.Schedule] = {}
    errors = []
    params_by_name: dict[str, dict] = {}
    with st.expander(t("schedules.parameters"), expanded=False):
        cols = st.columns(3)
        for i, name in enumerate(schedules.names()):
            with cols[i % 3]:
                st.markdown(f"**{schedule_title(name)}**")
                params_by_name[name] = schedule_params(name, url)
        with cols[len(schedules.names()) % 3]:
            st.markdown(f"**{curve_title(WARMUP)}**")
            url.restore("schedules.p.warmup.base", "cosine", parse_choice(WARMUP_BASES))
            base = st.selectbox(
                t("schedules.warmup_base"),
                WARMUP_BASES,
                key="schedules.p.warmup.base",
                format_func=curve_titles().get,
            )
            warm = {}
            for spec in schedules.warmup_specs().values():
                default = 20 if spec.name == "warmup_steps" else None
                warm[spec.name] = spec_widget(
                    spec, f"schedules.p.warmup.{spec.name}", url, label=spec.name, default=default
                )
    for name, params in params_by_name.items():
        try:
            built[name] = build_schedule(name, params)
        except ValueError as err:
            errors.append(t("schedules.bad_params", name=schedule_title(name), reason=err))
    try:
        base_params = {k: v for k, v in params_by_name[base].items() if k not in schedules.warmup_specs()}
        built[WARMUP] = build_schedule(base, {**base_params, **warm})
    except ValueError as err:
        errors.append(t("schedules.bad_params", name=curve_title(WARMUP), reason=err))
    for message in errors:
        st.error(message)

    steps = np.arange(horizon)
    curves = [(curve_title(n), built[n].values(horizon)) for n in shown if n in built]
    if curves and panels:
        st.plotly_chart(
            schedule_panels(steps, curves, x_title=t("schedules.step_axis"), log_y=log_y),
            key="schedules.overview_chart",
        )
    elif curves:
        st.plotly_chart(
            schedule_figure(
                steps,
                curves,
                x_title=t("schedules.step_axis"),
                y_title=t("schedules.multiplier_axis"),
                log_y=log_y,
            ),
            key="schedules.overview_chart",
        )
    else:
        st.info(t("schedules.none_shown"))

    st.subheader(t("schedules.formulas"))
    for name in (n for n in curve_names() if n in built):
        colour, _ = series_style(shown.index(name)) if name in shown else ("#888", "")
        st.markdown(f"<span style='color:{colour}'>■</span> **{curve_title(name)}**", unsafe_allow_html=True)
        st.latex(latex_lines(built[name].latex))
    st.subheader(t("schedules.notes_map"))
    rows = []
    for note, names in NOTES:
        rows.append(
            {
                t("schedules.col.notes"): t(f"schedules.note.{note}"),
                t("schedules.col.here"): " · ".join(curve_title(n) for n in names),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    return built


@st.cache_data(show_spinner=False, max_entries=32)
def run_once(
    choice,
    opt_name: str,
    hp: tuple,
    start: tuple,
    steps: int,
    name: str,
    params: tuple,
    noise: float,
    seed: int,
):
    surface = build_surface(choice)
    schedule = schedules.get(name, **dict(params))
    traj = optimizers.run(
        surface, optimizers.get(opt_name, **dict(hp)), start, steps, schedule=schedule, noise=noise, seed=seed
    )
    return traj.xy[:, 0], traj.loss[:, 0], traj.lr[:, 0], int(traj.diverged_at[0])


def optimizer_controls(url: UrlState) -> tuple[str, dict]:
    """The optimizer selector and its hyperparameters (learning rate first, the rest folded away)."""
    return optimizer_widget(url, "schedules", t("schedules.optimizer"), t("schedules.lr"),
                            t("schedules.more_hp"))


def comparison(url: UrlState, built: dict[str, schedules.Schedule]) -> None:
    """Section 2: one optimizer, one surface, two schedules side by side."""
    st.header(t("schedules.compare"))
    st.caption(t("schedules.compare_intro"))
    c = st.columns(4)
    with c[0]:
        choice = pick_surface(url, "schedules", default="book_quadratic")
    with c[1]:
        opt_name, hp = optimizer_controls(url)
    with c[2]:
        url.restore("schedules.steps", 100, parse_int(1, MAX_STEPS))
        steps = int(
            st.number_input(
                t("schedules.steps"),
                min_value=1,
                max_value=MAX_STEPS,
                step=10,
                key="schedules.steps",
                help=t("schedules.steps_help", max=MAX_STEPS),
            )
        )
        url.restore("schedules.noise", 1.0, parse_float(0.0, MAX_NOISE))
        noise = float(
            st.number_input(
                t("schedules.noise"),
                min_value=0.0,
                max_value=MAX_NOISE,
                step=0.5,
                format="%g",
                key="schedules.noise",
                help=t("schedules.noise_help"),
            )
        )
        url.restore("schedules.seed", 0, parse_int(0, 10**6))
        seed = int(
            st.number_input(
                t("schedules.seed"),
                min_value=0,
                max_value=10**6,
                step=1,
                key="schedules.seed",
                disabled=noise == 0,
            )
        )
    with c[3]:
        names = curve_names()
        url.restore("schedules.a", "constant", parse_choice(names))
        url.restore("schedules.b", "cosine", parse_choice(names))
        a = st.selectbox(t("schedules.schedule_a"), names, key="schedules.a", format_func=curve_titles().get)
        b = st.selectbox(t("schedules.schedule_b"), names, key="schedules.b", format_func=curve_titles().get)
    if choice is None:
        return
    try:
        surface = build_surface(choice)
        optimizers.get(opt_name, **hp)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return
    missing = [n for n in (a, b) if n not in built]
    if missing:
        st.error(t("schedules.fix_first", name=curve_title(missing[0])))
        return
    hp_key = tuple(sorted(hp.items()))
    runs = {}
    for slot, name in (("A", a), ("B", b)):
        sched = built[name]
        try:
            runs[slot] = run_once(
                choice,
                opt_name,
                hp_key,
                tuple(surface.start),
                steps,
                sched.name,
                tuple(sorted(sched.params.items())),
                noise,
                seed,
            )
        except ValueError as err:
            st.error(t("common.invalid_input", reason=err))
            return
    colours = {"A": series_style(0)[0], "B": series_style(1)[0]}
    labels = {"A": f"A · {curve_title(a)}", "B": f"B · {curve_title(b)}"}
    cols = st.columns(2)
    for col, slot in zip(cols, ("A", "B")):
        xy, loss, lr, div = runs[slot]
        fig = contour_figure(surface, height=430)
        add_path(
            fig,
            xy,
            labels[slot],
            colours[slot],
            diverged_at=div,
            diverged_note=t("schedules.diverged", step=div),
        )
        with col:
            st.plotly_chart(fig, key=f"schedules.path_{slot}")
            final = loss[-1]
            st.caption(
                t("schedules.diverged", step=div)
                if div >= 0
                else t("schedules.final", loss=f"{final:.4g}", steps=steps)
            )
    step_axis = t("schedules.step_axis")
    loss_series = [Series(labels[s], runs[s][1], colours[s]) for s in ("A", "B")]
    lr_series = [Series(labels[s], runs[s][2], colours[s]) for s in ("A", "B")]
    cols = st.columns(2)
    with cols[0]:
        positive = all((runs[s][1] > 0).all() for s in ("A", "B"))
        st.plotly_chart(
            line_figure(
                np.arange(steps + 1),
                loss_series,
                step_axis,
                t("schedules.loss_axis"),
                title=t("schedules.loss_title"),
                log_y=positive,
            ),
            key="schedules.loss_chart",
        )
    with cols[1]:
        st.plotly_chart(
            line_figure(
                np.arange(steps), lr_series, step_axis, t("schedules.lr_axis"), title=t("schedules.lr_title")
            ),
            key="schedules.lr_chart",
        )


def main() -> None:
    url = UrlState("schedules")
    st.title(t("schedules.title"))
    st.caption(t("schedules.intro"))
    notices = st.container()  # filled at the end, once every URL value has been read
    built = overview(url)
    st.divider()
    comparison(url, built)
    with notices:
        url.show_notices()
    url.publish()


main()
