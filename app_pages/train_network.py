"""Train a small network: a NumPy MLP trained with the library's optimizers side by side (cs231n, book ch. 6).

Nothing trains until Train is pressed, also when the page is opened from a link (the link restores
the settings; the button starts training).  Training runs epoch by epoch inside the script run, with
a progress bar, under the CPU budget of ui.work: a probe times a few real updates, and a press
trains as many epochs as fit (or none, with a message naming what to lower, when not even one
does).  After every epoch the curves so far (plain lists), the latest weights and the trainers'
state (learn.training.Trainer.state) are checkpointed in ``st.session_state``; Continue trains on
from there, exactly as if training had not paused.  Pressing Stop - or changing any control -
makes Streamlit interrupt the run at its next progress update, and the rerun shows the checkpoint.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

import optimizers
from landscapes.budget import Outcome, run_chunks
from learn import datasets, figures, mlp, training
from learn.activations import ACTIVATIONS
from learn.blas import single_threaded
from learn.initialization import INITS
from optimizers import facts
from ui import work
from ui.i18n import t
from ui.state import UrlState, parse_bool, parse_choice, parse_float, parse_int
from ui.widgets import spec_widget
from viz.palette import colour

P = "train_network"
RUN = f"{P}._run"  # session_state: the last (possibly interrupted) run
MAX_OPTIMIZERS = 4
MAX_LAYERS, MAX_UNITS = 6, 512
LIMITS = {"n": (50, 3000), "classes": (2, 5), "batch": (1, 4096), "epochs": (1, 1000), "seed": (0, 10_000)}
CLIP_PARAMS = ("clip_value", "clip_norm")  # per-vector clipping of the 2D engine; the MLP clips globally
# CPU seconds of a rerun (ui.work.LIMIT in all): the sanity checks, recomputed when a setting changes
# (the tiny-subset checks of all optimizers stop at this; a 6 × 512 network makes ~40 ms updates, so
# 1500 of them took a minute per optimizer), and one press of Train or Continue.  On the 2-core
# machine the defaults train about 650 epochs a press; before the budget, 1000 epochs cost 15 s of
# server CPU for every visitor of a link, and batch 1 or six layers of 512 took minutes.
CHECK_SECONDS = 1.0
TRAIN_SECONDS = work.LIMIT - CHECK_SECONDS
LIVE_EVERY = 0.6  # seconds between redraws of the live chart, at least
LIVE_SHARE = 0.1  # and at most this share of the run spent redrawing it (a redraw costs ~0.1 s)


def figure_text() -> dict[str, str]:
    return {k: t(f"learn.fig.{k}") for k in figures.TEXT}


# --- parsing --------------------------------------------------------------------------------------

def parse_hidden(text: str) -> tuple[int, ...]:
    """``"64, 64"`` → (64, 64); empty → () (no hidden layer: a linear classifier)."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if len(parts) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers (got {len(parts)})")
    sizes = []
    for p in parts:
        try:
            value = float(p)
        except ValueError:
            raise ValueError(f"{p!r} is not a whole number") from None
        if not math.isfinite(value) or value != int(value) or not 1 <= value <= MAX_UNITS:
            raise ValueError(f"each layer needs a whole number of units from 1 to {MAX_UNITS} (got {p!r})")
        sizes.append(int(value))
    return tuple(sizes)


def parse_optimizer_list(text: str) -> list[str]:
    names = [n.strip() for n in str(text).split(",") if n.strip()]
    allowed = training.mlp_optimizer_names()
    bad = [n for n in names if n not in allowed]
    if bad:
        raise ValueError(f"unknown optimizer {bad[0]!r}")
    if not 1 <= len(names) <= MAX_OPTIMIZERS:
        raise ValueError(f"choose 1 to {MAX_OPTIMIZERS} optimizers")
    return names


# --- cached computations of plain values ---------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=16)
def load_data(name: str, n: int, noise: float | None, classes: int, seed: int) -> datasets.Dataset:
    return datasets.load(name, n=n, noise=noise, classes=classes, seed=seed)


