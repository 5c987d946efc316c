"""Compare optimizers: surface, optimizers and hyperparameters in; paths, loss and learning rate out.

Every control is in the sidebar (it scrolls by itself, so changing a hyperparameter never moves the
chart): the surface, the start, the steps, the noise, the shared schedule, then one panel per
optimizer.  The main area holds the lessons, the chart, the results and the views below them.

Controls → plain values (``comparison.config``) → one cached run per optimizer (``comparison.runner``)
→ pure figure builders (``viz``).  The page kit (``ui.kit.Page``) keeps the state across page switches
and in the link; ``comparison.codec`` says what the keys are, reads a link as a whole view and makes
every change of several keys at once (a lesson, adding or removing an optimizer).
"""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import streamlit as st

import surfaces
from comparison import codec as K
from comparison import config as C
from comparison.effective import effective_rates
from comparison.export import PNG_SCALE, PNG_SIZE, chart_config, figure_html, file_stem, share_link, trajectories_csv
from comparison.lookahead import nesterov_balls, nesterov_momentum
from comparison.metrics import COLUMNS, outcome, results_table, trajectories_frame
from comparison.per_surface import UNBOUNDED_BELOW
from comparison.presets import PRESETS, matching
from comparison.runner import run_one, start_problem
from optimizers import facts, optimizer_class, schedules
from ui import presentation
from ui.chart_text import kind_title, legend_words, localized_latex, schedule_title
from ui.compare_report import compare_report
from ui.framework_text import equivalent_sentence, misfit_notes, parts_line, parts_rows
from ui.i18n import current_language, t
from ui.kit import Page, clicked_point, spec_control
from ui.live_drag import live_drag
from ui.reasons import reason
from ui.spec_text import option_formatter, option_label, spec_help, spec_label, surface_title
from urlvalues import fmt, parse_bool
from viz.contour import finite_share
from viz.dashboard import aspect_fits, compare_figure
from viz.palette import colour
from viz.paths import from_trajectory
from viz.spec import FigureSpec
from viz.surface3d import surface3d_figure

MAP_KEY = "_compare.map"  # the chart's selection (a click on the map)
MAP_INFO = "_compare.map_info"  # (trace numbers of the map, its bounds) as last drawn
LAST_CLICK = "_compare.last_click"
SURFACES = (*surfaces.names(), C.CUSTOM)
# configurations are frozen dataclasses of plain values: their repr is an exact, cheap cache key
HASH = {C.OptimizerConfig: repr, C.ScheduleConfig: repr, C.CompareConfig: repr}
FIG_TEXT_KEYS = ("step", "loss", "loss_gap", "lr", "play", "pause", "minimum", "start", "stationary", "gradient",
                 "update", "diverged", "click", "left_view", "left_mark", "loss_symlog", "saddle",
                 "degenerate saddle", "local maximum", "ax", "handover", "ball", "effective_x", "effective_y")


# ------------------------------------------------------------------------------ cached computation


@st.cache_resource(max_entries=64, show_spinner=False)
def get_surface(name: str, params: tuple, expression: str) -> surfaces.Surface:
    return C.build_surface(name, params, expression)


@st.cache_data(max_entries=64, show_spinner=False)
def sigma_one(name: str, params: tuple, expression: str) -> float:
    return C.noise_scale(get_surface(name, params, expression))


@st.cache_data(max_entries=64, show_spinner=False)
def view_finite_share(name: str, params: tuple, expression: str) -> float:
    return finite_share(get_surface(name, params, expression))


@st.cache_data(max_entries=512, show_spinner=False, hash_funcs=HASH)
def cached_run(surface_key: tuple, optimizer: C.OptimizerConfig, schedule: C.ScheduleConfig, start: tuple,
               steps: int, noise: float, seed: int):
    """One optimizer's run: changing one optimizer recomputes only that one."""
    return run_one(get_surface(*surface_key), optimizer, schedule, start, steps, noise, seed)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH)
