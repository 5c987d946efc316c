"""Compare optimizers: surface, optimizers and hyperparameters in; paths, loss and learning rate out.

Widgets → plain values (``compare.config``) → one cached run per optimizer (``compare.runner``) →
pure figure builders (``viz``).  Every control lives in the URL (``ui.state.UrlState``) under the keys
``compare.config`` defines, so a copied link restores the view.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

import numpy as np
import pandas as pd
import streamlit as st

import surfaces
from comparison import config as C
from comparison.metrics import COLUMNS, results_table, trajectories_frame
from comparison.presets import PRESETS, matching
from comparison.runner import run_one, start_problem
from optimizers import facts, optimizer_class, schedules
from ui.i18n import current_language, t
from ui.state import UrlState, fmt, parse_bool, parse_choice, parse_float, parse_int, parse_spec
from ui.surface_picker import pick_surface
from ui.widgets import spec_widget
from viz.contour import finite_share
from viz.dashboard import compare_figure
from viz.palette import colour
from viz.paths import from_trajectory
from viz.spec import FigureSpec
from viz.surface3d import surface3d_figure

MAP_KEY = "_compare.map"  # the chart's selection state (a click on the map)
VIEWS = ("rules", "3d", "share")
# configurations are frozen dataclasses of plain values: their repr is an exact, cheap cache key
HASH = {C.OptimizerConfig: repr, C.ScheduleConfig: repr, C.CompareConfig: repr}
FIG_TEXT_KEYS = (
    "step",
    "loss",
    "loss_gap",
    "lr",
    "play",
    "pause",
    "minimum",
    "start",
    "stationary",
    "gradient",
    "update",
    "diverged",
    "click",
)


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
def cached_run(
    surface_key: tuple,
    optimizer: C.OptimizerConfig,
    schedule: C.ScheduleConfig,
    start: tuple,
    steps: int,
    noise: float,
    seed: int,
):
    """One optimizer's run: changing one optimizer recomputes only that one."""
    return run_one(get_surface(*surface_key), optimizer, schedule, start, steps, noise, seed)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH)
def cached_figure(
    surface_key: tuple, cfg: C.CompareConfig, sigma: float, lang: str, text: tuple, clickable: bool
) -> dict:
    """The main figure's spec for a whole view (a rerun that changes nothing else does not rebuild it)."""
    surface, paths, _ = compute(surface_key, cfg, sigma)
    return compare_figure(surface, paths, cfg.start, text=dict(text), clickable=clickable).to_dict()


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH)
def cached_3d(surface_key: tuple, cfg: C.CompareConfig, sigma: float, text: tuple) -> dict:
    surface, paths, _ = compute(surface_key, cfg, sigma)
    return json.loads(surface3d_figure(surface, paths, cfg.start, text=dict(text)).to_json())