@st.cache_data(show_spinner=False, max_entries=32)
def sanity(data_key: tuple, net: tuple, configs: tuple) -> list[tuple]:
    """The checklist: backprop, initial loss and regularization for the network; tiny-subset per optimizer."""
    data = load_data(*data_key)
    cfgs = [config_from(net, c) for c in configs]
    first = cfgs[0]
    with single_threaded():
        rows = [("backprop", None, training.check_backprop(data, first)),
                ("initial_loss", None, training.check_initial_loss(data, first)),
                ("regularization", None, training.check_regularization(data, first))]
        share = CHECK_SECONDS / len(cfgs)
        rows += [("overfit_tiny", cfg.label(), training.check_overfit_tiny(data, cfg, seconds=share))
                 for cfg in cfgs]
    return rows


def config_from(net: tuple, opt: tuple) -> training.TrainConfig:
    hidden, activation, init, batch_norm, dropout, l2, batch, epochs, clip, seed = net
    name, hp = opt
    return training.TrainConfig(optimizer=name, hyperparameters=dict(hp), hidden=hidden,
                                activation=activation, init=init, batch_norm=batch_norm, dropout=dropout,
                                weight_decay=l2, batch_size=batch, epochs=epochs, clip_norm=clip, seed=seed)


# --- controls -----------------------------------------------------------------------------------

def int_box(url: UrlState, key: str, label: str, default: int, limits: tuple[int, int], help_key: str) -> int:
    low, high = limits
    url.restore(key, default, parse_int(low, high))
    return int(st.number_input(label, min_value=low, max_value=high, step=1, key=key,
                               help=t(help_key, low=low, high=high)))


def optimizer_controls(url: UrlState) -> list[tuple[str, tuple]] | None:
    names = training.mlp_optimizer_names()
    key = f"{P}.optimizers"
    url.restore(key, ["sgd", "adam"], parse_optimizer_list)
    chosen = st.multiselect(t("learn.train.optimizers"), names, key=key, max_selections=MAX_OPTIMIZERS,
                            format_func=lambda n: optimizers.optimizer_class(n).title,
                            help=t("learn.train.optimizers_help", max=MAX_OPTIMIZERS))
    if not chosen:
        st.error(t("learn.train.need_optimizer"))
        return None
    out = []
    for i, name in enumerate(chosen):
        specs = optimizers.optimizer_class(name).spec_map()
        title = optimizers.optimizer_class(name).title
        st.markdown(f"<span style='color:{colour(i)}'>■</span> **{title}**", unsafe_allow_html=True)
        hp = {"lr": spec_widget(specs["lr"], f"{P}.{name}.lr", url, label=t("learn.train.lr"),
                                default=facts.of(name).lr(P))}
        with st.expander(t("learn.train.more_hp", name=title)):
            for spec in specs.values():
                if spec.name not in ("lr", *CLIP_PARAMS):
                    hp[spec.name] = spec_widget(spec, f"{P}.{name}.{spec.name}", url, label=spec.name)
        try:
            optimizers.get(name, **hp)
        except ValueError as err:
            st.error(t("common.invalid_input", reason=err))
            return None
        out.append((name, tuple(sorted(hp.items()))))
    return out


def data_controls(url: UrlState) -> tuple:
    url.restore(f"{P}.data", "spirals", parse_choice(datasets.DATASETS))
    name = st.selectbox(t("learn.train.data"), datasets.DATASETS, key=f"{P}.data",
                        format_func=lambda d: t(f"learn.data.{d}"))
    n, noise, classes = 0, None, 2
    if name in datasets.DATASETS_2D:
        n = int_box(url, f"{P}.n", t("learn.train.n"), 600, LIMITS["n"], "learn.train.n_help")
        noise_key = f"{P}.{name}.noise"
        url.restore(noise_key, datasets.DEFAULT_NOISE[name], parse_float(0.0, 1.0))
        noise = float(st.slider(t("learn.train.noise"), 0.0, 1.0, step=0.01, key=noise_key,
                                help=t(f"learn.data.{name}.noise")))
        if name == "spirals":
            classes = int_box(url, f"{P}.classes", t("learn.train.classes"), 2, LIMITS["classes"],
                              "learn.train.classes_help")
    else:
        st.caption(t("learn.data.digits.about"))
    seed = int_box(url, f"{P}.data_seed", t("learn.train.data_seed"), 0, LIMITS["seed"],
                   "learn.train.seed_help")
    return (name, n, noise, classes, seed)