def cached_figure(surface_key: tuple, cfg: C.CompareConfig, sigma: float, lang: str, text: tuple,
                  clickable: bool, equal_aspect: bool = False, words: tuple = ()) -> dict:
    """The main figure's spec for a whole view (a rerun that changes nothing else does not rebuild it)."""
    surface, paths, _ = compute(surface_key, cfg, sigma, words)
    return compare_figure(surface, paths, cfg.start, text=dict(text), clickable=clickable,
                          equal_aspect=equal_aspect).to_dict()


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH)
def cached_3d(surface_key: tuple, cfg: C.CompareConfig, sigma: float, text: tuple, words: tuple = ()) -> dict:
    surface, paths, _ = compute(surface_key, cfg, sigma, words)
    return json.loads(surface3d_figure(surface, paths, cfg.start, text=dict(text)).to_json())


def compute(surface_key: tuple, cfg: C.CompareConfig, sigma: float, words: tuple = ()):
    """PathData per optimizer that ran (in its slot's colour, named in the legend's ``words``), and
    (index, error) for those that could not."""
    surface = get_surface(*surface_key)
    paths, errors = [], []
    for i, (opt, label, shade) in enumerate(zip(cfg.optimizers, cfg.labels(dict(words)), cfg.colours())):
        try:
            traj = cached_run(surface_key, opt, cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
        except ValueError as err:
            errors.append((i, err))
            continue
        path = from_trajectory(traj, surface, label, shade)
        mu = nesterov_momentum(opt, cfg.schedule_for(i))
        if mu is not None:  # the marker is the look-ahead point: draw the notes' ball θ too
            path = replace(path, ball=nesterov_balls(path.xy, mu))
        # the per-axis effective rate, drawn over the learning-rate panel where it is exact (else None)
        rates = effective_rates(surface, opt, cfg.schedule_for(i), path.xy[: path.genuine], sigma)
        paths.append(replace(path, effective=rates) if rates is not None else path)
    return surface, paths, errors


# --------------------------------------------------------------------------------- state changes


def on_state(change, *args):
    """A callback that makes one of the codec's changes (a lesson, add, remove ...) to this session."""
    return lambda: change(st.session_state, *args)


def shown_default(key: str, default: str) -> str:
    """The default a notice names, as the page shows it where it is a choice (a surface, an optimizer,
    a schedule, a view), else as the link writes it."""
    name = key.rsplit(".", 1)[-1]
    if key == K.key("surface") and default in SURFACES:
        return t("common.custom_surface") if default == C.CUSTOM else surface_title(default)
    if name == "kind" and default in C.KINDS:
        return kind_title(default)
    if name == "sched" and default in schedules.names():
        return schedule_title(default)
    if key == K.key("view") and default in K.VIEWS:
        return t(f"compare.tab.{default}")
    if ".s." in key:  # a schedule's choice (cyclic's mode ...): its option's text
        try:
            return option_label("sched", name, default)
        except KeyError:
            pass
    return default


def take_click(state) -> None:
    """A new click on the map (a point of the click layer, a path or a marker) moves the start there."""
    traces, bounds = state.get(MAP_INFO, ((), None))
    point = clicked_point(state.get(MAP_KEY), traces)
    if point is not None and point != state.get(LAST_CLICK) and bounds:
        K.set_start(state, K.click_start(point, bounds))
    state[LAST_CLICK] = point


# ---------------------------------------------------------------------------------------- controls


def surface_controls(page: Page) -> tuple[tuple, surfaces.Surface]:
    """The surface, its parameters or formula; stops the page with a message when it cannot be built."""
    titles = {n: t("common.custom_surface") if n == C.CUSTOM else surface_title(n) for n in SURFACES}
    name = page.choice("surface", C.DEFAULT.surface, SURFACES, label=t("common.surface"), format_func=titles.get,
                       on_change=on_state(K.surface_changed))
    expression, params = "", []
    if name == C.CUSTOM:
        expression = page.text("expr", K.DEFAULT_EXPRESSION, max_chars=K.MAX_EXPRESSION,
                               label=t("common.expression"), help=t("common.expression_help"))
    else:
        owner = f"surface:{name}"
        for spec in surfaces.entry(name).params.values():
            value = page.spec(spec, K.surface_key(name, spec.name), label=spec_label(owner, spec),
                              help=spec_help(owner, spec))
            params.append((spec.name, value))
    key = (name, tuple(params), expression)
    try:
        return key, get_surface(*key)
    except ValueError as err:
        message = "common.expression_error" if name == C.CUSTOM else "common.invalid_input"
        st.error(t(message, reason=reason(err)))
        page.stop()


def start_controls(page: Page, surface: surfaces.Surface) -> tuple[float, float]:
    st.markdown(f"**{t('common.start')}**")
    (bx0, bx1), (by0, by1) = surface.bounds
    K.fit_start(st.session_state, surface.bounds)
    step = float(10 ** np.floor(np.log10(max(bx1 - bx0, by1 - by0)) - 2))
    left, right = st.columns(2)
    with left:
        x = page.number("x0", float(surface.start[0]), float(bx0), float(bx1), step=step,
                        label=t("compare.start_x"), help=t("compare.start_help"))
    with right:
        y = page.number("y0", float(surface.start[1]), float(by0), float(by1), step=step,
                        label=t("compare.start_y"), help=t("compare.start_help"))
    st.button(t("compare.start_reset"), key="_compare.start_reset", on_click=on_state(K.set_start, surface.start),
              type="tertiary", icon=":material/restart_alt:")
    return x, y


def schedule_controls(page: Page, slot: int | None, steps: int, draw: bool = True) -> C.ScheduleConfig | None:
    """A schedule (the shared one, or slot ``slot``'s): its name, parameters and warmup; None after an
    error (shown).  ``draw=False`` reads the same values without drawing them (a closed panel).  A
    horizon left at 0 follows the run's ``steps`` (a caption says how many updates that is)."""
    prefix = K.sched_prefix(slot)
    name = page.bind(f"{prefix}sched", "constant", K.parse_schedule)
    if draw:
        titles = {n: schedule_title(n) for n in schedules.names()}  # now: AppTest formats outside the run
        name = st.selectbox(t("compare.schedule"), schedules.names(), key=f"{prefix}sched", format_func=titles.get,
                            on_change=on_state(K.schedule_changed, slot))
    owner = f"sched:{name}"
    params, ok = [], True
    for spec_name, spec in {**C.schedule_specs(name), **schedules.warmup_specs()}.items():
        key, label, tip = f"{prefix}s.{spec_name}", spec_label(owner, spec), spec_help(owner, spec)
        if spec_name == C.HORIZONS.get(name):
            tip = f"{tip} {t('lessons.horizon_help')}"
        try:
            if spec.kind == "ints":  # milestones: typed as a list, checked by the schedule
                text = page.bind(key, K.ints_text(spec.default), str)
                if draw:
                    text = st.text_input(label, key=key, help=tip, max_chars=200)
                value = schedules.get(name, **{spec_name: text}).params[spec_name]
            else:
                value = spec_control(page, spec, key, label=label, help=tip, draw=draw,
                                     format_func=option_formatter(owner, spec) if spec.kind == "choice" else None)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=reason(err)))  # the reason names the parameter
            value, ok = spec.default, False
        params.append((spec_name, value))
    values = dict(params)
    warmup = (int(values.pop("warmup_steps")), float(values.pop("warmup_start")))
    sched = C.ScheduleConfig(name, tuple(values.items()), *warmup)
    try:
        sched.for_run(steps).build()
    except ValueError as err:
        st.error(t("compare.schedule_error", reason=reason(err)))
        return None
    if draw and sched.follows_run:
        st.caption(t("lessons.horizon_follows", name=C.HORIZONS[name],
                     value=C.run_horizon(steps, sched.warmup_steps), steps=steps, warmup=sched.warmup_steps))
    return sched if ok else None