def compute(surface_key: tuple, cfg: C.CompareConfig, sigma: float):
    """PathData per optimizer that ran, and (index, message) for those that could not."""
    surface = get_surface(*surface_key)
    paths, errors = [], []
    for i, (opt, label) in enumerate(zip(cfg.optimizers, cfg.labels())):
        try:
            traj = cached_run(surface_key, opt, cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
        except ValueError as err:
            errors.append((i, str(err)))
            continue
        paths.append(from_trajectory(traj, surface, label, colour(i)))
    return surface, paths, errors


# --------------------------------------------------------------------------------- state changes


def _slot_keys(i: int) -> list[str]:
    prefix = f"{C.PREFIX}.o{i}."
    return [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]


def _set_slot(i: int, opt: C.OptimizerConfig) -> None:
    for k in _slot_keys(i):
        del st.session_state[k]
    state = C.state_for(C.CompareConfig((opt,)))
    st.session_state.update({k.replace(".o0.", f".o{i}.", 1): v for k, v in state.items() if ".o0." in k})


def _on_kind_change(i: int) -> None:
    """A new kind starts from its own defaults (its specs differ); the schedule is kept."""
    kind = st.session_state[C.opt_key(i, "kind")]
    keep = (C.opt_key(i, "kind"), C.opt_key(i, "sched"), C.opt_key(i, "s."))
    for k in _slot_keys(i):
        if not k.startswith(keep):
            del st.session_state[k]
    for name in C.KINDS[kind].specs():
        st.session_state[C.opt_key(i, name)] = C.param_default(i, kind, name)


def _on_schedule_change(prefix: str) -> None:
    name = st.session_state[f"{prefix}sched"]
    for k in [
        k
        for k in st.session_state
        if isinstance(k, str) and k.startswith(f"{prefix}s.") and "warmup" not in k
    ]:
        del st.session_state[k]
    for spec_name, spec in schedules.specs(name).items():
        st.session_state[f"{prefix}s.{spec_name}"] = (
            _ints_text(spec.default) if spec.kind == "ints" else spec.default
        )


def _on_add() -> None:
    n = st.session_state[C.key("n")]
    used = {st.session_state.get(C.opt_key(i, "kind")) for i in range(n)}
    kind = next((k for k in C.ADD_ORDER if k not in used), "sgd")
    _set_slot(n, C.OptimizerConfig(kind))
    st.session_state[C.key("n")] = n + 1


def _on_remove(i: int) -> None:
    n = st.session_state[C.key("n")]
    for j in range(i, n - 1):
        moved = {k.replace(f".o{j + 1}.", f".o{j}.", 1): st.session_state[k] for k in _slot_keys(j + 1)}
        for k in _slot_keys(j):
            del st.session_state[k]
        st.session_state.update(moved)
    for k in _slot_keys(n - 1):
        del st.session_state[k]
    st.session_state[C.key("n")] = n - 1


def _on_preset(name: str) -> None:
    cfg = PRESETS[name].config
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{C.PREFIX}.o")]:
        del st.session_state[k]
    state = C.state_for(cfg)
    for k, v in state.items():
        if k.endswith("s.milestones"):
            state[k] = _ints_text(v)
    st.session_state.update(state)
    st.session_state["_compare.surface_seen"] = cfg.surface


def _on_default_start(start: tuple) -> None:
    st.session_state[C.key("x0")], st.session_state[C.key("y0")] = float(start[0]), float(start[1])


def apply_map_click() -> None:
    """A click on the map (a point of the click layer, a path or a marker) moves the start there."""
    event = st.session_state.get(MAP_KEY) or {}
    points = [
        p
        for p in (event.get("selection") or {}).get("points", [])
        if p.get("curve_number", p.get("curveNumber")) in st.session_state.get("_compare.map_traces", ())
    ]
    if not points:
        st.session_state["_compare.last_click"] = None
        return
    x, y = float(points[-1]["x"]), float(points[-1]["y"])
    if st.session_state.get("_compare.last_click") == (x, y):
        return
    st.session_state["_compare.last_click"] = (x, y)
    bounds = st.session_state.get("_compare.bounds")
    if bounds:
        (x0, x1), (y0, y1) = bounds
        digits = max(0, 3 - int(np.floor(np.log10(max(x1 - x0, y1 - y0)))))
        x, y = round(min(max(x, x0), x1), digits), round(min(max(y, y0), y1), digits)
    st.session_state[C.key("x0")], st.session_state[C.key("y0")] = x, y


# ---------------------------------------------------------------------------------------- widgets


def _ints_text(value) -> str:
    return ",".join(str(int(v)) for v in value)


def parse_batch(text: str) -> int:
    return int(parse_choice([str(b) for b in C.BATCHES])(text))


def parse_tolerance(text: str) -> float:
    return float(parse_choice([fmt(v) for v in C.TOLERANCES])(text))


def param_label(name: str) -> str:
    # every optimizer and schedule parameter has one (tests/test_optimizer_facts.py)
    return t(f"compare.param.{name}")


def param_value(spec, key: str, url: UrlState, label: str, default=None, draw: bool = True):
    """The widget for a spec (``draw``), or the same value read from the session/URL without drawing it.

    Widgets of a closed optimizer panel are not drawn (each costs a few milliseconds per rerun); the
    page keeps their values alive (see the top of the page) and validates them here.
    """
    if draw:
        return spec_widget(spec, key, url, label=label, default=default)
    url.restore(key, spec.default if default is None else default, parse_spec(spec))
    return spec.validate(st.session_state[key])


def schedule_widgets(prefix: str, url: UrlState, draw: bool = True) -> C.ScheduleConfig | None:
    """The schedule selector, its parameters and the warmup, under ``prefix``; None after an error."""
    names = schedules.names()
    url.restore(f"{prefix}sched", "constant", parse_choice(names))
    name = st.session_state[f"{prefix}sched"]
    if draw:
        name = st.selectbox(
            t("compare.schedule"),
            names,
            key=f"{prefix}sched",
            format_func=lambda n: schedules.entry(n).title,
            on_change=_on_schedule_change,
            args=(prefix,),
        )
    params, ok = [], True
    for spec_name, spec in schedules.specs(name).items():
        key = f"{prefix}s.{spec_name}"
        if spec.kind == "ints":
            url.restore(key, _ints_text(spec.default), str)
            text = st.session_state[key]
            if draw:
                text = st.text_input(param_label(spec_name), key=key, help=spec.help, max_chars=200)
            try:
                value = schedules.get(name, **{spec_name: text}).params[spec_name]
            except ValueError as err:
                st.error(t("compare.milestones_error", name=spec_name, reason=err))
                value, ok = spec.default, False
        else:
            try:
                value = param_value(spec, key, url, param_label(spec_name), draw=draw)
            except ValueError as err:
                st.error(t("compare.milestones_error", name=spec_name, reason=err))
                value, ok = spec.default, False
        params.append((spec_name, value))
    try:
        warmup = {
            n: param_value(s, f"{prefix}s.{n}", url, param_label(n), draw=draw)
            for n, s in schedules.warmup_specs().items()
        }
        sched = C.ScheduleConfig(
            name, tuple(params), int(warmup["warmup_steps"]), float(warmup["warmup_start"])
        )
        sched.build()
    except ValueError as err:
        st.error(t("compare.schedule_error", reason=err))
        return None
    return sched if ok else None


def optimizer_widgets(i: int, url: UrlState, shared: bool, draw: bool = True) -> C.OptimizerConfig | None:
    """Kind, hyperparameters (lr first, clipping last), schedule and a remove button for slot ``i``
    (or, with ``draw=False``, the same values read without drawing); None after an error."""
    kinds = list(C.KINDS)
    kind_name = st.session_state[C.opt_key(i, "kind")]
    if draw:
        kind_name = st.selectbox(
            t("compare.kind"),
            kinds,
            key=C.opt_key(i, "kind"),
            format_func=lambda k: C.KINDS[k].title,
            on_change=_on_kind_change,
            args=(i,),
        )
    specs = C.KINDS[kind_name].specs()
    values, ok = {}, True
    for name in sorted(specs, key=lambda n: n.startswith("clip_")):
        if draw and name == "clip_value":
            st.caption(t("compare.clipping"))
        try:
            values[name] = param_value(
                specs[name],
                C.opt_key(i, name),
                url,
                param_label(name),
                default=C.param_default(i, kind_name, name),
                draw=draw,
            )
        except ValueError as err:
            st.error(t("compare.optimizer_error", index=i + 1, reason=err))
            ok = False
    sched = C.ScheduleConfig()
    if not shared:
        if draw:
            st.divider()
        sched = schedule_widgets(C.sched_prefix(i), url, draw=draw)
    if draw:
        st.button(
            t("compare.remove"),
            key=f"_compare.remove.{i}",
            on_click=_on_remove,
            args=(i,),
            disabled=st.session_state[C.key("n")] <= 1,
            icon=":material/delete:",
        )
    if sched is None or not ok:
        return None
    return C.OptimizerConfig(kind_name, tuple(values.items()), sched)


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
        st.button(
            t("compare.use_default_start", x=dx, y=dy),
            key="_compare.use_default_start",
            on_click=_on_default_start,
            args=(default,),
            icon=":material/restart_alt:",
        )
    else:
        st.error(t("compare.default_start_not_finite", x=dx, y=dy), icon=":material/error:")
    if view_finite_share(*surface_key) == 0:
        st.info(t("compare.view_not_finite"), icon=":material/info:")
    return True


def chip(i: int, label: str) -> str:
    return (
        f'<span style="color:{colour(i)};font-size:1.3em;line-height:1">■</span> '
        f'<span style="font-size:0.92em">{label}</span>'
    )


# ------------------------------------------------------------------------------------------ page


url = UrlState("compare")
# Widgets of closed panels are not drawn, and Streamlit forgets the value of a widget that was not
# drawn in a run; writing every value back first keeps it (Streamlit's documented way to persist).
for _key in [k for k in st.session_state.keys() if isinstance(k, str) and k.startswith(f"{C.PREFIX}.")]:
    st.session_state[_key] = st.session_state[_key]
apply_map_click()
st.header(t("compare.title"), anchor=False)
st.caption(t("compare.intro"))
notices = st.container()

# --- sidebar: surface, start, steps, noise --------------------------------------------------------
with st.sidebar:
    choice = pick_surface(url, C.PREFIX, default=C.DEFAULT.surface)
if choice is None:
    url.publish()
    st.stop()
surface_key = (choice.name, choice.params, choice.expression)
surface = get_surface(*surface_key)
bounds = surface.bounds
(bx0, bx1), (by0, by1) = bounds
st.session_state["_compare.bounds"] = bounds
seen = st.session_state.get("_compare.surface_seen")
if seen is not None and seen != choice.name:
    _on_default_start(surface.start)  # a new surface starts from its own default start
st.session_state["_compare.surface_seen"] = choice.name

with st.sidebar:
    st.markdown(f"**{t('common.start')}**")
    url.restore(C.key("x0"), float(surface.start[0]), parse_float(bx0, bx1))
    url.restore(C.key("y0"), float(surface.start[1]), parse_float(by0, by1))
    for k, (lo, hi) in ((C.key("x0"), (bx0, bx1)), (C.key("y0"), (by0, by1))):
        st.session_state[k] = float(min(max(float(st.session_state[k]), lo), hi))
    left, right = st.columns(2)
    start_step = 10 ** np.floor(np.log10(max(bx1 - bx0, by1 - by0)) - 2)
    x_start = left.number_input(
        t("compare.start_x"),
        key=C.key("x0"),
        min_value=float(bx0),
        max_value=float(bx1),
        step=float(start_step),
        format="%g",
        help=t("compare.start_help"),
    )
    y_start = right.number_input(
        t("compare.start_y"),
        key=C.key("y0"),
        min_value=float(by0),
        max_value=float(by1),
        step=float(start_step),
        format="%g",
        help=t("compare.start_help"),
    )
    st.button(
        t("compare.start_reset"),
        key="_compare.start_reset",
        on_click=_on_default_start,
        args=(surface.start,),
        type="tertiary",
        icon=":material/restart_alt:",
    )
    url.restore(C.key("steps"), C.DEFAULT.steps, parse_int(1, C.MAX_STEPS))
    steps = st.slider(t("compare.steps"), 1, C.MAX_STEPS, key=C.key("steps"))
    url.restore(C.key("batch"), C.DEFAULT.batch, parse_batch)
    batch = st.select_slider(
        t("compare.batch"),
        C.BATCHES,
        key=C.key("batch"),
        help=t("compare.batch_help"),
        format_func=lambda b: t("compare.full_batch") if b == 0 else str(b),
    )
    sigma = C.noise_sigma(sigma_one(*surface_key), batch)
    url.restore(C.key("seed"), C.DEFAULT.seed, parse_int(0, C.MAX_SEED))
    seed = int(st.number_input(t("compare.seed"), 0, C.MAX_SEED, key=C.key("seed"), disabled=batch == 0))
    if batch:
        st.caption(t("compare.noise_caption", sigma=f"{sigma:.3g}"))
    st.divider()
    url.restore(C.key("shared"), C.DEFAULT.shared_schedule, parse_bool)
    shared = st.toggle(
        t("compare.schedule_shared"), key=C.key("shared"), help=t("compare.schedule_shared_help")
    )
    shared_schedule = schedule_widgets(C.sched_prefix(None), url) if shared else C.ScheduleConfig()

# --- lessons ---------------------------------------------------------------------------------------
with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    st.markdown(f"**{t('compare.presets')}**", width="content")
    for preset in PRESETS.values():
        st.button(
            t(preset.title_key),
            key=f"_compare.preset.{preset.name}",
            on_click=_on_preset,
            args=(preset.name,),
            type="tertiary",
        )

# --- optimizers ------------------------------------------------------------------------------------
url.restore(C.key("n"), len(C.DEFAULT.optimizers), parse_int(1, C.MAX_OPTIMIZERS))
n = st.session_state[C.key("n")]
with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    st.markdown(f"**{t('compare.optimizers')}**", width="content")
    st.button(
        t("compare.add"),
        key="_compare.add",
        on_click=_on_add,
        disabled=n >= C.MAX_OPTIMIZERS,
        help=t("compare.add_help", n=C.MAX_OPTIMIZERS),
        icon=":material/add:",
        type="tertiary",
    )
configs: list[C.OptimizerConfig | None] = []
per_row = 4
for row in range(0, n, per_row):
    columns = st.columns(per_row)
    for i in range(row, min(n, row + per_row)):
        with columns[i - row]:
            header = st.empty()
            url.restore(C.opt_key(i, "kind"), C.default_kind(i), parse_choice(list(C.KINDS)))
            # a label that does not change with the kind, so the panel stays open while it is edited
            panel = st.expander(
                t("compare.settings_n", index=i + 1),
                key=f"_compare.exp.{i}",
                on_change="rerun",
                icon=":material/tune:",
            )
            with panel:
                configs.append(optimizer_widgets(i, url, shared, draw=panel.open is not False))
            if configs[-1] is not None:
                header.markdown(chip(i, configs[-1].label()), unsafe_allow_html=True)
# --- compute ---------------------------------------------------------------------------------------
if shared_schedule is None or any(c is None for c in configs):
    with notices:
        url.show_notices()
    url.publish()
    st.stop()
cfg = C.CompareConfig(
    tuple(configs),
    choice.name,
    choice.params,
    choice.expression,
    (float(x_start), float(y_start)),
    int(steps),
    int(batch),
    seed,
    bool(shared),
    shared_schedule,
)

text = tuple((k, t(f"compare.fig.{k}")) for k in FIG_TEXT_KEYS)
surface, paths, errors = compute(surface_key, cfg, sigma)
for i, reason in errors:
    st.error(t("compare.optimizer_error", index=i + 1, reason=reason))
bad_start = start_notice(surface_key, cfg.start)  # the runs then have no valid point: say why
url.restore(C.key("pick"), False, parse_bool)
pick = st.toggle(t("compare.pick"), key=C.key("pick"), help=t("compare.pick_help"))
spec = cached_figure(surface_key, cfg, sigma, current_language(), text, pick)
first_loss = next((j for j, tr in enumerate(spec["data"]) if tr.get("xaxis") == "x2"), len(spec["data"]))
st.session_state["_compare.map_traces"] = tuple(
    j for j in range(first_loss) if spec["data"][j].get("xaxis") == "x"
)

st.plotly_chart(
    FigureSpec(spec),
    key=MAP_KEY,
    on_select="rerun" if pick else "ignore",
    selection_mode="points",
    config={"displaylogo": False, "scrollZoom": False},
)
st.caption(t("compare.map_caption"))
active = matching(cfg)
if active is not None:
    st.info(
        f"**{t('compare.preset_active', name=t(active.title_key))}**  \n" + t(active.note_key),
        icon=":material/school:",
    )
for p in paths:
    if p.diverged and not bad_start:
        st.warning(t("compare.diverged_note", label=p.label, step=p.diverged_at), icon=":material/warning:")

# --- results ---------------------------------------------------------------------------------------
st.subheader(t("compare.results"))
url.restore(C.key("tol"), 1e-3, parse_tolerance)
tol = st.columns([1, 2])[0].select_slider(
    t("compare.tolerance"),
    C.TOLERANCES,
    key=C.key("tol"),
    help=t("compare.tolerance_help"),
    format_func=lambda v: f"{v:g}",
)
ran = [i for i in range(len(cfg.optimizers)) if i not in {e[0] for e in errors}]
trajectories = [
    cached_run(surface_key, cfg.optimizers[i], cfg.schedule_for(i), cfg.start, cfg.steps, sigma, cfg.seed)
    for i in ran
]
labels = [cfg.labels()[i] for i in ran]
table = results_table(labels, trajectories, surface.minima, tol)
colours = {label: colour(i) for i, label in zip(ran, labels)}
# shown as text so that a missing value reads "—" (Streamlit would print None), numbers kept right-aligned
shown = table.astype(object).apply(
    lambda col: [
        "—"
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
        else (f"{v:.4g}" if isinstance(v, float) else str(v))
        for v in col
    ]
)
shown["optimizer"] = table["optimizer"]
styled = shown.style.map(
    lambda v: f"color: {colours.get(v, 'inherit')}; font-weight: 600", subset=["optimizer"]
)
st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    column_config={
        c: st.column_config.Column(t(f"compare.col.{c}"), alignment="left" if c == "optimizer" else "right")
        for c in COLUMNS
    },
)
if not surface.minima:
    st.caption(t("compare.no_minimum"))

