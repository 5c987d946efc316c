"""Learning-rate schedules: every multiplier over one horizon, and one optimizer under two of them.

The sidebar holds every control: the overview's horizon and curves, each schedule's parameters (one
folded section per schedule, labelled and explained by the catalogue in the current language), and
the comparison's two schedules, surface, optimizer and noise.  The main area holds the overview chart,
the closed forms and the notes' list, then the two runs side by side.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import optimizers
from optimizers import schedules
from paramspec import ParamSpec
from refusal import Refusal
from ui.chart_text import localized_latex
from ui.i18n import t
from ui.kit import Page
from ui.reasons import reason
from ui.spec_text import option_label, spec_help, spec_label
from ui.surface_picker import build_surface, pick_surface
from ui.widgets import optimizer_widget
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
    return t(f"schedules.name.{name}")


def curve_names() -> list[str]:
    return [*schedules.names(closed_form=True), WARMUP]


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
        raise Refusal("not_choice", f"unknown schedule {bad[0]!r}", value=bad[0])
    return names


MAX_MILESTONE = 10**9  # beyond any horizon; larger whole numbers overflow the library's int64 steps


def milestones_parser(name: str, param: str):
    def parse(text: str) -> str:
        build_schedule(name, {param: text})  # raises ValueError naming what is wrong
        return text

    return parse


def param_control(page: Page, owner: str, spec: ParamSpec, key: str, default=None):
    """One schedule parameter under ``key``, labelled, explained and its options named by the catalogue."""
    label, tip = spec_label(owner, spec), spec_help(owner, spec)
    if spec.kind == "ints":  # milestones: typed as a list, checked by the schedule (a bad link gets a notice)
        page.bind(key, ", ".join(str(v) for v in spec.default), milestones_parser(owner.partition(":")[2], spec.name))
        return st.text_input(label, key=key, help=tip, max_chars=200)
    if spec.kind == "choice":
        options = {value: option_label(owner, spec, value) for value in spec.choices}
        return page.choice(key.removeprefix(page.prefix), spec.default, spec.choices, label=label, help=tip,
                           format_func=options.get)
    return page.spec(spec, key, label=label, help=tip, default=default)


def schedule_params(page: Page, name: str) -> dict:
    """The controls of one schedule's parameters (its own and the warmup's)."""
    specs = [*schedules.specs(name).values(), *schedules.warmup_specs().values()]
    return {spec.name: param_control(page, f"sched:{name}", spec, f"schedules.p.{name}.{spec.name}")
            for spec in specs}


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
                    raise Refusal("milestone_too_big", f"{spec.name} must be at most {MAX_MILESTONE:.0e} "
                                  f"(got {part.strip()})", name=spec_label(f"sched:{name}", spec),
                                  max=f"{MAX_MILESTONE:.0e}", value=part.strip())
    return schedules.get(name, **params)


def overview_controls(page: Page) -> dict:
    """The overview's horizon, scale and curves."""
    titles = curve_titles()
    return dict(
        horizon=page.integer("horizon", 200, 2, MAX_HORIZON, step=50),
        log_y=page.toggle("logy", False),
        panels=page.toggle("panels", False),
        shown=page.multichoice("shown", curve_names(), curve_names(), format_func=titles.get),
    )


def parameter_controls(page: Page) -> tuple[dict[str, schedules.Schedule], list[str]]:
    """One folded section per schedule with its parameters, and the warmup curve's; returns the schedules
    that could be built and a message for each that could not."""
    params_by_name = {}
    for name in schedules.names(closed_form=True):
        with st.expander(schedule_title(name)):
            params_by_name[name] = schedule_params(page, name)
    with st.expander(curve_title(WARMUP)):
        base = page.choice("p.warmup.base", "cosine", WARMUP_BASES, label=t("schedules.warmup_base"),
                           format_func=curve_titles().get)
        warm = {spec.name: param_control(page, "sched", spec, f"schedules.p.warmup.{spec.name}",
                                         default=20 if spec.name == "warmup_steps" else None)
                for spec in schedules.warmup_specs().values()}
    built: dict[str, schedules.Schedule] = {}
    errors = []
    for name, params in params_by_name.items():
        try:
            built[name] = build_schedule(name, params)
        except ValueError as err:
            errors.append(t("schedules.bad_params", name=schedule_title(name), reason=reason(err)))
    try:
        base_params = {k: v for k, v in params_by_name[base].items() if k not in schedules.warmup_specs()}
        built[WARMUP] = build_schedule(base, {**base_params, **warm})
    except ValueError as err:
        errors.append(t("schedules.bad_params", name=curve_title(WARMUP), reason=reason(err)))
    return built, errors