def handover_controls(page: Page, slot: int, draw: bool) -> C.HandOver | None:
    """Slot ``slot``'s "Hand over at step k": off, or the step k, the kind that takes over and its
    learning rate (its other hyperparameters at their defaults, its state fresh).  ValueError for a
    learning rate out of range."""
    on_key = K.opt_key(slot, "then")
    on = page.bind(on_key, False, parse_bool)
    if draw:
        st.divider()
        on = st.toggle(t("handover.toggle"), key=on_key, help=t("handover.toggle_help"))
    if not on:
        return None
    kind_key, at_key = K.opt_key(slot, "then.kind"), K.opt_key(slot, "then.at")
    kind = page.bind(kind_key, C.HANDOVER_KIND, K.parse_kind)
    at = page.bind(at_key, C.HANDOVER_AT, K.parse_at)
    if draw:
        kind = st.selectbox(t("handover.kind"), list(C.KINDS), key=kind_key,
                            format_func={k: kind_title(k) for k in C.KINDS}.get,
                            on_change=on_state(K.handover_kind_changed, slot))
        at = st.number_input(t("handover.at"), min_value=1, max_value=C.MAX_STEPS - 1, step=1, key=at_key,
                             help=t("handover.at_help"))
    lr = spec_control(page, C.KINDS[kind].specs()["lr"], K.opt_key(slot, "then.lr"), label=t("handover.lr"),
                      help=t("handover.lr_help"), default=C.KINDS[kind].default("lr"), draw=draw)
    return C.HandOver(int(at), kind, float(lr))