# --- 3D, update rules, share -----------------------------------------------------------------------
url.restore(C.key("view"), VIEWS[0], parse_choice(VIEWS))
tab_labels = {v: t(f"compare.tab.{v}") for v in VIEWS}
tabs = st.tabs(
    list(tab_labels.values()),
    key=f"_compare.tabs.{current_language()}",
    on_change="rerun",
    default=tab_labels[st.session_state[C.key("view")]],
)
chosen = st.session_state.get(f"_compare.tabs.{current_language()}")
st.session_state[C.key("view")] = next(
    (v for v, label in tab_labels.items() if label == chosen), st.session_state[C.key("view")]
)
with tabs[1]:
    if tabs[1].open is not False:
        st.plotly_chart(
            FigureSpec(cached_3d(surface_key, cfg, sigma, text)),
            key="_compare.3d",
            config={"displaylogo": False},
            theme=None,
        )
        st.caption(t("compare.3d_caption"))
with tabs[0]:
    if tabs[0].open is not False:
        for kind_name in dict.fromkeys(o.kind for o in cfg.optimizers):
            cls = optimizer_class(C.KINDS[kind_name].optimizer)
            st.markdown(f"**{C.KINDS[kind_name].title}** — `{cls.__module__}.{cls.__name__}`")
            st.latex(cls.latex)
            st.caption(f"{t('compare.convention')}: {t(facts.of(cls.name).convention_key)}")
        for i in range(len(cfg.optimizers)):
            sched = cfg.schedule_for(i)
            if not sched.is_constant:
                built = sched.build()
                st.markdown(f"**{t('compare.schedule_rule', index=i + 1, title=built.title)}**")
                st.latex(built.latex)