def network_controls(url: UrlState) -> tuple | None:
    url.restore(f"{P}.hidden", "64, 64", parse_hidden_text)
    text = st.text_input(t("learn.train.hidden"), key=f"{P}.hidden", max_chars=60,
                         help=t("learn.train.hidden_help", layers=MAX_LAYERS, units=MAX_UNITS))
    try:
        hidden = parse_hidden(text)
    except ValueError as err:
        st.error(t("learn.train.bad_hidden", reason=err))
        hidden = None
    url.restore(f"{P}.activation", "relu", parse_choice(ACTIVATIONS))
    activation = st.radio(t("learn.init.activation"), ACTIVATIONS, key=f"{P}.activation", horizontal=True,
                          format_func=lambda a: t(f"learn.act.{a}"))
    url.restore(f"{P}.init", "he", parse_choice(INITS))
    init = st.selectbox(t("learn.init.rule"), INITS, key=f"{P}.init",
                        format_func=lambda k: t(f"learn.init.{k}"))
    url.restore(f"{P}.bn", False, parse_bool)
    batch_norm = st.checkbox(t("learn.train.batch_norm"), key=f"{P}.bn",
                             help=t("learn.train.batch_norm_help"))
    url.restore(f"{P}.dropout", 0.0, parse_float(0.0, 0.9))
    dropout = float(st.slider(t("learn.train.dropout"), 0.0, 0.9, step=0.05, key=f"{P}.dropout",
                              help=t("learn.train.dropout_help")))
    url.restore(f"{P}.l2", 0.0, parse_float(0.0, 10.0))
    l2 = float(st.number_input(t("learn.train.l2"), min_value=0.0, max_value=10.0, format="%g", step=1e-4,
                               key=f"{P}.l2", help=t("learn.train.l2_help")))
    return None if hidden is None else (hidden, activation, init, batch_norm, dropout, l2)


def parse_hidden_text(text: str) -> str:
    parse_hidden(text)  # raises with the reason
    return text


def training_controls(url: UrlState) -> tuple:
    batch = int_box(url, f"{P}.batch", t("learn.train.batch"), 32, LIMITS["batch"], "learn.train.batch_help")
    epochs = int_box(url, f"{P}.epochs", t("learn.train.epochs"), 100, LIMITS["epochs"],
                     "learn.train.epochs_help")
    url.restore(f"{P}.clip", 0.0, parse_float(0.0, 100.0))
    clip = float(st.number_input(t("learn.train.clip"), min_value=0.0, max_value=100.0, format="%g", step=0.5,
                                 key=f"{P}.clip", help=t("learn.train.clip_help")))
    seed = int_box(url, f"{P}.seed", t("learn.train.seed"), 0, LIMITS["seed"], "learn.train.seed_help")
    return batch, epochs, clip, seed


# --- training with progress and stop -----------------------------------------------------------------