def optimizer_controls(page: Page, position: int, slot: int, shared: bool, removable: bool, steps: int,
                       surface: surfaces.Surface) -> C.OptimizerConfig | None:
    """Slot ``slot``'s panel: kind, hyperparameters (lr first, clipping last), schedule and a remove
    button; its widgets are drawn only while the panel is open.  None after an error (shown)."""
    chip = st.empty()
    kind = page.bind(K.opt_key(slot, "kind"), K.default_kind(slot), K.parse_kind)
    # the same label for every panel (an expander's identity is its key and its label) and a key by
    # slot id: the panel stays open while it is edited and when another optimizer is removed
    panel = st.expander(t("compare.settings"), key=f"_compare.exp.{slot}", on_change="rerun", icon=":material/tune:")
    with panel:
        draw = panel.open is not False
        if draw:
            kind = st.selectbox(t("compare.kind"), list(C.KINDS), key=K.opt_key(slot, "kind"),
                                format_func=kind_title, on_change=on_state(K.kind_changed, slot))
        owner = f"opt:{C.KINDS[kind].optimizer}"
        specs = C.KINDS[kind].specs()
        values, ok = {}, True
        for name in sorted(specs, key=lambda n: n.startswith("clip_")):
            if draw and name == "clip_value":
                st.caption(t("compare.clipping"))
            try:
                values[name] = spec_control(page, specs[name], K.opt_key(slot, name), label=spec_label(owner, name),
                                            help=spec_help(owner, name),
                                            default=K.param_default(surface, kind, name, slot), draw=draw,
                                            format_func=option_formatter(owner, specs[name])
                                            if specs[name].kind == "choice" else None)
            except ValueError as err:
                st.error(t("compare.optimizer_error", index=position + 1, reason=reason(err)))
                ok = False
        sched = C.ScheduleConfig()
        if not shared:
            if draw:
                st.divider()
            sched = schedule_controls(page, slot, steps, draw)
        try:
            then = handover_controls(page, slot, draw)
        except ValueError as err:
            st.error(t("compare.optimizer_error", index=position + 1, reason=reason(err)))
            then, ok = None, False
        if draw:
            st.button(t("compare.remove"), key=f"_compare.remove.{slot}", on_click=on_state(K.remove_slot, slot),
                      disabled=not removable, icon=":material/delete:")
    if sched is None or not ok:
        return None
    config = C.OptimizerConfig(kind, tuple(values.items()), sched, then)
    words = dict(legend_words())
    label = C.OptimizerConfig(kind, config.hp, then=then).label(words) if shared else config.label(words)
    chip.markdown(f'<span style="color:{colour(slot)};font-size:1.3em;line-height:1">■</span> '
                  f'<span style="font-size:0.92em">{position + 1}. {label}</span>', unsafe_allow_html=True)
    if C.KINDS[kind].optimizer == "framework":  # Build your own: which named optimizer this choice is
        st.caption(equivalent_sentence(config.hyperparameters()))
    return config