with tabs[2]:
    if tabs[2].open is not False:
        share_box = st.container()
        left, right = st.columns(2)
        left.download_button(
            t("compare.download_csv"),
            key="_compare.csv",
            on_click="ignore",
            data=lambda: trajectories_frame(labels, trajectories).to_csv(index=False),
            file_name=f"descent-lab-{cfg.surface}.csv",
            mime="text/csv",
            help=t("compare.download_csv_help"),
            icon=":material/download:",
        )
        right.download_button(
            t("compare.download_html"),
            key="_compare.html",
            on_click="ignore",
            data=lambda: FigureSpec(spec).to_html(include_plotlyjs=True, full_html=True),
            file_name=f"descent-lab-{cfg.surface}.html",
            mime="text/html",
            help=t("compare.download_html_help"),
            icon=":material/download:",
        )
    else:
        share_box = None

with notices:
    url.show_notices()
url.publish()
if share_box is not None:
    base = urlsplit(st.context.url or "")
    link = f"{base.scheme}://{base.netloc}{base.path or '/'}" if base.netloc else ""
    query = urlencode(st.query_params.to_dict())
    with share_box:
        st.markdown(f"**{t('common.copy_link')}**")
        st.code(link + ("?" + query if query else ""), language=None, wrap_lines=True)
        st.caption(t("common.copy_link_help"))