def run_training(data: datasets.Dataset, cfgs: list[training.TrainConfig], key: tuple,
                 progress: Callable[..., None], resume: dict | None = None) -> Outcome:
    """Train in lockstep within TRAIN_SECONDS of CPU (from ``resume``, a run's checkpoint, if given).

    Checkpoints every epoch; Streamlit interrupts this at a progress update.  The outcome counts
    epochs; refused (not even one epoch fits), the previous run is kept.
    """
    total = cfgs[0].epochs
    start = time.perf_counter()
    if resume is not None:
        trainers = [training.Trainer.resume(data, c, state) for c, state in zip(cfgs, resume["states"])]
    else:
        trainers = [training.Trainer(data, c) for c in cfgs]
    earlier = 0.0 if resume is None else resume["seconds"]
    run = {"key": key, "histories": [], "models": [], "states": [], "epoch": 0, "epochs": total, "done": False,
           "cut": False, "seconds": earlier}

    def checkpoint() -> None:
        run["histories"] = [tr.history.as_dict() for tr in trainers]
        run["models"] = [(tr.arch, dict(tr.params), dict(tr.bn_state)) for tr in trainers]
        run["states"] = [tr.state() for tr in trainers]
        run["epoch"] = max(tr.epochs_done for tr in trainers)
        run["seconds"] = earlier + time.perf_counter() - start

    # the untrained (or resumed) networks are the first checkpoint, stored before any call Streamlit can
    # interrupt
    checkpoint()
    previous = st.session_state.get(RUN)
    st.session_state[RUN] = run
    first = run["epoch"]
    live = st.empty()
    drawn = {"at": 0.0, "cost": 0.0}

    def one_round() -> None:
        if all(tr.finished for tr in trainers):  # every network diverged early: nothing left to do
            return
        for tr in trainers:
            tr.run_epoch()
        checkpoint()
        progress(run["epoch"] / total, text=t("learn.train.progress", epoch=run["epoch"], epochs=total))
        now = time.perf_counter()
        if now - drawn["at"] > max(LIVE_EVERY, drawn["cost"] / LIVE_SHARE):
            live.plotly_chart(figures.training_curves_figure(run["histories"], text=figure_text()),
                              key=f"{P}.live.{run['epoch']}")
            drawn["at"] = time.perf_counter()
            drawn["cost"] = drawn["at"] - now

    rounds = max(1, total - first)
    outcome = run_chunks(
        [one_round] * rounds, TRAIN_SECONDS,
        probe=lambda: [training.round_seconds(data, cfgs)] * rounds,
        min_share=1 / rounds,  # training is worth it as long as one epoch fits
    )
    live.empty()
    run["done"] = all(tr.finished for tr in trainers)
    if outcome.refused:
        if previous is None:
            del st.session_state[RUN]
        else:
            st.session_state[RUN] = previous
        return outcome.with_value(None, done=first, total=total)
    run["cut"] = not run["done"]
    return outcome.with_value(run, done=total if run["done"] else run["epoch"], total=total)


# --- results ------------------------------------------------------------------------------------

def summary_table(run: dict) -> pd.DataFrame:
    rows = []
    for h in run["histories"]:
        diverged = h["diverged_at"] is not None
        ratios = ", ".join(f"{r:.1e}" for r in h["update_ratio"][-1]) if h["epoch"][-1] else "—"
        rows.append({
            t("learn.train.col.optimizer"): h["label"],
            t("learn.train.col.train_loss"): f"{h['train_loss'][-1]:.4g}",
            t("learn.train.col.val_loss"): f"{h['val_loss'][-1]:.4g}",
            t("learn.train.col.train_acc"): f"{h['train_acc'][-1]:.1%}",
            t("learn.train.col.val_acc"): f"{h['val_acc'][-1]:.1%}",
            t("learn.train.col.gap"): f"{h['val_loss'][-1] - h['train_loss'][-1]:+.3g}",
            t("learn.train.col.ratio"): ratios,
            t("learn.train.col.status"): (t("learn.train.diverged", epoch=h["diverged_at"]) if diverged
                                          else t("learn.train.ok")),
        })
    return pd.DataFrame(rows)