def start_notice(surface_key: tuple, start: tuple) -> bool:
    """Say why no run can begin at ``start`` (f or its gradient is not finite there) and offer the
    surface's default start; True when there was something to say.  Nothing the user set is changed."""
    surface = get_surface(*surface_key)
    problem = start_problem(surface, start)
    if problem is None:
        return False
    x, y = (f"{v:.4g}" for v in start)
    if problem == "f":
        with np.errstate(all="ignore"):
            value = float(surface.f(np.asarray(start, dtype=float)))
        st.warning(t("compare.start_f_not_finite", x=x, y=y, value=f"{value:g}"), icon=":material/warning:")
    else:
        st.warning(t("compare.start_grad_not_finite", x=x, y=y), icon=":material/warning:")
    default = tuple(float(v) for v in surface.start)
    dx, dy = (f"{v:.4g}" for v in default)
    if default != tuple(float(v) for v in start) and start_problem(surface, default) is None:
        st.button(t("compare.use_default_start", x=dx, y=dy), key="_compare.use_default_start",
                  on_click=on_state(K.set_start, default), icon=":material/restart_alt:")
    else:
        st.error(t("compare.default_start_not_finite", x=dx, y=dy), icon=":material/error:")
    if view_finite_share(*surface_key) == 0:
        st.info(t("compare.view_not_finite"), icon=":material/info:")
    return True


def kept_notice(surface_key: tuple) -> None:
    """After a change of surface: the rates the user had set and that were kept, with the new surface's
    own (:func:`comparison.codec.follow_surface`), and a button that takes those."""
    kept = K.kept_values(st.session_state)
    if not kept:
        return
    slots = list(st.session_state.get(K.key("slots"), ()))
    items = []
    for k, (value, default) in kept.items():
        slot, name = int(k.split(".")[1][1:]), k.split(".", 2)[2]
        kind = st.session_state.get(K.opt_key(slot, "kind"))
        position = slots.index(slot) + 1 if slot in slots else slot + 1
        items.append(t("lessons.kept_item", index=position, kind=kind_title(kind),
                       name=spec_label(f"opt:{C.KINDS[kind].optimizer}", name), value=fmt(value),
                       default=fmt(default)))
    title = t("common.custom_surface") if surface_key[0] == C.CUSTOM else surface_title(surface_key[0])
    st.info(t("lessons.kept", surface=title) + "  \n" + "  \n".join(items), icon=":material/info:")
    st.button(t("lessons.kept_use", surface=title), key="_compare.use_surface_rates",
              on_click=on_state(K.use_surface_defaults), icon=":material/restart_alt:")