def comparison_controls(page: Page) -> dict:
    """Schedules A and B, the surface, the optimizer, the steps and the gradient noise."""
    titles = curve_titles()
    a = page.choice("a", "constant", curve_names(), format_func=titles.get)
    b = page.choice("b", "cosine", curve_names(), format_func=titles.get)
    choice = pick_surface(page, "schedules", default="book_quadratic")
    opt_name, hp = optimizer_widget(page, "schedules", t("schedules.optimizer"), t("schedules.lr"),
                                    t("schedules.more_hp"))
    steps = page.integer("steps", 100, 1, MAX_STEPS, step=10)
    noise = page.number("noise", 1.0, 0.0, MAX_NOISE, step=0.5)
    seed = page.integer("seed", 0, 0, 10**6, disabled=noise == 0)
    return dict(a=a, b=b, choice=choice, opt_name=opt_name, hp=hp, steps=steps, noise=noise, seed=seed)


def overview(o: dict, built: dict[str, schedules.Schedule], errors: list[str]) -> None:
    """Section 1: all the multipliers in one chart, each schedule's closed form, the notes' list."""
    st.subheader(t("schedules.overview"))
    st.caption(t("schedules.overview_intro"))
    for message in errors:
        st.error(message)
    horizon, shown, log_y = o["horizon"], o["shown"], o["log_y"]
    steps = np.arange(horizon)
    curves = [(curve_title(n), built[n].values(horizon)) for n in shown if n in built]
    if curves and o["panels"]:
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

    st.markdown(f"**{t('schedules.formulas')}**")
    for name in (n for n in curve_names() if n in built):
        colour, _ = series_style(shown.index(name)) if name in shown else ("#888", "")
        st.markdown(f"<span style='color:{colour}'>■</span> **{curve_title(name)}**", unsafe_allow_html=True)
        st.latex(latex_lines(localized_latex(built[name].latex)))
    st.markdown(f"**{t('schedules.notes_map')}**")
    rows = []
    for note, names in NOTES:
        rows.append(
            {
                t("schedules.col.notes"): t(f"schedules.note.{note}"),
                t("schedules.col.here"): " · ".join(curve_title(n) for n in names),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")


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


def comparison(c: dict, built: dict[str, schedules.Schedule]) -> None:
    """Section 2: one optimizer, one surface, two schedules side by side."""
    st.subheader(t("schedules.compare"))
    st.caption(t("schedules.compare_intro"))
    choice, opt_name, hp, steps, noise, seed = (c[k] for k in ("choice", "opt_name", "hp", "steps", "noise", "seed"))
    a, b = c["a"], c["b"]
    if choice is None:
        return
    try:
        surface = build_surface(choice)
        optimizers.get(opt_name, **hp)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=reason(err)))
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
            st.error(t("common.invalid_input", reason=reason(err)))
            return
    colours = {"A": series_style(0)[0], "B": series_style(1)[0]}
    labels = {"A": f"A · {curve_title(a)}", "B": f"B · {curve_title(b)}"}
    cols = st.columns(2)
    for col, slot in zip(cols, ("A", "B")):
        xy, loss, lr, div = runs[slot]
        fig = contour_figure(surface, height=430, minimum_label=t("schedules.fig.minimum"))
        add_path(
            fig,
            xy,
            labels[slot],
            colours[slot],
            diverged_at=div,
            diverged_note=t("schedules.diverged", step=div),
            step_label=t("schedules.fig.step"),
            start_label=t("schedules.fig.start"),
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


# ------------------------------------------------------------------------------------------ page

page = Page("schedules")
with page.controls():
    st.markdown(f"**{t('schedules.overview')}**")
    view = overview_controls(page)
    st.markdown(f"**{t('schedules.parameters')}**")
    built, errors = parameter_controls(page)
    st.divider()
    st.markdown(f"**{t('schedules.compare')}**")
    compared = comparison_controls(page)
overview(view, built, errors)
st.divider()
comparison(compared, built)
page.finish()