def show_results(run: dict, data: datasets.Dataset) -> None:
    hs = run["histories"]
    st.plotly_chart(figures.training_curves_figure(hs, text=figure_text()), key=f"{P}.curves")
    st.caption(t("learn.train.curves_caption"))
    st.dataframe(summary_table(run), hide_index=True, width="stretch")
    if data.is_2d:
        st.subheader(t("learn.train.boundary_title"))
        # kept with the run: a run never changes once shown, and 10 000 grid points through four 6 × 512
        # networks take ~4 s, which every later rerun of the page would otherwise repeat
        panels = run.get("panels")
        if panels is None:
            panels = []
            for h, (arch, params, bn) in zip(hs, run["models"]):
                xs, ys, probs = training.decision_grid(arch, params, bn, data.bounds(), resolution=100)
                panels.append({"label": h["label"], "xs": xs, "ys": ys, "probs": probs})
            run["panels"] = panels
        fig = figures.decision_boundary_figure(panels, data.X_train, data.y_train, data.X_val, data.y_val,
                                               data.n_classes, text=figure_text())
        st.plotly_chart(fig, key=f"{P}.boundary")
    else:
        st.subheader(t("learn.train.confusion_title"))
        cols = st.columns(min(len(hs), 2))
        for i, (h, (arch, params, bn)) in enumerate(zip(hs, run["models"])):
            with np.errstate(all="ignore"):
                pred = np.argmax(mlp.eval_logits(arch, params, data.X_val, bn), axis=1)
            with cols[i % len(cols)]:
                st.plotly_chart(figures.confusion_figure(data.y_val, pred, data.n_classes, title=h["label"],
                                                         text=figure_text()), key=f"{P}.confusion.{i}")
    st.subheader(t("learn.train.ratio_title"))
    st.plotly_chart(figures.update_ratio_figure(hs, text=figure_text()), key=f"{P}.ratio")
    st.caption(t("learn.train.ratio_caption"))


def show_checks(rows: list[tuple]) -> None:
    st.subheader(t("learn.train.checks_title"))
    st.caption(t("learn.train.checks_intro"))
    table = []
    for name, label, check in rows:
        v = check.values
        if name == "backprop":
            detail = t("learn.check.backprop.detail", error=f"{v['error']:.1e}", limit=f"{v['limit']:g}")
        elif name == "initial_loss":
            detail = t("learn.check.initial_loss.detail", loss=f"{v['loss']:.3f}", classes=int(v["classes"]),
                       expected=f"{v['expected']:.3f}", tolerance=f"{v['tolerance']:.0%}")
        elif name == "regularization":
            detail = t("learn.check.regularization.detail", l0=f"{v['loss_0']:.4f}", l1=f"{v['loss_1']:.4f}",
                       l2=f"{v['loss_2']:.4f}", lam1=f"{v['lambda_1']:g}", lam2=f"{v['lambda_2']:g}")
        elif cut_short(check):
            detail = t("learn.check.overfit_tiny.cut_short", n=int(v["n"]), loss=f"{v['loss']:.4f}",
                       updates=int(v["updates"]), target=f"{v['target']:g}")
        else:
            detail = t("learn.check.overfit_tiny.detail", n=int(v["n"]), loss=f"{v['loss']:.4f}",
                       updates=int(v["updates"]), target=f"{v['target']:g}")
        table.append({
            t("learn.train.col.passed"): check.passed,
            t("learn.train.col.check"): t(f"learn.check.{name}") + (f" — {label}" if label else ""),
            t("learn.train.col.detail"): detail,
        })
    passed = t("learn.train.col.passed")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch",
                 column_config={passed: st.column_config.CheckboxColumn(passed, width="small")})
    failed = [name for name, _, check in rows if not check.passed and not cut_short(check)]
    for name in dict.fromkeys(failed):
        st.warning(t(f"learn.check.{name}.hint"))
    if any(cut_short(check) for _, _, check in rows):
        st.info(t("learn.check.overfit_tiny.cut_short_hint", updates=training.TINY_MAX_UPDATES))


def cut_short(check) -> bool:
    """A tiny-subset check that its time limit stopped before it passed."""
    return check.name == "overfit_tiny" and bool(check.values.get("cut_short"))