def outcome_notes(cfg: C.CompareConfig, surface_key: tuple, surface, sigma: float, errors) -> None:
    """One sentence per run that did not stay: it diverged numerically (x, y or f overflowed), or it left
    the view for good; on a surface that is unbounded below, what the loss did.  Every number is the
    run's own (:func:`comparison.metrics.outcome`)."""
    failed = {i for i, _ in errors}
    labels = cfg.labels(dict(legend_words()))
    unbounded = surface_key[0] in UNBOUNDED_BELOW
    escapes, warnings = [], []  # one box each, a line per run
    for i, opt in enumerate(cfg.optimizers):
        if i in failed:
            continue
        traj = cached_run(surface_key, opt, cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
        o = outcome(traj, surface.bounds)
        if o.diverged_at is not None:
            warnings.append(t("compare.diverged_note", label=labels[i], step=o.diverged_at))
        elif o.left_view_at is not None and o.final_loss is not None:
            fields = dict(label=labels[i], step=o.left_view_at, steps=o.final_step, loss=f"{o.final_loss:.3g}",
                          start=f"{o.start_loss:.3g}" if o.start_loss is not None else "—")
            if unbounded and o.falling and o.start_loss is not None and o.final_loss < o.start_loss:
                escapes.append(t("lessons.left_view_unbounded", **fields))
            else:
                warnings.append(t("lessons.left_view", **fields))
    if escapes:
        st.info("  \n".join(escapes), icon=":material/trending_down:")
    if warnings:
        st.warning("  \n".join(warnings), icon=":material/warning:")


def results(page: Page, cfg: C.CompareConfig, surface_key: tuple, surface, sigma: float, errors) -> tuple[list, list]:
    """The results table (each optimizer's name in its colour); returns the labels and runs shown."""
    st.subheader(t("compare.results"))
    with st.columns([1, 2])[0]:
        tol = page.choice("tol", K.DEFAULT_TOL, C.TOLERANCES, widget="slider", label=t("compare.tolerance"),
                          help=t("compare.tolerance_help"), format_func=lambda v: f"{v:g}")
    ran = [i for i in range(len(cfg.optimizers)) if i not in {e[0] for e in errors}]
    if not ran:  # no optimizer could run (each one's error is shown above): no table to show
        return [], []
    runs = [cached_run(surface_key, cfg.optimizers[i], cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
            for i in ran]
    labels = [cfg.labels(dict(legend_words()))[i] for i in ran]
    table = results_table(labels, runs, surface.minima, tol, surface.bounds)
    colours = {label: cfg.colours()[i] for i, label in zip(ran, labels)}
    # shown as text so that a missing value reads "—" (Streamlit would print None), numbers kept right-aligned
    shown = table.astype(object).apply(lambda col: [
        "—" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
        else (f"{v:.4g}" if isinstance(v, float) else str(v))
        for v in col
    ])
    shown["optimizer"] = table["optimizer"]
    styled = shown.style.map(lambda v: f"color: {colours.get(v, 'inherit')}; font-weight: 600", subset=["optimizer"])
    st.dataframe(styled, hide_index=True, width="stretch", column_config={
        c: st.column_config.Column(t(f"compare.col.{c}"), alignment="left" if c == "optimizer" else "right")
        for c in COLUMNS
    })
    if not surface.minima:
        st.caption(t("compare.no_minimum"))
    return labels, runs


def update_rules(cfg: C.CompareConfig) -> None:
    # the kinds that take over too: their rules are part of the run
    for kind_name in dict.fromkeys(k for o in cfg.optimizers for k in (o.kind, *((o.then.kind,) if o.then else ()))):
        cls = optimizer_class(C.KINDS[kind_name].optimizer)
        st.markdown(f"**{kind_title(kind_name)}** — `{cls.__module__}.{cls.__name__}`")
        st.latex(localized_latex(cls.latex))
        convention = t(facts.of(cls.name).convention_key)
        st.caption(t("compare.convention_line", label=t("compare.convention"), text=convention))
        if cls.name != "framework":
            st.caption(parts_line(kind_name))
    for i in range(len(cfg.optimizers)):
        sched = cfg.schedule_for(i)
        if not sched.is_constant:
            built = sched.build()
            title = schedule_title(sched.name, sched.warmup_steps)
            st.markdown(f"**{t('compare.schedule_rule', index=i + 1, title=title)}**")
            st.latex(localized_latex(built.latex))
    framework_table()


def framework_table() -> None:
    """Every optimizer's φ and ψ in the notes' framework (their rows in optimizers/facts.py), and why
    the others are outside it."""
    st.markdown(f"**{t('framework.title')}**")
    st.dataframe(pd.DataFrame(parts_rows()), hide_index=True)
    st.caption(t("framework.table_caption"))
    st.markdown(f"**{t('framework.misfit_title')}**")
    for note in misfit_notes():
        st.caption(note)


def downloads(cfg: C.CompareConfig, runs: dict, errors: dict, sigma: float, spec: dict, link: str) -> None:
    """The CSV and the HTML page (built only when clicked, by ``comparison.export`` in this run's
    language) and where the PNG is: the chart's camera button, drawn by the browser."""
    lang, stem = current_language(), file_stem(cfg.surface)
    ran = sorted(runs)
    labels = cfg.labels(dict(legend_words()))  # now: the files are built later, outside this run
    left, right = st.columns(2)
    left.download_button(t("compare.download_csv"), key="_compare.csv", on_click="ignore",
                         data=lambda: trajectories_csv(
                             trajectories_frame([labels[i] for i in ran], [runs[i] for i in ran]),
                             compare_report(cfg, runs, errors, sigma, link, lang, "csv")),
                         file_name=f"{stem}.csv", mime="text/csv", help=t("exports.csv_help"),
                         icon=":material/download:")
    right.download_button(t("compare.download_html"), key="_compare.html", on_click="ignore",
                          data=lambda: figure_html(spec, compare_report(cfg, runs, errors, sigma, link, lang, "html"),
                                                   cfg.surface),
                          file_name=f"{stem}.html", mime="text/html", help=t("exports.html_help"),
                          icon=":material/download:")
    width, height = (round(n * PNG_SCALE) for n in PNG_SIZE)
    st.caption(t("exports.png", width=width, height=height))


# ------------------------------------------------------------------------------------------ page


page = Page("compare")
if page.mode in ("url", "history"):  # a link, the menu with nothing kept, Back or Forward: the whole view
    link, notices = K.decode(st.query_params)
    K.seed(st.session_state, link)
    for notice in notices:
        page.notice(notice.key, notice.value, notice.error or notice.reason, shown_default(notice.key, notice.default))
take_click(st.session_state)

with page.controls():
    presentation.enter_button()
    surface_key, surface = surface_controls(page)
    K.follow_surface(st.session_state)  # rates still at the old surface's defaults take the new one's
    page.track(K.key("v"), 1)  # how the link's left-out values are to be read (set below, from the view)
    x_start, y_start = start_controls(page, surface)
    steps = page.integer("steps", C.DEFAULT.steps, 1, C.MAX_STEPS, widget="slider")
    full_batch = t("compare.full_batch")
    batch = page.choice("batch", C.DEFAULT.batch, C.BATCHES, widget="slider",
                        format_func=lambda b: full_batch if b == 0 else str(b))
    sigma = C.noise_sigma(sigma_one(*surface_key), batch)
    seed = page.integer("seed", C.DEFAULT.seed, 0, C.MAX_SEED, disabled=batch == 0)
    if batch:
        st.caption(t("compare.noise_caption", sigma=f"{sigma:.3g}"))
    st.divider()
    shared = page.toggle("shared", C.DEFAULT.shared_schedule, label=t("compare.schedule_shared"),
                         help=t("compare.schedule_shared_help"))
    shared_schedule = schedule_controls(page, None, steps) if shared else C.ScheduleConfig()
    st.divider()
    slots = page.bind(K.key("slots"), K.default_slots(), K.parse_slots, formatter=K.slots_text)
    page.bind(K.key("n"), K.DEFAULT_N, K.parse_n)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown(f"**{t('compare.optimizers')}**", width="content")
        st.button(t("compare.add"), key="_compare.add", on_click=on_state(K.add_slot),
                  disabled=len(slots) >= C.MAX_OPTIMIZERS, help=t("compare.add_help", n=C.MAX_OPTIMIZERS),
                  icon=":material/add:", type="tertiary")
    configs = [optimizer_controls(page, i, slot, shared, len(slots) > 1, steps, surface)
               for i, slot in enumerate(slots)]

# one row above the chart, so the chart starts high enough to stay whole on a 1280x800 projector: the
# lessons (a menu: their buttons in one row wrapped onto two), the map switches and pinning
above_chart = st.container(horizontal=True, gap="small", vertical_alignment="center", key=presentation.LESSONS_ROW)
with above_chart, st.popover(t("compare.presets"), icon=":material/school:"):
    for number, preset in enumerate(PRESETS.values(), start=1):
        st.button(f"{number}. {t(preset.title_key)}", key=f"_compare.preset.{preset.name}", type="tertiary",
                  on_click=on_state(K.apply, preset.config), width="stretch")

if shared_schedule is None or any(c is None for c in configs):
    page.stop()
cfg = C.CompareConfig(tuple(configs), *surface_key, (float(x_start), float(y_start)), int(steps), int(batch), seed,
                      bool(shared), shared_schedule, tuple(slots))
st.session_state[K.key("v")] = K.config_version(cfg)
text = tuple((k, t(f"compare.fig.{k}")) for k in FIG_TEXT_KEYS)
words = legend_words()
surface, paths, errors = compute(surface_key, cfg, sigma, words)
for i, err in errors:
    st.error(t("compare.optimizer_error", index=i + 1, reason=reason(err)))
bad_start = start_notice(surface_key, cfg.start)  # the runs then have no valid point: say why
with above_chart:
    pick = page.toggle("pick", False, label=t("compare.pick"), help=t("compare.pick_help"))
    to_scale = page.toggle("aspect", aspect_fits(surface.bounds), label=t("compare.aspect"),
                           help=t("compare.aspect_help"))
    if not presentation.presenting():
        presentation.pin_buttons(paths)
spec = cached_figure(surface_key, cfg, sigma, current_language(), text, pick, to_scale, words)
first_loss = next((j for j, tr in enumerate(spec["data"]) if tr.get("xaxis") == "x2"), len(spec["data"]))
map_traces = tuple(j for j in range(first_loss) if spec["data"][j].get("xaxis") == "x")
st.session_state[MAP_INFO] = (map_traces, surface.bounds)
presentation.toolbar(paths)
presentation.keys(paths, [on_state(K.apply, preset.config) for preset in PRESETS.values()])
st.plotly_chart(FigureSpec(presentation.decorate(spec)), key=MAP_KEY, on_select="rerun" if pick else "ignore",
                selection_mode="points",
                config=chart_config(cfg.surface))
st.caption(t("compare.map_caption"))
live_drag(page, cfg, surface_key, dict(zip((i for i in range(len(cfg.optimizers)) if i not in dict(errors)), paths)),
          bad_start)
active = matching(cfg)
if active is not None and not errors:  # the note's numbers are its runs' own (comparison.presets)
    lesson_runs = [cached_run(surface_key, o, cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
                   for i, o in enumerate(cfg.optimizers)]
    st.info(f"**{t('compare.preset_active', name=t(active.title_key))}**  \n"
            + t(active.note_key, **active.fields(surface, lesson_runs)), icon=":material/school:")
kept_notice(surface_key)
if not bad_start:
    outcome_notes(cfg, surface_key, surface, sigma, errors)

labels, runs = results(page, cfg, surface_key, surface, sigma, errors)

# --- update rules, 3D, share: one view at a time ---------------------------------------------------
views = {v: t(f"compare.tab.{v}") for v in K.VIEWS}  # texts of this run's language (format_func runs later too)
view = page.choice("view", K.DEFAULT_VIEW, K.VIEWS, widget="segmented", label=t("compare.view"), format_func=views.get)
share_box = None
if view == "3d":
    st.plotly_chart(FigureSpec(cached_3d(surface_key, cfg, sigma, text, words)), key="_compare.3d",
                    config={"displaylogo": False}, theme=None)
    st.caption(t("compare.3d_caption"))
elif view == "rules":
    update_rules(cfg)
else:
    share_box = st.container()

page.finish()
if share_box is not None:  # after finish: the link is the one the page has just published
    base = urlsplit(st.context.url or "")
    address = f"{base.scheme}://{base.netloc}{base.path or '/'}" if base.netloc else ""
    link = share_link(address, st.query_params.to_dict())
    with share_box:
        st.markdown(f"**{t('common.copy_link')}**")
        st.code(link, language=None, wrap_lines=True)
        st.caption(t("common.copy_link_help"))
        failed = dict(errors)  # the optimizers that could not run; runs are the others', in order
        ran = [i for i in range(len(cfg.optimizers)) if i not in failed]
        downloads(cfg, dict(zip(ran, runs, strict=True)), failed, sigma, spec, link)