def resumable(run: dict | None, key: tuple) -> bool:
    """Whether Continue can train ``run`` on: the current settings' run, stopped or paused before its end."""
    return run is not None and run["key"] == key and not run["done"] and bool(run.get("states"))


def main() -> None:
    url = UrlState(P)
    st.title(t("learn.train.title"))
    st.caption(t("learn.train.intro"))
    notices = st.container()  # filled after the controls have read the URL
    with st.sidebar:
        st.subheader(t("learn.train.section.optimizers"))
        opts = optimizer_controls(url)
        st.subheader(t("learn.train.section.data"))
        data_key = data_controls(url)
        st.subheader(t("learn.train.section.network"))
        network = network_controls(url)
        st.subheader(t("learn.train.section.training"))
        batch, epochs, clip, seed = training_controls(url)
    url.publish()
    with notices:
        url.show_notices()
    if opts is None or network is None:
        st.info(t("learn.train.fix_controls"))
        return
    try:
        data = load_data(*data_key)
        net = (*network, batch, epochs, clip, seed)
        cfgs = [config_from(net, o) for o in opts]
        for c in cfgs:
            c.validate()
            c.architecture(data)
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
        return
    key = (data_key, net, tuple(opts))
    st.caption(t("learn.train.setup", data=t(f"learn.data.{data.name}"), train=len(data.y_train),
                 val=len(data.y_val), features=data.n_features, classes=data.n_classes,
                 params=cfgs[0].architecture(data).n_parameters()))
    # the buttons go above the training, but are drawn after it: Continue is offered by what it left
    buttons = st.container()
    train_clicked, continue_clicked, stop_clicked = (bool(st.session_state.get(f"{P}.{name}"))
                                                     for name in ("train", "continue", "stop"))
    run = st.session_state.get(RUN)
    outcome = None
    if not stop_clicked and (train_clicked or (continue_clicked and resumable(run, key))):
        resume = run if continue_clicked and not train_clicked else None
        outcome = work.run(
            lambda progress: run_training(data, cfgs, key, progress, resume),
            unit=t("learn.train.unit"), lower=t("learn.train.lower"), lower_refused=t("learn.train.lower_refused"),
            text=t("learn.train.progress", epoch=0 if resume is None else resume["epoch"], epochs=epochs))
        run = st.session_state.get(RUN)
    with buttons:
        left, middle, right, _ = st.columns([1, 1, 1, 3])
        with left:
            st.button(t("learn.train.train"), key=f"{P}.train", type="primary", icon=":material/play_arrow:")
        with middle:
            st.button(t("learn.train.continue"), key=f"{P}.continue", icon=":material/fast_forward:",
                      disabled=not resumable(run, key), help=t("learn.train.continue_help"))
        with right:
            st.button(t("learn.train.stop"), key=f"{P}.stop", icon=":material/stop:")
    if run is None or not run["histories"]:
        if outcome is None:
            st.info(t("learn.train.press_train"))
    else:
        if run["key"] != key:
            st.info(t("learn.train.stale"))
        elif run["done"]:
            st.success(t("learn.train.done", epochs=run["epochs"], seconds=f"{run['seconds']:.1f}"))
        elif run.get("cut") and outcome is None:  # (just cut: ui.work has said so)
            st.warning(t("learn.train.paused", epoch=run["epoch"], epochs=run["epochs"],
                         limit=f"{TRAIN_SECONDS:.0f}"))
        elif not run.get("cut"):
            st.warning(t("learn.train.stopped", epoch=run["epoch"], epochs=run["epochs"]))
        if run["key"][0] == data_key:
            show_results(run, data)
        else:
            show_results(run, load_data(*run["key"][0]))
    try:
        show_checks(sanity(data_key, net, tuple(opts)))
    except ValueError as err:
        st.error(t("common.invalid_input", reason=err))
    st.subheader(t("learn.train.notes_title"))
    st.markdown(t("learn.train.notes"))


main()
